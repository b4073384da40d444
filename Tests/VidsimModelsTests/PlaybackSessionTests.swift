import XCTest
import VidsimKernel
import VidsimModels
import VidsimPolicies
import VidsimUnits

/// An algorithm that plays a script of rungs: the download model checked without any ABR logic in the way.
private struct ScriptedRungs: ABRAlgorithm {
    static let name = "scripted"
    static let summary = "test"
    static let parameters: [PolicyParameter] = []
    var script: [Int]
    init(_ script: [Int]) { self.script = script }
    init(from decoder: Decoder) throws { script = [] }
    mutating func start(_ stream: ABRStream) {}
    mutating func decide(_ state: PlayerState) -> ABRDecision { ABRDecision(rung: script[state.segment]) }
    mutating func observe(_ download: SegmentDownload) {}
}

/// The player's download model against traces worked by hand (../shared/REFERENCE.md: download = round trip +
/// bytes / (bandwidth x 0.95); the buffer drains while a segment downloads and gains its duration after).
final class PlaybackSessionTests: XCTestCase {
    /// Edge only, 20 ms round trip, no rate cap worth the name.
    private let paths = TierPaths(edgeRoundTrip: TimeSpan(seconds: 0.02), edgeBandwidth: BitRate(bitsPerSecond: 1e12), shield: nil,
                                  originRoundTrip: TimeSpan(seconds: 0.08), originBandwidth: BitRate(bitsPerSecond: 1e12))
    private let bitrates = [300e3, 700e3, 1.5e6, 3e6]

    private func stream(seconds: Double, maxBuffer: Double = 30) -> ABRStream {
        ABRStream(bitrates: bitrates, sizes: SegmentSizes(bitrates: bitrates, duration: seconds, segmentSeconds: 4),
                  segmentSeconds: 4, maxBufferSeconds: maxBuffer)
    }

    private func play<A: ABRAlgorithm, Link: BandwidthLink>(_ algorithm: A, link: Link, seconds: Double, settings: PlayerSettings,
                                                            cache: VideoCache.Start = .warm, paths: TierPaths? = nil)
        -> (SessionSummary, [SegmentRecord])
    {
        var clock = LinkClock(link: link)
        var source = VideoCache(start: cache, hasShield: (paths ?? self.paths).hasShield)
        var records: [SegmentRecord] = []
        let summary = PlaybackSession.play(stream: stream(seconds: seconds, maxBuffer: settings.maxBuffer.seconds), settings: settings,
                                           algorithm: algorithm, link: &clock, source: &source, paths: paths ?? self.paths,
                                           records: &records)
        return (summary, records)
    }

    private func constant(_ bitsPerSecond: Double) -> ConstantBandwidth.Link {
        ConstantBandwidth(rate: BitRate(bitsPerSecond: bitsPerSecond)).link(random: RandomStream(seed: 1))
    }

    /// A constant 1 Mbps link (950 Kbps of payload), rungs 700, 700, 300, 700 Kbps of 4 s segments.
    func testConstantLinkSegmentBySegment() {
        let settings = PlayerSettings(manifestSize: DataSize(bytes: 2_000))
        let (summary, records) = play(ScriptedRungs([1, 1, 0, 1]), link: constant(1e6), seconds: 16, settings: settings)
        let payload = 0.95e6
        let manifest = 0.02 + 16_000 / payload
        let high = 0.02 + 2.8e6 / payload      // 700 Kbps x 4 s = 2.8 Mbit
        let low = 0.02 + 1.2e6 / payload       // 300 Kbps x 4 s = 1.2 Mbit
        let expectedDownloads = [high, high, low, high]
        var time = manifest
        var buffer = 0.0
        for (index, record) in records.enumerated() {
            XCTAssertEqual(record.requestTime, time, accuracy: 1e-9, "segment \(index + 1) requested")
            XCTAssertEqual(record.downloadSeconds, expectedDownloads[index], accuracy: 1e-9, "segment \(index + 1) download")
            time += expectedDownloads[index]
            buffer = index == 0 ? 4 : buffer - expectedDownloads[index] + 4
            XCTAssertEqual(record.bufferAfter, buffer, accuracy: 1e-9, "segment \(index + 1) buffer")
            XCTAssertEqual(record.stallSeconds, 0)
        }
        XCTAssertEqual(summary.startupSeconds, manifest + high, accuracy: 1e-9)
        XCTAssertEqual(summary.stalls, 0)
        XCTAssertEqual(summary.switches, 2)
        XCTAssertEqual(summary.timeAverageBitrate, (3 * 700e3 + 300e3) / 4, accuracy: 1e-6)
        // QoE_lin: 2.4 Mbps of bit rates, minus 4.3 x the startup delay, minus 0.8 Mbps switched.
        XCTAssertEqual(summary.qoe, 2.4 - 4.3 * (manifest + high) - 0.8, accuracy: 1e-9)
        XCTAssertEqual(summary.rungSeconds, [4, 12, 0, 0])
    }

