import Foundation
import XCTest

/// `vidsim ladder` end to end: generated clips of graded complexity get visibly different ladders; bad input is
/// named.
final class LadderCommandTests: XCTestCase {
    private var workspace: URL!

    override func setUpWithError() throws { workspace = try VidsimExecutable.workspace() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: workspace) }

    private func ladder(_ arguments: [String]) throws -> VidsimExecutable.Output {
        try VidsimExecutable.run(["ladder"] + arguments, in: workspace)
    }

    /// A still picture and temporal noise, 480p, one second: the still one's whole ladder costs less than the
    /// noise's bottom rung's neighbourhood; every rung is a hull point and every hull point an encode; the grid is
    /// 480p, 360p and 240p at each CRF; the fixed ladder is measured at its rungs up to 480p.
    func testEasyContentGetsACheaperLadderThanHardContent() throws {
        let output = try ladder(["--generate", "still,noise", "--size", "854x480", "--seconds", "1", "--fps", "15",
                                 "--crf", "23,33,43", "--min-bitrate", "0 bps", "--format", "json"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let clips = try XCTUnwrap(json["clips"] as? [[String: Any]])
        XCTAssertEqual(clips.count, 2)
        func rates(_ clip: [String: Any], _ key: String) throws -> [Double] {
            try XCTUnwrap(clip[key] as? [[String: Any]]).map { try XCTUnwrap($0["bitrate_bps"] as? Double) }
        }
        for clip in clips {
            let encodes = try XCTUnwrap(clip["encodes"] as? [[String: Any]])
            XCTAssertEqual(Set(encodes.map { $0["height"] as? Int }), [480, 360, 240])
            XCTAssertEqual(encodes.count, 9)
            XCTAssertTrue(Set(try rates(clip, "hull")).isSubset(of: Set(try rates(clip, "encodes"))))
            XCTAssertTrue(Set(try rates(clip, "ladder")).isSubset(of: Set(try rates(clip, "hull"))))
            let fixed = try XCTUnwrap(clip["fixed"] as? [[String: Any]])
            XCTAssertEqual(fixed.map { $0["setting"] as? String }, ["240p", "360p", "480p"])
            XCTAssertGreaterThan(try XCTUnwrap(clip["analysis_cpu_s"] as? Double), 0)
        }
        let overall = try XCTUnwrap(json["overall_bd_rate"] as? [String: [String: Any]])
        XCTAssertEqual(Set(overall.keys), ["cubic", "pchip"])
        let still = try rates(clips[0], "ladder"), noise = try rates(clips[1], "ladder")
        XCTAssertLessThan(try XCTUnwrap(still.max()) * 10, try XCTUnwrap(noise.max()), "the still clip's top rung is a tenth of the noise's")
        // The same encodes of the same generated clip give the same points (the encoder is deterministic).
        let again = try ladder(["--generate", "still", "--size", "854x480", "--seconds", "1", "--fps", "15",
                                "--crf", "23,33,43", "--min-bitrate", "0 bps", "--format", "json"])
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(try rates(try XCTUnwrap((first["clips"] as? [[String: Any]])?.first), "encodes"), try rates(clips[0], "encodes"))
    }

    /// The fast search beside the grid: its probes cost less than the grid, its ladder is measured in full, and its
    /// BD-rate against the grid's ladder is reported by both methods.
    func testFastSearchIsCheaperAndComparedWithTheGrid() throws {
        let output = try ladder(["--generate", "detailed", "--size", "640x360", "--seconds", "1", "--fps", "15",
                                 "--search", "both", "--min-bitrate", "0 bps", "--format", "json", "--html", "out/ladder.html"])
        XCTAssertEqual(output.status, 0, output.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let clip = try XCTUnwrap((json["clips"] as? [[String: Any]])?.first)
        XCTAssertEqual(clip["search"] as? String, "both")
        let fast = try XCTUnwrap(clip["fast"] as? [String: Any])
        // Three resolutions (360p, 240p, 144p) x four probes, and the reference (240p) at the real preset at the
        // same four CRFs.
        XCTAssertEqual(fast["probe_encodes"] as? Int, 16)
        XCTAssertEqual((fast["predicted"] as? [Any])?.count, 18, "every CRF of the grid predicted")
        XCTAssertLessThan(try XCTUnwrap(fast["cpu_s"] as? Double), try XCTUnwrap(clip["analysis_cpu_s"] as? Double))
        XCTAssertFalse(try XCTUnwrap(fast["ladder"] as? [Any]).isEmpty)
        let versus = try XCTUnwrap(fast["versus_grid"] as? [String: Any])
        XCTAssertEqual(Set(versus.keys), ["cubic", "pchip"])
        // Both ladders against the fixed one, to set side by side (the measure of what the fast search loses).
        let versusFixed = try XCTUnwrap(fast["versus_fixed"] as? [String: Any])
        XCTAssertNotNil((versusFixed["pchip"] as? [String: Any])?["percent"] as? Double)
        XCTAssertNotNil(((clip["bd_rate"] as? [String: Any])?["pchip"] as? [String: Any])?["percent"] as? Double)
        // The reference resolution's predictions at the probe CRFs are its own encodes at the real preset: they
        // appear among the grid's encodes, the same bit rate to the bit.
        let grid = try XCTUnwrap(clip["encodes"] as? [[String: Any]]), predicted = try XCTUnwrap(fast["predicted"] as? [[String: Any]])
        for crf in ["crf 18", "crf 28", "crf 38", "crf 43"] {
            let key = { (point: [String: Any]) in point["height"] as? Int == 240 && point["setting"] as? String == crf }
            let rate = { (points: [[String: Any]]) in try XCTUnwrap((points.first(where: key)?["bitrate_bps"] as? NSNumber)?.doubleValue, crf) }
            XCTAssertEqual(try rate(predicted), try rate(grid), accuracy: 1, crf)
        }
        // The HTML page: the clip's rate-quality chart with every series, and its tables.
        let page = try String(contentsOf: workspace.appendingPathComponent("out/ladder.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("<svg"), "a chart")
        for name in ["360p", "240p", "144p", "hull", "per-title ladder", "fixed ladder", "BD-rate of the per-title ladder"] {
            XCTAssertTrue(page.contains(name), name)
        }
    }

    /// The text tables: a clip too small for every fixed rung says there is nothing to compare.
    func testATinyClipHasNoFixedRungToCompare() throws {
        let output = try ladder(["clip-64x28.mp4", "--crf", "23,33,43"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("clip-64x28.mp4: 64x28"), output.stdout)
        XCTAssertTrue(output.stdout.contains("3 encodes (28p x CRF 23, 33, 43)"), output.stdout)
        XCTAssertTrue(output.stdout.contains("Fixed ladder: no rung at or below the clip's 28 lines"), output.stdout)
        XCTAssertTrue(output.stdout.contains("none by the piecewise cubic interpolation of JCTVC-L1100"), output.stdout)
    }

    /// Bad options are usage errors naming what was expected; an unreadable clip is named and the run fails.
    func testBadInputIsNamed() throws {
        for (arguments, fragment) in [
            (["--step", "2-1.5"], "step range"),
            (["--step", "fast"], "--step must be LOW-HIGH"),
            (["--crf", "23"], "2 to 20 points"),
            (["--crf", "23,60"], "from 1 to 51"),
            (["--crf", "0,23"], "0 is lossless"),
            (["--size", "17x9"], "--size must be WIDTHxHEIGHT"),
            (["--metric", "vmaf"], "--metric must be psnr or ssim"),
            (["--search", "quick"], "--search must be grid, fast or both"),
            (["--min-bitrate", "5 Mbps", "--max-bitrate", "1 Mbps"], "minimum bit rate below the maximum"),
            (["--rungs", "0"], "1 to 20 rungs"),
        ] {
            let output = try ladder(arguments)
            XCTAssertEqual(output.status, 64, "\(arguments): \(output.stderr)")
            XCTAssertTrue(output.stderr.contains(fragment), "\(arguments): \(output.stderr)")
        }
        try Data("not a video\n".utf8).write(to: workspace.appendingPathComponent("notes.mp4"))
        let unreadable = try ladder(["notes.mp4"])
        XCTAssertEqual(unreadable.status, 1)
        XCTAssertTrue(unreadable.stderr.contains("error: notes.mp4:"), unreadable.stderr)
        let impossible = try ladder(["clip-64x28.mp4", "--crf", "23,43", "--min-bitrate", "0 bps", "--max-bitrate", "1 Kbps"])
        XCTAssertEqual(impossible.status, 1)
        XCTAssertTrue(impossible.stderr.contains("no point of the clip's hull is at or below the maximum bit rate (1 Kbps)"), impossible.stderr)
    }

    /// `--write`: the per-title and fixed ladder files, by class, that a pair of scenarios reads; compared
    /// through the platform with common random numbers, the uploads are exactly the same, the renditions stored
    /// follow each ladder, and the per-title analysis shows as fleet work.
    func testWrittenLaddersRunThroughCompare() throws {
        let output = try ladder(["--generate", "still,noise", "--size", "432x240", "--seconds", "1", "--fps", "15", "--search", "fast",
                                 "--min-bitrate", "0 bps", "--class-names", "slides,sports", "--shares", "3,1", "--write", "ladders"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stderr.contains("per-title.yaml"), output.stderr)
        let perTitle = try String(contentsOf: workspace.appendingPathComponent("ladders/per-title.yaml"), encoding: .utf8)
        let fixed = try String(contentsOf: workspace.appendingPathComponent("ladders/fixed.yaml"), encoding: .utf8)
        XCTAssertTrue(perTitle.contains("name: \"slides\"") && perTitle.contains("share: 3") && perTitle.contains("analysis_cpu_per_content_second"))
        XCTAssertTrue(perTitle.contains("quality_metric: psnr") && perTitle.contains("crf: "))
        XCTAssertTrue(fixed.contains("name: 240p") && !fixed.contains("analysis_cpu"))
        let base = """
            name: fixed-ladders
            seed: 4
            run: { horizon: 12 h, warm_up: 1 h, replications: 3 }
            uploads: { count: 1/min, duration: { distribution: exponential, mean: 4 min }, source_bitrate: 5 Mbps }
            ladder: ladders/fixed.yaml
            transcode:
              workers: 40
              cost_per_content_second: { 240p: 0.1, 144p: 0.05, 108p: 0.04 }
            delivery:
              catalog: { videos: 500, zipf_alpha: 0.8, duration: 1 min }
              views: 0.2/s
              regions: [ { name: only, edge_sites: 1, edge_cache: 1 GB } ]
              edge: { policy: lru }
              players:
                bandwidth: { process: constant, rate: 2 Mbps }
            """
        try base.write(to: workspace.appendingPathComponent("fixed.yaml"), atomically: true, encoding: .utf8)
        try "extends: fixed.yaml\nname: per-title-ladders\nladder: ladders/per-title.yaml\n"
            .write(to: workspace.appendingPathComponent("per-title.yaml"), atomically: true, encoding: .utf8)
        let compared = try VidsimExecutable.run(["compare", "fixed.yaml", "per-title.yaml", "--reports", "reports", "--format", "json"],
                                                in: workspace)
        XCTAssertEqual(compared.status, 0, compared.stderr)
        let data = try Data(contentsOf: workspace.appendingPathComponent("reports/compare-fixed-ladders/comparison.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let variants = try XCTUnwrap(json["variants"] as? [[String: Any]])
        let figures = try XCTUnwrap(variants.first?["figures"] as? [String: Any])
        // A figure's dotted key is its path in the document.
        func figure(_ key: String) throws -> [String: Any] {
            var node: Any = figures
            for part in key.split(separator: ".") { node = try XCTUnwrap((node as? [String: Any])?[String(part)], key) }
            return try XCTUnwrap(node as? [String: Any], key)
        }
        let uploads = try XCTUnwrap(try figure("uploads.uploads_per_day")["differences"] as? [Double])
        XCTAssertEqual(uploads, [0, 0, 0], "the same uploads, pair by pair")
        XCTAssertEqual(try figure("transcode.analysis_vcpu_hours_per_day")["significant"] as? Bool, true)
        XCTAssertGreaterThan(try XCTUnwrap(try figure("transcode.analysis_vcpu_hours_per_day")["variant_mean"] as? Double), 0)
        XCTAssertNotNil(try figure("players.psnr.mean")["difference"] as? Double)
        // Each class's viewers apart: where the ladders save and where they spend.
        XCTAssertNotNil(try figure("players.class.slides.psnr_mean")["difference"] as? Double)
        XCTAssertNotNil(try figure("players.class.sports.bitrate_mean")["difference"] as? Double)
        XCTAssertNotNil(try figure("storage.rendition_bytes_per_content_hour")["paired_ci95_half_width"] as? Double)
    }
}
