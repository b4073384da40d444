import Foundation
import XCTest

/// `vidsim assignment`: the seed's numbers (3,000 chunks and 80 minutes at line rate; 6 renditions and 12.375 GB;
/// 240p at 500 Kbps; a brand-new video's first segment slower by the miss path's round trips), the student's own
/// numbers, the three formats, and the documentation's copy of the whole output.
final class AssignmentCommandTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    private func assignment(_ arguments: [String]) throws -> VidsimExecutable.Output {
        try VidsimExecutable.run(["assignment"] + arguments, in: workspace)
    }

    func testTheSeedsNumbers() throws {
        let output = try assignment([])
        XCTAssertEqual(output.status, 0, output.stderr)
        // Words as read, whatever the line wrapping and the tables' padding.
        let text = collapsed(output.stdout)
        // Step 1: chunks and line rate, then a simulated distribution no faster than the line.
        XCTAssertTrue(text.contains("= 30 GB / 10 MB = 3,000 chunks"), text)
        XCTAssertTrue(text.contains("= 30 GB x 8 / 50 Mbps = 4,800 s = 80.0 min"), text)
        let mean = try XCTUnwrap(number(after: "mean of the simulated uploads", in: text))
        let p95 = try XCTUnwrap(number(after: "95% finish within", in: text))
        XCTAssertGreaterThan(mean, 80)
        XCTAssertGreaterThanOrEqual(p95, mean)
        // Step 2: six renditions, 12.375 GB.
        XCTAssertTrue(text.contains("6 renditions"), text)
        XCTAssertTrue(text.contains("all (sum) 27.5 Mbps 27.5 Mbps x 3,600 s / 8 12.375 GB"), text)
        XCTAssertTrue(text.contains("12.375 GB"), text)
        XCTAssertTrue(text.contains("5,400 files in all, and their sizes add up to 12.375 GB"), text)
        // Step 3: 240p at 500 Kbps; every algorithm played the same link.
        XCTAssertTrue(text.contains("choice = the highest rung at or below the budget = 240p at 300 Kbps (360p needs 700 Kbps)"), text)
        for algorithm in ["rate", "bba", "bola", "bola-e", "mpc"] { XCTAssertTrue(output.stdout.contains("\n    \(algorithm) "), algorithm) }
        // Step 4: the first viewer's first segment from the origin, 110 ms slower than the second viewer's from the edge.
        XCTAssertTrue(text.contains("extra wait on a miss = 130 ms - 20 ms = 110 ms per request"), text)
        XCTAssertTrue(text.contains("viewer 1 1 240p origin"), text)
        XCTAssertTrue(text.contains("viewer 2 1 240p edge"), text)
        XCTAssertTrue(text.contains(": 110 ms more, the miss path's extra round trips (110 ms)"), text)
    }

    /// The student's own numbers: a 5 GB file in 25 MB chunks over 20 Mbps, a 1080p source (no 2160p rung), a
    /// faster viewer.
    func testTheStudentsNumbers() throws {
        let output = try assignment(["--file-size", "5 GB", "--chunk-size", "25 MB", "--uplink", "20 Mbps", "--source-height", "1080",
                                     "--viewer-mean", "2 Mbps", "--viewer-low", "1 Mbps", "--viewer-high", "4 Mbps", "--uploads", "200"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let text = collapsed(output.stdout)
        XCTAssertTrue(text.contains("= 5 GB / 25 MB = 200 chunks"), text)
        XCTAssertTrue(text.contains("= 5 GB x 8 / 20 Mbps = 2,000 s = 33.3 min"), text)
        XCTAssertTrue(text.contains("5 renditions (1 rung is taller than the 1080-line source"), text)
        XCTAssertTrue(text.contains("= 480p at 1.5 Mbps (720p needs 3 Mbps)"), text)

        // A 720-line source: every step uses the four rungs made, none taller; a warm CDN says there was no miss.
        let capped = try assignment(["--source-height", "720", "--viewer-mean", "10 Mbps", "--viewer-low", "5 Mbps",
                                     "--viewer-high", "20 Mbps", "--uploads", "100", "--cache", "warm"])
        XCTAssertEqual(capped.status, 0, capped.stderr)
        let cappedText = collapsed(capped.stdout)
        XCTAssertTrue(cappedText.contains("= 720p at 3 Mbps"), cappedText)
        XCTAssertFalse(capped.stdout.contains("1080p"), "no rung taller than the source anywhere")
        XCTAssertTrue(cappedText.contains("With a warm CDN both viewers are served by the edge"), cappedText)
        // A viewer slower than the lowest rung: no rung fits, and the text says so.
        let slow = try assignment(["--viewer-mean", "200 Kbps", "--viewer-low", "100 Kbps", "--viewer-high", "300 Kbps", "--uploads", "100"])
        XCTAssertTrue(collapsed(slow.stdout).contains("choice = no rung fits the budget: the player falls back to the lowest, 240p"), slow.stdout)
    }

    func testMarkdownHTMLAndMistakes() throws {
        let markdown = try assignment(["--format", "markdown", "--uploads", "100", "--out", "assignment.md"])
        XCTAssertEqual(markdown.status, 0, markdown.stderr)
        let written = try String(contentsOf: workspace.appendingPathComponent("assignment.md"), encoding: .utf8)
        XCTAssertTrue(written.hasPrefix("# The assignment, step by step"), written)
        XCTAssertTrue(written.contains("## 4. A brand-new video: what happens on a cache miss?"), written)
        let html = try assignment(["--format", "html", "--uploads", "100"])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertTrue(html.stdout.contains("<table>") || html.stdout.contains("<table"), "a table")
        XCTAssertTrue(html.stdout.contains("<pre>"), "formulas")

        for (arguments, expected) in [
            (["--viewer-low", "600 Kbps"], "expected --viewer-low < --viewer-mean < --viewer-high"),
            (["--uplink", "0 Mbps"], "--uplink must be above zero"),
            (["--file-size", "30 parsecs"], "--file-size: "),
            (["--chunk-failure", "0.9"], "--chunk-failure must be from 0 to 0.5"),
            (["--chunk-size", "1 B", "--file-size", "1 PB"], "more than 100 million chunks"),
            (["--source-height", "100"], "no rung of the ladder fits a 100-line source"),
            (["--drops", "1000/s"], "--drops must be at most 3600/h"),
        ] {
            let output = try assignment(arguments)
            XCTAssertEqual(output.status, 64, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(expected), "\(expected) expected in: \(output.stderr)")
        }
    }

    /// docs/assignment.md shows the whole output with the defaults: it must be what vidsim prints.
    func testTheDocumentationShowsTheWholeOutput() throws {
        let root = VidsimExecutable.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/assignment.md"), encoding: .utf8)
        let start = try XCTUnwrap(doc.range(of: "<!-- output -->\n```text\n"))
        let end = try XCTUnwrap(doc.range(of: "```\n<!-- end of output -->", range: start.upperBound..<doc.endIndex))
        let output = try assignment([])
        XCTAssertEqual(String(doc[start.upperBound..<end.lowerBound]), output.stdout,
                       "regenerate docs/assignment.md's output block: vidsim assignment")
    }

    private func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    private func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " }
        return Double(rest.prefix { $0.isNumber || $0 == "." })
    }
}
