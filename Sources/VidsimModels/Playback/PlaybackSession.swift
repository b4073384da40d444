import VidsimPolicies

/// One segment of a session, as the player lived it: the row of `vidsim play`'s log.
public struct SegmentRecord: Sendable, Equatable, Codable {
    public var segment: Int
    /// When the request went out, in seconds from pressing play.
    public var requestTime: Double
    public var rung: Int
    public var bytes: Double
    public var tier: ServingTier
    /// The link's throughput (scaled) when the request went out, in bits per second.
    public var linkRate: Double
    /// From the request to the last byte, in seconds, round trips included.
    public var downloadSeconds: Double
    /// Waited before the request: the buffer was full, or the algorithm asked to wait (seconds).
    public var waitSeconds: Double
    /// Buffer when the request went out and when the segment arrived (its own duration included), seconds.
    public var bufferAtRequest: Double
    public var bufferAfter: Double
    /// Playback stalled during this download, for this long (seconds).
    public var stallSeconds: Double
    /// The download was dropped (the abandonment rule) after `bytes` arrived: the segment is fetched again at a
    /// lower rung.
    public var abandoned = false

    /// The throughput the player measured, in bits per second.
    public var throughput: Double { bytes * 8 / downloadSeconds }
}

/// What one session amounted to: the figures of issue 9 per session.
public struct SessionSummary: Sendable, Equatable {
    /// From pressing play to the first frame, manifest and first segments' CDN latencies included (seconds).
    public var startupSeconds = 0.0
    /// Stalls after playback started, and their total time (seconds).
    public var stalls = 0
    public var stallSeconds = 0.0
    /// Content watched (seconds).
    public var watchedSeconds = 0.0
    /// Segments fetched, and their bytes.
    public var segments = 0
    public var bytes = 0.0
    /// Rung changes between consecutive segments.
    public var switches = 0
    /// Seconds of content watched at each rung.
    public var rungSeconds: [Double] = []
    /// Sum over the watched content of the rung's bit rate x seconds, in bits.
    public var bitrateSeconds = 0.0
    /// Sum of |bit rate change| between consecutive segments, in Mbps.
    public var switchMbps = 0.0
    /// Sum of the segments' bit rates, in Mbps.
    public var bitrateMbps = 0.0
    /// Segments served by each tier (edge, shield, origin), the manifest not counted.
    public var tierSegments = [0, 0, 0]
    /// Downloads abandoned, and the bytes they had received (traffic that carried no content watched).
    public var abandonments = 0
    public var abandonedBytes = 0.0
    /// The linear QoE (Pensieve's QoE_lin, ../shared/REFERENCE.md): sum over segments of bit rate in Mbps, minus
    /// the rebuffer penalty x (startup delay + stall seconds), minus the smoothness penalty x the Mbps switched.
    public var qoe = 0.0

    /// Stall time over stall time plus content watched.
    public var rebufferRatio: Double { stallSeconds / max(stallSeconds + watchedSeconds, 1e-12) }
    /// The bit rate watched, averaged over the content's time (bits per second).
    public var timeAverageBitrate: Double { bitrateSeconds / max(watchedSeconds, 1e-12) }
    /// QoE per segment, comparable across videos of different lengths.
    public var qoePerSegment: Double { qoe / Double(max(segments, 1)) }
    /// From pressing play to the end of the watched content (seconds).
    public var sessionSeconds: Double { startupSeconds + watchedSeconds + stallSeconds }
}

/// What a player fetches next.
public struct PlayerRequest: Sendable, Equatable {
    /// `PlaybackSession.manifestObject`, or segment x rungs + rung.
    public var object: Int
    /// The segment (-1 for the manifest) and the rung (ascending bit rate; -1 for the manifest).
    public var segment: Int
    public var rung: Int
    public var bytes: Double
    /// Seconds to wait, idle, before the request goes out.
    public var idleSeconds: Double
}

/// A player's state machine: one viewer's session, segment by segment.
///
/// The driver asks `nextRequest()` for what to fetch (after how long an idle wait), serves it from its CDN
/// and link, and reports the download's duration to `delivered(_:)`. `PlaybackSession.play` drives one session
/// alone; a delivery simulation drives many at once, each request an event, so that sessions share caches.
///
/// The download model is Pensieve's (../shared/REFERENCE.md): a segment takes the serving tier's round trips
/// plus its bytes over the link's throughput times the payload share (capped by the serving path's rate); while
/// it downloads the buffer drains, and a stall lasts until the buffer holds `resume` again. Before playback
/// starts nothing drains; it starts when the buffer holds `startup`. A segment is requested only when it fits
/// in the maximum buffer (the player waits, exactly, rather than in Pensieve's 500 ms steps).
public struct PlayerMachine {
    public typealias Request = PlayerRequest