    /// 2 Mbps for 5 s, then 200 Kbps: the fourth segment straddles the step and stalls playback.
    func testStepChangeStallsToTheMillisecond() {
        let trace = BandwidthTrace(name: "step", pieces: [LinkPiece(bitsPerSecond: 2e6, seconds: 5),
                                                          LinkPiece(bitsPerSecond: 200e3, seconds: 1_000)])
        let link = TraceBandwidth(traces: [trace], randomOffset: false).link(random: RandomStream(seed: 1))
        let settings = PlayerSettings(manifestSize: DataSize(bytes: 0))
        let (summary, records) = play(ScriptedRungs([1, 1, 1, 1, 0]), link: link, seconds: 20, settings: settings)
        let fast = 0.95 * 2e6, slow = 0.95 * 200e3
        let rtt = 0.02
        // Manifest: the round trip only. Segments 1-3 download before the step: rtt + 2.8 Mbit at 1.9 Mbps.
        var request = rtt
        let before = rtt + 2.8e6 / fast
        for index in 0..<3 {
            XCTAssertEqual(records[index].requestTime, request, accuracy: 1e-9)
            XCTAssertEqual(records[index].downloadSeconds, before, accuracy: 1e-9)
            request += before
        }
        // Segment 4: its first byte at request + rtt; at 1.9 Mbps until 5 s, the rest at 190 Kbps.
        let firstByte = request + rtt
        let sentBeforeStep = (5 - firstByte) * fast
        let finish = 5 + (2.8e6 - sentBeforeStep) / slow
        XCTAssertEqual(records[3].requestTime, request, accuracy: 1e-9)
        XCTAssertEqual(records[3].downloadSeconds, finish - request, accuracy: 1e-9)
        // The buffer before segment 4: 4 s after the first, then +4 - download for the second and third.
        let bufferBefore = 4 + 2 * (4 - before)
        XCTAssertEqual(records[3].bufferAtRequest, bufferBefore, accuracy: 1e-9)
        XCTAssertEqual(records[3].stallSeconds, (finish - request) - bufferBefore, accuracy: 1e-9)
        XCTAssertEqual(records[3].bufferAfter, 4, accuracy: 1e-9)
        // Segment 5 (300 Kbps) at 190 Kbps: 6.336 s against 4 s of buffer: a second stall.
        let last = rtt + 1.2e6 / slow
        XCTAssertEqual(records[4].downloadSeconds, last, accuracy: 1e-9)
        XCTAssertEqual(records[4].stallSeconds, last - 4, accuracy: 1e-9)
        XCTAssertEqual(summary.stalls, 2)
        XCTAssertEqual(summary.stallSeconds, (finish - request) - bufferBefore + last - 4, accuracy: 1e-9)
        XCTAssertEqual(summary.rebufferRatio, summary.stallSeconds / (summary.stallSeconds + 20), accuracy: 1e-12)
    }

    /// A full buffer makes the player wait exactly until the next segment fits.
    func testFullBufferWaits() {
        let settings = PlayerSettings(maxBuffer: TimeSpan(seconds: 8), manifestSize: DataSize(bytes: 0))
        let (_, records) = play(ScriptedRungs(Array(repeating: 0, count: 10)), link: constant(100e6), seconds: 40, settings: settings)
        for record in records {
            XCTAssertLessThanOrEqual(record.bufferAfter, 8 + 1e-9)
        }
        // From the third segment on, each waits until the buffer is down to 4 s.
        XCTAssertEqual(records[2].bufferAtRequest, 4, accuracy: 1e-9)
        XCTAssertGreaterThan(records[2].waitSeconds, 3.9)
    }

