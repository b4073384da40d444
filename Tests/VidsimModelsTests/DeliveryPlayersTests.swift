import XCTest
import VidsimKernel
import VidsimModels
import VidsimPolicies
import VidsimUnits

/// Players driving the CDN: each segment a request, where it was served shaping its download, sessions counted.
final class DeliveryPlayersTests: XCTestCase {
    /// One video of ten 4 s segments, watched from one region with an edge site, a shield and the origin, by
    /// players over a constant link.
    private func configuration(videos: Int = 1, views: Double = 0.05, rate: Double = 5e6, algorithm: any ABRAlgorithm = RateBasedABR(),
                               devices: Int = 1) -> DeliveryConfiguration {
        var configuration = DeliveryConfiguration(
            catalogVideos: videos, zipfAlpha: 0.8, duration: .constant(40), views: EventRate(perSecond: views),
            segment: TimeSpan(seconds: 4), manifestSize: DataSize(bytes: 2_000),
            renditions: [.init(name: "240p", bitrate: BitRate(bitsPerSecond: 300e3), share: 1),
                         .init(name: "720p", bitrate: BitRate(bitsPerSecond: 3e6), share: 1),
                         .init(name: "480p", bitrate: BitRate(bitsPerSecond: 1.5e6), share: 1)],
            regions: [.init(name: "only", viewShare: 1, edgeSites: 1, edgeCapacity: DataSize(bytes: 10e9))],
            edgePolicy: LRUPolicy(), shieldPolicy: LRUPolicy(), shieldCapacity: DataSize(bytes: 100e9))
        let link = ConstantBandwidth(rate: BitRate(bitsPerSecond: rate))
        configuration.players = .init(settings: PlayerSettings(), devices: (0..<devices).map { index in
            // Renditions in ascending bit rate: 240p (0), 480p (2), 720p (1).
            .init(name: "device \(index)", share: 1, algorithm: algorithm, process: link, renditions: index == 0 ? [0, 2, 1] : [0, 2])
        })
        return configuration
    }

    private func run(_ configuration: DeliveryConfiguration, horizon: Double = 20_000, warmUp: Double = 0, seed: UInt64 = 1) throws
        -> DeliveryResult
    {
        try DeliverySimulation.simulate(configuration, horizon: TimeSpan(seconds: horizon), warmUp: TimeSpan(seconds: warmUp),
                                        seeds: StreamSeeds(scenarioSeed: seed, replication: 0))
    }

    /// The seed's question 4 with players: the first session's first segment misses down to the origin, and every
    /// later session's first segment (the same rung: every algorithm starts at the lowest) is an edge hit; the
    /// first session's startup pays the shield's and the origin's round trips for its manifest and segment.
    func testColdCacheFirstSessionPaysTheMissesLaterOnesHit() throws {
        let result = try run(configuration())
        let players = try XCTUnwrap(result.statistics.players)
        let sessions = players.total.sessions
        XCTAssertGreaterThan(sessions, 500)
        // First segments are counted when asked for (a session still playing at the horizon included).
        let started = players.firstSegmentTier.reduce(0, +)
        XCTAssertEqual(started, sessions, accuracy: 2)
        XCTAssertEqual(players.firstSegmentTier[2], 1, "the first session's first segment came from the origin")
        XCTAssertEqual(players.firstSegmentTier[1], 0)
        XCTAssertEqual(players.firstSegmentTier[0], started - 1, accuracy: 1e-9, "every later one from the edge")
        // The first session (the report's sample) waited for the origin: its first segment took the round trips
        // to the edge, the shield and the origin (20 + 30 + 80 ms) plus 150 KB at 4.75 Mbps of payload.
        let first = try XCTUnwrap(players.sample.first)
        XCTAssertEqual(first.tier, .origin)
        XCTAssertEqual(first.downloadSeconds, 0.13 + 1.2e6 / 4.75e6, accuracy: 1e-9)
        // Mean startup: the manifest and the first segment from the edge (20 ms each plus their bytes), one
        // session in hundreds paying 2 x 110 ms more.
        let edgeStartup = 0.02 + 16_000 / 4.75e6 + 0.02 + 1.2e6 / 4.75e6
        XCTAssertEqual(players.total.meanStartup, edgeStartup + 0.22 / sessions, accuracy: 1e-9)
        XCTAssertEqual(players.total.stallSeconds, 0)
    }

