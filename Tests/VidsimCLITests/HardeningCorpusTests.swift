import Foundation
import XCTest

/// A corpus of scenarios that are valid as written and absurd after unit conversion or for the model (a horizon
/// of 1e308 hours, a billion workers, a Pareto with an infinite mean, a calibration with a negative cost, a run
/// of a trillion events): each must be refused by `vidsim validate` and `vidsim run` alike, with exit code 65,
/// one message located at FILE:LINE:COLUMN and naming the field and what was expected, no report written, and
/// no crash (a runtime trap exits on a signal, or prints "Fatal error").
final class HardeningCorpusTests: XCTestCase {
    /// (fixture name after "hardening-", the field path the message names, a fragment of what it says).
    static let corpus: [(name: String, field: String, fragment: String)] = [
        ("horizon-overflow", "run.horizon", "too large"),
        ("size-1e400", "uploads.transfer.chunk_size", "too large"),
        ("century-at-500-hours", "run.horizon", "events"),
        ("billion-workers", "transcode.workers", "at most 10000000 workers"),
        ("sample-every-ms", "run.sample_interval", "time-series samples"),
        ("pareto-infinite-mean", "uploads.duration.shape", "infinite mean"),
        ("lognormal-sigma-50", "uploads.duration.sigma", "too large to represent"),
        ("normal-huge-sd", "uploads.duration", "one in a billion"),
        ("duration-tail", "uploads.duration", "within 30 days"),
        ("negative-calibration", "transcode.calibration", "costs[0].cpu_seconds_per_content_second.mean: expected a positive finite number"),
        ("zero-calibration", "transcode.calibration", "costs[0].cpu_seconds_per_content_second.minimum: expected a positive finite number"),
        ("huge-calibration", "transcode.calibration", "hardening-huge-cost.json: costs[1].cpu_seconds_per_content_second"),
        ("extends-directory", "extends", "is a directory"),
        ("long-name", "name", "…"),
        ("long-valid-name", "name", "at most 200 letters"),
        ("long-unit", "run.horizon", "…"),
        ("mapping-for-text", "name", "expected text, found a mapping"),
        ("list-for-number", "transcode.workers", "expected a whole number, found a list"),
        ("text-for-mapping", "uploads.transfer", "expected a mapping of fields, found 'fast'"),
        ("list-for-choice", "uploads.arrivals", "expected one of poisson, deterministic, found a list"),
        ("format-too-short", "uploads.formats[1].height", "never publish"),
        ("rate-too-low", "uploads.rate", "one upload per"),
        ("inf-format-weight", "uploads.formats[0].weight", "expected a weight from 0 to 1e9"),
        ("nan-burst", "uploads.bursts[0].multiplier", "expected a positive multiplier"),
        ("huge-burst", "uploads.bursts[0].multiplier", "at most 10000"),
        ("backoff-factor", "uploads.transfer.backoff.factor", "from 1 to 10"),
        ("failure-probability", "uploads.transfer.chunk_failure_probability", "from 0 to 0.5"),
        ("drops", "uploads.transfer.drops", "at most 3600 drops per hour"),
        ("speed-tiny", "transcode.worker.speed", "from 0.001 to 1000"),
        ("efficiency-tiny", "transcode.worker.parallel_efficiency", "from 0.01 to 1"),
        ("cost-huge", "transcode.cost_per_content_second.360p", "at most 1000000"),
        ("cost-inf", "transcode.cost_per_content_second.720p", "positive number"),
        ("interruptions-tiny", "transcode.spot.interruptions", "0.0001/h to 60/h"),
        ("segments", "transcode.split.segment", "lengthen transcode.split.segment"),
        ("per-chunk-bytes", "uploads.transfer.model", "aggregate transfer model"),
        ("shards", "metadata.shard_capacity", "shards"),
        ("growth", "storage.monthly_growth", "at most 10"),
        ("replicas", "storage.redundancy.replicas", "1 to 100 replicas"),
        ("weekly-inf", "uploads.weekly", "each from 0 to 1e9"),
        ("vcpus", "transcode.worker.vcpus", "1 to 1024 vCPUs"),
        ("startup", "transcode.worker.startup", "at most 7 days"),
        ("stitch", "transcode.split.stitch", "at most 1 day"),
        ("price-huge", "transcode.worker.price", "too large"),
        ("ingest-price-huge", "ingest_price", "too large"),
        ("gamma-inf-shape", "uploads.duration.shape", "expected a finite number"),
        ("empirical-inf-weights", "uploads.duration.weights", "too large to represent"),
        ("uniform-huge", "uploads.duration.high", "too large"),
        ("backlog-memory", "transcode.workers", "memory"),
        ("replications", "run.replications", "run fewer replications"),
        ("seed-negative", "seed", "expected a whole number, found '-1'"),
        ("arrivals-typo", "uploads.arrivals", "did you mean 'poisson'?"),
        ("extends-long", "extends", "no such file"),
        ("calibration-missing-field", "transcode.calibration", "hardening-missing-costs.json: costs: expected this field, found none"),
        ("horizon-null", "run.horizon", "found nothing"),
        ("peak-hour-nan", "uploads.diurnal.peak_hour", "expected an hour"),
    ]

    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    func testTheCorpusIsLargeAndEveryFixtureIsInTheTable() throws {
        XCTAssertGreaterThanOrEqual(Self.corpus.count, 40)
        let files = try FileManager.default.contentsOfDirectory(atPath: VidsimExecutable.fixtures.path)
            .filter { $0.hasPrefix("hardening-") && $0.hasSuffix(".yaml") }
        XCTAssertEqual(Set(files), Set(Self.corpus.map { "hardening-\($0.name).yaml" }),
                       "every hardening fixture has a row in the table, and every row a fixture")
    }

