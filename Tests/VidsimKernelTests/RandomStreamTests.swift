import XCTest
import VidsimKernel

final class RandomStreamTests: XCTestCase {
    func testSameSeedSameDraws() {
        let a = RandomStream(seed: 42), b = RandomStream(seed: 42), c = RandomStream(seed: 43)
        let drawsA = (0..<100).map { _ in a.uniform() }
        XCTAssertEqual(drawsA, (0..<100).map { _ in b.uniform() })
        XCTAssertNotEqual(drawsA, (0..<100).map { _ in c.uniform() })
    }

    /// Streams are named: the seed of one component does not depend on which others exist or their order.
    func testStreamSeedsDependOnNameSeedAndReplicationOnly() {
        let seeds = StreamSeeds(scenarioSeed: 1, replication: 0)
        XCTAssertEqual(seeds.seed(for: "uploads.arrivals"), StreamSeeds(scenarioSeed: 1, replication: 0).seed(for: "uploads.arrivals"))
        XCTAssertNotEqual(seeds.seed(for: "uploads.arrivals"), seeds.seed(for: "uploads.duration"))
        XCTAssertNotEqual(seeds.seed(for: "uploads.arrivals"), StreamSeeds(scenarioSeed: 2, replication: 0).seed(for: "uploads.arrivals"))
        XCTAssertNotEqual(seeds.seed(for: "uploads.arrivals"), StreamSeeds(scenarioSeed: 1, replication: 1).seed(for: "uploads.arrivals"))
        // Many components, many replications: no two streams share a seed.
        var all = Set<UInt32>()
        for replication in 0..<50 {
            let s = StreamSeeds(scenarioSeed: 9, replication: replication)
            for name in ["a", "b", "uploads.arrivals", "uploads.duration", "cdn.edge.1", "cdn.edge.2", "player"] {
                all.insert(s.seed(for: name))
            }
        }
        XCTAssertEqual(all.count, 50 * 7)
    }

    func testUniformIsUniform() {
        let stream = RandomStream(seed: 3)
        var bins = [Int](repeating: 0, count: 10)
        let n = 100_000
        for _ in 0..<n { bins[Int(stream.uniform() * 10)] += 1 }
        // Chi-square with 9 degrees of freedom: the 99.9% point is 27.9.
        let expected = Double(n) / 10
        let chiSquare = bins.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
        XCTAssertLessThan(chiSquare, 27.9)
    }
}
