import Foundation
import XCTest

/// `vidsim compare`: variants run with common random numbers and are paired replication by replication.
final class CompareCommandTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    /// The starter scenario against a bigger fleet: nothing the uploads did changes, exactly; the fleet and the
    /// waits do, and the paired intervals are narrower than unpaired ones would be.
    func testABiggerFleetLeavesUploadsExactlyUnchanged() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let starter = root.appendingPathComponent("scenarios/starter.yaml").path
        try """
            extends: \(starter)
            name: starter-bigger-fleet
            seed: 99
            transcode:
              workers: 400
            """.write(to: workspace.appendingPathComponent("bigger.yaml"), atomically: true, encoding: .utf8)
        let output = try VidsimExecutable.run(["compare", starter, "bigger.yaml"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stderr.contains("runs with the base's seed 1"), "a variant's own seed is overridden: " + output.stderr)
        XCTAssertTrue(output.stdout.contains("starter-bigger-fleet"), output.stdout)
        let folder = workspace.appendingPathComponent("reports/compare-starter")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(files, ["comparison.csv", "comparison.html", "comparison.json", "comparison.md"])

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("comparison.json"))) as? [String: Any]
        let variant = try XCTUnwrap((json?["variants"] as? [[String: Any]])?.first)
        func figure(_ key: String) throws -> [String: Any] {
            var node: Any? = variant["figures"]
            for part in key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
            return try XCTUnwrap(node as? [String: Any], key)
        }
        for key in ["uploads.uploads_per_day", "uploads.content_hours_per_day", "storage.raw_bytes_per_day",
                    "storage.rendition_bytes_per_day", "storage.total_bytes_per_day"] {
            let differences = try XCTUnwrap(try figure(key)["differences"] as? [Double])
            XCTAssertEqual(differences, Array(repeating: 0, count: 5), key)
        }
        XCTAssertEqual(try figure("transcode.mean_workers")["difference"] as? Double, 60)
        for key in ["transcode.utilisation", "transcode.time_to_publish.mean", "transcode.time_to_publish.p50",
                    "transcode.time_to_first_playable.mean"] {
            let entry = try figure(key)
            XCTAssertEqual(entry["significant"] as? Bool, true, key)
            let paired = try XCTUnwrap(entry["paired_ci95_half_width"] as? Double, key)
            let unpaired = try XCTUnwrap(entry["unpaired_ci95_half_width"] as? Double, key)
            XCTAssertLessThan(paired, unpaired, "\(key): pairing narrows the interval")
        }
        let markdown = String(decoding: try Data(contentsOf: folder.appendingPathComponent("comparison.md")), as: UTF8.self)
        XCTAssertTrue(markdown.contains("*exactly 0*"))
        XCTAssertTrue(markdown.contains("**significant**"))
    }

    func testCompareNeedsAVariant() throws {
        let output = try VidsimExecutable.run(["compare", "base.yaml"], in: workspace)
        XCTAssertEqual(output.status, 64)
        XCTAssertTrue(output.stderr.contains("at least one variant"), output.stderr)
    }
}