    /// A stall lasts until `resume` is buffered, across several downloads.
    func testResumeThresholdSpansDownloads() {
        let trace = BandwidthTrace(name: "fade", pieces: [LinkPiece(bitsPerSecond: 10e6, seconds: 0.5),
                                                          LinkPiece(bitsPerSecond: 400e3, seconds: 1_000)])
        let link = TraceBandwidth(traces: [trace], randomOffset: false).link(random: RandomStream(seed: 1))
        let settings = PlayerSettings(resume: TimeSpan(seconds: 12), manifestSize: DataSize(bytes: 0))
        let (summary, records) = play(ScriptedRungs(Array(repeating: 1, count: 7)), link: link, seconds: 28, settings: settings)
        // The first stall holds playback through the downloads that bring the buffer back to 12 s.
        let stalled = records.firstIndex { $0.stallSeconds > 0 }!
        XCTAssertEqual(stalled, 2)
        XCTAssertEqual(records[stalled].bufferAfter, 4, accuracy: 1e-9)
        XCTAssertEqual(records[stalled + 1].stallSeconds, records[stalled + 1].downloadSeconds, accuracy: 1e-9)
        XCTAssertEqual(records[stalled + 2].stallSeconds, records[stalled + 2].downloadSeconds, accuracy: 1e-9)
        XCTAssertEqual(summary.stalls, 1)
    }

    /// The seed's question 4 as a player lives it: the first viewer's every object misses the edge and the
    /// shield and pays the origin's round trips; the second viewer, asking for the same objects, is served by
    /// the edge, and starts sooner by exactly the extra round trips of its manifest and first segment.
    func testColdCacheFirstViewerPaysTheMisses() {
        let tiers = TierPaths.typical
        let settings = PlayerSettings()
        var source = VideoCache(start: .cold, hasShield: true)
        var first: [SegmentRecord] = [], second: [SegmentRecord] = []
        var clock1 = LinkClock(link: constant(5e6)), clock2 = LinkClock(link: constant(5e6))
        let script = ScriptedRungs([1, 1, 2, 2, 2])
        let s = stream(seconds: 20)
        let one = PlaybackSession.play(stream: s, settings: settings, algorithm: script, link: &clock1, source: &source,
                                       paths: tiers, records: &first)
        let two = PlaybackSession.play(stream: s, settings: settings, algorithm: script, link: &clock2, source: &source,
                                       paths: tiers, records: &second)
        XCTAssertEqual(one.tierSegments, [0, 0, 5])
        XCTAssertEqual(two.tierSegments, [5, 0, 0])
        // Origin: 20 + 30 + 80 ms before the first byte, against the edge's 20 ms.
        XCTAssertEqual(first[0].downloadSeconds - second[0].downloadSeconds, 0.11, accuracy: 1e-9)
        XCTAssertEqual(one.startupSeconds - two.startupSeconds, 2 * 0.11, accuracy: 1e-9)
        // A third viewer choosing another rung misses for that rung only.
        var third: [SegmentRecord] = []
        var clock3 = LinkClock(link: constant(5e6))
        let other = PlaybackSession.play(stream: s, settings: settings, algorithm: ScriptedRungs([1, 1, 1, 2, 2]), link: &clock3,
                                         source: &source, paths: tiers, records: &third)
        XCTAssertEqual(other.tierSegments, [4, 0, 1])
    }

    /// The same link and algorithm twice: the same session.
    func testDeterministicForASeed() {
        let process = MarkovBandwidth(states: [.init(rate: BitRate(bitsPerSecond: 300e3), sojourn: TimeSpan(seconds: 5)),
                                               .init(rate: BitRate(bitsPerSecond: 800e3), sojourn: TimeSpan(seconds: 5))])
        let a = play(RobustMPCABR(), link: process.link(random: RandomStream(seed: 7)), seconds: 120, settings: PlayerSettings())
        let b = play(RobustMPCABR(), link: process.link(random: RandomStream(seed: 7)), seconds: 120, settings: PlayerSettings())
        XCTAssertEqual(a.0, b.0)
        XCTAssertEqual(a.1, b.1)
        let c = play(RobustMPCABR(), link: process.link(random: RandomStream(seed: 8)), seconds: 120, settings: PlayerSettings())
        XCTAssertNotEqual(a.1, c.1)
    }

