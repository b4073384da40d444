import XCTest
import VidsimKernel
import VidsimModels
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// The delivery path's latencies worked by hand, sites and regions that fail and where their viewers go, and
/// pre-positioning's fill.
final class DeliveryRoutingTests: XCTestCase {
    /// Videos of one 4 s segment at 2 Mbps (1 MB) with a manifest of 1 MB, one rendition.
    private func configuration(videos: Int = 5_000, views: Double = 50, regions: [DeliveryConfiguration.Region]) -> DeliveryConfiguration {
        DeliveryConfiguration(
            catalogVideos: videos, zipfAlpha: 0.8, duration: .constant(4), views: EventRate(perSecond: views),
            segment: TimeSpan(seconds: 4), manifestSize: DataSize(bytes: 1_000_000),
            renditions: [.init(name: "720p", bitrate: BitRate(bitsPerSecond: 2_000_000), share: 1)],
            regions: regions, edgePolicy: LRUPolicy())
    }

    private func region(_ name: String, sites: Int = 1, cachedVideos: Double = 500, share: Double = 1,
                        failover: Int? = nil) -> DeliveryConfiguration.Region {
        .init(name: name, viewShare: share, edgeSites: sites, edgeCapacity: DataSize(bytes: cachedVideos * 2e6), failover: failover,
              failoverRoundTrip: TimeSpan(seconds: 0.15))
    }

    private let seeds = StreamSeeds(scenarioSeed: 31, replication: 0)

