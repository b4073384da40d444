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

    /// With `work:`, the summary has a line per class (latency and objective) and per pool (size, load and cost).
    func testTheSummarySaysEachWorkClassAndPool() throws {
        try """
            extends: base.yaml
            work:
              pools: [ { name: edit-containers, workers: 4, price: $0.04/h } ]
              classes:
                - { name: edit, rate: 1/s, service: { distribution: exponential, mean: 1 s }, pool: edit-containers, objective: { latency: 30 s } }
                - { name: never, rate: 1/s, service: 1 s, pool: edit-containers, objective: { latency: 1 ms, percentile: 50 } }
            """.write(to: workspace.appendingPathComponent("work.yaml"), atomically: true, encoding: .utf8)
        let output = try VidsimExecutable.run(["run", "work.yaml", "--replications", "1"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let edit = try XCTUnwrap(lines.first { $0.hasPrefix("  class edit ") }, output.stdout)
        XCTAssertTrue(edit.contains("latency mean ") && edit.contains("within 30 s (objective 99%, met)"), edit)
        let never = try XCTUnwrap(lines.first { $0.hasPrefix("  class never ") }, output.stdout)
        XCTAssertTrue(never.contains("% within 1 ms (objective 50%, missed)"), never)
        let pool = try XCTUnwrap(lines.first { $0.hasPrefix("  pool edit-containers ") }, output.stdout)
        XCTAssertTrue(pool.contains("workers on average (peak 4)") && pool.hasSuffix("$3.84/day"), pool)
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

    /// `--format` writes only some reports: the earlier run's reports of other formats go (once the new ones are
    /// written), and nothing else in the folder is touched.
    func testARunRemovesTheEarlierRunsReportsOfOtherFormats() throws {
        XCTAssertEqual(try VidsimExecutable.run(["run", "base.yaml"], in: workspace).status, 0)
        let folder = workspace.appendingPathComponent("reports/fixture-base")
        let manager = FileManager.default
        // The user's own files beside the reports, and a report name that is a link to a file elsewhere.
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Data("mine".utf8).write(to: folder.appendingPathComponent("report.pdf"))
        try Data("mine".utf8).write(to: folder.appendingPathComponent("report.md.orig"))
        try manager.createDirectory(at: folder.appendingPathComponent("charts"), withIntermediateDirectories: true)
        let target = workspace.appendingPathComponent("kept.html")
        try Data("elsewhere".utf8).write(to: target)
        try manager.removeItem(at: folder.appendingPathComponent("report.html"))
        try manager.createSymbolicLink(at: folder.appendingPathComponent("report.html"), withDestinationURL: target)
        let oldMarkdown = try report("fixture-base", "report.md")

        let output = try VidsimExecutable.run(["run", "base.yaml", "--format", "md", "--seed", "9"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: folder.path).sorted(),
                       ["charts", "notes.txt", "report.md", "report.md.orig", "report.pdf"])
        XCTAssertNotEqual(try report("fixture-base", "report.md"), oldMarkdown, "the new report.md")
        XCTAssertEqual(try Data(contentsOf: target), Data("elsewhere".utf8), "a link is removed, not what it points to")
        XCTAssertTrue(output.stdout.contains("  report              reports/fixture-base/report.md\n"), output.stdout)
        for name in ["report.json", "report.csv", "report.html"] {
            XCTAssertTrue(output.stdout.contains("reports/fixture-base/\(name)"), "\(name) said removed: \(output.stdout)")
        }
        XCTAssertTrue(output.stdout.contains("  removed             "), output.stdout)

        // Nothing stale left: nothing said removed.
        let again = try VidsimExecutable.run(["run", "base.yaml", "--format", "md", "json"], in: workspace)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(again.stdout.contains("removed"), again.stdout)
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: folder.path).sorted(),
                       ["charts", "notes.txt", "report.json", "report.md", "report.md.orig", "report.pdf"])
    }

    func testTheFormatHelpSaysOtherFormatsAreRemoved() throws {
        let output = try VidsimExecutable.run(["run", "--help"], in: workspace)
        XCTAssertEqual(output.status, 0)
        let help = output.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(help.contains("the report files of the other formats (report.json, report.md, report.csv, report.html) an earlier run left in the report folder are removed"), help)
    }

    /// "1 replication", "1 thread": never "1 replications".
    func testOneReplicationOnOneThreadReadsInTheSingular() throws {
        let output = try VidsimExecutable.run(["run", "base.yaml", "--replications", "1", "--threads", "1"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("fixture-base, 1 replication of 2 h"), output.stdout)
        XCTAssertTrue(output.stdout.contains("on 1 thread)"), output.stdout)
        let markdown = String(decoding: try report("fixture-base", "report.md"), as: UTF8.self)
        let html = String(decoding: try report("fixture-base", "report.html"), as: UTF8.self)
        XCTAssertTrue(markdown.contains("Figures are means over 1 replication (run more"), markdown)
        XCTAssertTrue(markdown.contains("s of wall time on 1 thread:"), markdown)
        XCTAssertTrue(html.contains("Means over 1 replication."), html)
        for text in [output.stdout, markdown, html] {
            for plural in ["1 replications", "1 threads", " 1 workers", " 1 events", " 1 vCPUs"] {
                XCTAssertFalse(text.contains(plural), plural)
            }
        }
    }

    /// Every "value ± spread" in report.md, report.html, comparison.md and both summaries: the spread with the
    /// value's decimal places and unit, or two significant digits where those places would round it to zero.
    func testEveryIntervalIsWrittenWithItsValuesDecimalPlaces() throws {
        let run = try VidsimExecutable.run(["run", "full-features.yaml", "--replications", "3"], in: workspace)
        XCTAssertEqual(run.status, 0, run.stderr)
        let compare = try VidsimExecutable.run(["compare", "base.yaml", "override.yaml"], in: workspace)
        XCTAssertEqual(compare.status, 0, compare.stderr)
        var pairs: [(value: String, spread: String)] = []
        let markdown = String(decoding: try report("full-features", "report.md"), as: UTF8.self)
        let html = String(decoding: try report("full-features", "report.html"), as: UTF8.self)
        for line in markdown.split(separator: "\n") where line.hasPrefix("|") {
            for cell in line.split(separator: "|") where cell.contains(" ± ") {
                let parts = cell.components(separatedBy: " ± ")
                pairs.append((parts[0], parts[1]))
            }
        }
        for cell in html.components(separatedBy: "<td class=\"num\">").dropFirst() {
            let text = cell.components(separatedBy: "</td>")[0]
            if text.contains(" ± ") { pairs.append((text.components(separatedBy: " ± ")[0], text.components(separatedBy: " ± ")[1])) }
        }
        let comparison = String(decoding: try report("compare-fixture-base", "comparison.md"), as: UTF8.self)
        for line in comparison.split(separator: "\n") where line.hasPrefix("|") && !line.contains("exactly 0") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 6, cells[4].hasPrefix("± ") else { continue }
            pairs.append((cells[3], String(cells[4].dropFirst(2))))
            if cells[5].hasPrefix("± ") { pairs.append((cells[3], String(cells[5].dropFirst(2)))) }
        }
        // "  renditions   0.01448 ± 0.00018 PB/day (...)", "    compute   -$12.07/day ± $0.12", "... +84.6 events ± 15.6".
        for line in (run.stdout + "\n" + compare.stdout).split(separator: "\n") where line.contains(" ± ") {
            let parts = line.components(separatedBy: " ± ")
            let before = parts[0].split(separator: " ")
            let start = try XCTUnwrap(before.lastIndex { $0.contains(where: \.isNumber) }, line.description)
            pairs.append((before[start...].joined(separator: " "), String(parts[1].split(separator: " ")[0])))
        }
        XCTAssertGreaterThan(pairs.count, 50, "intervals found")
        let number = try NSRegularExpression(pattern: "[0-9][0-9,]*(\\.([0-9]+))?( ?([^ /0-9(]+))?")
        func layout(_ text: String) -> (text: String, decimals: Int, unit: String)? {
            guard let match = number.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
            func group(_ index: Int) -> String {
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
            let whole = group(0).trimmingCharacters(in: .whitespaces)
            let unit = group(4)
            return (String(whole.dropLast(unit.count)).trimmingCharacters(in: .whitespaces), group(2).count, unit)
        }
        for (value, spread) in pairs {
            guard let v = layout(value), let s = layout(spread) else {
                XCTFail("no number in '\(value) ± \(spread)'")
                continue
            }
            let context = "'\(value) ± \(spread)'"
            if s.decimals != v.decimals {
                // Only a spread the value's places would round to zero has more places, and then two significant digits.
                XCTAssertGreaterThan(s.decimals, v.decimals, context)
                let spreadValue = try XCTUnwrap(Double(s.text.replacingOccurrences(of: ",", with: "")), context)
                XCTAssertEqual(Double(String(format: "%.\(v.decimals)f", spreadValue)), 0, context)
                XCTAssertLessThanOrEqual(s.text.drop { $0 == "0" || $0 == "." }.count, 2, context)
            }
            if !s.unit.isEmpty { XCTAssertEqual(s.unit, v.unit, context) }
            XCTAssertEqual(spread.hasPrefix("$"), value.contains("$"), context)
        }
    }

    func testHelpListsTheSubcommands() throws {
        let output = try VidsimExecutable.run(["--help"], in: workspace)
        XCTAssertEqual(output.status, 0)
        for command in ["run", "compare", "validate", "kernel-bench"] { XCTAssertTrue(output.stdout.contains(command), output.stdout) }
    }
}