    /// The players' choices are what the CDN sees: at 5 Mbps rate-based players settle on 720p (0.9 x 4.75 Mbps
    /// covers 3 Mbps); at 2 Mbps on 480p; the bytes the edge served follow.
    func testRungChoicesShapeTheBytesServed() throws {
        let fast = try run(configuration(rate: 5e6))
        let slow = try run(configuration(rate: 2e6))
        let fastRungs = try XCTUnwrap(fast.statistics.players).contentByRung
        let slowRungs = try XCTUnwrap(slow.statistics.players).contentByRung
        XCTAssertGreaterThan(fastRungs[1], 0.8 * fastRungs.reduce(0, +), "720p (rendition 1) at 5 Mbps")
        XCTAssertGreaterThan(slowRungs[2], 0.8 * slowRungs.reduce(0, +), "480p (rendition 2) at 2 Mbps")
        XCTAssertGreaterThan(fast.statistics.totalBytes, 1.5 * slow.statistics.totalBytes)
        // A device capped at 480p never asks for 720p.
        let capped = try run(configuration(rate: 5e6, devices: 2))
        let players = try XCTUnwrap(capped.statistics.players)
        XCTAssertEqual(players.rungSeconds[1 * 3 + 1], 0, "the capped device's 720p")
        XCTAssertGreaterThan(players.rungSeconds[0 * 3 + 1], 0, "the other device's 720p")
    }

    /// The same seed gives the same sessions; another seed other ones.
    func testDeterministic() throws {
        let process = MarkovBandwidth(states: [.init(rate: BitRate(bitsPerSecond: 300e3), sojourn: TimeSpan(seconds: 5)),
                                               .init(rate: BitRate(bitsPerSecond: 3e6), sojourn: TimeSpan(seconds: 5))])
        var config = configuration(videos: 50, views: 0.5, algorithm: RobustMPCABR())
        config.players!.devices[0].process = process
        let a = try run(config, horizon: 5_000), b = try run(config, horizon: 5_000), c = try run(config, horizon: 5_000, seed: 2)
        XCTAssertEqual(a.statistics.players!.cells, b.statistics.players!.cells)
        XCTAssertEqual(a.statistics.players!.sample, b.statistics.players!.sample)
        XCTAssertNotEqual(a.statistics.players!.cells, c.statistics.players!.cells)
    }

    /// Sessions count from the warm-up on, and the sample is the first to start after it.
    func testWarmUpResetsThePlayers() throws {
        let result = try run(configuration(), horizon: 20_000, warmUp: 10_000)
        let players = try XCTUnwrap(result.statistics.players)
        XCTAssertEqual(players.total.sessions, result.statistics.views, accuracy: 3)
        XCTAssertEqual(players.firstSegmentTier[2], 0, "the cold start was in the warm-up")
        XCTAssertEqual(players.sample.first?.tier, .edge)
    }

    /// With abandonment on, over a link that swings between 300 Kbps and 3 Mbps, players drop downloads, and the
    /// CDN counts only the bytes that travelled: what the sessions received, abandoned bytes included, and their
    /// manifests (within the few sessions still playing at the horizon).
    func testAbandonedDownloadsCountTheBytesThatTravelled() throws {
        let process = MarkovBandwidth(states: [.init(rate: BitRate(bitsPerSecond: 300e3), sojourn: TimeSpan(seconds: 6)),
                                               .init(rate: BitRate(bitsPerSecond: 3e6), sojourn: TimeSpan(seconds: 6))])
        var config = configuration(videos: 20, views: 0.05, algorithm: RateBasedABR())
        config.players!.devices[0].process = process
        config.players!.settings.abandonment = AbandonmentRule()
        let result = try run(config)
        let players = try XCTUnwrap(result.statistics.players).total
        XCTAssertGreaterThan(players.abandonments, 10)
        XCTAssertGreaterThan(players.abandonedBytes, 0)
        let travelled = players.bytes + players.abandonedBytes + players.sessions * 2_000
        XCTAssertEqual(result.statistics.totalBytes, travelled, accuracy: 0.01 * travelled)
        // Without the rule: none, and more stalling.
        config.players!.settings.abandonment = nil
        let kept = try XCTUnwrap(try run(config).statistics.players).total
        XCTAssertEqual(kept.abandonments, 0)
        XCTAssertGreaterThan(kept.stallSeconds, players.stallSeconds)
    }
}

