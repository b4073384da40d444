import Foundation
import XCTest

/// Every broken scenario gives one clear message with file:line:column and the field, exits 65, writes nothing.
final class BadInputTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    private func assertRejected(
        _ file: String, startsWith location: String, contains fragments: [String],
        line: UInt = #line
    ) throws {
        for command in ["run", "validate"] {
            let output = try VidsimExecutable.run([command, file], in: workspace)
            XCTAssertEqual(output.status, 65, "\(command) \(file): \(output.stderr)", line: line)
            let lines = output.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "one message, not several: \(output.stderr)", line: line)
            XCTAssertTrue(output.stderr.hasPrefix(location), "expected '\(location)...', got: \(output.stderr)", line: line)
            for fragment in fragments {
                XCTAssertTrue(output.stderr.contains(fragment), "expected '\(fragment)' in: \(output.stderr)", line: line)
            }
            XCTAssertFalse(output.stderr.contains("Fatal error"), line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("reports").path),
                           "no report may be written", line: line)
        }
    }

    func testYAMLSyntaxError() throws {
        try assertRejected("broken-syntax.yaml", startsWith: "broken-syntax.yaml:5:8: error: YAML syntax error",
                           contains: ["did not find expected ',' or ']'"])
    }

    func testUnknownKeySuggestsTheKnownOne() throws {
        try assertRejected("broken-unknown-key.yaml", startsWith: "broken-unknown-key.yaml:3:1: error: uplods: ",
                           contains: ["unknown field 'uplods'", "did you mean 'uploads'?"])
    }

    func testMisspeltUnit() throws {
        try assertRejected("broken-unit.yaml", startsWith: "broken-unit.yaml:6:30: error: ladder.rungs[1].bitrate: ",
                           contains: ["'Mbsp'", "did you mean 'Mbps'?"])
    }

    func testNegativeRate() throws {
        try assertRejected("broken-negative-rate.yaml", startsWith: "broken-negative-rate.yaml:4:9: error: uploads.rate: ",
                           contains: ["negative"])
    }

    func testMissingRequiredField() throws {
        try assertRejected("broken-missing-field.yaml", startsWith: "broken-missing-field.yaml:5:3: error: uploads.duration: ",
                           contains: ["missing required field 'duration'"])
    }

    func testExtendsOfAMissingFile() throws {
        try assertRejected("broken-extends-missing.yaml", startsWith: "broken-extends-missing.yaml:2:10: error: extends: ",
                           contains: ["no-such-base.yaml", "no such file"])
    }

    func testCircularExtends() throws {
        try assertRejected("broken-circular-a.yaml", startsWith: "broken-circular-b.yaml:1:10: error: extends: ",
                           contains: ["circular extends: broken-circular-a.yaml -> broken-circular-b.yaml -> broken-circular-a.yaml"])
    }

    func testCostForARungTheLadderLacks() throws {
        try assertRejected("broken-rung-cost.yaml",
                           startsWith: "broken-rung-cost.yaml:4:41: error: transcode.cost_per_content_second.720: ",
                           contains: ["no rung named '720'", "did you mean '720p'?"])
    }

    /// base.yaml with one line replaced, written into the workspace as `name`.
    private func variant(_ name: String, replacing line: String, with replacement: String) throws {
        let base = try String(contentsOf: workspace.appendingPathComponent("base.yaml"), encoding: .utf8)
        XCTAssertTrue(base.contains(line), line)
        try base.replacingOccurrences(of: line, with: replacement)
            .write(to: workspace.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func testMisspeltDailyFiguresSuggestsTheChoice() throws {
        try variant("typo-daily-figures.yaml", replacing: "  sample_interval: 30 min",
                    with: "  sample_interval: 30 min\n  daily_figures: steady")
        try assertRejected("typo-daily-figures.yaml", startsWith: "typo-daily-figures.yaml:8:18: error: run.daily_figures: ",
                           contains: ["expected one of steady-state, cold-start, found 'steady'", "(did you mean 'steady-state'?)"])
    }

    /// An upload's duration is held to 30 days: every message about one too long names 30 days, even when it
    /// is also beyond any duration's 1000 years.
    func testAnUploadTooLongNamesTheThirtyDayLimit() throws {
        let cases: [(file: String, duration: String, location: String, fragment: String)] = [
            ("upload-400-days.yaml", "400 day", "upload-400-days.yaml:10:13: error: uploads.duration: ",
             "expected upload durations within 30 days, found one in a billion uploads at 400 day or longer"),
            ("upload-wide.yaml", "{ distribution: lognormal, median: 3 day, sigma: 3 }", "upload-wide.yaml:10:13: error: uploads.duration: ",
             "expected upload durations within 30 days, found one in a billion uploads"),
            ("upload-huge.yaml", "{ distribution: uniform, low: 0 s, high: 1e300 s }", "upload-huge.yaml:10:54: error: uploads.duration.high: ",
             "'1e300 s' is too large: expected a duration of at most 30 days"),
        ]
        for (file, duration, location, fragment) in cases {
            try variant(file, replacing: "{ distribution: exponential, mean: 4 min }", with: duration)
            try assertRejected(file, startsWith: location, contains: [fragment])
            let output = try VidsimExecutable.run(["validate", file], in: workspace)
            XCTAssertFalse(output.stderr.contains("1000 years"), output.stderr)
        }
    }

    func testMissingScenarioFile() throws {
        try assertRejected("nowhere.yaml", startsWith: "nowhere.yaml:1:1: error: ", contains: ["cannot read the file"])
    }

    func testBadCommandLineIsAUsageError() throws {
        let output = try VidsimExecutable.run(["run", "base.yaml", "--replications", "0"], in: workspace)
        XCTAssertEqual(output.status, 64)
        XCTAssertTrue(output.stderr.contains("--replications must be between 1 and 10000"), output.stderr)
    }

    /// validate checks every file it is given and names each failure.
    func testValidateReportsEveryFile() throws {
        let output = try VidsimExecutable.run(["validate", "base.yaml", "broken-unit.yaml", "override.yaml"], in: workspace)
        XCTAssertEqual(output.status, 65)
        XCTAssertTrue(output.stdout.contains("base.yaml: ok"), output.stdout)
        XCTAssertTrue(output.stdout.contains("override.yaml: ok"), output.stdout)
        XCTAssertTrue(output.stderr.contains("broken-unit.yaml:6:30"), output.stderr)
    }
}