    /// Watching part of a video fetches only the segments that cover it, and the figures count what was watched.
    func testPartialWatch() {
        var clock = LinkClock(link: constant(10e6))
        var source = VideoCache(start: .warm, hasShield: false)
        var records: [SegmentRecord] = []
        let summary = PlaybackSession.play(stream: stream(seconds: 40), watchSeconds: 10, settings: PlayerSettings(),
                                           algorithm: ScriptedRungs(Array(repeating: 3, count: 10)), link: &clock, source: &source,
                                           paths: paths, records: &records)
        XCTAssertEqual(records.count, 3)
        XCTAssertEqual(summary.watchedSeconds, 10)
        XCTAssertEqual(summary.rungSeconds[3], 10, accuracy: 1e-12)
        XCTAssertEqual(summary.timeAverageBitrate, 3e6, accuracy: 1e-6)
    }

    /// The link clock integrates a transfer across pieces.
    func testLinkClockTransfersAcrossPieces() {
        let trace = BandwidthTrace(name: "t", pieces: [LinkPiece(bitsPerSecond: 1e6, seconds: 1), LinkPiece(bitsPerSecond: 4e6, seconds: 1)])
        var clock = LinkClock(link: TraceBandwidth(traces: [trace], randomOffset: false).link(random: RandomStream(seed: 1)), scale: 0.5)
        clock.wait(0.5)
        // 0.5 s at 0.5 Mbps = 0.25 Mbit, then 2 Mbps: 1.75 Mbit more takes 0.875 s.
        XCTAssertEqual(clock.transfer(bits: 2e6, payloadShare: 1, cap: 1e12), 1.375, accuracy: 1e-12)
        // Capped by the path: 1 Mbit at 1 Mbps.
        XCTAssertEqual(clock.transfer(bits: 1e5, payloadShare: 1, cap: 1e6), 0.1, accuracy: 1e-12)
    }


    /// Segments cover the video exactly: a last piece of rounding error is no segment, a short last one is kept.
    func testSegmentCountsCoverTheVideo() {
        XCTAssertEqual(SegmentSizes(bitrates: [1e6], duration: 0.3, segmentSeconds: 0.1).segments, 3)
        let uneven = SegmentSizes(bitrates: [1e6], duration: 10, segmentSeconds: 4)
        XCTAssertEqual(uneven.segments, 3)
        XCTAssertEqual(uneven.duration(of: 2), 2, accuracy: 1e-12)
        XCTAssertEqual(uneven.bytes(segment: 2, rung: 0), 250_000, accuracy: 1e-6)
        XCTAssertEqual(uneven.totalSeconds, 10, accuracy: 1e-12)
    }

