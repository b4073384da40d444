import XCTest
import VidsimKernel
import VidsimModels
import VidsimPolicies
import VidsimUnits

/// The catalogue's life: popularity that rises and falls with age, new uploads joining, videos watched in one
/// region only, one-timers; each against the figure it must give.
final class CatalogDynamicsTests: XCTestCase {
    private func configuration(videos: Int, views: Double = 20, regions: [DeliveryConfiguration.Region],
                               duration: Distribution = .constant(4), samplingRate: Double = 1,
                               hotVideos: Int = 0) -> DeliveryConfiguration {
        DeliveryConfiguration(
            catalogVideos: videos, zipfAlpha: 0.8, duration: duration, views: EventRate(perSecond: views),
            segment: TimeSpan(seconds: 4), manifestSize: DataSize(bytes: 1_000_000),
            renditions: [.init(name: "720p", bitrate: BitRate(bitsPerSecond: 2_000_000), share: 1)],
            regions: regions, edgePolicy: LRUPolicy(), samplingRate: samplingRate, hotVideos: hotVideos)
    }

    private func region(_ name: String = "only", capacity: Double, share: Double = 1) -> DeliveryConfiguration.Region {
        .init(name: name, viewShare: share, edgeSites: 1, edgeCapacity: DataSize(bytes: capacity))
    }

    // MARK: The shape

    func testThePopularityShapesMeansAreItsIntegrals() {
        let shapes = [PopularityShape(rise: 0, halfLife: 3_600, floor: 0.1),
                      PopularityShape(rise: 1_800, halfLife: 86_400, floor: 0.05),
                      PopularityShape(rise: 600, halfLife: .infinity, floor: 0)]
        for shape in shapes {
            for (from, to) in [(0.0, 600.0), (-300.0, 900.0), (5_000.0, 90_000.0), (1e6, 1e6 + 3_600)] {
                // The midpoint rule on a fine grid, from the levels alone.
                let steps = 20_000
                let width = (to - from) / Double(steps)
                let integral = (0..<steps).reduce(0.0) { $0 + shape.level(at: from + (Double($1) + 0.5) * width) * width }
                XCTAssertEqual(shape.meanLevel(from: from, to: to), integral / (to - from), accuracy: 1e-6,
                               "\(shape) over \(from)...\(to)")
            }
        }
        let shape = PopularityShape(rise: 3_600, halfLife: 7 * 86_400, floor: 0.05)
        XCTAssertEqual(shape.level(at: 0), 0)
        XCTAssertEqual(shape.level(at: -5), 0)
        XCTAssertEqual(shape.level(at: 1e9), 0.05, accuracy: 1e-9)
        XCTAssertEqual(PopularityShape(rise: 0, halfLife: 3_600, floor: 0).level(at: 3_600), 0.5, accuracy: 1e-12)
    }

    // MARK: Weighted sampling

    func testTheWeightTreeDrawsInProportionAndFollowsEveryChange() {
        var tree = WeightTree()
        var weights: [Double] = []
        let stream = RandomStream(seed: 11)
        for index in 0..<1_000 {
            let weight = index % 7 == 0 ? 0 : stream.uniform() * 10
            tree.append(weight)
            weights.append(weight)
        }
        for _ in 0..<200 {
            let index = Int(stream.uniform() * 1_000)
            let weight = stream.uniform() < 0.2 ? 0 : stream.uniform() * 10
            tree.set(index, to: weight)
            weights[index] = weight
        }
        func check(_ label: String) {
            XCTAssertEqual(tree.total, weights.reduce(0, +), accuracy: 1e-9, label)
            // Each target lands on the index a linear scan finds, never on a weight of zero.
            for _ in 0..<2_000 {
                let target = stream.uniform() * tree.total
                var sum = 0.0, expected = weights.count - 1
                for (index, weight) in weights.enumerated() {
                    sum += weight
                    if target < sum { expected = index; break }
                }
                XCTAssertEqual(tree.locate(target), expected, label)
                XCTAssertGreaterThan(weights[tree.locate(target)], 0, label)
            }
        }
        check("after appends and sets")
        weights = weights.map { $0 * 2 + (stream.uniform() < 0.1 ? 1 : 0) }
        tree.rebuild(weights)
        check("after a rebuild")
        for _ in 0..<33 {
            tree.append(3)
            weights.append(3)
        }
        check("after more appends")
    }

