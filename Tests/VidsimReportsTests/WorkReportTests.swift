import Foundation
import VidsimModels
import VidsimReports
import VidsimScenario
import XCTest

/// `work:` in the reports: a table by class and one by pool in report.md, and a warning, with each class's jobs
/// left waiting, when a pool did not keep up (its waits count only the jobs it started).
final class WorkReportTests: XCTestCase {
    private func metrics(editWorkers: Int, extra: String = "") throws -> RunMetrics {
        let yaml = """
            name: work-report
            seed: 4
            run: { horizon: 2 h, warm_up: 10 min, replications: 2 }
            uploads: { count: 1/min, duration: 1 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode: { workers: 4, cost_per_content_second: { 360p: 0.1 } }
            work:
              pools:
                - { name: edit pool, workers: \(editWorkers), price: $0.04/h }
                - { name: vms, kind: vm, workers: 2, price: $0.17/h }
              classes:
                - { name: edit, rate: 4/s, service: { distribution: exponential, mean: 500 ms }, pool: edit pool, objective: { latency: 2 s } }
                - { name: preview, rate: 0.2/s, service: 4 s, priority: 2, pool: vms }
            """ + extra
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("work.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(path: file.path)
        return RunMetrics(scenario: scenario, results: try ContentPathSimulation.run(scenario, threads: 2))
    }

    func testTheTablesNameEachClassAndPool() throws {
        let metrics = try metrics(editWorkers: 4)
        XCTAssertTrue(metrics.warnings.isEmpty, "\(metrics.warnings)")
        let markdown = MarkdownReport.text(metrics, timing: RunTiming(wallSeconds: 1, threads: 1, events: 1))
        XCTAssertTrue(markdown.contains("## Work classes and pools"), markdown)
        XCTAssertTrue(markdown.contains("| edit pool (container) | "), markdown)
        XCTAssertTrue(markdown.contains("| vms (vm) | "), markdown)
        // The preview class has no objective: its objective cells say so.
        let preview = try XCTUnwrap(markdown.split(separator: "\n").first { $0.hasPrefix("| preview |") })
        XCTAssertEqual(preview.components(separatedBy: "| none ").count - 1, 2, String(preview))
        XCTAssertEqual(try XCTUnwrap(metrics["work.pool.edit_pool.cost_per_day"]).mean, 4 * 0.04 * 24, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(metrics["cost.work_pools_per_day"]).mean, (4 * 0.04 + 2 * 0.17) * 24, accuracy: 1e-9)
        // Utilisation is the offered load: 4/s x 0.5 s on 4 workers.
        XCTAssertEqual(try XCTUnwrap(metrics["work.pool.edit_pool.utilisation"]).mean, 0.5, accuracy: 0.03)
        let html = String(decoding: try HTMLReport.render(metrics, timing: RunTiming(wallSeconds: 1, threads: 1, events: 1)), as: UTF8.self)
        XCTAssertTrue(html.contains("Work classes and pools") && html.contains("edit pool (container)"))
    }

    /// One worker for two workers' worth of edits: the queue grows all run, the report warns, and the jobs left
    /// waiting are the edit class's.
    func testAPoolThatDoesNotKeepUpIsWarnedAbout() throws {
        let metrics = try metrics(editWorkers: 1)
        let warning = try XCTUnwrap(metrics.warnings.first { $0.contains("a work pool did not keep up") }, "\(metrics.warnings)")
        XCTAssertTrue(warning.contains("waiting_at_end"), warning)
        XCTAssertGreaterThan(try XCTUnwrap(metrics["work.class.edit.waiting_at_end"]).mean, 1000)
        XCTAssertEqual(try XCTUnwrap(metrics["work.class.preview.waiting_at_end"]).mean, 0, accuracy: 2)
        // Finished jobs are at most the one worker's capacity (2 a second), well below the arrivals.
        XCTAssertLessThan(try XCTUnwrap(metrics["work.class.edit.completed_per_second"]).mean, 2.1)
        XCTAssertEqual(try XCTUnwrap(metrics["work.class.edit.arrivals_per_second"]).mean, 4, accuracy: 0.2)
    }

    /// A class starved by a more urgent one in its pool finishes nothing: its table row says so instead of
    /// showing waits of zero.
    func testAStarvedClassShowsNoneFinished() throws {
        let metrics = try metrics(editWorkers: 1, extra: """

                - { name: backlog, rate: 0.5/s, service: 1 s, priority: 9, pool: edit pool }
            """)
        XCTAssertEqual(try XCTUnwrap(metrics["work.class.backlog.completed_per_second"]).mean, 0)
        let table = WorkFigures.classTable(metrics)
        let row = try XCTUnwrap(table.rows.first { $0[0] == "backlog" })
        let wait = try XCTUnwrap(table.header.firstIndex(of: "wait, mean"))
        XCTAssertEqual(row[wait], "none finished")
    }

    /// A database's peak for a work class comes from the class's declared rate and daily shape, not from the
    /// mean over a run shorter than a day (which depends on the hours it covers).
    func testADatabasesPeakFromAWorkClassIsItsDeclaredPeak() throws {
        let metrics = try metrics(editWorkers: 4, extra: """

                - { name: shaped, rate: 1/s, diurnal: { peak_to_mean: 1.4, peak_hour: 15 }, service: 100 ms, pool: edit pool }
            databases:
              - { name: history, kind: nosql, node_capacity: 1000/s, load: [ { per: shaped, writes: 1 } ] }
            """)
        XCTAssertEqual(try XCTUnwrap(metrics["database.history.peak_writes_per_second"]).mean, 1.4, accuracy: 1e-12)
        // The run covers 00:10 to 02:00, far from the 15:00 peak: its mean is well below the declared 1/s.
        XCTAssertLessThan(try XCTUnwrap(metrics["work.class.shaped.arrivals_per_second"]).mean, 0.8)
    }
}
