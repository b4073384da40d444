import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

final class ChunkedUploadTests: XCTestCase {
    private func transfer(_ yaml: String) throws -> UploadTransfer {
        try XCTUnwrap(loadScenario("""
            name: transfer
            run: { horizon: 1 h }
            uploads:
              count: 1/min
              duration: 10 min
              source_bitrate: 10 Mbps
              transfer: { \(yaml) }
            ladder: { rungs: [ { name: only, bitrate: 1 Mbps } ] }
            transcode: { workers: 10, cost_per_content_second: { only: 0.1 } }
            """).uploads.transfer)
    }

    /// Runs the per-chunk model on one upload to its end.
    private func perChunk(_ settings: UploadTransfer, bytes: Double, rate: BitRate, seed: UInt32) -> TransferOutcome {
        var transfers = PerChunkTransfers(settings)
        let failures = RandomStream(seed: seed), drops = RandomStream(seed: seed &+ 1)
        var elapsed = transfers.start(slot: 0, bytes: bytes, rate: rate, failures: failures, drops: drops)
        while let next = transfers.attemptFinished(slot: 0, failures: failures, drops: drops) { elapsed += next }
        return transfers.outcome(slot: 0, duration: elapsed)
    }

    /// The seed's assignment: 30 GB in 10 MB chunks over 50 Mbps is 3,000 chunks and 4,800 s (80 min).
    func testTheSeedAssignmentTakesEightyMinutes() throws {
        let settings = try transfer("uplink: 50 Mbps, chunk_size: 10 MB")
        let aggregate = ChunkedTransfer(settings).outcome(
            bytes: 30e9, rate: .megabits(50), failures: RandomStream(seed: 1), drops: RandomStream(seed: 2))
        XCTAssertEqual(aggregate.chunks, 3000)
        XCTAssertEqual(aggregate.duration.seconds, 4800, accuracy: 1e-6)
        XCTAssertEqual(aggregate.bytesSent, 30e9)
        XCTAssertEqual(aggregate.failedAttempts, 0)
        let chunked = perChunk(settings, bytes: 30e9, rate: .megabits(50), seed: 3)
        XCTAssertEqual(chunked.duration.seconds, 4800, accuracy: 1e-6)
        XCTAssertEqual(chunked.bytesSent, 30e9, accuracy: 1)
    }

    /// With failure probability p and no drops, bytes sent average size / (1 - p), in both models.
    func testBytesSentMatchChunksOverOneMinusP() throws {
        let p = 0.1
        let settings = try transfer("uplink: 50 Mbps, chunk_size: 10 MB, chunk_failure_probability: \(p)")
        let size = 1e9, uploads = 2000
        let model = ChunkedTransfer(settings)
        let failures = RandomStream(seed: 11), drops = RandomStream(seed: 12)
        let aggregate = (0..<uploads).map { _ in model.outcome(bytes: size, rate: .megabits(50), failures: failures, drops: drops).bytesSent }
        let chunked = (0..<uploads).map { perChunk(settings, bytes: size, rate: .megabits(50), seed: UInt32(100 + 2 * $0)).bytesSent }
        // Attempts per chunk are geometric: variance p / (1 - p)^2 per chunk, 100 chunks per upload.
        let standardError = (100 * p / ((1 - p) * (1 - p))).squareRoot() * 1e7 / Double(uploads).squareRoot()
        for (name, sample) in [("aggregate", aggregate), ("per-chunk", chunked)] {
            let mean = sample.reduce(0, +) / Double(uploads)
            XCTAssertEqual(mean, size / (1 - p), accuracy: 4 * standardError, name)
        }
    }

