import XCTest
import VidsimCache
import VidsimKernel
import VidsimPolicies

/// LRU and FIFO against the Che approximation under independent Zipf requests (../shared/REFERENCE.md: within
/// one percentage point), with equal sizes and with sizes.
final class CacheTheoryTests: XCTestCase {
    private static let objects = 10_000
    private static let alpha = 0.8

    private func zipfTrace(sizes: Distribution? = nil, requests: Int = 1_000_000) throws -> RequestTrace {
        try ZipfTrace(objects: Self.objects, alpha: Self.alpha, requests: requests, sizeDistribution: sizes, seed: 7).generate()
    }

    func testLRUAndFIFOMatchTheCheApproximationWithEqualSizes() throws {
        let trace = try zipfTrace()
        let probabilities = CacheTheory.zipfProbabilities(objects: Self.objects, alpha: Self.alpha)
        for capacity in [100, 500, 2_000] {
            let lru = LRUPolicy().replay(trace.requests, capacity: Int64(capacity), warmUp: 100_000)
            let fifo = FIFOPolicy().replay(trace.requests, capacity: Int64(capacity), warmUp: 100_000)
            let cheLRU = CacheTheory.hitRatios(.lru, probabilities: probabilities, capacity: Double(capacity))
            let cheFIFO = CacheTheory.hitRatios(.fifo, probabilities: probabilities, capacity: Double(capacity))
            XCTAssertEqual(lru.objectHitRatio, cheLRU.object, accuracy: 0.01, "LRU at \(capacity) objects")
            XCTAssertEqual(fifo.objectHitRatio, cheFIFO.object, accuracy: 0.01, "FIFO at \(capacity) objects")
            // FIFO hits less than LRU under IRM, and both theory and simulation say so.
            XCTAssertLessThan(cheFIFO.object, cheLRU.object)
            XCTAssertLessThan(fifo.objectHitRatio, lru.objectHitRatio)
        }
    }

    func testByteHitRatiosMatchTheSizeWeightedForm() throws {
        let sizes = try Distribution.lognormal(median: 100_000, sigma: 1)
        let trace = try zipfTrace(sizes: sizes)
        let generator = ZipfTrace(objects: Self.objects, alpha: Self.alpha, requests: 1, sizeDistribution: sizes, seed: 7)
        let objectSizes = generator.objectSizes().map(Double.init)
        let probabilities = CacheTheory.zipfProbabilities(objects: Self.objects, alpha: Self.alpha)
        let total = objectSizes.reduce(0, +)
        for share in [0.01, 0.05, 0.2] {
            let capacity = total * share
            for (policy, kind) in [(LRUPolicy() as any EvictionPolicy, CacheTheory.Policy.lru), (FIFOPolicy(), .fifo)] {
                let counts = policy.replay(trace.requests, capacity: Int64(capacity), warmUp: 100_000)
                let che = CacheTheory.hitRatios(kind, probabilities: probabilities, sizes: objectSizes, capacity: capacity)
                XCTAssertEqual(counts.byteHitRatio, che.byte, accuracy: 0.01, "\(kind) byte hit ratio at \(share)")
                XCTAssertEqual(counts.objectHitRatio, che.object, accuracy: 0.01, "\(kind) object hit ratio at \(share)")
            }
        }
    }

    func testTheCacheHoldingEverythingHitsEverything() {
        let probabilities = CacheTheory.zipfProbabilities(objects: 100, alpha: 1)
        XCTAssertEqual(CacheTheory.hitRatios(.lru, probabilities: probabilities, capacity: 100).object, 1)
        let half = CacheTheory.hitRatios(.lru, probabilities: probabilities, capacity: 50)
        XCTAssertGreaterThan(half.object, 0.5)
        XCTAssertLessThan(half.object, 1)
    }
}
