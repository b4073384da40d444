import Foundation
import XCTest

/// `vidsim cache` as a user runs it: replay, curve and zipf, and what a mistake gets.
final class CacheCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testASyntheticTraceReplaysAndItsCurveAgreesWithLRU() throws {
        let trace = directory.appendingPathComponent("z.oracleGeneral").path
        let written = try VidsimExecutable.run(["cache", "zipf", trace, "--objects", "5000", "--requests", "50000",
                                                "--median-size", "10000"], in: directory)
        XCTAssertEqual(written.status, 0, written.stderr)
        let csv = directory.appendingPathComponent("r.csv").path
        let replay = try VidsimExecutable.run(["cache", "replay", trace, "--policy", "lru,sieve,belady", "--size", "10%",
                                               "--csv", csv], in: directory)
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertTrue(replay.stdout.contains("sieve"), replay.stdout)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        XCTAssertEqual(rows.count, 4)
        let capacity = String(rows[1][1])
        let lruHit = Double(rows[1][4])!
        let curve = try VidsimExecutable.run(["cache", "curve", trace, "--size", capacity], in: directory)
        XCTAssertEqual(curve.status, 0, curve.stderr)
        XCTAssertTrue(curve.stdout.contains(String(format: "%.4f", lruHit)), "curve \(curve.stdout) vs LRU \(lruHit)")
        // The same trace as csv gives the same replay.
        let text = directory.appendingPathComponent("z.csv").path
        XCTAssertEqual(try VidsimExecutable.run(["cache", "zipf", text, "--objects", "5000", "--requests", "50000",
                                                 "--median-size", "10000"], in: directory).status, 0)
        let again = try VidsimExecutable.run(["cache", text, "--policy", "lru,sieve,belady", "--size", "10%"], in: directory)
        // Everything but the speed column.
        func ratios(_ text: String) -> [String] {
            text.split(separator: "\n").map { $0.split(separator: " ").dropLast().joined(separator: " ") }
        }
        XCTAssertEqual(ratios(again.stdout), ratios(replay.stdout))
    }

    func testMistakesAreExplained() throws {
        let trace = directory.appendingPathComponent("t.csv")
        try "1,1,100\n2,2,100\n3,x,\n".write(to: trace, atomically: true, encoding: .utf8)
        let broken = try VidsimExecutable.run(["cache", "replay", trace.path], in: directory)
        XCTAssertEqual(broken.status, 65)
        XCTAssertTrue(broken.stderr.contains("t.csv: line 3: obj_size"), broken.stderr)

        try "1,1,100\n2,2,100\n".write(to: trace, atomically: true, encoding: .utf8)
        let policy = try VidsimExecutable.run(["cache", "replay", trace.path, "--policy", "sieeve"], in: directory)
        XCTAssertEqual(policy.status, 64)
        XCTAssertTrue(policy.stderr.contains("did you mean 'sieve'"), policy.stderr)
        let size = try VidsimExecutable.run(["cache", "replay", trace.path, "--size", "0"], in: directory)
        XCTAssertEqual(size.status, 64)
        XCTAssertTrue(size.stderr.contains("at least 1 byte"), size.stderr)
        let missing = try VidsimExecutable.run(["cache", "curve", directory.appendingPathComponent("none.csv").path], in: directory)
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.stderr.contains("no such file"), missing.stderr)
    }
}

/// `vidsim cache trace`: a scenario's edge requests, written and replayed.
final class CacheTraceCommandTests: XCTestCase {
    func testOneSitesTraceIsWrittenAndReplays() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("cdn.yaml")
        try """
            name: cdn
            run: { horizon: 1 h }
            uploads: { count: 1/min, duration: 2 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 480p, bitrate: 1.5 Mbps }, { name: 720p, bitrate: 3 Mbps } ] }
            transcode: { workers: 10, cost_per_content_second: { 480p: 0.2, 720p: 0.4 } }
            delivery:
              catalog: { videos: 5000, zipf_alpha: 0.9 }
              views: 2/s
              watched: 0.5
              regions: [ { name: here, edge_sites: 2, edge_cache: 5 GB }, { name: there, edge_cache: 5 GB } ]
              edge: { policy: lru }
            """.write(to: scenario, atomically: true, encoding: .utf8)
        let trace = directory.appendingPathComponent("here-1.csv").path
        let written = try VidsimExecutable.run(["cache", "trace", scenario.path, trace, "--region", "here", "--site", "1"], in: directory)
        XCTAssertEqual(written.status, 0, written.stderr)
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "time,obj_id,obj_size")
        // About a third of the views (one site of two in a region holding half of them) for an hour, each a
        // manifest and about half a 2-minute video in 4 s segments.
        XCTAssertGreaterThan(lines.count, 3_600 / 2 * 2 / 4 * 10)
        // It replays as any trace does (that the hit ratio is the run's own is DeliveryPathTests' check).
        let replay = try VidsimExecutable.run(["cache", "replay", trace, "--policy", "lru", "--size", "5GB", "--threads", "1"],
                                              in: directory)
        XCTAssertEqual(replay.status, 0, replay.stderr)
        let wrong = try VidsimExecutable.run(["cache", "trace", scenario.path, trace, "--region", "hre"], in: directory)
        XCTAssertEqual(wrong.status, 64)
        XCTAssertTrue(wrong.stderr.contains("did you mean 'here'"), wrong.stderr)
    }
}
