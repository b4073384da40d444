import Foundation
import XCTest
import VidsimCache
import VidsimKernel
import VidsimPolicies

/// Values valid as written and absurd after conversion: refused with a message, never a trap.
final class CacheInputLimitTests: XCTestCase {
    func testTheLargestCachesAndGhostsDoNotOverflow() throws {
        var policy = try XCTUnwrap(try PolicyChoice.parse("s3fifo:ghost_fraction=10").policy as? S3FIFOPolicy)
        policy.reset(capacity: 1_000_000_000_000_000_000, objects: 4)
        XCTAssertFalse(policy.access(CacheRequest(object: 0, size: 100)))
        XCTAssertTrue(policy.access(CacheRequest(object: 0, size: 100)))
        XCTAssertThrowsError(try CacheSize.parse("9223372036854775807"))
        XCTAssertThrowsError(try PolicyChoice.parse("s3fifo:small_fraction=nan")) { error in
            XCTAssertTrue("\(error)".contains("finite"), "\(error)")
        }
        XCTAssertThrowsError(try AdmissionChoice.parse("second-hit:false_positive_rate=1e-300"))
        XCTAssertThrowsError(try AdmissionChoice.parse("second-hit:window=1000000000"))
    }

    func testSamplingWeightsUseTheRateTheHashRealises() {
        // 1e-7 of 2^24 is 1.68: the hash keeps ids under 2, a rate of 2 / 2^24.
        XCTAssertEqual(SpatialSampler(rate: 1e-7).rate, 2 / Double(1 << 24))
        XCTAssertEqual(PopularitySampling(videos: 1_000, alpha: 1, hotVideos: 0, rate: 1e-9).rate, 1 / Double(1 << 24))
        XCTAssertEqual(SpatialSampler(rate: 1).rate, 1)
    }

    func testCSVWithAByteOrderMarkUTF8IDsAndNoTimeColumn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("t.csv")
        try (Data([0xEF, 0xBB, 0xBF]) + Data("obj_id,obj_size\ncafé,100\nthé,200\ncafé,100\n".utf8)).write(to: url)
        let trace = try TraceReader.read(path: url.path).trace
        XCTAssertEqual(trace.count, 3)
        XCTAssertEqual(trace.objectCount, 2)
        XCTAssertEqual(trace.times, [0, 0, 0])
        XCTAssertEqual(trace.requests.sizes, [100, 200, 100])
    }

    func testABankKeepsS3FIFOsGhostEntriesForTheirReturn() throws {
        let trace = try ZipfTrace(objects: 20_000, alpha: 0.9, requests: 300_000, size: 1, seed: 8).generate()
        let dense = S3FIFOPolicy().replay(trace.requests, capacity: 500)
        var bank = S3FIFOPolicy().makeBank(count: 1, capacity: 500, typicalObject: 1)
        var hits = 0
        for object in trace.requests.objects where bank.access(0, object: UInt64(object) &* 0x9E37_79B9_7F4A_7C15, size: 1) {
            hits += 1
        }
        XCTAssertEqual(Double(hits) / Double(trace.count), dense.objectHitRatio, accuracy: 1e-12)
    }
}
