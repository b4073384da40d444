import Foundation
import XCTest

/// `vidsim play` as a student runs it: the log, the comparison table, the formats, and its bad input.
final class PlayCommandTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func play(_ arguments: [String]) throws -> VidsimExecutable.Output {
        try VidsimExecutable.run(["play"] + arguments, in: Self.root)
    }

    /// The seed's rural viewer at 500 Kbps: the first segment at 240p, and the log's figures.
    func testRuralViewerLog() throws {
        let output = try play(["--bandwidth", "500 Kbps", "--abr", "rate", "--duration", "40 s"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let rows = output.stdout.components(separatedBy: "\n").filter {
            Int($0.split(separator: " ").first ?? "") != nil && $0.contains(" edge ")
        }
        XCTAssertEqual(rows.count, 10)
        XCTAssertTrue(rows[0].contains("240p"))
        // 150 KB at 475 Kbps of payload plus the edge's 20 ms: 2.546 s.
        XCTAssertTrue(rows[0].contains("2.546"), rows[0])
        XCTAssertTrue(output.stdout.contains("startup delay           2.600 s"), output.stdout)
    }

    /// Every algorithm over the shipped rural trace, one table, the same links.
    func testAllAlgorithmsCompareOnTheSameLink() throws {
        let output = try play(["--trace", "traces/bandwidth/rural-3g.txt", "--abr", "all", "--duration", "2 min", "--viewers", "2"])
        XCTAssertEqual(output.status, 0, output.stderr)
        for name in ["rate", "bba", "bola", "bola-e", "mpc"] {
            XCTAssertTrue(output.stdout.contains("\n\(name) "), name)
        }
        let again = try play(["--trace", "traces/bandwidth/rural-3g.txt", "--abr", "all", "--duration", "2 min", "--viewers", "2"])
        XCTAssertEqual(output.stdout, again.stdout, "the same seed plays the same sessions")
    }

    func testCSVAndJSON() throws {
        let csv = try play(["--markov", "300 Kbps/5 s,800 Kbps/5 s", "--abr", "bola", "--duration", "1 min", "--format", "csv",
                            "--cache", "cold"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 16)
        XCTAssertTrue(lines[0].hasPrefix("algorithm,viewer,segment,request_s"))
        XCTAssertTrue(lines[1].contains(",origin,"))
        let json = try play(["--bandwidth", "3 Mbps", "--abr", "mpc", "--duration", "1 min", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let tree = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let sessions = tree?["sessions"] as? [[String: Any]]
        XCTAssertEqual(sessions?.count, 1)
        XCTAssertEqual((sessions?.first?["segments"] as? [Any])?.count, 15)
    }

    /// A scenario's ladder, segment and tiers; a device cap.
    func testScenarioLadderAndDeviceCap() throws {
        let output = try play(["--scenario", "scenarios/seed-new-video.yaml", "--bandwidth", "50 Mbps", "--abr", "rate",
                               "--max-rung", "720p", "--duration", "1 min", "--cache", "cold"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertFalse(output.stdout.contains("1080p"))
        XCTAssertTrue(output.stdout.contains("origin 15"), output.stdout)
    }

    func testBadInputIsExplained() throws {
        let cases: [([String], String)] = [
            (["--abr", "bola"], "give the viewer's link"),
            (["--bandwidth", "5 Mbps", "--trace", "traces/bandwidth/rural-3g.txt"], "give the viewer's link"),
            (["--bandwidth", "5 parsecs"], "--bandwidth"),
            (["--bandwidth", "5 Mbps", "--abr", "bolla"], "did you mean 'bola'"),
            (["--bandwidth", "5 Mbps", "--abr", "bba", "--abr-option", "reservoir=40s"], "the highest rung is out of reach"),
            (["--bandwidth", "5 Mbps", "--abr", "rate,bba", "--abr-option", "horizon=3"], "none of rate, bba takes it"),
            (["--bandwidth", "5 Mbps", "--max-rung", "4k"], "no rung is called '4k'"),
            (["--bandwidth", "5 Mbps", "--max-buffer", "2 s"], "must hold at least one segment"),
            (["--bandwidth", "5 Mbps", "--duration", "1e12 h"], "--duration"),
            (["--bandwidth", "5 Mbps", "--watch", "2 h"], "--watch must be"),
            (["--bandwidth", "5 Mbps", "--cache", "lukewarm"], "--cache must be cold or warm"),
            (["--markov", "300 Kbps"], "rate/sojourn"),
            (["--trace", "traces/missing.txt"], "no such trace file"),
            (["--bandwidth", "5 Mbps", "--scenario", "scenarios/none.yaml"], "none.yaml"),
        ]
        for (arguments, expected) in cases {
            let output = try play(arguments)
            XCTAssertNotEqual(output.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue(output.stderr.contains(expected), "\(arguments.joined(separator: " ")): \(output.stderr)")
            XCTAssertFalse(output.stderr.contains("Fatal error"), output.stderr)
        }
    }

    /// A trace file with a bad line is named with the line.
    func testBadTraceNamesTheLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-play-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let trace = directory.appendingPathComponent("bad.txt")
        try "0 1\n1 2\n2 two\n".write(to: trace, atomically: true, encoding: .utf8)
        let output = try play(["--trace", trace.path])
        XCTAssertEqual(output.status, 65)
        XCTAssertTrue(output.stderr.contains("bad.txt:3: expected a throughput"), output.stderr)
    }

    /// Measured segment sizes from an HLS ladder (as `vidsim bench --keep` writes it): the log shows the real sizes.
    func testMeasuredSegmentsFromAnHLSLadder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-play-hls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            #EXTM3U
            #EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=700000
            360p.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=3200000,AVERAGE-BANDWIDTH=3000000
            720p.m3u8
            """.write(to: directory.appendingPathComponent("master.m3u8"), atomically: true, encoding: .utf8)
        for (name, sizes) in [("360p", [300_000, 420_000]), ("720p", [1_400_000, 1_700_000])] {
            try "#EXTM3U\n#EXTINF:4.0,\n\(name)_000.ts\n#EXTINF:4.0,\n\(name)_001.ts\n"
                .write(to: directory.appendingPathComponent("\(name).m3u8"), atomically: true, encoding: .utf8)
            for (index, bytes) in sizes.enumerated() {
                try Data(count: bytes).write(to: directory.appendingPathComponent("\(name)_00\(index).ts"))
            }
        }
        let output = try play(["--hls", directory.appendingPathComponent("master.m3u8").path, "--bandwidth", "20 Mbps",
                               "--abr", "rate", "--duration", "16 s"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("segment sizes measured"), output.stdout)
        // Segment 2 of 360p (the first segment is always the lowest rung) then 720p's measured 1.7 MB and 1.4 MB
        // (the two segments repeat over the 16 s).
        XCTAssertTrue(output.stdout.contains("300.0 KB"), output.stdout)
        XCTAssertTrue(output.stdout.contains("1.70 MB"), output.stdout)
        let broken = try play(["--hls", directory.appendingPathComponent("none.m3u8").path, "--bandwidth", "20 Mbps"])
        XCTAssertEqual(broken.status, 65)
        XCTAssertTrue(broken.stderr.contains("none.m3u8: cannot read the playlist"), broken.stderr)
    }
}