    /// Abandonment during startup (nothing to play yet, so any download delays the first frame): at 1 Mbps a
    /// 3 Mbps segment (12 Mbit) would take 12.6 s, more than 1.8 segments; at the first check, 500 ms after
    /// the first byte, the player drops it and fetches the segment at 700 Kbps, the highest rung under 0.9 x the
    /// 950 Kbps it measured. The replacement is not checked again.
    func testAbandonDuringStartup() {
        let settings = PlayerSettings(manifestSize: DataSize(bytes: 0), abandonment: AbandonmentRule())
        let (summary, records) = play(ScriptedRungs([3, 3]), link: constant(1e6), seconds: 8, settings: settings)
        let payload = 0.95e6, rtt = 0.02
        XCTAssertEqual(records.count, 4)
        XCTAssertTrue(records[0].abandoned)
        XCTAssertEqual(records[0].rung, 3)
        XCTAssertEqual(records[0].requestTime, rtt, accuracy: 1e-9, "after the manifest's round trip")
        XCTAssertEqual(records[0].downloadSeconds, rtt + 0.5, accuracy: 1e-9)
        XCTAssertEqual(records[0].bytes, 0.5 * payload / 8, accuracy: 1e-6)
        XCTAssertEqual(records[1].segment, 0)
        XCTAssertEqual(records[1].rung, 1)
        XCTAssertFalse(records[1].abandoned)
        XCTAssertEqual(records[1].requestTime, rtt + rtt + 0.5, accuracy: 1e-9)
        XCTAssertEqual(records[1].downloadSeconds, rtt + 2.8e6 / payload, accuracy: 1e-9)
        XCTAssertEqual(summary.startupSeconds, 3 * rtt + 0.5 + 2.8e6 / payload, accuracy: 1e-9)
        // The second segment (the script asks 3 Mbps again) is abandoned in its turn: 11.5 Mbit left at 950 Kbps
        // outlasts the 3.5 s of buffer left.
        XCTAssertTrue(records[2].abandoned)
        XCTAssertEqual(records[2].bufferAfter, 4 - rtt - 0.5, accuracy: 1e-9)
        XCTAssertEqual(records[3].rung, 1)
        XCTAssertEqual(summary.abandonments, 2)
        XCTAssertEqual(summary.abandonedBytes, 2 * 0.5 * payload / 8, accuracy: 1e-6)
        XCTAssertEqual(summary.segments, 2)
        XCTAssertEqual(summary.rungSeconds[1], 8)
    }

    /// Abandonment while playing, worked by hand: 10 Mbps until 3 s, then 500 Kbps (475 Kbps of payload). Two
    /// 3 Mbps segments arrive before the step; the third is requested at 2.586 s with 6.72 s buffered. Checked
    /// every 250 ms from 500 ms after its first byte, it is dropped at the first check where the whole download
    /// at the rate measured so far takes more than 1.8 segments (7.2 s) and the rest of it outlasts the buffer:
    /// 3 s after the first byte. The replacement, at 700 Kbps (the highest rung under 0.9 x the 1.66 Mbps
    /// measured), still stalls, for less than finishing the 3 Mbps segment would have.
    func testAbandonWhilePlayingToTheMillisecond() {
        let trace = BandwidthTrace(name: "cliff", pieces: [LinkPiece(bitsPerSecond: 10e6, seconds: 3),
                                                           LinkPiece(bitsPerSecond: 500e3, seconds: 1_000)])
        let link = TraceBandwidth(traces: [trace], randomOffset: false).link(random: RandomStream(seed: 1))
        let settings = PlayerSettings(manifestSize: DataSize(bytes: 0), abandonment: AbandonmentRule())
        let (summary, records) = play(ScriptedRungs([3, 3, 3, 0]), link: link, seconds: 16, settings: settings)
        let fast = 9.5e6, slow = 0.475e6, rtt = 0.02
        let segment = rtt + 12e6 / fast
        let thirdRequest = rtt + 2 * segment
        let buffered = 4 + (4 - segment)
        XCTAssertEqual(records[2].requestTime, thirdRequest, accuracy: 1e-9)
        XCTAssertEqual(records[2].bufferAtRequest, buffered, accuracy: 1e-9)
        // Bits by the step, then at 475 Kbps; the check 3 s after the first byte.
        let firstByte = thirdRequest + rtt
        let beforeStep = (3 - firstByte) * fast
        let loaded = beforeStep + (firstByte + 3 - 3) * slow
        // The check before (2.75 s) did not abandon: the whole download at the rate measured then fits 7.2 s.
        let earlier = beforeStep + (firstByte + 2.75 - 3) * slow
        XCTAssertLessThan(12e6 / (earlier / 2.75), 7.2)
        XCTAssertTrue(records[2].abandoned)
        XCTAssertEqual(records[2].downloadSeconds, rtt + 3, accuracy: 1e-9)
        XCTAssertEqual(records[2].bytes, loaded / 8, accuracy: 1e-6)
        XCTAssertEqual(records[2].stallSeconds, 0)
        let left = buffered - (rtt + 3)
        XCTAssertEqual(records[2].bufferAfter, left, accuracy: 1e-9)
        // The replacement: 700 Kbps (rung 1), 2.8 Mbit at 475 Kbps: a stall of its download less the buffer left.
        XCTAssertEqual(records[3].segment, 2)
        XCTAssertEqual(records[3].rung, 1)
        let replacement = rtt + 2.8e6 / slow
        XCTAssertEqual(records[3].downloadSeconds, replacement, accuracy: 1e-9)
        XCTAssertEqual(records[3].stallSeconds, replacement - left, accuracy: 1e-9)
        let finishing = rtt + 3 + (12e6 - loaded) / slow
        XCTAssertLessThan(replacement - left, finishing - (rtt + 3) - left, "abandoning shortened the stall")
        XCTAssertEqual(summary.abandonments, 1)
        XCTAssertEqual(summary.stalls, records.filter { $0.stallSeconds > 0 }.count)
        // Without the rule the same session finishes the 3 Mbps segment and stalls longer.
        let (kept, keptRecords) = play(ScriptedRungs([3, 3, 3, 0]), link: TraceBandwidth(traces: [trace], randomOffset: false)
            .link(random: RandomStream(seed: 1)), seconds: 16, settings: PlayerSettings(manifestSize: DataSize(bytes: 0)))
        XCTAssertEqual(kept.abandonments, 0)
        XCTAssertEqual(keptRecords[2].stallSeconds, rtt + (12e6 - beforeStep) / slow + (3 - firstByte) - buffered + 0, accuracy: 1e-6)
        XCTAssertGreaterThan(kept.stallSeconds, summary.stallSeconds)
    }