    // MARK: Popularity over time

    func testANewVideosShareOfViewsFollowsItsShapeAgainstAnOldOne() throws {
        // One old video (at its floor: 30 years old) and one published at the start, both of volume 1: the new
        // one's share of the views at age t is h(t) / (h(t) + floor).
        for shape in [PopularityShape(rise: 0, halfLife: 3_600, floor: 0.1), PopularityShape(rise: 1_800, halfLife: 7_200, floor: 0.2)] {
            var config = configuration(videos: 1, regions: [region(capacity: 1e9)])
            config.shape = shape
            config.age = .constant(30 * 365 * 86_400)
            config.popularityStep = TimeSpan(seconds: 60)
            config.newUploads = true
            let horizon = 4 * 3_600.0
            let result = try DeliverySimulation.simulate(
                config, horizon: TimeSpan(seconds: horizon), seeds: StreamSeeds(scenarioSeed: 21, replication: 0),
                publications: [PublishedVideo(contentSeconds: 4, time: 0)])
            let floor = shape.level(at: 30 * 365 * 86_400)
            let steps = 14_400
            let expected = (0..<steps).reduce(0.0) {
                let h = shape.level(at: (Double($1) + 0.5) * horizon / Double(steps))
                return $0 + h / (h + floor)
            } / Double(steps)
            let share = result.statistics.newViews / result.statistics.views
            XCTAssertEqual(result.statistics.views / horizon, 20, accuracy: 0.3)
            XCTAssertEqual(share, expected, accuracy: 0.006, "\(shape)")
        }
    }

    func testTheFirstViewerOfANewVideoPaysTheOriginAndLaterViewersHit() throws {
        // The brand-new video of the seed's question 4: nothing of it cached until its first view.
        var config = configuration(videos: 1, views: 2, regions: [region(capacity: 1e9)], duration: .constant(40))
        config.newUploads = true
        let result = try DeliverySimulation.simulate(
            config, horizon: TimeSpan(seconds: 3_000), seeds: StreamSeeds(scenarioSeed: 22, replication: 0),
            publications: [PublishedVideo(contentSeconds: 40, time: 1_000)])
        let statistics = result.statistics
        // The manifest and its ten segments came from the origin once each; every later request hit the edge.
        XCTAssertEqual(statistics.newRequests[2], 11)
        XCTAssertGreaterThan(statistics.newViews, 500)
        // The first view: all eleven objects from the origin, each 20 + 80 ms away and 1 MB at the edge's 25 Mbps
        // (the slowest link); later views: edge hits, 20 ms and the same transfer.
        XCTAssertEqual(statistics.firstViewRequests, [0, 0, 11])
        XCTAssertEqual(statistics.firstViewFetchSeconds / 11, 0.1 + 0.32, accuracy: 1e-9)
        XCTAssertEqual(statistics.laterViewRequests[2], 0)
        XCTAssertEqual(statistics.laterViewFetchSeconds / statistics.laterViewRequests[0], 0.02 + 0.32, accuracy: 1e-9)
        // Views started in the last 40 s have not asked for all their segments yet.
        XCTAssertEqual(statistics.newRequests[0], statistics.newViews * 11 - 11, accuracy: statistics.newViews * 11 * 0.03)
    }

    // MARK: Regions and one-timers

