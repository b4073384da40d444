import Foundation
import XCTest
import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The run-size estimate against the shipped scenarios' real event counts, and its refusals.
final class RunSizeTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func scenario(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/\(name).yaml").path)
    }

    /// Within 30% of the events the runs really simulate (seed-youtube-day 580 M in two replications,
    /// remix-launch 400.6 M in three, its work classes' jobs included, starter 870,526 in five), and never far
    /// below them.
    func testTheEstimateMatchesRealRuns() throws {
        for (name, real) in [("seed-youtube-day", 580e6), ("remix-launch", 400_587_836.0), ("starter", 870_526.0)] {
            let events = try scenario(name).runSize.events
            XCTAssertGreaterThan(events, real * 0.95, name)
            XCTAssertLessThan(events, real * 1.3, name)
        }
    }

    func testShippedScenariosAreWithinTheLimits() throws {
        for name in ["seed-youtube-day", "remix-launch", "starter", "startup-platform"] {
            let size = try scenario(name).runSize
            XCTAssertLessThan(size.events, RunSize.eventLimit, name)
            XCTAssertLessThan(size.peakMemoryBytes, RunSize.memoryLimit, name)
            XCTAssertLessThan(size.samplesPerReplication, RunSize.sampleLimit, name)
        }
    }

    func testALargeRunIsRefusedUnlessForced() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-runsize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.yaml").path
        try """
            name: big
            run: { horizon: 36500 day }
            uploads: { rate: 500 hours/min, duration: 4 min, source_bitrate: 12 Mbps }
            ladder: { rungs: [{ name: 360p, bitrate: 700 Kbps }] }
            transcode: { workers: 100000, cost_per_content_second: { 360p: 0.1 } }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ScenarioLoader.load(path: path)) { error in
            let error = error as! ScenarioError
            XCTAssertEqual(error.fieldPath, "run.horizon")
            XCTAssertEqual(error.line, 2)
            XCTAssertTrue(error.message.contains("events"), error.message)
            XCTAssertTrue(error.message.contains("--force"), error.message)
        }
        XCTAssertNoThrow(try ScenarioLoader.load(path: path, force: true))
    }

    /// Work classes count in the run's size: jobs too many for the event limit are refused at the busiest class's
    /// rate, and a pool too small for its classes over a long horizon at the pools (its queue would fill memory).
    func testWorkClassesCountInTheRunSize() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-runsize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func load(rate: String, workers: Int, horizon: String) throws -> Scenario {
            let path = directory.appendingPathComponent("work.yaml").path
            try """
                name: work
                run: { horizon: \(horizon) }
                uploads: { count: 1/h, duration: 1 min, source_bitrate: 8 Mbps }
                ladder: { rungs: [{ name: 360p, bitrate: 700 Kbps }] }
                transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 } }
                work:
                  pools: [ { name: one, workers: \(workers) } ]
                  classes:
                    - { name: small, rate: 1/s, service: 1 s, pool: one }
                    - { name: big, rate: \(rate), service: 1 ms, pool: one }
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return try ScenarioLoader.load(path: path)
        }
        // Two events a job, and a sample every hour (25 in a day, both ends).
        XCTAssertEqual(try load(rate: "10/s", workers: 2, horizon: "1 day").runSize.workEvents, 2 * 11 * 86_400 + 25, accuracy: 1)
        XCTAssertThrowsError(try load(rate: "1000000/s", workers: 2000, horizon: "365 day")) { error in
            let error = error as! ScenarioError
            XCTAssertEqual(error.fieldPath, "work.classes[1].rate")
            XCTAssertTrue(error.message.contains("work classes' jobs"), error.message)
        }
        // Two seconds of work a second on one worker for 10 days: 430 million jobs left waiting.
        XCTAssertThrowsError(try load(rate: "1000/s", workers: 1, horizon: "10 day")) { error in
            let error = error as! ScenarioError
            XCTAssertEqual(error.fieldPath, "work.pools")
            XCTAssertTrue(error.message.contains("work pool too small"), error.message)
        }
    }

    func testDistributionsWithoutAFiniteMeanOrRangeAreRefused() {
        XCTAssertThrowsError(try Distribution.pareto(shape: 0.9, minimum: 60).validated()) {
            XCTAssertEqual(($0 as? DistributionError)?.parameter, "shape")
        }
        XCTAssertThrowsError(try Distribution.lognormal(median: 240, sigma: 50).validated()) {
            XCTAssertEqual(($0 as? DistributionError)?.parameter, "sigma")
        }
        XCTAssertThrowsError(try Distribution.normal(mean: 600, standardDeviation: .infinity).validated())
        XCTAssertNoThrow(try Distribution.pareto(shape: 1.5, minimum: 60).validated())
        XCTAssertEqual(Distribution.exponential(mean: 1).upperTail, -log(1e-9), accuracy: 1e-9)
        XCTAssertEqual(Distribution.normal(mean: 0, standardDeviation: 1).upperTail, 5.9978, accuracy: 1e-3)
        XCTAssertGreaterThan(Distribution.gamma(shape: 2, scale: 1).upperTail, 20)
    }
}
