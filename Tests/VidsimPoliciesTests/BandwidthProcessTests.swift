import Foundation
import XCTest
import VidsimKernel
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// Bandwidth traces read in both formats, bad files named by line, and the processes' links.
final class BandwidthProcessTests: XCTestCase {
    private func file(_ text: String, name: String = "trace.txt") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func error(_ text: String, name: String = "trace.txt") throws -> BandwidthFileError? {
        let path = try file(text, name: name)
        do {
            _ = try BandwidthTrace.read(path: path)
            return nil
        } catch {
            return error
        }
    }

    /// Pensieve's cooked lines: each throughput holds from the previous line's time to its own.
    func testCookedTraceReadsAsPieces() throws {
        let trace = try BandwidthTrace.read(path: try file("0.0\t4.0\n0.5 2.0\n# a comment\n\n2.0\t1.0\n"))
        XCTAssertEqual(trace.pieces, [LinkPiece(bitsPerSecond: 2e6, seconds: 0.5), LinkPiece(bitsPerSecond: 1e6, seconds: 1.5)])
        XCTAssertEqual(trace.totalSeconds, 2)
        XCTAssertEqual(trace.meanBitsPerSecond, (2e6 * 0.5 + 1e6 * 1.5) / 2, accuracy: 1e-6)
    }

    func testSabreJSONReadsWithLatency() throws {
        let trace = try BandwidthTrace.read(path: try file(
            #"[{"duration_ms": 1000, "bandwidth_kbps": 5000, "latency_ms": 75}, {"duration_ms": 500, "bandwidth_kbps": 800}]"#,
            name: "net.json"))
        XCTAssertEqual(trace.pieces, [LinkPiece(bitsPerSecond: 5e6, seconds: 1, latencySeconds: 0.075),
                                      LinkPiece(bitsPerSecond: 8e5, seconds: 0.5)])
    }

    func testBadTracesAreNamedByLine() throws {
        XCTAssertEqual(try error("0 1\n1 2\nnonsense here\n")?.line, 3)
        XCTAssertTrue(try error("0 1\n1 2\nnonsense here\n")!.message.contains("expected a time"))
        XCTAssertEqual(try error("0 1\n1 abc\n")?.line, 2)
        XCTAssertEqual(try error("0 1\n5 2\n4 2\n")?.line, 3)
        XCTAssertTrue(try error("0 1\n5 2\n4 2\n")!.message.contains("backwards"))
        XCTAssertEqual(try error("0 1\n1 -3\n")?.line, 2)
        XCTAssertEqual(try error("0 1\n1 inf\n")?.line, 2)
        XCTAssertEqual(try error("0 1\n1\n")?.line, 2)
        XCTAssertTrue(try error("0 1\n")!.message.contains("covers no time"))
        XCTAssertTrue(try error("0 0\n1 0\n")!.message.contains("below 1 Kbit/s"))
        XCTAssertTrue(try error("[{\"duration_ms\": 10}]", name: "a.json")!.message.contains("entry 1: missing 'bandwidth_kbps'"))
        XCTAssertTrue(try error("[{\"duration_ms\": 10, \"bandwidth_kbps\": -1}]", name: "a.json")!.message.contains("entry 1"))
        XCTAssertTrue(try error("[1, 2", name: "a.json")!.message.contains("not valid JSON"))
        XCTAssertTrue(try error("\u{0}\u{1}\u{2}\u{3}")!.message.contains("expected"))
    }

