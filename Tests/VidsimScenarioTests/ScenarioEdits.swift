import Foundation
import XCTest
import VidsimScenario

/// A base scenario's YAML and the scenarios made by editing it, each written to a fresh folder and loaded: what
/// the tests of a section's mistakes need (the error an edit gives, located at its field and line).
struct ScenarioEdits {
    let base: String

    /// Loads `yaml` from a file of its own.
    func load(_ yaml: String) throws -> Scenario {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-edits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("s.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: url.path)
    }

    /// The error the base with `from` replaced by `to` gives; a test failure if the edit does not apply or the
    /// scenario loads.
    func error(_ from: String, _ to: String, file: StaticString = #filePath, line: UInt = #line) throws -> ScenarioError {
        let yaml = base.replacingOccurrences(of: from, with: to)
        XCTAssertNotEqual(yaml, base, "the edit applies", file: file, line: line)
        do {
            _ = try load(yaml)
        } catch let error as ScenarioError {
            return error
        }
        XCTFail("expected an error", file: file, line: line)
        throw CancellationError()
    }
}
