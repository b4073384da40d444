import XCTest
import VidsimCache
import VidsimKernel
import VidsimPolicies

/// Admission filters: cache on second hit keeps one-hit wonders out.
final class AdmissionFilterTests: XCTestCase {
    func testSecondHitAdmitsOnTheSecondMissOnly() {
        var filter = SecondHitFilter(window: 1_000)
        XCTAssertFalse(filter.admits(42, size: 1))
        XCTAssertTrue(filter.admits(42, size: 1))
        XCTAssertFalse(filter.admits(43, size: 1))
        // After two windows of other misses, 43 is forgotten.
        for id in 1_000...3_100 { _ = filter.admits(UInt64(id), size: 1) }
        XCTAssertFalse(filter.admits(43, size: 1))
    }

    func testOneHitWondersDoNotDisplaceTheHotSet() throws {
        // A Zipf hot set interleaved one to one with objects requested once each.
        let hot = try ZipfTrace(objects: 2_000, alpha: 0.9, requests: 200_000, seed: 9).generate()
        var objects: [Int32] = []
        var next = Int32(hot.objectCount)
        for object in hot.requests.objects {
            objects.append(object)
            objects.append(next)
            next += 1
        }
        let requests = CacheRequests(objects: objects, sizes: Array(repeating: 1, count: objects.count), objectCount: Int(next))
        let plain = LRUPolicy().replay(requests, capacity: 200)
        let filtered = LRUPolicy().replay(requests, capacity: 200, warmUp: 0, admission: SecondHitFilter(window: 10_000))
        XCTAssertGreaterThan(filtered.objectHitRatio, plain.objectHitRatio + 0.05,
                             "second hit \(filtered.objectHitRatio), plain \(plain.objectHitRatio)")
        // Every hit is on the hot set, which is half the requests.
        XCTAssertLessThanOrEqual(filtered.objectHitRatio, 0.5)
        XCTAssertNil(try AdmissionChoice.parse("all"))
        XCTAssertTrue(try AdmissionChoice.parse("second-hit:window=5000") is SecondHitFilter)
        XCTAssertThrowsError(try AdmissionChoice.parse("second-hit:window=5")) { error in
            XCTAssertTrue("\(error)".contains("window"), "\(error)")
        }
        XCTAssertThrowsError(try AdmissionChoice.parse("secondhit")) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'second-hit'"), "\(error)")
        }
    }
}