    private enum Phase { case manifest, startup, playing, stalled }

    public let stream: ABRStream
    /// The session's algorithm, an existential: one dynamic call per decision into the member's own code.
    public private(set) var algorithm: any ABRAlgorithm
    public private(set) var summary = SessionSummary()
    private let settings: PlayerSettings
    private let startup: Double, resume: Double, maxBuffer: Double, watch: Double
    /// Segments that cover the watched content.
    public let segmentCount: Int
    private var phase = Phase.manifest
    private var buffer = 0.0
    private var now = 0.0
    private var lastRung: Int?
    private var next = 0
    private var playedSoFar = 0.0
    private var pending: Request?
    private var bufferAtRequest = 0.0
    /// Whether playback stalled since the last decision.
    private var stalledSinceDecision = false
    /// The rung of the next request when the last download was abandoned (the algorithm is not asked).
    private var replacementRung: Int?
    /// The segment last abandoned (-1: none).
    private var abandonedSegment = -1

    public init(stream: ABRStream, watchSeconds: Double?, settings: PlayerSettings, algorithm: any ABRAlgorithm) {
        self.stream = stream
        self.settings = settings
        self.algorithm = algorithm
        startup = settings.startup?.seconds ?? stream.segmentSeconds
        resume = settings.resume?.seconds ?? stream.segmentSeconds
        maxBuffer = settings.maxBuffer.seconds
        let sizes = stream.sizes
        watch = min(watchSeconds ?? sizes.totalSeconds, sizes.totalSeconds)
        var count = 0
        var covered = 0.0
        while count < sizes.segments && covered < watch - 1e-9 {
            covered += sizes.duration(of: count)
            count += 1
        }
        segmentCount = max(count, 1)
        summary.rungSeconds = [Double](repeating: 0, count: stream.rungCount)
        summary.watchedSeconds = watch
        self.algorithm.start(stream)
    }

    /// Seconds since the viewer pressed play.
    public var time: Double { now }
    /// Content buffered ahead of the playhead, in seconds.
    public var bufferSeconds: Double { buffer }
    /// The pending request's bytes.
    public var pendingBytes: Double { pending?.bytes ?? 0 }
    /// Whether every segment has arrived.
    public var isFinished: Bool { phase != .manifest && next >= segmentCount && pending == nil }

    /// The next object to fetch, or nil when the session has every segment.
    public mutating func nextRequest() -> Request? {
        precondition(pending == nil, "one request at a time")
        if phase == .manifest {
            pending = Request(object: PlaybackSession.manifestObject, segment: -1, rung: -1,
                              bytes: settings.manifestSize.bytes, idleSeconds: 0)
            return pending
        }
        guard next < segmentCount else { return nil }
        let segment = next
        if let rung = replacementRung {
            replacementRung = nil
            bufferAtRequest = buffer
            pending = Request(object: segment * stream.rungCount + rung, segment: segment, rung: rung,
                              bytes: stream.sizes.bytes(segment: segment, rung: rung), idleSeconds: 0)
            return pending
        }
        let duration = stream.sizes.duration(of: segment)
        // Wait until the segment fits in the buffer (a start or resume threshold the buffer cannot reach:
        // playback starts with what is there).
        var waited = 0.0
        if buffer + duration > maxBuffer + 1e-9 {
            if phase == .startup { summary.startupSeconds = now }
            phase = .playing
            waited = buffer + duration - maxBuffer
            buffer -= waited
            now += waited
        }
        let decision = algorithm.decide(PlayerState(segment: segment, bufferSeconds: buffer, lastRung: lastRung,
                                                    playing: phase == .playing, waitedSeconds: waited, stalled: stalledSinceDecision))
        stalledSinceDecision = false
        let rung = min(max(decision.rung, 0), stream.rungCount - 1)
        // An algorithm may wait while playing, never past the buffer's end.
        let delay = phase == .playing ? min(max(decision.delaySeconds, 0), buffer) : 0
        buffer -= delay
        now += delay
        bufferAtRequest = buffer
        pending = Request(object: segment * stream.rungCount + rung, segment: segment, rung: rung,
                          bytes: stream.sizes.bytes(segment: segment, rung: rung), idleSeconds: waited + delay)
        return pending
    }

