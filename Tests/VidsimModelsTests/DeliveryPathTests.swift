import XCTest
import VidsimCache
import VidsimKernel
import VidsimModels
import VidsimPolicies
import VidsimUnits

/// The delivery path against cache theory, sampling against the full run, and the tiers' bookkeeping.
final class DeliveryPathTests: XCTestCase {
    /// Videos of one segment (4 s at 2 Mbps: 1 MB) with a manifest of the same size, one rendition.
    private func configuration(videos: Int, alpha: Double = 0.8, views: Double = 200, regions: [DeliveryConfiguration.Region],
                               edge: any EvictionPolicy = LRUPolicy(), shield: (any EvictionPolicy)? = nil,
                               shieldCapacity: DataSize = .zero, samplingRate: Double = 1,
                               hotVideos: Int = 0) -> DeliveryConfiguration {
        DeliveryConfiguration(
            catalogVideos: videos, zipfAlpha: alpha, duration: .constant(4), views: EventRate(perSecond: views),
            segment: TimeSpan(seconds: 4), manifestSize: DataSize(bytes: 1_000_000),
            renditions: [.init(name: "720p", bitrate: BitRate(bitsPerSecond: 2_000_000), share: 1)],
            regions: regions, edgePolicy: edge, shieldPolicy: shield, shieldCapacity: shieldCapacity,
            samplingRate: samplingRate, hotVideos: hotVideos)
    }

    private func region(_ name: String = "only", sites: Int = 1, capacity: Double, share: Double = 1) -> DeliveryConfiguration.Region {
        .init(name: name, viewShare: share, edgeSites: sites, edgeCapacity: DataSize(bytes: capacity))
    }

