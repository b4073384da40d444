import Foundation
import Synchronization
import XCTest

/// The docs cannot drift: every shipped scenario runs, every command README.md shows runs as shown, and every
/// complete scenario README.md shows validates and runs.
final class DocumentationTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    private var reports: URL!

    override func setUpWithError() throws {
        reports = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: reports) }

    /// README.md's fenced blocks of a language, in order.
    private func blocks(_ language: String) throws -> [String] {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        var result: [String] = []
        var current: [String]?
        for line in readme.components(separatedBy: "\n") {
            if current == nil, line == "```" + language {
                current = []
            } else if current != nil, line == "```" {
                result.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return result
    }

    /// Every scenario in scenarios/ runs to a report (one replication each, and as many at once as there are
    /// cores, to keep the suite short: the two YouTube days take minutes each).
    func testEveryShippedScenarioRuns() throws {
        let folder = Self.root.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 4)
        let reports = self.reports!, root = Self.root
        let outputs = Mutex<[String: Result<VidsimExecutable.Output, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let file = files[index]
            let output = Result {
                try VidsimExecutable.run(["run", "scenarios/\(file)", "--replications", "1", "--threads", "1",
                                          "--reports", reports.path], in: root)
            }
            outputs.withLock { $0[file] = output }
        }
        for file in files {
            let output = try XCTUnwrap(outputs.withLock { $0[file] }, file).get()
            XCTAssertEqual(output.status, 0, "\(file): \(output.stderr)")
            XCTAssertTrue(output.stdout.contains("PB/day"), file)
        }
        // The YouTube CDN day pins its 1,000 most popular videos: report.md checks that by Che.
        let markdown = try String(contentsOf: reports.appendingPathComponent("youtube-cdn-day/report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("The 1000 most popular videos are pinned (counted as edge hits at every site): by the Che "
                                        + "approximation"), markdown)
    }

    /// The commands in README.md's shell blocks, as a user would type them (with the report folder moved to a
    /// temporary one). Lines with a placeholder for the user's own files are listed here, not run.
    func testEveryCommandInTheReadmeRuns() throws {
        let placeholders = ["FILE", "~/videos", "DIR", "CLIPS", "REPORT.html", "OUT.png"]
        var ran = 0
        for block in try blocks("sh") {
            for line in block.components(separatedBy: "\n") {
                let command = line.components(separatedBy: "  #").first!.trimmingCharacters(in: .whitespaces)
                guard command.hasPrefix(".build/release/vidsim ") else { continue }
                if placeholders.contains(where: { command.contains($0) }) { continue }
                var arguments = command.dropFirst(".build/release/vidsim ".count).split(separator: " ").map(String.init)
                // Globs, as the shell would expand them.
                arguments = try arguments.flatMap { argument -> [String] in
                    guard argument.contains("*") else { return [argument] }
                    let directory = (argument as NSString).deletingLastPathComponent
                    let suffix = (argument as NSString).lastPathComponent.replacingOccurrences(of: "*", with: "")
                    return try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(directory).path)
                        .filter { $0.hasSuffix(suffix) }.sorted().map { "\(directory)/\($0)" }
                }
                // A shipped scenario run as-is is testEveryShippedScenarioRuns' work: the YouTube day once is enough.
                if arguments.first == "run", arguments.count == 2, arguments[1].hasPrefix("scenarios/") { continue }
                // Shards and their merge are SweepCommandTests' and ShardedRunTests' work (one shard alone cannot be merged).
                if arguments.first == "merge" || arguments.contains("--shard") { continue }
                if ["run", "compare", "sweep", "search"].contains(arguments.first) {
                    arguments += ["--reports", reports.path]
                    if !arguments.contains("--replications") { arguments += ["--replications", "1"] }
                }
                if arguments.first == "bench" { arguments += ["--seconds", "0.2", "--size", "640x360"] }
                if arguments.first == "ladder" { arguments += ["--size", "640x360", "--fps", "10", "--crf", "23,33,43"] }
                if arguments.first == "kernel-bench" { arguments += ["--customers", "100000"] }
                if let out = arguments.firstIndex(of: "--out") { arguments[out + 1] = reports.appendingPathComponent("out").path }
                let output = try VidsimExecutable.run(arguments, in: Self.root)
                XCTAssertEqual(output.status, 0, "README: \(command)\n\(output.stderr)")
                ran += 1
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 5, "README's commands were found")
    }

    /// Every complete scenario in README.md's YAML blocks (one with a name) validates and runs.
    func testEveryScenarioInTheReadmeRuns() throws {
        let scenarios = try blocks("yaml").filter { $0.contains("\nname: ") || $0.hasPrefix("name: ") }
        XCTAssertFalse(scenarios.isEmpty)
        for (index, yaml) in scenarios.enumerated() {
            let file = reports.appendingPathComponent("readme-\(index).yaml")
            try yaml.write(to: file, atomically: true, encoding: .utf8)
            let output = try VidsimExecutable.run(["run", file.path, "--replications", "1", "--reports", reports.path],
                                                  in: Self.root)
            XCTAssertEqual(output.status, 0, "README scenario \(index): \(output.stderr)")
        }
    }

    /// README's `work:` block is the shipped Remix launch's: laid over it, the scenario validates and is unchanged
    /// (the same report as the shipped file's, byte for byte, for a short run).
    func testTheReadmeWorkBlockIsTheRemixLaunchs() throws {
        let block = try XCTUnwrap(try blocks("yaml").first { $0.hasPrefix("work:") })
        let remix = Self.root.appendingPathComponent("scenarios/remix-launch.yaml").path
        let file = reports.appendingPathComponent("readme-work.yaml")
        // Two hours of it, without the zone's outage (at 43 h, past the short run's horizon).
        let short = "run: { horizon: 2 h }\nzones: { outages: [] }\n"
        // The block's calibration path is relative to the scenarios folder; this copy is elsewhere.
        let located = block.replacingOccurrences(of: "../calibration/", with: Self.root.appendingPathComponent("calibration").path + "/")
        try "extends: \(remix)\nname: remix-launch\n\(short)\(located)".write(to: file, atomically: true, encoding: .utf8)
        let shipped = reports.appendingPathComponent("remix-short.yaml")
        try "extends: \(remix)\n\(short)".write(to: shipped, atomically: true, encoding: .utf8)
        for (path, folder) in [(file.path, "readme"), (shipped.path, "shipped")] {
            let output = try VidsimExecutable.run(["run", path, "--replications", "1", "--format", "json", "--reports",
                                                   reports.appendingPathComponent(folder).path], in: Self.root)
            XCTAssertEqual(output.status, 0, output.stderr)
        }
        func work(_ folder: String) throws -> Any? {
            let data = try Data(contentsOf: reports.appendingPathComponent("\(folder)/remix-launch/report.json"))
            return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])["work"]
        }
        let readme = try XCTUnwrap(work("readme") as? NSDictionary), original = try XCTUnwrap(work("shipped") as? NSDictionary)
        XCTAssertEqual(readme, original, "README's work: block differs from scenarios/remix-launch.yaml's")
    }

    /// docs/report-figures.md is what `vidsim figures` prints from the figure catalogue.
    func testTheFigureReferenceIsGeneratedFromTheCatalogue() throws {
        let output = try VidsimExecutable.run(["figures"], in: Self.root)
        XCTAssertEqual(output.status, 0)
        let shipped = try String(contentsOf: Self.root.appendingPathComponent("docs/report-figures.md"), encoding: .utf8)
        XCTAssertEqual(shipped, output.stdout, "regenerate it: vidsim figures > docs/report-figures.md")
    }
}