    /// The pending request arrived after `seconds` (round trips included) from `tier`; returns its log row
    /// (nil for the manifest).
    @discardableResult
    public mutating func delivered(seconds download: Double, from tier: ServingTier, linkRate: Double) -> SegmentRecord? {
        guard let request = pending else { preconditionFailure("no request is pending") }
        pending = nil
        let requestTime = now
        now += download
        if phase == .manifest {
            phase = .startup
            return nil
        }
        let duration = stream.sizes.duration(of: request.segment)
        let stall = drain(download)
        buffer += duration
        next += 1
        let last = next >= segmentCount
        if phase == .stalled && (buffer >= resume - 1e-9 || last) { phase = .playing }
        if phase == .startup && (buffer >= startup - 1e-9 || last) {
            phase = .playing
            summary.startupSeconds = now
        }

        let rung = request.rung
        let watched = min(duration, max(watch - playedSoFar, 0))
        playedSoFar += duration
        let mbps = stream.bitrates[rung] / 1e6
        summary.rungSeconds[rung] += watched
        summary.bitrateSeconds += stream.bitrates[rung] * watched
        summary.bitrateMbps += mbps
        if let lastRung {
            if lastRung != rung { summary.switches += 1 }
            summary.switchMbps += abs(mbps - stream.bitrates[lastRung] / 1e6)
        }
        summary.segments += 1
        summary.bytes += request.bytes
        summary.tierSegments[tier.rawValue] += 1
        lastRung = rung
        if last {
            summary.qoe = summary.bitrateMbps - settings.rebufferPenalty * (summary.startupSeconds + summary.stallSeconds)
                - settings.smoothnessPenalty * summary.switchMbps
        }
        algorithm.observe(SegmentDownload(segment: request.segment, rung: rung, bytes: request.bytes, seconds: download,
                                          idleSeconds: request.idleSeconds))
        return SegmentRecord(segment: request.segment, requestTime: requestTime, rung: rung, bytes: request.bytes, tier: tier,
                             linkRate: linkRate, downloadSeconds: download, waitSeconds: request.idleSeconds,
                             bufferAtRequest: bufferAtRequest, bufferAfter: buffer, stallSeconds: stall)
    }

    /// Playback over `seconds` of download: the buffer drains while playing, a stall starts when it runs dry;
    /// returns the seconds stalled.
    private mutating func drain(_ seconds: Double) -> Double {
        var stall = 0.0
        switch phase {
        case .playing:
            if seconds > buffer {
                stall = seconds - buffer
                summary.stalls += 1
                stalledSinceDecision = true
                buffer = 0
                phase = .stalled
            } else {
                buffer -= seconds
            }
        case .stalled:
            stall = seconds
        case .startup, .manifest:
            break
        }
        summary.stallSeconds += stall
        return stall
    }

    /// The rung to fetch instead of the pending segment, `sinceRequest` seconds after its request went out
    /// (`sinceFirstByte` of them transferring, `loadedBytes` arrived), by the settings' abandonment rule; nil to
    /// go on. A replacement is never itself abandoned.
    public func abandonment(sinceRequest: Double, sinceFirstByte: Double, loadedBytes: Double) -> Int? {
        guard let rule = settings.abandonment, let request = pending, request.segment >= 0, !replacing else { return nil }
        let left = phase == .playing ? max(bufferAtRequest - sinceRequest, 0) : 0
        return rule.replacement(rung: request.rung, bitrates: stream.bitrates, segmentSeconds: stream.sizes.duration(of: request.segment),
                                sinceFirstByte: sinceFirstByte, loadedBits: loadedBytes * 8, totalBits: request.bytes * 8,
                                bufferSeconds: left)
    }

    /// Whether the pending request replaces an abandoned one.
    private var replacing: Bool { abandonedSegment == next }