    func testAnEdgeUnderIndependentViewsMatchesTheCheApproximation() throws {
        let videos = 10_000
        let probabilities = CacheTheory.zipfProbabilities(objects: videos, alpha: 0.8)
        for cachedVideos in [200.0, 1_000.0] {
            // Each view asks for a manifest and a segment of 1 MB each: a 2 MB object as LRU sees it.
            let config = configuration(videos: videos, regions: [region(capacity: cachedVideos * 2e6)])
            let result = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 5_000), warmUp: TimeSpan(seconds: 500),
                                                         seeds: StreamSeeds(scenarioSeed: 1, replication: 0))
            let che = CacheTheory.hitRatios(.lru, probabilities: probabilities, sizes: Array(repeating: 2, count: videos),
                                            capacity: cachedVideos * 2)
            XCTAssertEqual(result.statistics.edgeHitRatio, che.object, accuracy: 0.01, "edge of \(cachedVideos) videos")
            XCTAssertEqual(result.statistics.edgeByteHitRatio, che.byte, accuracy: 0.01)
            XCTAssertEqual(result.statistics.views / 4_500, 200, accuracy: 4)
        }
    }

    func testSamplingOnePercentOfAMillionVideosStaysWithinAPointOfTheFullRun() throws {
        let capacity = 20_000 * 2e6
        let full = try DeliverySimulation.simulate(
            configuration(videos: 1_000_000, views: 500, regions: [region(capacity: capacity)]),
            horizon: TimeSpan(seconds: 6_000), warmUp: TimeSpan(seconds: 2_000), seeds: StreamSeeds(scenarioSeed: 2, replication: 0))
        // The sampled runs' own noise (a hundredth of the videos, each standing for a hundred) is larger than the
        // full run's: their mean over three replications is what must stay within a point.
        var hits = 0.0, byteHits = 0.0, views = 0.0
        for replication in 0..<3 {
            let sampled = try DeliverySimulation.simulate(
                configuration(videos: 1_000_000, views: 500, regions: [region(capacity: capacity)], samplingRate: 0.01, hotVideos: 1_000),
                horizon: TimeSpan(seconds: 6_000), warmUp: TimeSpan(seconds: 2_000),
                seeds: StreamSeeds(scenarioSeed: 2, replication: replication))
            // The 1,000 most popular videos (a fifth of the views under Zipf 0.8) and a hundredth of the rest.
            XCTAssertLessThan(sampled.followedVideos, 12_000)
            XCTAssertLessThan(sampled.events, full.events / 2)
            hits += sampled.statistics.edgeHitRatio / 3
            byteHits += sampled.statistics.edgeByteHitRatio / 3
            views += sampled.statistics.views / 3
        }
        XCTAssertEqual(hits, full.statistics.edgeHitRatio, accuracy: 0.01)
        XCTAssertEqual(byteHits, full.statistics.edgeByteHitRatio, accuracy: 0.01)
        // The weighted counts stand for every view.
        XCTAssertEqual(views / full.statistics.views, 1, accuracy: 0.03)
    }

    func testPinningTheHotSetAgreesWithTheFullRunAndCostsAFractionOfIt() throws {
        // The 100 most popular of 10^6 videos are requested so often they never leave a cache of 20,000 (Che: its
        // characteristic time T is about 50 s here; the 100th video comes every 6 s, 1 - e^(-lambda T) > 0.999):
        // pinned, their views are counted as edge hits without simulating them, and thinned to the sampling
        // rate; the next 900 are simulated in full, the rest sampled at 1%. (Pinning the first 1,000 would not be: the 1,000th comes every 40 s, so it is
        // cached only about three times in four, and pinning the 1,000 overstates the hit ratio by about half a point.)
        let capacity = 20_000 * 2e6
        let full = try DeliverySimulation.simulate(
            configuration(videos: 1_000_000, views: 500, regions: [region(capacity: capacity)]),
            horizon: TimeSpan(seconds: 6_000), warmUp: TimeSpan(seconds: 2_000), seeds: StreamSeeds(scenarioSeed: 2, replication: 0))
        var hits = 0.0, byteHits = 0.0, views = 0.0, events = 0, greedyHits = 0.0
        var checks: [PinnedCheck] = []
        for pinnedVideos in [100, 1_000] {
            var config = configuration(videos: 1_000_000, views: 500, regions: [region(capacity: capacity)], samplingRate: 0.01,
                                       hotVideos: 1_000)
            config.pinnedVideos = pinnedVideos
            checks.append(try XCTUnwrap(PinnedCheck(config)))
            for replication in 0..<3 {
                let pinned = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 6_000), warmUp: TimeSpan(seconds: 2_000),
                                                             seeds: StreamSeeds(scenarioSeed: 2, replication: replication))
                guard pinnedVideos == 100 else {
                    greedyHits += pinned.statistics.edgeHitRatio / 3
                    continue
                }
                hits += pinned.statistics.edgeHitRatio / 3
                byteHits += pinned.statistics.edgeByteHitRatio / 3
                views += pinned.statistics.views / 3
                events = pinned.events
            }
        }
        // Che's check: the 100th video is always cached, the 1,000th about three times in four (0.745).
        XCTAssertGreaterThan(checks[0].regions[0].leastHit, 0.999)
        XCTAssertLessThan(checks[0].regions[0].overstatement, 0.001)
        XCTAssertEqual(checks[1].regions[0].leastHit, 0.75, accuracy: 0.03)
        XCTAssertTrue((100..<1_000).contains(checks[1].regions[0].safelyPinned), "\(checks[1].regions[0])")
        XCTAssertTrue(checks[1].summary.contains("pinning at most \(checks[1].regions[0].safelyPinned) keeps it below"), checks[1].summary)
        // What pinning the next 900 added in the runs (the same replications, so the same videos followed) is what
        // Che says it overstates: 0.46 points measured against 0.74 (pinning also reserves the 900's bytes in full,
        // which the other videos miss a little).
        XCTAssertGreaterThan(greedyHits, hits + 0.002)
        XCTAssertEqual(greedyHits - hits, checks[1].regions[0].overstatement - checks[0].regions[0].overstatement, accuracy: 0.004)
        XCTAssertEqual(hits, full.statistics.edgeHitRatio, accuracy: 0.01)
        XCTAssertEqual(byteHits, full.statistics.edgeByteHitRatio, accuracy: 0.01)
        XCTAssertEqual(views / full.statistics.views, 1, accuracy: 0.03)
        XCTAssertLessThan(events, full.events / 5)
        // A hot set too large for the caches is refused, naming the field.
        var greedy = configuration(videos: 1_000_000, regions: [region(capacity: 2_000 * 2e6)], samplingRate: 0.01, hotVideos: 1_900)
        greedy.pinnedVideos = 1_900
        XCTAssertThrowsError(try DeliverySimulation.simulate(greedy, horizon: TimeSpan(seconds: 10), seeds: StreamSeeds(scenarioSeed: 2, replication: 0))) {
            XCTAssertTrue("\($0)".contains("delivery.sampling.pinned_videos"), "\($0)")
        }
    }

    /// A video has one content class: two classes of one 2 Mbps rendition each are, to a cache, the same catalogue
    /// as one class of it (each video's segments at its full rate), not every video in both classes' renditions at
    /// half the rate.
    func testThePinnedCheckGivesEachVideoTheRenditionsOfItsOwnClass() throws {
        var one = configuration(videos: 1_000_000, views: 500, regions: [region(capacity: 20_000 * 2e6)], hotVideos: 1_000)
        one.pinnedVideos = 1_000
        var two = one
        two.renditions = [.init(name: "720p", bitrate: BitRate(bitsPerSecond: 2_000_000), share: 0.5, contentClass: 0),
                          .init(name: "720p", bitrate: BitRate(bitsPerSecond: 2_000_000), share: 0.5, contentClass: 1)]
        two.classShares = [0.5, 0.5]
        let single = try XCTUnwrap(PinnedCheck(one)).regions[0], split = try XCTUnwrap(PinnedCheck(two)).regions[0]
        XCTAssertEqual(split.leastHit, single.leastHit, accuracy: 1e-9)
        XCTAssertEqual(split.overstatement, single.overstatement, accuracy: 1e-9)
        XCTAssertEqual(split.safelyPinned, single.safelyPinned)
        // Everything fits a site of the whole catalogue: every video always cached, nothing overstated.
        var roomy = one
        roomy.regions = [region(capacity: 2e6 * 1_000_001)]
        let fits = try XCTUnwrap(PinnedCheck(roomy)).regions[0]
        XCTAssertEqual(fits.leastHit, 1)
        XCTAssertEqual(fits.overstatement, 0)
        XCTAssertTrue(try XCTUnwrap(PinnedCheck(roomy)).summary.contains("more than 99.99% of the time"))
        XCTAssertNil(PinnedCheck(configuration(videos: 10, regions: [region(capacity: 1e9)])), "nothing pinned, nothing to check")
    }

    func testShieldsCatchWhatTheEdgesMissAndTheBytesAddUp() throws {
        let edgeCapacity = 300 * 2e6
        let split = try DeliverySimulation.simulate(
            configuration(videos: 20_000, regions: [region("a", sites: 8, capacity: edgeCapacity, share: 0.5),
                                                    region("b", sites: 8, capacity: edgeCapacity, share: 0.5)],
                          shield: S3FIFOPolicy(), shieldCapacity: DataSize(bytes: 2_000 * 2e6)),
            horizon: TimeSpan(seconds: 4_000), warmUp: TimeSpan(seconds: 1_000), seeds: StreamSeeds(scenarioSeed: 3, replication: 0))
        let single = try DeliverySimulation.simulate(
            configuration(videos: 20_000, regions: [region(capacity: edgeCapacity)]),
            horizon: TimeSpan(seconds: 4_000), warmUp: TimeSpan(seconds: 1_000), seeds: StreamSeeds(scenarioSeed: 3, replication: 0))
        let statistics = split.statistics
        // Eight sites of a region split its views uniformly: each sees the same popularity at an eighth of the
        // rate, and under independent requests an LRU cache's hit ratio does not depend on the rate (Che), so
        // each hits as often as one site taking every view.
        XCTAssertEqual(statistics.edgeHitRatio, single.statistics.edgeHitRatio, accuracy: 0.015)
        // The shield, larger and shared by eight sites, serves a good part of their misses.
        XCTAssertGreaterThan(statistics.shieldHitRatio, 0.3)
        // Every byte the viewers got came from one tier; each link carried what the tier behind it served.
        XCTAssertEqual(statistics.edgeEgressBytes, statistics.bytes.reduce(0, +))
        XCTAssertEqual(statistics.shieldEgressBytes, statistics.bytes[1] + statistics.bytes[2])
        XCTAssertEqual(statistics.originEgressBytes,
                       statistics.totalBytes * (1 - statistics.edgeByteHitRatio) * (1 - statistics.shieldByteHitRatio),
                       accuracy: statistics.totalBytes * 1e-9)
        XCTAssertEqual(statistics.regionRequests.reduce(0, +), statistics.totalRequests, accuracy: 1e-6)
        XCTAssertEqual(split.originRequestRate * 3_000, statistics.requests[2], accuracy: 1e-6)
        // The time buckets, per region and tier, add up to the totals (the warm-up's buckets were reset).
        for tier in DeliveryStatistics.Tier.allCases {
            let buckets = (0..<statistics.bucketCount)
            XCTAssertEqual(buckets.reduce(0) { $0 + statistics.requests(bucket: $1, tier: tier) }, statistics.requests[tier.rawValue],
                           accuracy: 1e-6)
            XCTAssertEqual(buckets.reduce(0) { $0 + statistics.bytes(bucket: $1, region: 1, tier: tier) }
                               + buckets.reduce(0) { $0 + statistics.bytes(bucket: $1, region: 0, tier: tier) },
                           statistics.bytes[tier.rawValue], accuracy: statistics.totalBytes * 1e-9)
        }
    }

    func testARecordedEdgeTraceReplaysToTheHitRatioTheRunMeasured() throws {
        let config = configuration(videos: 5_000, regions: [region("a", sites: 2, capacity: 100 * 2e6), region("b", capacity: 150 * 2e6)])
        let result = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 2_000),
                                                     seeds: StreamSeeds(scenarioSeed: 6, replication: 0),
                                                     trace: DeliveryTrace(filter: .init(region: 1), limit: 10_000_000))
        let trace = try XCTUnwrap(result.trace)
        var builder = RequestTraceBuilder()
        for index in trace.times.indices {
            builder.append(time: UInt32(trace.times[index]), id: trace.objects[index], size: trace.sizes[index])
        }
        let requests = builder.build().requests
        XCTAssertEqual(Double(requests.count), result.statistics.regionRequests[1])
        let replay = LRUPolicy().replay(requests, capacity: Int64(150 * 2e6))
        XCTAssertEqual(Double(replay.hits), result.statistics.regionEdgeHits[1])
    }

    func testTheSameSeedGivesTheSameDelivery() throws {
        let config = configuration(videos: 5_000, regions: [region(sites: 3, capacity: 100 * 2e6)], shield: LRUPolicy(),
                                   shieldCapacity: DataSize(bytes: 500 * 2e6))
        let first = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 1_000), seeds: StreamSeeds(scenarioSeed: 4, replication: 0))
        let second = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 1_000), seeds: StreamSeeds(scenarioSeed: 4, replication: 0))
        let other = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 1_000), seeds: StreamSeeds(scenarioSeed: 5, replication: 0))
        XCTAssertEqual(first.statistics.requests, second.statistics.requests)
        XCTAssertEqual(first.statistics.bucketBytes, second.statistics.bucketBytes)
        XCTAssertEqual(first.statistics.bucketRequests, second.statistics.bucketRequests)
        XCTAssertNotEqual(first.statistics.requests, other.statistics.requests)
    }
}