    func testMissingFileAndEmptyFolder() throws {
        var process = TraceBandwidth(files: ["/nonexistent/trace.txt"])
        XCTAssertThrowsError(try process.load(relativeTo: "")) { error in
            XCTAssertTrue("\(error)".contains("no such trace file"))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = TraceBandwidth(files: [folder.path])
        XCTAssertThrowsError(try process.load(relativeTo: "")) { error in
            XCTAssertTrue("\(error)".contains("no trace files"))
        }
    }

    /// A trace link from a random offset goes through the rest of its piece, then loops.
    func testTraceLinkLoopsFromItsOffset() {
        let trace = BandwidthTrace(name: "t", pieces: [LinkPiece(bitsPerSecond: 1e6, seconds: 2), LinkPiece(bitsPerSecond: 2e6, seconds: 3)])
        var link = TraceBandwidth(traces: [trace], randomOffset: false).link(random: RandomStream(seed: 1))
        XCTAssertEqual((0..<5).map { _ in link.nextPiece().bitsPerSecond }, [1e6, 2e6, 1e6, 2e6, 1e6])
        let random = RandomStream(seed: 9)
        var offsetLink = TraceBandwidth(traces: [trace]).link(random: random)
        var covered = 0.0
        for _ in 0..<3 { covered += offsetLink.nextPiece().seconds }
        // Three pieces from an offset: the rest of one piece plus two whole ones, less than two loops.
        XCTAssertLessThan(covered, 10)
        XCTAssertGreaterThan(covered, 5)
    }

    /// A Markov link spends time in each state in proportion to its mean sojourn.
    func testMarkovLinkMatchesItsLongRunMean() {
        let process = MarkovBandwidth(states: [.init(rate: BitRate(bitsPerSecond: 300e3), sojourn: TimeSpan(seconds: 2)),
                                               .init(rate: BitRate(bitsPerSecond: 800e3), sojourn: TimeSpan(seconds: 6)),
                                               .init(rate: BitRate(bitsPerSecond: 500e3), sojourn: TimeSpan(seconds: 4))])
        var link = process.link(random: RandomStream(seed: 5))
        var bits = 0.0, seconds = 0.0
        for _ in 0..<200_000 {
            let piece = link.nextPiece()
            bits += piece.bitsPerSecond * piece.seconds
            seconds += piece.seconds
        }
        XCTAssertEqual(bits / seconds, process.meanBitsPerSecond, accuracy: 0.01 * process.meanBitsPerSecond)
        XCTAssertEqual(process.meanBitsPerSecond, (300e3 * 2 + 800e3 * 6 + 500e3 * 4) / 12, accuracy: 1e-6)
    }

    /// Parameters given on the command line go through the members' own checks.
    func testPolicyOptionsDecodeAndExplain() throws {
        let bba = try PolicyOptions.decode(ABRAlgorithms.registry, name: "bba", options: ["reservoir=5 s", "cushion=10s"], option: "--abr-option")
        XCTAssertEqual((bba as? BBAABR)?.reservoir, TimeSpan(seconds: 5))
        let mpc = try PolicyOptions.decode(ABRAlgorithms.registry, name: "mpc", options: ["robust=false", "horizon=3"], option: "--abr-option")
        XCTAssertEqual((mpc as? RobustMPCABR)?.robust, false)
        XCTAssertEqual((mpc as? RobustMPCABR)?.horizon, 3)
        func problem(_ name: String, _ options: [String]) -> String {
            do {
                _ = try PolicyOptions.decode(ABRAlgorithms.registry, name: name, options: options, option: "--abr-option")
                return ""
            } catch {
                return error.description
            }
        }
        XCTAssertTrue(problem("bolla", []).contains("did you mean 'bola'"))
        XCTAssertTrue(problem("bba", ["reservior=5s"]).contains("did you mean 'reservoir'"))
        XCTAssertTrue(problem("mpc", ["horizon=12"]).contains("horizon: expected a whole number from 1 to 8"))
        XCTAssertTrue(problem("rate", ["safety=1.5"]).contains("safety: expected a number in (0, 1]"))
        XCTAssertTrue(problem("rate", ["estimator=median"]).contains("expected harmonic or ewma"))
        XCTAssertTrue(problem("bba", ["reservoir"]).contains("expected NAME=VALUE"))
        XCTAssertTrue(problem("bba", ["reservoir=5 parsecs"]).contains("reservoir"))
        XCTAssertNotNil(BBAABR(reservoir: TimeSpan(seconds: 10), cushion: TimeSpan(seconds: 16)).problem(bufferSeconds: 26, rungs: 6))
        XCTAssertNil(BBAABR().problem(bufferSeconds: 26, rungs: 6))
        XCTAssertNotNil(BOLAABR().problem(bufferSeconds: 26, rungs: 10), "10 s + 2 s x 10 rungs is more than 26 s")
        XCTAssertNil(BOLAABR().problem(bufferSeconds: 26, rungs: 6))
        XCTAssertNotNil(RobustMPCABR().problem(bufferSeconds: 26, rungs: 30), "30^5 sequences")
        XCTAssertNil(RobustMPCABR().problem(bufferSeconds: 26, rungs: 6))
        // 254 rungs and a horizon of 8: 254^8 sequences, beyond Int: said, not trapped on.
        XCTAssertTrue(RobustMPCABR(horizon: 8).problem(bufferSeconds: 26, rungs: 254)?.contains("e+19 sequences") == true)
    }

    /// docs/players.md names every ABR algorithm and bandwidth process and every parameter of each, and says
    /// each one's default where it has one.
    func testEveryAlgorithmProcessAndParameterIsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let players = try String(contentsOf: root.appendingPathComponent("docs/players.md"), encoding: .utf8)
        let members = ABRAlgorithms.registry.members.map { ($0.name, $0.parameters) }
            + BandwidthProcesses.registry.members.map { ($0.name, $0.parameters) }
        for (name, parameters) in members {
            XCTAssertTrue(players.contains("`\(name)`"), "\(name) is not documented")
            for parameter in parameters {
                XCTAssertTrue(players.contains("`\(parameter.name)`"), "\(name).\(parameter.name) is not documented")
            }
        }
    }
}
