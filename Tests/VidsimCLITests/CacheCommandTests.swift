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