    func testLatenciesAreTheRoundTripsAndTransfersWorkedByHand() throws {
        var config = configuration(regions: [region("only")])
        config.edgeBandwidth = BitRate(bitsPerSecond: 8e6)
        config.originBandwidth = BitRate(bitsPerSecond: 4e6)
        let result = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 1_000), seeds: seeds)
        let s = result.statistics
        // Every object is 1 MB: an edge hit takes 20 ms and 1 s at 8 Mbps; an origin fetch 20 + 80 ms and 2 s at
        // the origin's 4 Mbps (no shield: the edge fetches from the origin).
        XCTAssertEqual(s.fetchSeconds[0] / s.requests[0], 0.02 + 1, accuracy: 1e-9)
        XCTAssertEqual(s.fetchSeconds[2] / s.requests[2], 0.1 + 2, accuracy: 1e-9)
        XCTAssertEqual(s.firstByteSeconds, s.requests[0] * 0.02 + s.requests[2] * 0.1, accuracy: 1e-6)
        XCTAssertEqual(s.rerouted, 0)
    }

    func testSitesThatFailLoseTheirViewersAndTheirCaches() throws {
        // Caches that hold most of the catalogue take long to fill: a site that restarts empty is felt for a while.
        var config = configuration(views: 100, regions: [region("only", sites: 4, cachedVideos: 3_500)])
        config.outages = [.init(region: 0, sites: 2, start: TimeSpan(seconds: 2_000), duration: TimeSpan(seconds: 1_000))]
        let result = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 4_000), seeds: seeds,
                                                     trace: DeliveryTrace(filter: .init(region: 0, site: 1), limit: 10_000_000))
        let trace = try XCTUnwrap(result.trace)
        // Site 1 (of the first two, down from 2,000 to 3,000 s) gets nothing while it is down, and work after.
        XCTAssertFalse(trace.times.contains { $0 >= 2_000 && $0 < 3_000 })
        XCTAssertTrue(trace.times.contains { $0 >= 3_000 })
        let phases = result.statistics.phases(ofOutage: 0)
        // Its viewers stay in their region: nothing is rerouted away from it.
        XCTAssertEqual(phases.during.rerouted, 0)
        XCTAssertGreaterThan(phases.during.totalRequests, 0)
        // The two sites come back empty: the thousand seconds after hit less than the thousand before.
        XCTAssertLessThan(phases.after.edgeHitRatio, phases.before.edgeHitRatio - 0.02)
    }

    /// Each outage counts every request in its window, whatever the other outages: forty overlapping outages
    /// (nested, equal, beyond the horizon, of no length) against a count of the request trace by hand. The
    /// statistics look only at the windows open at a request's time; this checks that none is missed or kept too
    /// long.
    func testManyOverlappingOutagesEachCountTheRequestsOfTheirOwnWindow() throws {
        var config = configuration(views: 20, regions: [region("only", sites: 4, cachedVideos: 1_000)])
        var random = SplitMix64(seed: 7)
        func uniform(_ range: Double) -> Double { Double(random.next() >> 11) / Double(1 << 53) * range }
        config.outages = (0..<36).map { _ in
            .init(region: 0, sites: 1 + Int(random.next() % 3), start: TimeSpan(seconds: uniform(4_400).rounded()),
                  duration: TimeSpan(seconds: 1 + uniform(900).rounded()))
        }
        config.outages += [
            .init(region: 0, sites: 1, start: TimeSpan(seconds: 1_000), duration: TimeSpan(seconds: 500)),
            .init(region: 0, sites: 2, start: TimeSpan(seconds: 1_000), duration: TimeSpan(seconds: 500)),
            .init(region: 0, sites: 3, start: TimeSpan(seconds: 1_100), duration: TimeSpan(seconds: 100)),
            .init(region: 0, sites: 1, start: TimeSpan(seconds: 2_000), duration: .zero),
        ]
        let result = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 4_000), seeds: seeds,
                                                     trace: DeliveryTrace(filter: .init(), limit: 10_000_000))
        let times = try XCTUnwrap(result.trace).times
        XCTAssertGreaterThan(times.count, 10_000)
        // A site of the four is always up: every request is an edge site's, and each is in the trace.
        XCTAssertEqual(Double(times.count), result.statistics.requests.reduce(0, +))
        for (index, outage) in config.outages.enumerated() {
            let start = outage.start.seconds, end = start + outage.duration.seconds, length = end - start
            let windows = [(start - length, start), (start, end), (end, end + length)]
            for (phase, window) in windows.enumerated() {
                let expected = times.filter { $0 >= window.0 && $0 < window.1 }.count
                XCTAssertEqual(result.statistics.phase(phase, ofOutage: index).totalRequests, Double(expected),
                               "outage \(index + 1) (\(start) to \(end) s), phase \(phase)")
            }
        }
    }

    /// A region five hours ahead of the run's clock peaks five hours earlier in it, one seven hours behind seven
    /// hours later: each region's views follow the diurnal shape in its own local time, hour by hour, and the two,
    /// half a day apart, together are flatter than either.
    func testEachRegionFollowsTheDiurnalShapeInItsOwnLocalTime() throws {
        var config = configuration(views: 40, regions: [region("ahead"), region("behind")])
        config.regions[0].timeOffset = 5 * 3_600
        config.regions[1].timeOffset = -7 * 3_600
        config.profile = RateProfile(diurnal: DiurnalProfile(.sinusoid(peakToMean: 1.8, peakHour: 20)), weekly: nil, bursts: [])
        let result = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 4 * 86_400), seeds: seeds)
        let statistics = result.statistics
        func hourly(_ region: Int?) -> [Double] {
            (0..<24).map { hour in
                (0..<4).reduce(0.0) { sum, day in
                    sum + [DeliveryStatistics.Tier.edge, .shield, .origin].reduce(0) {
                        $0 + statistics.requests(bucket: day * 24 + hour, region: region, tier: $1)
                    }
                }
            }
        }
        for (region, offset) in [(0, 5.0), (1, -7.0)] {
            let counts = hourly(region), mean = counts.reduce(0, +) / 24
            // The sinusoid at each hour's middle, in the region's local time.
            for hour in 0..<24 {
                let local = Double(hour) + 0.5 + offset
                let expected = mean * (1 + 0.8 * cos(2 * Double.pi * (local - 20) / 24))
                XCTAssertEqual(counts[hour], expected, accuracy: 0.08 * mean, "region \(region), hour \(hour) of the run")
            }
        }
        let total = hourly(nil)
        XCTAssertLessThan(total.max()! / (total.reduce(0, +) / 24), 1.2, "two regions half a day apart flatten the peak")
    }

    func testARegionDownIsServedByItsFailoverAtTheFailoverRoundTrip() throws {
        var config = configuration(views: 100, regions: [region("a", sites: 2, share: 0.6), region("b", sites: 2, share: 0.4, failover: 0)])
        config.outages = [.init(region: 1, sites: 2, start: TimeSpan(seconds: 1_000), duration: TimeSpan(seconds: 1_000))]
        let result = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 3_000), seeds: seeds,
                                                     trace: DeliveryTrace(filter: .init(region: 1), limit: 10_000_000))
        XCTAssertFalse(try XCTUnwrap(result.trace).times.contains { $0 >= 1_000 && $0 < 2_000 }, "region b's sites are down")
        let phases = result.statistics.phases(ofOutage: 0)
        XCTAssertEqual(phases.before.rerouted, 0)
        XCTAssertEqual(phases.during.rerouted / phases.during.totalRequests, 0.4, accuracy: 0.02)
        XCTAssertEqual(phases.after.rerouted, 0)
        // The rerouted viewers pay 150 ms instead of 20 ms to reach a site.
        XCTAssertGreaterThan(phases.during.meanFirstByte, phases.before.meanFirstByte + 0.4 * 0.13 - 0.01)
    }

    func testWithEverySiteDownTheOriginServesEveryone() throws {
        var config = configuration(regions: [region("only", sites: 3)])
        config.outages = [.init(region: 0, sites: 3, start: TimeSpan(seconds: 500), duration: TimeSpan(seconds: 500)),
                          .init(region: 0, sites: 1, start: TimeSpan(seconds: 700), duration: TimeSpan(seconds: 600))]
        let result = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 1_500), seeds: seeds)
        let during = result.statistics.phases(ofOutage: 0).during
        XCTAssertEqual(during.edgeHitRatio, 0)
        XCTAssertEqual(during.rerouted, during.totalRequests)
        XCTAssertEqual(during.requests[2], during.totalRequests)
        // The second outage overlaps the first: its site stays down until 1,300 s, the others come back at 1,000.
        XCTAssertGreaterThan(result.statistics.phases(ofOutage: 1).after.edgeHitRatio, 0)
    }

    func testPrePositioningFillsTheEdgesAndTheirFirstMinutesHit() throws {
        // A few views a second for a minute: caches that start empty hit little.
        var config = configuration(views: 5, regions: [region("only", sites: 2, cachedVideos: 1_000)])
        let cold = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 60), seeds: seeds)
        config.prefill = .init(videos: 200, at: .zero, window: TimeSpan(seconds: 3_600))
        let filled = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 60), seeds: seeds)
        // Two hundred videos, a manifest and a segment of 1 MB each, pushed into two empty sites.
        XCTAssertEqual(filled.statistics.fillBytes, 200 * 2 * 2e6)
        XCTAssertEqual(filled.statistics.fills, 1)
        XCTAssertGreaterThan(filled.statistics.edgeHitRatio, cold.statistics.edgeHitRatio + 0.1)

        // Asked for more than fits: the most popular that fit are pushed, no more (1,000 videos of 2 MB per site),
        // and a fill before the warm-up's end still counts.
        config.prefill = .init(videos: 4_000, at: .zero, window: TimeSpan(seconds: 3_600))
        let capped = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 300), warmUp: TimeSpan(seconds: 100),
                                                     seeds: seeds)
        XCTAssertEqual(capped.statistics.fillBytes, 1_000 * 2 * 2e6)
    }
}
