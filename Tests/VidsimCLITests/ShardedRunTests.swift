import Foundation
import XCTest

/// `vidsim run --shard` and `vidsim compare --shard`, then `vidsim merge`, end to end: shards (separate
/// processes) merge into the report one process writes, whatever the split; a missing shard, an edited scenario
/// and a damaged partial are said, never trapped on.
final class ShardedRunTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    private func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:]) throws -> VidsimExecutable.Output {
        // No cluster scheduler's variables leak in from the machine running the tests.
        var environment = environment
        for name in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"] where environment[name] == nil {
            environment[name] = .some(nil)
        }
        return try VidsimExecutable.run(arguments, in: directory ?? workspace, environment: environment)
    }

    private func contents(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// The line of report.md and the paragraph of report.html that say how long the run took (machine time,
    /// documented as such), removed; everything else must be the same bytes.
    private func withoutTiming(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains(" s of wall time") }.joined(separator: "\n")
    }

    /// A run with players (figures, series, distributions, a segment log) split into 1, 2 and 3 shards, each a
    /// process: merged, report.json and report.csv are the bytes of the run in one process, and report.md and
    /// report.html too but for the sentence on wall time, which says the shards' sum.
    func testARunSplitIntoShardsMergesIntoTheSameReport() throws {
        let whole = workspace.appendingPathComponent("whole")
        XCTAssertEqual(try run(["run", "shards-players.yaml", "--reports", whole.path]).status, 0)
        let expected = whole.appendingPathComponent("shards-players")
        for shards in [1, 2, 3] {
            let reports = workspace.appendingPathComponent("split-\(shards)")
            for shard in 1...shards {
                let output = try run(["run", "shards-players.yaml", "--threads", "1", "--reports", reports.path, "--shard", "\(shard)/\(shards)"])
                XCTAssertEqual(output.status, 0, output.stderr)
                XCTAssertTrue(output.stdout.contains("shard \(shard) of \(shards)"), output.stdout)
                // A shard writes its partial only: no report yet.
                XCTAssertFalse(FileManager.default.fileExists(atPath: reports.appendingPathComponent("shards-players/report.json").path))
            }
            let merged = try run(["merge", reports.appendingPathComponent("shards-players/partials").path])
            XCTAssertEqual(merged.status, 0, merged.stderr)
            XCTAssertTrue(merged.stdout.contains("vidsim merge: \(shards) shard"), merged.stdout)
            let folder = reports.appendingPathComponent("shards-players")
            for file in ["report.json", "report.csv"] {
                XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent(file)), try Data(contentsOf: expected.appendingPathComponent(file)),
                               "\(file), \(shards) shards")
            }
            for file in ["report.md", "report.html"] {
                let text = try contents(folder.appendingPathComponent(file))
                XCTAssertEqual(withoutTiming(text), withoutTiming(try contents(expected.appendingPathComponent(file))), "\(file), \(shards) shards")
                if shards > 1 { XCTAssertTrue(text.contains("summed over \(shards) shards run separately"), file) }
            }
        }
        // The players' parts are there to be compared: the chart of every session's QoE (the distributions merged
        // over replications) and the first replication's segment log.
        let report = try contents(expected.appendingPathComponent("report.html"))
        XCTAssertTrue(report.contains("aria-label=\"QoE distribution\"") && report.contains("aria-label=\"One session&#39;s buffer\""))
    }

    /// A comparison split into 4 shards (one of them given no replication of the variant): merged, the
    /// comparison's four files are the bytes of the comparison in one process. A missing shard is named with the
    /// command that runs it, from the folder the shards ran in.
    func testAComparisonSplitIntoShardsMergesIntoTheSameReport() throws {
        let files = ["shards-players.yaml", "shards-players-variant.yaml"]
        let whole = workspace.appendingPathComponent("whole")
        XCTAssertEqual(try run(["compare"] + files + ["--reports", whole.path]).status, 0)
        let reports = workspace.appendingPathComponent("split")
        for shard in 1...4 {
            let output = try run(["compare"] + files + ["--reports", reports.path, "--shard", "\(shard)/4"])
            XCTAssertEqual(output.status, 0, output.stderr)
        }
        let partials = reports.appendingPathComponent("compare-shards-players/partials")
        // Merged from another folder: the scenarios are read again from the one the shards ran in.
        let merged = try run(["merge", partials.path], in: FileManager.default.temporaryDirectory)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        for file in ["comparison.json", "comparison.md", "comparison.csv", "comparison.html"] {
            XCTAssertEqual(try Data(contentsOf: reports.appendingPathComponent("compare-shards-players/\(file)")),
                           try Data(contentsOf: whole.appendingPathComponent("compare-shards-players/\(file)")), file)
        }
        try FileManager.default.removeItem(at: partials.appendingPathComponent("shard-2-of-4.json"))
        let missing = try run(["merge", partials.path], in: FileManager.default.temporaryDirectory)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("missing shard 2 of 4: run cd \(workspace.path) && vidsim compare shards-players.yaml "
                                              + "shards-players-variant.yaml --shard 2/4 --reports \(reports.path) --replications 3 --seed 9"),
                      missing.stderr)
    }

    /// What cannot be merged is said, with the file: a scenario edited after the shards ran, shards of two
    /// splits, a run's shard among a sweep's, a damaged partial and one whose histograms are not this vidsim's.
    func testWhatCannotBeMergedIsSaid() throws {
        let reports = workspace.appendingPathComponent("reports")
        for shard in 1...2 {
            XCTAssertEqual(try run(["run", "shards-players.yaml", "--replications", "2", "--reports", reports.path, "--shard", "\(shard)/2"]).status, 0)
        }
        let partials = reports.appendingPathComponent("shards-players/partials")
        let first = partials.appendingPathComponent("shard-1-of-2.json"), second = partials.appendingPathComponent("shard-2-of-2.json")

        // Another split's shard.
        XCTAssertEqual(try run(["run", "shards-players.yaml", "--replications", "2", "--reports", reports.path, "--shard", "1/3"]).status, 0)
        let mixed = try run(["merge", first.path, second.path, partials.appendingPathComponent("shard-1-of-3.json").path])
        XCTAssertEqual(mixed.status, 1)
        XCTAssertTrue(mixed.stderr.contains("does not belong with") && mixed.stderr.contains("3 shards, not 2"), mixed.stderr)
        try FileManager.default.removeItem(at: partials.appendingPathComponent("shard-1-of-3.json"))

        // A damaged partial: cut short, then a histogram's bin out of range.
        let original = try Data(contentsOf: second)
        try original.prefix(original.count / 2).write(to: second)
        let cut = try run(["merge", partials.path])
        XCTAssertEqual(cut.status, 1)
        XCTAssertTrue(cut.stderr.contains("shard-2-of-2.json: not JSON (cut short?)"), cut.stderr)
        var text = String(decoding: original, as: UTF8.self)
        let bins = try XCTUnwrap(text.range(of: "\"weights\":[["))
        text.replaceSubrange(bins, with: "\"weights\":[[99999999,1],[")
        try Data(text.utf8).write(to: second)
        let bad = try run(["merge", partials.path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("shard-2-of-2.json: not a run's partial result") && bad.stderr.contains("bin"), bad.stderr)
        // Values no run measures, edited into every unit: each refused with the file named, no report written.
        let folder = reports.appendingPathComponent("shards-players")
        let edits: [(String, (inout [String: Any]) -> Void)] = [
            ("events", { $0["events"] = 1 << 62 }),
            ("rawBytesPerDay nan", { $0["rawBytesPerDay"] = "nan" }),
            ("beyond what a run measures", { $0["figures"] = ($0["figures"] as! [Any]).map { _ in 1e308 } }),
        ]
        for (expected, edit) in edits {
            var root = try XCTUnwrap(JSONSerialization.jsonObject(with: original) as? [String: Any])
            var units = try XCTUnwrap(root["units"] as? [[String: Any]])
            for index in units.indices {
                var measurement = try XCTUnwrap(units[index]["measurement"] as? [String: Any])
                edit(&measurement)
                units[index]["measurement"] = measurement
            }
            root["units"] = units
            try JSONSerialization.data(withJSONObject: root).write(to: second)
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("report.json"))
            let refused = try run(["merge", first.path, second.path])
            XCTAssertEqual(refused.status, 1, expected)
            XCTAssertTrue(refused.stderr.contains("shard-2-of-2.json: replication") && refused.stderr.contains(expected), refused.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.json").path), expected)
        }
        try original.write(to: second)
        XCTAssertEqual(try run(["merge", partials.path]).status, 0)

        // The scenario edited after the shards ran.
        let scenario = workspace.appendingPathComponent("shards-players.yaml")
        try (try contents(scenario)).replacingOccurrences(of: "views: 40,000/day", with: "views: 50,000/day").write(to: scenario, atomically: true, encoding: .utf8)
        let edited = try run(["merge", partials.path])
        XCTAssertEqual(edited.status, 1)
        XCTAssertTrue(edited.stderr.contains("has changed since the shards ran"), edited.stderr)
    }
}