    func testRegionalVideosAreWatchedInTheirOwnRegionOnly() throws {
        var config = configuration(videos: 2_000, views: 50, regions: [region("a", capacity: 1e9, share: 0.7),
                                                                       region("b", capacity: 1e9, share: 0.3)])
        config.regional = 1
        var seen: [Set<UInt64>] = []
        var requests: [Double] = []
        for index in 0..<2 {
            let result = try DeliverySimulation.simulate(
                config, horizon: TimeSpan(seconds: 2_000), seeds: StreamSeeds(scenarioSeed: 23, replication: 0),
                trace: DeliveryTrace(filter: .init(region: index), limit: 1_000_000))
            seen.append(Set(try XCTUnwrap(result.trace).objects.map { $0 >> 24 }))
            requests = result.statistics.regionRequests
        }
        XCTAssertTrue(seen[0].isDisjoint(with: seen[1]), "a video local to one region is never asked for in the other")
        XCTAssertGreaterThan(seen[0].count, 300)
        XCTAssertGreaterThan(seen[1].count, 100)
        XCTAssertEqual(requests[0] / (requests[0] + requests[1]), 0.7, accuracy: 0.02)

        // Half of the videos local: the two regions share the other half.
        config.regional = 0.5
        var shared: [Set<UInt64>] = []
        for index in 0..<2 {
            let result = try DeliverySimulation.simulate(
                config, horizon: TimeSpan(seconds: 2_000), seeds: StreamSeeds(scenarioSeed: 23, replication: 0),
                trace: DeliveryTrace(filter: .init(region: index), limit: 1_000_000))
            shared.append(Set(try XCTUnwrap(result.trace).objects.map { $0 >> 24 }))
        }
        XCTAssertGreaterThan(shared[0].intersection(shared[1]).count, 200)
    }

    func testOneTimersTakeTheirShareOfViewsAndNeverHit() throws {
        var config = configuration(videos: 2_000, views: 50, regions: [region(capacity: 200 * 2e6)])
        let base = try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: 3_000), warmUp: TimeSpan(seconds: 500),
                                                   seeds: StreamSeeds(scenarioSeed: 24, replication: 0))
        config.oneTimers = 0.25
        let result = try DeliverySimulation.simulate(
            config, horizon: TimeSpan(seconds: 3_000), warmUp: TimeSpan(seconds: 500), seeds: StreamSeeds(scenarioSeed: 24, replication: 0),
            trace: DeliveryTrace(filter: .init(), limit: 1_000_000))
        let objects = try XCTUnwrap(result.trace).objects
        let manifests = objects.filter { ($0 >> 16) & 0xff == 255 }
        let once = manifests.filter { $0 >> 56 == 1 }
        XCTAssertEqual(Double(once.count) / Double(manifests.count), 0.25, accuracy: 0.01)
        XCTAssertEqual(Set(once).count, once.count, "each one-timer is asked for once")
        XCTAssertEqual(result.statistics.views / 2_500, 50, accuracy: 1.5)
        // A quarter of the requests always miss, and they take room from the rest.
        XCTAssertLessThan(result.statistics.edgeHitRatio, base.statistics.edgeHitRatio * 0.75 + 0.005)
    }

    // MARK: Sampling with all of it

    func testSamplingStaysUnbiasedWithDecayNewUploadsAndRegions() throws {
        let horizon = 6 * 3_600.0
        // Two thousand uploads over the run, a catalogue of 400,000 of all ages.
        let stream = RandomStream(seed: 25)
        let publications = (0..<2_000).map { _ in PublishedVideo(contentSeconds: 4, time: stream.uniform() * horizon) }
            .sorted { $0.time < $1.time }
        func run(rate: Double, hot: Int) throws -> DeliveryResult {
            var config = configuration(videos: 400_000, views: 100, regions: [region("a", capacity: 4_000 * 2e6, share: 0.6),
                                                                              region("b", capacity: 3_000 * 2e6, share: 0.4)],
                                       samplingRate: rate, hotVideos: hot)
            config.shape = PopularityShape(rise: 1_800, halfLife: 2 * 86_400, floor: 0.05)
            config.age = .uniform(low: 0, high: 365 * 86_400)
            config.regional = 0.3
            config.newUploads = true
            return try DeliverySimulation.simulate(config, horizon: TimeSpan(seconds: horizon), warmUp: TimeSpan(seconds: 7_200),
                                                   seeds: StreamSeeds(scenarioSeed: 25, replication: 0),
                                                   publications: publications)
        }
        let full = try run(rate: 1, hot: 0)
        let sampled = try run(rate: 0.05, hot: 2_000)
        XCTAssertLessThan(sampled.events, full.events / 2)
        XCTAssertEqual(sampled.statistics.views / full.statistics.views, 1, accuracy: 0.04)
        XCTAssertEqual(sampled.statistics.edgeHitRatio, full.statistics.edgeHitRatio, accuracy: 0.015)
        XCTAssertEqual(sampled.statistics.edgeByteHitRatio, full.statistics.edgeByteHitRatio, accuracy: 0.015)
        XCTAssertGreaterThan(full.statistics.newViews, 0)
    }
}