    /// The pending download was dropped after `seconds` (round trips included) with `loadedBytes` received from
    /// `tier`; the next request fetches the same segment at `rung`. Returns its log row.
    @discardableResult
    public mutating func abandoned(seconds download: Double, loadedBytes: Double, replacement rung: Int, from tier: ServingTier,
                                   linkRate: Double) -> SegmentRecord {
        guard let request = pending, request.segment >= 0 else { preconditionFailure("no segment is pending") }
        pending = nil
        let requestTime = now
        now += download
        let stall = drain(download)
        summary.abandonments += 1
        summary.abandonedBytes += loadedBytes
        replacementRung = min(max(rung, 0), request.rung)
        abandonedSegment = request.segment
        if loadedBytes > 0 && download > 0 {
            algorithm.observe(SegmentDownload(segment: request.segment, rung: request.rung, bytes: loadedBytes, seconds: download,
                                              idleSeconds: request.idleSeconds, abandoned: true))
        }
        var record = SegmentRecord(segment: request.segment, requestTime: requestTime, rung: request.rung, bytes: loadedBytes,
                                   tier: tier, linkRate: linkRate, downloadSeconds: download, waitSeconds: request.idleSeconds,
                                   bufferAtRequest: bufferAtRequest, bufferAfter: buffer, stallSeconds: stall)
        record.abandoned = true
        return record
    }

    /// Serves the pending request over `link` once its idle wait has passed: `firstByte` seconds of round trips
    /// (the link's own latency added), then its bytes at the lower of the link's rate and `cap` (bits per
    /// second), checked by the abandonment rule as they arrive. Returns the seconds it took, the bytes carried
    /// (fewer than the request's when abandoned) and the log row (nil for the manifest).
    public mutating func download(over link: inout LinkClock, firstByte: Double, cap: Double, tier: ServingTier)
        -> (seconds: Double, bytes: Double, record: SegmentRecord?) {
        let bytes = pendingBytes
        let linkRate = link.rate
        let latency = firstByte + link.latency
        link.wait(latency)
        let share = settings.payloadShare
        // The checked loop only where the rule can act: a segment above the lowest rung, not a replacement.
        guard let rule = settings.abandonment, let request = pending, request.segment >= 0, request.rung > 0, !replacing else {
            let seconds = latency + link.transfer(bits: bytes * 8, payloadShare: share, cap: cap)
            return (seconds, bytes, delivered(seconds: seconds, from: tier, linkRate: linkRate))
        }
        // Transfer to each check, then ask the rule.
        var loadedBits = 0.0, transferring = 0.0
        var nextCheck = rule.grace.seconds
        let totalBits = bytes * 8
        while true {
            let step = link.transfer(bits: totalBits - loadedBits, payloadShare: share, cap: cap,
                                     within: max(nextCheck - transferring, 0))
            loadedBits += step.bits
            transferring += step.seconds
            if step.done {
                let seconds = latency + transferring
                return (seconds, bytes, delivered(seconds: seconds, from: tier, linkRate: linkRate))
            }
            if let rung = abandonment(sinceRequest: latency + transferring, sinceFirstByte: transferring, loadedBytes: loadedBits / 8) {
                let seconds = latency + transferring
                let record = abandoned(seconds: seconds, loadedBytes: loadedBits / 8, replacement: rung, from: tier, linkRate: linkRate)
                return (seconds, loadedBits / 8, record)
            }
            nextCheck += rule.interval.seconds
        }
    }
}

/// One session played alone, from pressing play to the last segment.
public enum PlaybackSession {
    /// The object number of the manifest, for a `SegmentSource`.
    public static let manifestObject = -1

    /// Plays one session of `stream` (its segments, capped to the device) for `watchSeconds` of content (nil:
    /// all of it) over `link`, served by `source` through `paths`. `records` receives each segment's row when
    /// `recording`.
    public static func play<Source: SegmentSource>(
        stream: ABRStream, watchSeconds: Double? = nil, settings: PlayerSettings, algorithm: any ABRAlgorithm,
        link: inout LinkClock, source: inout Source, paths: TierPaths,
        records: inout [SegmentRecord], recording: Bool = true
    ) -> SessionSummary {
        var player = PlayerMachine(stream: stream, watchSeconds: watchSeconds, settings: settings, algorithm: algorithm)
        while let request = player.nextRequest() {
            link.wait(request.idleSeconds)
            let tier = source.serve(object: request.object)
            let served = player.download(over: &link, firstByte: paths.roundTrip[tier.rawValue], cap: paths.cap[tier.rawValue], tier: tier)
            if recording, let record = served.record { records.append(record) }
        }
        return player.summary
    }
}
