import Foundation
import XCTest
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario

/// One metrics pipeline: every figure declared once, every replication's value kept, and each format written
/// from the same declarations.
final class ReportPipelineTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    private func text(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: workspace.appendingPathComponent(path)), as: UTF8.self)
    }

    func testFigureKeysAreUniqueAndDescribed() {
        let keys = ContentPathFigures.all.map(\.key)
        XCTAssertEqual(Set(keys).count, keys.count, "a key declared twice")
        for figure in ContentPathFigures.all {
            XCTAssertFalse(figure.label.isEmpty, figure.key)
            XCTAssertTrue(figure.description.hasSuffix(".") || figure.description.hasSuffix(")"), figure.key)
            XCTAssertFalse(figure.unit.symbol.isEmpty, figure.key)
        }
    }

    /// report.json's figures, report.csv's rows and report.md's tables carry the same values.
    func testEveryFormatReadsTheSameFigures() throws {
        let output = try VidsimExecutable.run(["run", "full-features.yaml", "--threads", "2"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        let folder = "reports/full-features/"
        let json = try JSONSerialization.jsonObject(with: Data(text(folder + "report.json").utf8)) as? [String: Any]
        XCTAssertEqual(json?["vidsim_report_version"] as? Int, 2)
        let scenario = try XCTUnwrap(json?["scenario"] as? [String: Any])
        let replications = try XCTUnwrap(scenario["replications"] as? Int)

        // CSV: a header, then figure rows (key, unit, replication, value) and series rows.
        let rows = try text(folder + "report.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.first, ["kind", "key", "unit", "replication", "time_s", "value"])
        let figureRows = rows.dropFirst().filter { $0.first == "figure" }
        XCTAssertEqual(figureRows.count % replications, 0)
        let keys = Set(figureRows.map { $0[1] })
        XCTAssertGreaterThan(keys.count, 50)
        XCTAssertTrue(rows.contains { $0.first == "series" && $0[1] == "busy_workers" })

        // Each CSV figure's values are report.json's `values`, and their mean is its `mean`.
        for key in ["transcode.time_to_publish.p95", "storage.rendition_bytes_per_day", "cost.compute_per_day"] {
            var node: Any? = json
            for part in key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
            let figure = try XCTUnwrap(node as? [String: Any], key)
            let values = try XCTUnwrap(figure["values"] as? [Double], key)
            let csv = figureRows.filter { $0[1] == key }.sorted { Int($0[3])! < Int($1[3])! }.map { Double($0[5])! }
            XCTAssertEqual(csv.count, values.count, key)
            for (a, b) in zip(csv, values) { XCTAssertEqual(a, b, accuracy: abs(b) * 1e-15, key) }
            XCTAssertEqual(values.reduce(0, +) / Double(values.count), try XCTUnwrap(figure["mean"] as? Double),
                           accuracy: abs(values[0]) * 1e-12, key)
        }

        let html = try text(folder + "report.html")
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        for external in ["src=\"http", "href=\"http", "@import", "url(http", "<script"] {
            XCTAssertFalse(html.contains(external), "self-contained: no network, no script (\(external))")
        }
        XCTAssertTrue(html.contains("<svg"), "charts are inline SVG")
    }

    /// With a format mix the ladder figure is what the model stored (rungs taller than a source are skipped),
    /// not the whole ladder's sum from the scenario.
    func testTheLadderFigureIsWhatTheModelStored() throws {
        let output = try VidsimExecutable.run(["run", "full-features.yaml", "--format", "json"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        let data = try Data(contentsOf: workspace.appendingPathComponent("reports/full-features/report.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let storage = try XCTUnwrap(json?["storage"] as? [String: Any])
        let perHour = try XCTUnwrap((storage["rendition_bytes_per_content_hour"] as? [String: Any])?["mean"] as? Double)
        let ladder = try XCTUnwrap(json?["ladder"] as? [String: Any])
        let rungs = try XCTUnwrap(ladder["rungs"] as? [[String: Any]])
        let wholeLadder = rungs.compactMap { $0["bitrate_bits_per_second"] as? Double }.reduce(0, +) * 3600 / 8
        XCTAssertLessThan(perHour, wholeLadder * 0.95, "sources shorter than the top rungs skip them")
        XCTAssertGreaterThan(perHour, 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("reports/full-features").path)
        XCTAssertEqual(files, ["report.json"], "--format json writes only report.json")
    }

    /// Steady state counts every upload started in the window; cold start only the files that arrived.
    func testDailyFiguresSteadyStateAgainstColdStart() throws {
        let scenario = try ScenarioLoader.load(path: VidsimExecutable.fixtures.appendingPathComponent("full-features.yaml").path)
        var cold = scenario
        cold.run.dailyFigures = .coldStart
        let results = try ContentPathSimulation.run(scenario, threads: 1)
        let steadyMetrics = RunMetrics(scenario: scenario, results: results)
        let coldMetrics = RunMetrics(scenario: cold, results: results)
        let key = "uploads.content_hours_per_day"
        XCTAssertEqual(steadyMetrics[key]?.values, results.map(\.contentHoursStartedPerDay))
        XCTAssertEqual(coldMetrics[key]?.values, results.map(\.contentHoursPerDay))
        // Uploads take time to arrive: in a window that starts empty, fewer files have arrived than started.
        XCTAssertLessThan(coldMetrics["storage.raw_bytes_per_day"]!.mean, steadyMetrics["storage.raw_bytes_per_day"]!.mean)
    }

    func testBadCommandLinesAreRefusedBeforeAnyRun() throws {
        let tooMany = try VidsimExecutable.run(["run", "base.yaml", "--replications", "20000"], in: workspace)
        XCTAssertEqual(tooMany.status, 64)
        XCTAssertTrue(tooMany.stderr.contains("--replications must be between 1 and 10000"), tooMany.stderr)
        let format = try VidsimExecutable.run(["run", "base.yaml", "--format", "pdf"], in: workspace)
        XCTAssertEqual(format.status, 64)
        XCTAssertTrue(format.stderr.contains("unknown report format 'pdf'"), format.stderr)

        // A file where the report folder should be: known before the run, nothing simulated.
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("blocked"), withIntermediateDirectories: true)
        try Data().write(to: workspace.appendingPathComponent("blocked/fixture-base"))
        let blocked = try VidsimExecutable.run(["run", "base.yaml", "--reports", "blocked"], in: workspace)
        XCTAssertEqual(blocked.status, 1)
        XCTAssertTrue(blocked.stderr.contains("it is a file, not a folder"), blocked.stderr)
        XCTAssertTrue(blocked.stdout.isEmpty, "no run summary: " + blocked.stdout)
    }

    /// Progress goes to stderr only when it is a terminal: a pipe gets nothing.
    func testNoProgressOnAPipe() throws {
        let output = try VidsimExecutable.run(["run", "base.yaml"], in: workspace)
        XCTAssertEqual(output.status, 0)
        XCTAssertEqual(output.stderr, "")
    }
}