    func testEveryAbsurdScenarioIsRefusedWithALocatedMessage() throws {
        let location = try NSRegularExpression(pattern: #"^[^:\n]+\.yaml:[0-9]+:[0-9]+: error: "#)
        let reports = workspace.appendingPathComponent("hardening-reports")
        for entry in Self.corpus {
            let file = "hardening-\(entry.name).yaml"
            for arguments in [["validate", file], ["run", file, "--reports", reports.path]] {
                let output = try VidsimExecutable.run(arguments, in: workspace)
                let context = "\(arguments.joined(separator: " ")): \(output.stderr)"
                XCTAssertFalse([132, 133, 134, 139].contains(output.status) || output.stderr.contains("Fatal error"),
                               "crashed: \(context)")
                XCTAssertEqual(output.status, 65, context)
                let message = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                XCTAssertEqual(message.split(separator: "\n").count, 1, "one message: \(context)")
                XCTAssertNotNil(location.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)),
                                "FILE:LINE:COLUMN: error: expected, got: \(context)")
                XCTAssertTrue(message.contains(": error: \(entry.field): "), "field \(entry.field) expected in: \(context)")
                XCTAssertTrue(message.contains(entry.fragment), "'\(entry.fragment)' expected in: \(context)")
                XCTAssertTrue(message.contains("expected") || message.contains("is a directory") || message.contains("no such file")
                                  || message.contains("did you mean"),
                              "the message says what was expected: \(context)")
                XCTAssertLessThan(message.count, 600, "echoed values are cut short: \(context)")
                XCTAssertFalse(FileManager.default.fileExists(atPath: reports.path), "no report may be written: \(context)")
            }
        }
    }

    /// `--force` skips the run-size check alone: the scenario then validates, and nothing else is let through.
    func testForceSkipsOnlyTheRunSizeCheck() throws {
        let refused = try VidsimExecutable.run(["validate", "hardening-replications.yaml"], in: workspace)
        XCTAssertEqual(refused.status, 65, refused.stderr)
        let forced = try VidsimExecutable.run(["validate", "--force", "hardening-replications.yaml"], in: workspace)
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stdout.contains("ok"), forced.stdout)
        let stillRefused = try VidsimExecutable.run(["validate", "--force", "hardening-horizon-overflow.yaml"], in: workspace)
        XCTAssertEqual(stillRefused.status, 65, stillRefused.stderr)
    }

    /// The shipped scenarios stay within the limits, and validate says how large each run is.
    func testShippedScenariosStayWithinTheLimits() throws {
        let root = VidsimExecutable.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertFalse(scenarios.isEmpty)
        let output = try VidsimExecutable.run(["validate"] + scenarios.map { "scenarios/\($0)" }, in: root)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("seed-youtube-day: 6 rungs"), output.stdout)
        XCTAssertTrue(output.stdout.contains("events"), output.stdout)
    }
}
