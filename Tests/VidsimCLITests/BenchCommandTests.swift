import Foundation
import XCTest

/// `vidsim bench` end to end: bad clips are named, the others still run, and no calibration is half-written.
final class BenchCommandTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws {
        workspace = try VidsimExecutable.workspace()
        // A truncated copy of the clip, and a file that is not video at all.
        let clip = try Data(contentsOf: workspace.appendingPathComponent("clip-160x90.mp4"))
        try clip.prefix(clip.count / 2).write(to: workspace.appendingPathComponent("truncated.mp4"))
        try Data("this is not a video\n".utf8).write(to: workspace.appendingPathComponent("notes.mp4"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    private func bench(_ arguments: [String]) throws -> VidsimExecutable.Output {
        try VidsimExecutable.run(["bench", "--scenario", "bench-ladder.yaml"] + arguments, in: workspace)
    }

    func testAGoodClipMeasuresAndWritesACalibration() throws {
        let output = try bench(["--clips", "clip-160x90.mp4", "--out", "calibration.json"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("clip-160x90.mp4: 160x90, 25 fps, 25 frames"), output.stdout)
        XCTAssertTrue(output.stdout.contains("calibration written to calibration.json"), output.stdout)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: workspace.appendingPathComponent("calibration.json"))) as? [String: Any]
        XCTAssertEqual(json?["vidsim_calibration_version"] as? Int, 1)
        let costs = try XCTUnwrap(json?["costs"] as? [[String: Any]])
        XCTAssertEqual(costs.map { $0["rung"] as? String }, ["72p", "90p"])
        XCTAssertTrue(output.stderr.isEmpty, "FFmpeg's own logging stays quiet: \(output.stderr)")
    }

    func testEachBadClipIsNamedTheOthersStillRunAndNoCalibrationIsWritten() throws {
        let output = try bench([
            "--clips", "missing.mp4", "notes.mp4", "truncated.mp4", "audio-only.wav", "clip-160x90.mp4",
            "--out", "calibration.json",
        ])
        XCTAssertEqual(output.status, 1)
        let errors = output.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(errors.contains { $0.hasPrefix("error: missing.mp4: ") && $0.contains("No such file or directory") }, output.stderr)
        XCTAssertTrue(errors.contains { $0.hasPrefix("error: notes.mp4: ") && $0.contains("Invalid data found") }, output.stderr)
        XCTAssertTrue(errors.contains { $0.hasPrefix("error: truncated.mp4: ") }, output.stderr)
        XCTAssertTrue(errors.contains { $0.hasPrefix("error: audio-only.wav: ") && $0.contains("no video stream") }, output.stderr)
        XCTAssertTrue(output.stdout.contains("clip-160x90.mp4: 160x90"), "the good clip still runs: \(output.stdout)")
        XCTAssertTrue(output.stderr.contains("calibration not written"), output.stderr)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.path).filter { $0.contains("calibration") }
        XCTAssertEqual(leftovers, [], "nothing half-written")
        XCTAssertFalse(output.stderr.contains("Fatal error"))
    }

    func testAnEncoderThisFFmpegLacksIsNamedAndTheOthersStillRun() throws {
        let output = try bench(["--clips", "clip-160x90.mp4", "--codec", "libx264", "libnosuchcodec", "--no-quality"])
        XCTAssertEqual(output.status, 1)
        XCTAssertTrue(output.stderr.contains("has no encoder 'libnosuchcodec'"), output.stderr)
        XCTAssertTrue(output.stdout.contains("libx264"), output.stdout)
    }

    func testBadOptionsAreUsageErrors() throws {
        let output = try VidsimExecutable.run(["bench", "--size", "100x33"], in: workspace)
        XCTAssertEqual(output.status, 64)
        XCTAssertTrue(output.stderr.contains("--size"), output.stderr)
        let generate = try VidsimExecutable.run(["bench", "--generate", "stil"], in: workspace)
        XCTAssertEqual(generate.status, 64)
        XCTAssertTrue(generate.stderr.contains("unknown generated clip 'stil'"), generate.stderr)
    }
}
