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
