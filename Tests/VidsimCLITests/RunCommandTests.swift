import Foundation
import XCTest

/// `vidsim run` end to end: the report is written, and the same scenario and seed give the same bytes.
final class RunCommandTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    private func report(_ name: String, _ file: String = "report.json") throws -> Data {
        try Data(contentsOf: workspace.appendingPathComponent("reports/\(name)/\(file)"))
    }

    func testRunWritesBothReportsAndASummary() throws {
        let output = try VidsimExecutable.run(["run", "base.yaml"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("renditions"), output.stdout)
        XCTAssertTrue(output.stdout.contains("PB/day"), output.stdout)
        let json = try JSONSerialization.jsonObject(with: report("fixture-base")) as? [String: Any]
        let storage = try XCTUnwrap(json?["storage"] as? [String: Any])
        // 1 content hour a minute x 3.7 Mbps: 1440 h/day x 3600 s x 3.7e6 / 8 B = 2.3976 TB/day.
        let renditions = try XCTUnwrap((storage["rendition_bytes_per_day"] as? [String: Any])?["mean"] as? Double)
        XCTAssertEqual(renditions, 2.3976e12, accuracy: 2.3976e12 * 0.05)
        let perContentHour = try XCTUnwrap(storage["rendition_bytes_per_content_hour"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(perContentHour["mean"] as? Double), 3.7e6 / 8 * 3600, accuracy: 1e-3)
        XCTAssertEqual((perContentHour["values"] as? [Double])?.count, 3, "one value per replication")
        let markdown = String(decoding: try report("fixture-base", "report.md"), as: UTF8.self)
        XCTAssertTrue(markdown.contains("# vidsim report: fixture-base"))
        XCTAssertTrue(markdown.contains("## Transcode fleet"))
        // Nothing half-written is left beside the reports.
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.appendingPathComponent("reports/fixture-base").path)
        XCTAssertEqual(files.sorted(), ["report.csv", "report.html", "report.json", "report.md"])
    }

    func testSameScenarioAndSeedGiveAByteIdenticalReportWhateverTheThreads() throws {
        XCTAssertEqual(try VidsimExecutable.run(["run", "base.yaml", "--threads", "1"], in: workspace).status, 0)
        let first = try report("fixture-base")
        XCTAssertEqual(try VidsimExecutable.run(["run", "base.yaml", "--threads", "2"], in: workspace).status, 0)
        XCTAssertEqual(try report("fixture-base"), first)
        XCTAssertEqual(try VidsimExecutable.run(["run", "base.yaml", "--threads", "3"], in: workspace).status, 0)
        XCTAssertEqual(try report("fixture-base"), first)
        XCTAssertEqual(try VidsimExecutable.run(["run", "base.yaml", "--seed", "5"], in: workspace).status, 0)
        XCTAssertNotEqual(try report("fixture-base"), first)
    }

    /// Autoscaling, spot interruptions, transfers, a format mix, split-and-stitch: still the same bytes.
    func testEveryFeatureAtOnceIsReproducibleWhateverTheThreads() throws {
        XCTAssertEqual(try VidsimExecutable.run(["run", "full-features.yaml", "--threads", "1"], in: workspace).status, 0)
        let first = try report("full-features")
        XCTAssertEqual(try VidsimExecutable.run(["run", "full-features.yaml", "--threads", "2"], in: workspace).status, 0)
        XCTAssertEqual(try report("full-features"), first)
        let markdown = String(decoding: try report("full-features", "report.md"), as: UTF8.self)
        for section in ["## Uploads", "## Storage over the months ahead", "## Metadata database", "## Cost"] {
            XCTAssertTrue(markdown.contains(section), section)
        }
        XCTAssertEqual(try VidsimExecutable.run(["run", "full-features.yaml", "--seed", "10"], in: workspace).status, 0)
        XCTAssertNotEqual(try report("full-features"), first)
    }

    func testExtendsOverridesOneFieldAndKeepsTheRest() throws {
        let output = try VidsimExecutable.run(["run", "override.yaml"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        let json = try JSONSerialization.jsonObject(with: report("fixture-override")) as? [String: Any]
        let transcode = try XCTUnwrap(json?["transcode"] as? [String: Any])
        XCTAssertEqual(transcode["workers"] as? Int, 120)
        let scenario = try XCTUnwrap(json?["scenario"] as? [String: Any])
        XCTAssertEqual(scenario["replications"] as? Int, 3)
        XCTAssertEqual(scenario["files"] as? [String], ["override.yaml", "base.yaml"])
    }

    func testHelpListsTheSubcommands() throws {
        let output = try VidsimExecutable.run(["--help"], in: workspace)
        XCTAssertEqual(output.status, 0)
        for command in ["run", "compare", "validate", "kernel-bench"] { XCTAssertTrue(output.stdout.contains(command), output.stdout) }
    }
}
