import Foundation
import XCTest

/// `vidsim search` end to end: the answer, rerun as a plain scenario, meets the target while one step less does
/// not; a target out of reach and a wrong figure or target are said.
final class SearchCommandTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws {
        workspace = try VidsimExecutable.workspace()
        try FileManager.default.copyItem(at: SweepCommandTests.root.appendingPathComponent("scenarios/starter.yaml"),
                                         to: workspace.appendingPathComponent("starter.yaml"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    private func run(_ arguments: [String]) throws -> VidsimExecutable.Output {
        try VidsimExecutable.run(arguments, in: workspace)
    }

    /// The p95 time of a report's run, and its one-sided 95% upper bound (Student t, n - 1 degrees of freedom).
    private func p95(_ scenario: String, name: String) throws -> (mean: Double, upper: Double) {
        let output = try run(["run", scenario, "--replications", "3", "--reports", "runs", "--format", "json"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: workspace.appendingPathComponent("runs/\(name)/report.json")))
            as? [String: Any])
        let figure = try XCTUnwrap(((report["transcode"] as? [String: Any])?["time_to_publish"] as? [String: Any])?["p95"] as? [String: Any])
        let values = try XCTUnwrap(figure["values"] as? [Double])
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        return (mean, mean + 2.919_986 * sd / Double(values.count).squareRoot())   // t(0.95, 2)
    }

    /// The smallest starter fleet whose p95 time to publish stays under 20 minutes: rerun on its own (a scenario
    /// extending the starter, as search wrote it), it meets the target; with one worker less it does not.
    func testTheAnswerMeetsTheTargetAndOneStepLessDoesNot() throws {
        let output = try run(["search", "starter.yaml", "--field", "transcode.workers", "--from", "240", "--to", "400",
                              "--figure", "transcode.time_to_publish.p95", "--below", "20 min", "--replications", "3",
                              "--write-scenario", "answer.yaml"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let answerLine = try XCTUnwrap(output.stdout.split(separator: "\n").first { $0.hasPrefix("answer: transcode.workers = ") }, output.stdout)
        let workers = try XCTUnwrap(Int(answerLine.dropFirst("answer: transcode.workers = ".count).prefix { $0.isNumber }))
        XCTAssertTrue((250...330).contains(workers), "the evening peak needs about 315 workers: \(answerLine)")
        XCTAssertTrue(output.stdout.contains("one step less, transcode.workers = \(workers - 1)"), output.stdout)
        XCTAssertTrue(output.stdout.contains("confidence that its mean meets the target"), output.stdout)

        let written = try String(contentsOf: workspace.appendingPathComponent("answer.yaml"), encoding: .utf8)
        XCTAssertTrue(written.contains("extends: starter.yaml\nname: starter-workers-\(workers)\ntranscode:\n  workers: \(workers)\n"), written)
        let answer = try p95("answer.yaml", name: "starter-workers-\(workers)")
        XCTAssertLessThan(answer.upper, 20 * 60, "the answer meets the target")
        try written.replacingOccurrences(of: "workers: \(workers)", with: "workers: \(workers - 1)")
            .write(to: workspace.appendingPathComponent("less.yaml"), atomically: true, encoding: .utf8)
        let less = try p95("less.yaml", name: "starter-workers-\(workers)")
        XCTAssertGreaterThanOrEqual(less.upper, 20 * 60, "one worker less does not")
    }

    /// Out of reach: no value up to --to meets the target, said with the figure there, exit 1. A figure the
    /// scenario does not have, a target in the wrong unit and two targets are refused before anything runs.
    func testUnreachableTargetsAndWrongArgumentsAreSaid() throws {
        let unreachable = try run(["search", "starter.yaml", "--field", "transcode.workers", "--from", "100", "--to", "200", "--step", "50",
                                   "--figure", "transcode.time_to_publish.p95", "--below", "1 min", "--replications", "2"])
        XCTAssertEqual(unreachable.status, 1, unreachable.stderr)
        XCTAssertTrue(unreachable.stdout.contains("no value up to 200 meets the target"), unreachable.stdout)

        let cases: [([String], String)] = [
            (["--figure", "transcode.wait", "--below", "1 min"], "--figure: no figure is called 'transcode.wait'"),
            (["--figure", "transcode.time_to_publish.p95", "--below", "20 GB"], "--below: "),
            (["--figure", "transcode.time_to_publish.p95", "--below", "1 min", "--above", "2 min"], "give one target"),
            (["--figure", "transcode.time_to_publish.p95", "--below", "1 min", "--field", "transcode..workers"], "--field: expected a field path"),
            (["--figure", "transcode.utilisation", "--above", "60"], "--above: expected a share such as 90% or 0.9, found 60: write 60% for a percentage"),
            (["--figure", "transcode.utilisation", "--above", "60%", "--write-scenario", "starter.yaml"], "is a file the scenario is read from"),
        ]
        for (extra, expected) in cases {
            var arguments = ["search", "starter.yaml", "--from", "100", "--to", "200"] + extra
            if !extra.contains("--field") { arguments += ["--field", "transcode.workers"] }
            let output = try run(arguments)
            XCTAssertEqual(output.status, 64, "\(extra): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(expected), "\(expected) expected in: \(output.stderr)")
        }
    }
}
