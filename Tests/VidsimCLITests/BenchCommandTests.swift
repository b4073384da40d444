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
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.path).filter { $0.contains("calibration.json") }
        XCTAssertEqual(leftovers, [], "nothing half-written")
        XCTAssertFalse(output.stderr.contains("Fatal error"))
    }

    func testAnUnknownCodecIsAUsageErrorNamingTheKnownOnes() throws {
        let output = try bench(["--clips", "clip-160x90.mp4", "--codec", "libx264", "libnosuchcodec", "--no-quality"])
        XCTAssertEqual(output.status, 64)
        XCTAssertTrue(output.stderr.contains("unknown codec 'libnosuchcodec': vidsim knows libx264, libx265, libvpx-vp9, libsvtav1"), output.stderr)
        try write("ladder:\n  codec: libaom-av1\n", over: "bench-ladder.yaml", replacing: "ladder:\n  codec: libx264\n", to: "aom.yaml")
        let scenario = try VidsimExecutable.run(["bench", "--scenario", "aom.yaml"], in: workspace)
        XCTAssertEqual(scenario.status, 65)
        XCTAssertTrue(scenario.stderr.contains("ladder.codec: unknown codec 'libaom-av1': vidsim knows libx264"), scenario.stderr)
    }

    /// A codec gets the same default preset whether it is named with --codec or by a scenario's ladder.codec.
    func testACodecGetsTheSameDefaultPresetFromTheCommandLineAndFromAScenario() throws {
        let vp9 = "libvpx-vp9"
        let fromOption = try bench(["--clips", "clip-160x90.mp4", "--codec", vp9, "--no-quality"])
        if fromOption.stderr.contains("has no encoder '\(vp9)'") { throw XCTSkip("this FFmpeg has no \(vp9)") }
        XCTAssertEqual(fromOption.status, 0, fromOption.stderr)
        try write("ladder:\n  codec: \(vp9)\n  rungs:", over: "bench-ladder.yaml",
                  replacing: "ladder:\n  codec: libx264\n  preset: veryfast\n  rungs:", to: "vp9.yaml")
        let fromScenario = try VidsimExecutable.run(["bench", "--scenario", "vp9.yaml", "--clips", "clip-160x90.mp4", "--no-quality"],
                                                    in: workspace)
        XCTAssertEqual(fromScenario.status, 0, fromScenario.stderr)
        for output in [fromOption, fromScenario] {
            let rows = output.stdout.split(separator: "\n").filter { $0.contains(vp9) }
            XCTAssertEqual(rows.count, 2, output.stdout)
            XCTAssertTrue(rows.allSatisfy { $0.split(separator: " ").map(String.init).contains("4") }, "VP9's cpu-used 4: \(output.stdout)")
        }
    }

    /// A 64x28 clip (2.29:1) in a 32x18 rung is 32x14, not stretched to 32x18; quality is still measured.
    func testASourceOfAnotherShapeIsFittedInsideTheRung() throws {
        try write("""
            - { name: 18p, width: 32, height: 18, bitrate: 40 Kbps }
            - { name: 28p, height: 28, bitrate: 60 Kbps }
        """, over: "bench-ladder.yaml", replacing: """
            - { name: 72p, width: 128, height: 72, bitrate: 80 Kbps }
            - { name: 90p, width: 160, height: 90, bitrate: 120 Kbps }
        """, to: "small-ladder.yaml")
        try write("{ 18p: 0.01, 28p: 0.02 }", over: "small-ladder.yaml", replacing: "{ 72p: 0.01, 90p: 0.02 }",
                  to: "small-ladder.yaml")
        let output = try VidsimExecutable.run(
            ["bench", "--scenario", "small-ladder.yaml", "--clips", "clip-64x28.mp4", "--out", "calibration.json"], in: workspace)
        XCTAssertEqual(output.status, 0, output.stderr)
        let row = try XCTUnwrap(output.stdout.split(separator: "\n").first { $0.contains("18p") }, output.stdout)
        XCTAssertTrue(row.contains("32x14"), "the real encoded size: \(row)")
        XCTAssertTrue(output.stdout.split(separator: "\n").contains { $0.contains("28p") && $0.contains("64x28") }, output.stdout)
        let cells = row.split(separator: " ")
        XCTAssertTrue(cells.count == 10 && cells.suffix(2).allSatisfy { Double($0) != nil },
                      "PSNR and SSIM are measured: \(row)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: workspace.appendingPathComponent("calibration.json"))) as? [String: Any]
        let costs = try XCTUnwrap(json?["costs"] as? [[String: Any]])
        XCTAssertEqual(costs.first?["width"] as? Int, 32)
        XCTAssertEqual(costs.first?["height"] as? Int, 14)
        XCTAssertNotNil(costs.first?["psnr"], "quality measured against the source at its own size")
    }

    func testAFolderWithNoVideoIsNamed() throws {
        let empty = workspace.appendingPathComponent("empty")
        let notes = workspace.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try Data("not a video\n".utf8).write(to: notes.appendingPathComponent("readme.txt"))
        let output = try bench(["--clips", "empty", "--no-quality"])
        XCTAssertEqual(output.status, 1)
        XCTAssertTrue(output.stderr.contains("error: empty: no video files found"), output.stderr)
        let withNotes = try bench(["--clips", "notes", "--out", "calibration.json"])
        XCTAssertEqual(withNotes.status, 1)
        XCTAssertTrue(withNotes.stderr.contains("error: notes: no video files found (1 other file ignored"), withNotes.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("calibration.json").path))
        // A folder's videos are taken, its other files left alone.
        try FileManager.default.copyItem(at: workspace.appendingPathComponent("clip-160x90.mp4"),
                                         to: notes.appendingPathComponent("clip-160x90.mp4"))
        let withClip = try bench(["--clips", "notes", "--no-quality"])
        XCTAssertEqual(withClip.status, 0, withClip.stderr)
        XCTAssertTrue(withClip.stdout.contains("clip-160x90.mp4: 160x90"), withClip.stdout)
    }

    /// A clip shorter than every rung gives no cost: no calibration is written, and the message says why.
    func testClipsShorterThanEveryRungWriteNoCalibration() throws {
        let output = try VidsimExecutable.run(["bench", "--clips", "clip-160x90.mp4", "--no-quality", "--out", "calibration.json"],
                                              in: workspace)
        XCTAssertEqual(output.status, 1)
        XCTAssertTrue(output.stderr.contains(
            "error: calibration not written to calibration.json: no rung was encoded: every rung is taller than the clip (160x90; the shortest rung, 240p, has 240 lines)"),
            output.stderr)
        XCTAssertTrue(output.stdout.contains("skipped 240p"), output.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("calibration.json").path))
    }

    /// Numbers no encode can use are usage errors (exit 64) that name the option, never a crash.
    func testImpossibleNumbersAreUsageErrorsNotCrashes() throws {
        let cases: [([String], String)] = [
            (["--size", "1x1"], "--size"), (["--size", "99999999999x1080"], "--size"), (["--size", "0x0"], "--size"),
            (["--size", "1920x"], "--size"), (["--threads", "99999999999"], "--threads"), (["--threads", "0"], "--threads"),
            (["--fps", "0"], "--fps"), (["--fps=-30"], "--fps"), (["--seconds", "0"], "--seconds"),
            (["--seconds=-1"], "--seconds"), (["--seconds", "nan"], "--seconds"), (["--seconds", "0.001"], "less than one frame"),
            (["--generate", ","], "--generate"), (["--codec", "libvpx-vp9", "--preset", "medium"], "cpu-used 'medium' is invalid"),
            (["--preset", "turbo"], "libx264 preset 'turbo' is invalid"),
        ]
        for (arguments, expected) in cases {
            let output = try VidsimExecutable.run(["bench"] + arguments, in: workspace)
            XCTAssertEqual(output.status, 64, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(expected), "\(arguments): \(output.stderr)")
            XCTAssertFalse(output.stderr.contains("Fatal error"), "\(arguments): \(output.stderr)")
        }
    }

    /// A scenario rung no encoder can make is named with the scenario (exit 65) before any clip is read.
    func testAScenarioRungNoEncoderCanMakeIsAnError() throws {
        let rung = "- { name: 72p, width: 128, height: 72, bitrate: 80 Kbps }"
        let cases = [
            ("- { name: 72p, width: 127, height: 72, bitrate: 80 Kbps }", "rung '72p': width 127 must be an even number"),
            ("- { name: 72p, width: 128, height: 99999999999, bitrate: 80 Kbps }", "rung '72p': height 99999999999 must be an even number"),
            ("- { name: 72p, width: 128, height: 72, bitrate: 80000 Gbps }", "rung '72p': a bitrate of 80000000000000 bit/s is outside"),
        ]
        for (broken, expected) in cases {
            try write(broken, over: "bench-ladder.yaml", replacing: rung, to: "broken-rung.yaml")
            let output = try VidsimExecutable.run(["bench", "--scenario", "broken-rung.yaml", "--clips", "clip-160x90.mp4"],
                                                  in: workspace)
            XCTAssertEqual(output.status, 65, "\(broken): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(expected), "\(broken): \(output.stderr)")
        }
    }

    /// Writes a copy of a workspace file with one piece of text replaced.
    private func write(_ replacement: String, over file: String, replacing original: String, to copy: String) throws {
        let text = try String(contentsOf: workspace.appendingPathComponent(file), encoding: .utf8)
        XCTAssertTrue(text.contains(original), "\(file) has no '\(original)'")
        try text.replacingOccurrences(of: original, with: replacement)
            .write(to: workspace.appendingPathComponent(copy), atomically: true, encoding: .utf8)
    }

    /// Editing operations: measured and written; one asked at a height no clip reaches is refused, not recorded at
    /// that height with a smaller picture's cost.
    func testOperationsAreWrittenAndOneNoClipReachesIsRefused() throws {
        let good = try VidsimExecutable.run(["bench", "--clips", "clip-160x90.mp4", "--operations", "trim", "preview:90",
                                             "--operations-only", "--out", "ops.json"], in: workspace)
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(good.stdout.contains("clip-160x90.mp4: editing operations"), good.stdout)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: workspace.appendingPathComponent("ops.json"))) as? [String: Any]
        let operations = try XCTUnwrap(json?["operations"] as? [[String: Any]])
        XCTAssertEqual(operations.map { $0["operation"] as? String }, ["trim", "preview:90"])
        XCTAssertEqual((json?["costs"] as? [Any])?.count, 0, "no ladder measured")

        let tall = try VidsimExecutable.run(["bench", "--clips", "clip-160x90.mp4", "--operations", "preview",
                                             "--operations-only", "--out", "tall.json"], in: workspace)
        XCTAssertEqual(tall.status, 1)
        XCTAssertTrue(tall.stdout.contains("note: preview:360 is encoded at 90 lines on this clip"), tall.stdout)
        XCTAssertTrue(tall.stderr.contains("calibration not written to tall.json: preview:360 was encoded at 90 lines on clip-160x90.mp4"),
                      tall.stderr)
        XCTAssertTrue(tall.stderr.contains("or ask for preview:90"), tall.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("tall.json").path))

        let comma = try VidsimExecutable.run(["bench", "--operations", "trim,filter"], in: workspace)
        XCTAssertEqual(comma.status, 64)
        XCTAssertTrue(comma.stderr.contains("separate operations with spaces"), comma.stderr)
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
