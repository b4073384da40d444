import XCTest
import VidsimCache
import VidsimKernel
import VidsimPolicies

/// LRU's curve from stack distances against replays, and SHARDS' sampled curve against the exact one.
final class MissRatioCurveTests: XCTestCase {
    func testTheStackDistanceCurveEqualsLRUReplaysExactly() throws {
        let sizes = try Distribution.lognormal(median: 10_000, sigma: 1)
        let trace = try ZipfTrace(objects: 5_000, alpha: 0.9, requests: 100_000, sizeDistribution: sizes, seed: 11).generate()
        let curve = MissRatioCurve(trace.requests)
        let largest = trace.requests.sizes.max()!
        for share in [0.01, 0.05, 0.1, 0.3, 0.7] {
            let capacity = max(largest, Int64(Double(trace.footprintBytes) * share))
            let replay = LRUPolicy().replay(trace.requests, capacity: capacity)
            let point = curve.point(capacity: capacity)
            XCTAssertEqual(point.objectHitRatio, replay.objectHitRatio, accuracy: 1e-12, "objects at \(share)")
            XCTAssertEqual(point.byteHitRatio, replay.byteHitRatio, accuracy: 1e-12, "bytes at \(share)")
        }
    }

    func testSpatialSamplingAtOnePercentStaysWithinAPointOnAMillionObjects() throws {
        let trace = try ZipfTrace(objects: 1_000_000, alpha: 0.8, requests: 4_000_000, seed: 13).generate()
        let exact = MissRatioCurve(trace.requests)
        let plain = SpatialSampler(rate: 0.01).missRatioCurve(trace)
        let stratified = SpatialSampler(rate: 0.01, hotObjects: 1_000).missRatioCurve(trace)
        XCTAssertLessThan(stratified.sampledRequests, trace.count / 2)
        var plainError = 0.0
        for share in [0.001, 0.01, 0.05, 0.2] {
            let capacity = Int64(Double(trace.footprintBytes) * share)
            let full = exact.point(capacity: capacity)
            let estimate = stratified.point(capacity: capacity)
            XCTAssertEqual(estimate.objectHitRatio, full.objectHitRatio, accuracy: 0.01, "stratified SHARDS at \(share)")
            XCTAssertEqual(estimate.byteHitRatio, full.byteHitRatio, accuracy: 0.01, "stratified SHARDS at \(share)")
            plainError = max(plainError, abs(plain.point(capacity: capacity).objectHitRatio - full.objectHitRatio))
        }
        print("SHARDS at 1%: plain sample off by up to \(plainError); \(stratified.sampledRequests) of \(trace.count) requests followed")
    }

    func testAWholeSampleIsTheExactCurve() throws {
        let trace = try ZipfTrace(objects: 2_000, alpha: 0.9, requests: 20_000, seed: 4).generate()
        let exact = MissRatioCurve(trace.requests)
        let whole = SpatialSampler(rate: 1).missRatioCurve(trace)
        for capacity: Int64 in [10, 100, 1_000] {
            XCTAssertEqual(whole.point(capacity: capacity), exact.point(capacity: capacity))
        }
    }
}
