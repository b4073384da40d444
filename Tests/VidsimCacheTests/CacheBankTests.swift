import XCTest
import VidsimCache
import VidsimPolicies

/// Caches over global ids (the CDN's form) behave as the policy does over dense numbers.
final class CacheBankTests: XCTestCase {
    func testABankOverSparseIDsHitsAsTheDenseReplayDoes() throws {
        let trace = try ZipfTrace(objects: 20_000, alpha: 0.9, requests: 300_000, size: 1, seed: 8).generate()
        for policy in [LRUPolicy() as any EvictionPolicy, FIFOPolicy(), SIEVEPolicy(), S3FIFOPolicy(), LFUDAPolicy()] {
            let capacity: Int64 = 500
            let dense = policy.replay(trace.requests, capacity: capacity)
            var bank = policy.makeBank(count: 2, capacity: capacity, typicalObject: 1)
            var hits = 0
            for object in trace.requests.objects {
                // Sparse, scattered ids; cache 1 of the bank sees every request, cache 0 none.
                if bank.access(1, object: UInt64(object) &* 0x9E37_79B9_7F4A_7C15, size: 1) { hits += 1 }
            }
            let ratio = Double(hits) / Double(trace.count)
            // Exactly equal: a slot is reused only once the policy neither holds nor remembers its object (S3-FIFO's
            // ghost entries keep theirs).
            XCTAssertEqual(ratio, dense.objectHitRatio, accuracy: 1e-12, "\(type(of: policy))")
            XCTAssertEqual(bank.usedBytes(0), 0)
            XCTAssertLessThanOrEqual(bank.usedBytes(1), capacity)
        }
    }
}