    /// The rule's conditions one by one.
    func testAbandonmentRuleConditions() {
        let rule = AbandonmentRule()
        let rates = [300e3, 700e3, 1.5e6, 3e6]
        // Slow enough and the buffer runs out: 700 Kbps fits 0.9 x 1 Mbps.
        XCTAssertEqual(rule.replacement(rung: 3, bitrates: rates, segmentSeconds: 4, sinceFirstByte: 1, loadedBits: 1e6,
                                        totalBits: 12e6, bufferSeconds: 2), 1)
        // Before the grace time: nothing.
        XCTAssertNil(rule.replacement(rung: 3, bitrates: rates, segmentSeconds: 4, sinceFirstByte: 0.4, loadedBits: 0.4e6,
                                      totalBits: 12e6, bufferSeconds: 2))
        // Enough buffer to finish (11 s at 1 Mbps against 20 s): nothing.
        XCTAssertNil(rule.replacement(rung: 3, bitrates: rates, segmentSeconds: 4, sinceFirstByte: 1, loadedBits: 1e6,
                                      totalBits: 12e6, bufferSeconds: 20))
        // The whole download within 1.8 segments (12 Mbit at 2 Mbps: 6 s < 7.2 s): nothing.
        XCTAssertNil(rule.replacement(rung: 3, bitrates: rates, segmentSeconds: 4, sinceFirstByte: 1, loadedBits: 2e6,
                                      totalBits: 12e6, bufferSeconds: 0))
        // Already at the lowest rung: nothing.
        XCTAssertNil(rule.replacement(rung: 0, bitrates: rates, segmentSeconds: 4, sinceFirstByte: 1, loadedBits: 1e3,
                                      totalBits: 1.2e6, bufferSeconds: 0))
        // Nearly done: what is left (0.5 Mbit) is less than a whole 300 Kbps segment (1.2 Mbit): nothing.
        XCTAssertNil(rule.replacement(rung: 3, bitrates: rates, segmentSeconds: 4, sinceFirstByte: 20, loadedBits: 11.5e6,
                                      totalBits: 12e6, bufferSeconds: 0))
        // Nothing arrived yet (a link in a dead spot, or a grace of 0 at the first byte): nothing to judge by.
        XCTAssertNil(rule.replacement(rung: 2, bitrates: rates, segmentSeconds: 4, sinceFirstByte: 1, loadedBits: 0,
                                      totalBits: 6e6, bufferSeconds: 3))
        XCTAssertNil(AbandonmentRule(grace: TimeSpan(seconds: 0)).replacement(rung: 2, bitrates: rates, segmentSeconds: 4,
                                                                              sinceFirstByte: 0, loadedBits: 0, totalBits: 6e6,
                                                                              bufferSeconds: 0))
    }
}