    /// Backoff, drops and per-chunk overhead: the two models agree on the mean upload time.
    func testAggregateAndPerChunkModelsAgree() throws {
        let settings = try transfer("""
            uplink: 20 Mbps, chunk_size: 8 MB, chunk_failure_probability: 0.05, drops: 2/h, reconnect: 10 s,
            per_chunk_overhead: 80 ms, backoff: { initial: 2 s, factor: 2, maximum: 30 s }
            """)
        XCTAssertEqual(settings.backoff.delay(retry: 1).seconds, 2)
        XCTAssertEqual(settings.backoff.delay(retry: 3).seconds, 8)
        XCTAssertEqual(settings.backoff.delay(retry: 9).seconds, 30)
        let size = 400e6, uploads = 3000
        let model = ChunkedTransfer(settings)
        let failures = RandomStream(seed: 21), drops = RandomStream(seed: 22)
        let aggregate = (0..<uploads).map { _ in model.outcome(bytes: size, rate: .megabits(20), failures: failures, drops: drops) }
        let chunked = (0..<uploads).map { perChunk(settings, bytes: size, rate: .megabits(20), seed: UInt32(500 + 2 * $0)) }
        let a = Estimate(aggregate.map(\.duration.seconds)), c = Estimate(chunked.map(\.duration.seconds))
        // The difference of two independent means, within four standard errors.
        let standardError = (pow(a.standardDeviation, 2) / Double(uploads) + pow(c.standardDeviation, 2) / Double(uploads)).squareRoot()
        XCTAssertEqual(a.mean, c.mean, accuracy: 4 * standardError)
        // And both sit near the hand calculation: 50 chunks at 3.2 s + 80 ms each, 5% failed with 2 s backoff,
        // about 2/h x 175 s of drops at 10 s plus half a chunk.
        let sending = 50 / 0.95 * (3.2 + 0.08)
        XCTAssertEqual(a.mean, sending + 50 * 0.05 / 0.95 * 2 + 2.0 / 3600 * sending * (10 + 1.6), accuracy: 0.03 * a.mean)
        let meanDrops = Double(aggregate.map(\.drops).reduce(0, +)) / Double(uploads)
        XCTAssertEqual(meanDrops, 2.0 / 3600 * sending, accuracy: 0.02)
    }

    /// In a run: the creator waits for the upload and then for the fleet; bytes sent include the retries.
    func testTransfersInTheContentPath() throws {
        let scenario = try loadScenario("""
            name: with-transfer
            seed: 4
            run: { horizon: 6 h, warm_up: 1 h, replications: 1 }
            uploads:
              count: 2/min
              duration: 5 min
              source_bitrate: 16 Mbps
              transfer: { uplink: 40 Mbps, chunk_size: 10 MB, chunk_failure_probability: 0.02 }
            ladder: { rungs: [ { name: only, bitrate: 2 Mbps } ] }
            transcode: { workers: 100, cost_per_content_second: { only: 0.5 } }
            """)
        let result = try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
        // 600 MB over 40 Mbps: 120 s plus retries (2% of 60 chunks, 1 s backoff each).
        XCTAssertEqual(result.uploadTime.p50.seconds, 120 / 0.98 + 1.2, accuracy: 6)
        XCTAssertEqual(result.retransmittedFraction, 0.02 / 0.98, accuracy: 0.005)
        XCTAssertEqual(result.timeToPublish.p50.seconds, 150, accuracy: 0.2)
        XCTAssertEqual(result.creatorWait.mean.seconds, result.uploadTime.mean.seconds + result.timeToPublish.mean.seconds,
                       accuracy: 2)
        // 2 uploads a minute of 600 MB, sent at 40 Mbps each: about 2/60 x 122 s = 4 uploads in flight, 160 Mbps.
        XCTAssertEqual(result.meanIngestBitsPerSecond, 2.0 / 60 * 122.4 * 40e6, accuracy: 0.1 * 160e6)
    }

    func testIngestCapacitySlowsUploadsDown() throws {
        func run(_ capacity: String) throws -> ContentPathResult {
            try XCTUnwrap(ContentPathSimulation.run(loadScenario("""
                name: ingest
                seed: 4
                run: { horizon: 4 h, warm_up: 30 min, replications: 1 }
                uploads:
                  count: 2/min
                  duration: 5 min
                  source_bitrate: 16 Mbps
                  transfer: { uplink: 40 Mbps }
                  \(capacity)
                ladder: { rungs: [ { name: only, bitrate: 2 Mbps } ] }
                transcode: { workers: 100, cost_per_content_second: { only: 0.5 } }
                """), threads: 1).first)
        }
        let free = try run("")
        let tight = try run("ingest_capacity: 100 Mbps")
        XCTAssertGreaterThan(tight.uploadTime.mean.seconds, 1.5 * free.uploadTime.mean.seconds)
        XCTAssertLessThanOrEqual(tight.peakIngestBitsPerSecond, 100e6 * 1.0001)
        XCTAssertThrowsError(try loadScenario("""
            name: bad
            run: { horizon: 1 h }
            uploads: { count: 1/min, duration: 5 min, source_bitrate: 1 Mbps, ingest_capacity: 1 Gbps }
            ladder: { rungs: [ { name: only, bitrate: 2 Mbps } ] }
            transcode: { workers: 1, cost_per_content_second: { only: 0.5 } }
            """))
    }
}
