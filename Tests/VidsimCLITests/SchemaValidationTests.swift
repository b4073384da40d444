import Foundation
import XCTest

/// `vidsim schema` prints the shipped schema, and the shipped scenarios validate against it with Python's
/// jsonschema (scripts/validate-scenarios-schema.sh) while wrong files do not, as an editor would see them.
final class SchemaValidationTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let script = repository.appendingPathComponent("scripts/validate-scenarios-schema.sh")
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    func testSchemaCommandPrintsAndWritesTheShippedSchema() throws {
        let shipped = try String(contentsOf: Self.repository.appendingPathComponent("docs/scenario.schema.json"), encoding: .utf8)
        let printed = try VidsimExecutable.run(["schema"], in: workspace)
        XCTAssertEqual(printed.status, 0, printed.stderr)
        XCTAssertTrue(printed.stdout == shipped, "`vidsim schema` differs from docs/scenario.schema.json")

        let written = try VidsimExecutable.run(["schema", "--out", "out/scenario.schema.json"], in: workspace)
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(written.stdout, "")
        let file = try String(contentsOf: workspace.appendingPathComponent("out/scenario.schema.json"), encoding: .utf8)
        XCTAssertTrue(file == shipped, "`vidsim schema --out` differs from docs/scenario.schema.json")
    }

    func testShippedScenariosAndFixturesValidate() throws {
        try skipWithoutJSONSchema()
        let output = try runScript([])
        XCTAssertEqual(output.status, 0, output.stdout + output.stderr)
        for file in ["scenarios/starter.yaml", "scenarios/seed-youtube-day.yaml", "Fixtures/full-features.yaml", "Fixtures/override.yaml"] {
            XCTAssertTrue(output.stdout.contains("\(file): ok"), "expected '\(file): ok' in:\n\(output.stdout)")
        }
        XCTAssertTrue(output.stdout.contains(" 0 failed"), output.stdout)
    }

    /// A file the loader refuses is refused by the schema too, whether it is whole or extends another.
    func testWrongFilesFailValidation() throws {
        try skipWithoutJSONSchema()
        let base = workspace.appendingPathComponent("base.yaml").path
        let wrong: [(file: String, text: String, expected: String)] = [
            ("unknown-key.yaml", "extends: base.yaml\nname: unknown-key\nuploads:\n  rate: 1 hours/min\n  chunk_size: 10 MB\n",
             "'chunk_size' was unexpected"),
            ("bad-unit.yaml", "extends: base.yaml\nname: bad-unit\nladder:\n  rungs:\n    - { name: 360p, bitrate: 700 Kbsp }\n",
             "at ladder.rungs.0.bitrate: '700 Kbsp' is not valid"),
            ("bad-unit-whole.yaml", try String(contentsOfFile: base, encoding: .utf8)
                .replacingOccurrences(of: "horizon: 2 h", with: "horizon: 2 hrs"),
             "at run.horizon: '2 hrs' is not valid"),
            ("wrong-policy-parameter.yaml",
             "extends: base.yaml\nname: wrong-policy-parameter\ntranscode:\n  autoscaling: { policy: backlog, target_utilisation: 0.7, max: 100 }\n",
             "'target_utilisation' is not one of"),
        ]
        for (file, text, expected) in wrong {
            let path = workspace.appendingPathComponent(file).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let output = try runScript([path])
            XCTAssertNotEqual(output.status, 0, "\(file) should fail:\n\(output.stdout)")
            XCTAssertTrue(output.stdout.contains("\(path): invalid"), output.stdout)
            XCTAssertTrue(output.stdout.contains(expected), "expected '\(expected)' in:\n\(output.stdout)")
            // The loader agrees.
            let validate = try VidsimExecutable.run(["validate", file], in: workspace)
            XCTAssertEqual(validate.status, 65, "vidsim validate \(file): \(validate.stdout)")
        }
    }

    private func skipWithoutJSONSchema() throws {
        let probe = try run("/usr/bin/env", ["python3", "-c", "import jsonschema, yaml"])
        if probe.status != 0 { throw XCTSkip("python3 with jsonschema and pyyaml is not available") }
    }

    private func runScript(_ arguments: [String]) throws -> VidsimExecutable.Output {
        try run(Self.script.path, arguments)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> VidsimExecutable.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = Self.repository
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { throw XCTSkip("cannot run \(executable): \(error)") }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return VidsimExecutable.Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                                       stderr: String(decoding: err, as: UTF8.self))
    }
}
