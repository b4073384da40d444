import Foundation
import XCTest

/// `vidsim sweep` and `vidsim merge` end to end: the shipped sweep of the starter's fleet moves as queueing theory
/// says; a sweep split into shards (separate processes) merges into the same bytes; mistakes are located.
final class SweepCommandTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    static var root: URL { VidsimExecutable.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    private func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> VidsimExecutable.Output {
        // No cluster scheduler's variables leak in from the machine running the tests.
        var environment = environment
        for name in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"] where environment[name] == nil {
            environment[name] = .some(nil)
        }
        return try VidsimExecutable.run(arguments, in: Self.root, environment: environment)
    }

    private func json(_ file: URL) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    }

    /// The shipped sweep (240 to 400 workers): the wait falls as the fleet grows, and the busy workers (the
    /// offered load, utilisation x workers) stay the same at every size, since every point sees the same
    /// uploads (common random numbers); the compute bill grows with the fleet.
    func testTheStarterFleetSweepMovesAsQueueingTheorySays() throws {
        let reports = workspace.appendingPathComponent("reports")
        let output = try run(["sweep", "scenarios/sweeps/starter-fleet.yaml", "--replications", "2", "--reports", reports.path])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("9 points x 2 replications of starter"), output.stdout)
        let folder = reports.appendingPathComponent("sweep-starter-fleet")
        let sweep = try json(folder.appendingPathComponent("sweep.json"))
        XCTAssertEqual(sweep["fields"] as? [String], ["transcode.workers"])
        let points = try XCTUnwrap(sweep["points"] as? [[String: Any]])
        XCTAssertEqual(points.compactMap { ($0["values"] as? [String: String])?["transcode.workers"] }, (0..<9).map { String(240 + 20 * $0) })
        func means(_ key: String) throws -> [Double] {
            try points.map { point in
                var node: Any? = point["figures"]
                for part in key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
                return try XCTUnwrap((node as? [String: Any])?["mean"] as? Double, key)
            }
        }
        let wait = try means("transcode.queue_wait.mean"), utilisation = try means("transcode.utilisation")
        let compute = try means("cost.compute_per_day")
        for index in 1..<9 {
            XCTAssertLessThanOrEqual(wait[index], wait[index - 1], "the wait falls as the fleet grows (\(240 + 20 * index) workers)")
            XCTAssertLessThan(utilisation[index], utilisation[index - 1])
            XCTAssertGreaterThan(compute[index], compute[index - 1])
        }
        XCTAssertGreaterThan(wait[0], 60 * wait[8] + 60, "an undersized fleet waits much longer")
        // Busy workers = utilisation x workers: the offered load (the same uploads at every size) wherever the
        // fleet keeps up (from 320 workers: the evening peak needs about 315); below, the fleet is saturated at
        // the peak and carries a backlog past the horizon, so it works less within the day than the load offered.
        let busy = utilisation.enumerated().map { $1 * Double(240 + 20 * $0) }
        for value in busy[4...] { XCTAssertEqual(value, busy[8], accuracy: 0.01 * busy[8]) }
        for value in busy[..<4] { XCTAssertLessThan(value, busy[8]) }
        for file in ["sweep.md", "sweep.csv", "sweep.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
        let markdown = try String(contentsOf: folder.appendingPathComponent("sweep.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("| transcode.workers | time to publish, p95 |"), markdown)
    }

    /// The same sweep split into 1, 3 and 7 shards, each shard a process of its own: merged, the reports are the
    /// same bytes as the sweep run in one process; a missing shard is named, with the command that runs it.
    func testShardsMergeIntoTheSameReport() throws {
        let sweep = "scenarios/sweeps/starter-fleet.yaml"
        let whole = workspace.appendingPathComponent("whole")
        XCTAssertEqual(try run(["sweep", sweep, "--replications", "2", "--reports", whole.path]).status, 0)
        let files = ["sweep.json", "sweep.md", "sweep.csv", "sweep.html"]
        for shards in [1, 3, 7] {
            let reports = workspace.appendingPathComponent("shards-\(shards)")
            for shard in 1...shards {
                let output = try run(["sweep", sweep, "--replications", "2", "--threads", "1", "--reports", reports.path, "--shard", "\(shard)/\(shards)"])
                XCTAssertEqual(output.status, 0, output.stderr)
                XCTAssertTrue(output.stdout.contains("shard \(shard) of \(shards)"), output.stdout)
            }
            let partials = reports.appendingPathComponent("sweep-starter-fleet/partials")
            let merged = try run(["merge", partials.path])
            XCTAssertEqual(merged.status, 0, merged.stderr)
            for file in files {
                XCTAssertEqual(try Data(contentsOf: reports.appendingPathComponent("sweep-starter-fleet/\(file)")),
                               try Data(contentsOf: whole.appendingPathComponent("sweep-starter-fleet/\(file)")), "\(file), \(shards) shards")
            }
            if shards == 7 {
                try FileManager.default.removeItem(at: partials.appendingPathComponent("shard-4-of-7.json"))
                let missing = try run(["merge", partials.path])
                XCTAssertEqual(missing.status, 1)
                let absolute = Self.root.appendingPathComponent(sweep).standardizedFileURL.path
                XCTAssertTrue(missing.stderr.contains("missing shard 4 of 7: run vidsim sweep \(absolute) --shard 4/7 --reports \(reports.path) --replications 2 --seed 1"),
                              missing.stderr)
            }
        }
    }

    /// The shard from a cluster scheduler: a Slurm array task (its id less the array's first) or a Kubernetes
    /// Indexed Job's index, counted from 1; a variable that cannot name a shard is refused.
    func testTheShardComesFromTheClusterScheduler() throws {
        let sweep = "scenarios/sweeps/starter-fleet.yaml"
        let reports = workspace.appendingPathComponent("cluster")
        let slurm = try run(["sweep", sweep, "--replications", "1", "--reports", reports.path],
                            environment: ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_COUNT": "4"])
        XCTAssertEqual(slurm.status, 0, slurm.stderr)
        XCTAssertTrue(slurm.stdout.contains("shard 3 of 4"), slurm.stdout)
        let kubernetes = try run(["sweep", sweep, "--replications", "1", "--reports", reports.path, "--shards", "5"],
                                 environment: ["JOB_COMPLETION_INDEX": "0"])
        XCTAssertEqual(kubernetes.status, 0, kubernetes.stderr)
        XCTAssertTrue(kubernetes.stdout.contains("shard 1 of 5"), kubernetes.stdout)
        let partial = try json(reports.appendingPathComponent("sweep-starter-fleet/partials/shard-1-of-5.json"))
        // 9 points x 1 replication dealt out to 5 shards: units 0 and 5.
        XCTAssertEqual((partial["units"] as? [[String: Any]])?.compactMap { $0["point"] as? Int }, [0, 5])

        let noCount = try run(["sweep", sweep, "--reports", reports.path], environment: ["JOB_COMPLETION_INDEX": "2"])
        XCTAssertEqual(noCount.status, 64, noCount.stderr)
        XCTAssertTrue(noCount.stderr.contains("--shards N"), noCount.stderr)
        let outside = try run(["sweep", sweep, "--reports", reports.path],
                              environment: ["SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"])
        XCTAssertEqual(outside.status, 64, outside.stderr)
        let badShard = try run(["sweep", sweep, "--shard", "4/3"])
        XCTAssertEqual(badShard.status, 64)
        XCTAssertTrue(badShard.stderr.contains("--shard must be I/N"), badShard.stderr)
    }

    /// A mistake in a sweep file, or in a value it gives a scenario, is reported at the sweep file's line.
    func testMistakesAreLocatedInTheSweepFile() throws {
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("sweeps"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("scenarios/starter.yaml"),
                                         to: workspace.appendingPathComponent("starter.yaml"))
        let cases: [(body: String, expected: String)] = [
            ("vary:\n  - { field: transcode.workers, values: [300, 340] }\n", "sweeps/bad.yaml:1:1: error: scenario: missing required field 'scenario'"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: transcode.workers, values: [300, -5] }\n",
             "sweeps/bad.yaml:3:47: error: transcode.workers: expected at least one worker"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: transcode.wokers, values: [300] }\n",
             "sweeps/bad.yaml:3:41: error: transcode.wokers: unknown field 'wokers' (did you mean 'workers'?)"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: 'transcode..workers', values: [300] }\n",
             "sweeps/bad.yaml:3:14: error: vary[0].field: expected a field path"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: 'ladder.rungs[9].bitrate', values: [1 Mbps] }\n",
             "sweeps/bad.yaml:3:50: error: ladder.rungs[9].bitrate: cannot set ladder.rungs[9].bitrate: ladder.rungs has 4 items"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: transcode.workers, from: 300, to: 200, step: 20 }\n",
             "sweeps/bad.yaml:3:48: error: vary[0].to: expected to: at least from: (300), found 200"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: seed, values: [1, 2] }\n", "seed cannot be varied"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: run, values: [{ horizon: 1 h, replications: 2 }] }\n",
             "run cannot be varied: every point runs the same replications"),
            ("scenario: ../starter.yaml\nvary:\n" + (1...5).map { "  - { field: x\($0), from: 1, to: 10000, step: 1 }\n" }.joined(),
             "sweeps/bad.yaml:3:3: error: vary: the grid has 1e+20 points"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: transcode.workers, from: 0, to: 1e15, step: 1e-5 }\n",
             "the range from 0 to 1e+15 in steps of 1e-05 has 1e+20 values: expected at most 10000"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: transcode.workers, values: [300] }\nfigures: [transcode.wait]\n",
             "sweeps/bad.yaml:4:11: error: figures[0]: no figure is called 'transcode.wait'"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: transcode.workers, values: [300] }\nmode: random\n",
             "sweeps/bad.yaml:4:7: error: mode: expected one of grid, one_at_a_time"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: transcode.workers, values: [300] }\nfigure: [x]\n",
             "sweeps/bad.yaml:4:1: error: figure: unknown field 'figure' in a sweep file"),
            ("scenario: ../starter.yaml\nvary:\n  - { field: transcode.workers, values: [300, 300] }\n", "the value 300 is given twice"),
            ("scenario: ../missing.yaml\nvary:\n  - { field: transcode.workers, values: [300] }\n", "missing.yaml:1:1: error: "),
        ]
        for (body, expected) in cases {
            try body.write(to: workspace.appendingPathComponent("sweeps/bad.yaml"), atomically: true, encoding: .utf8)
            let output = try VidsimExecutable.run(["sweep", "sweeps/bad.yaml", "--reports", "out"], in: workspace)
            XCTAssertEqual(output.status, 65, "\(body): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(expected), "\(expected) expected in: \(output.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("out/sweep-bad").path), "nothing written")
        }
    }

    /// One field at a time: each field's values with the other as the scenario has it; a value with a unit
    /// from a range, and a field a scenario does not write (created in its mapping) are read as written.
    func testOneAtATimeAndRangesWithUnits() throws {
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("scenarios/starter.yaml"),
                                         to: workspace.appendingPathComponent("starter.yaml"))
        try """
            scenario: starter.yaml
            mode: one_at_a_time
            replications: 1
            vary:
              - { field: transcode.workers, values: [300, 400] }
              - { field: uploads.rate, from: 1, to: 2, step: 0.5, unit: hours/min }
            figures: [transcode.utilisation, uploads.content_hours_per_day]
            """.write(to: workspace.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        let output = try VidsimExecutable.run(["sweep", "one.yaml", "--reports", "out"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        let sweep = try json(workspace.appendingPathComponent("out/sweep-one/sweep.json"))
        XCTAssertEqual(sweep["mode"] as? String, "one_at_a_time")
        let points = try XCTUnwrap(sweep["points"] as? [[String: Any]]).compactMap { $0["values"] as? [String: String] }
        XCTAssertEqual(points, [
            ["transcode.workers": "300", "uploads.rate": "(scenario)"], ["transcode.workers": "400", "uploads.rate": "(scenario)"],
            ["transcode.workers": "(scenario)", "uploads.rate": "1 hours/min"], ["transcode.workers": "(scenario)", "uploads.rate": "1.5 hours/min"],
            ["transcode.workers": "(scenario)", "uploads.rate": "2 hours/min"],
        ])
        let figures = try XCTUnwrap(sweep["points"] as? [[String: Any]]).map { $0["figures"] as? [String: Any] }
        func stored(_ point: Int) throws -> Double {
            try XCTUnwrap((((figures[point]?["uploads"] as? [String: Any])?["content_hours_per_day"]) as? [String: Any])?["mean"] as? Double)
        }
        // Content follows the upload rate, not the fleet: the same at 300 and 400 workers, twice at 2 hours/min what 1 gives.
        XCTAssertEqual(try stored(0), try stored(1))
        XCTAssertEqual(try stored(4) / stored(2), 2, accuracy: 0.15)
    }
}
