import Foundation
import XCTest
import VidsimScenario
import VidsimUnits

/// Ladder files and ladders by content class: read where a scenario names them, and every mistake in them
/// located in the ladder file, at its line and field, with what was expected.
final class LadderFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-ladders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("ladders"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func scenario(ladder: String = "ladders/per-title.yaml", extra: String = "") -> String {
        """
        name: classes
        run: { horizon: 1 day }
        uploads: { count: 1/min, duration: 5 min, source_bitrate: 10 Mbps }
        ladder: \(ladder)
        transcode:
          workers: 10
          cost_per_content_second: { 240p: 0.1, 480p: 0.2, 720p: 0.4, 1080p: 0.8 }
        \(extra)
        """
    }

    /// A small delivery section, with `more` (its own fields, indented by two) at its end.
    private func delivery(_ more: String) -> String {
        """
        delivery:
          catalog: { videos: 100, zipf_alpha: 0.8 }
          views: 1/s
          regions: [ { name: only, edge_sites: 1, edge_cache: 1 GB } ]
          edge: { policy: lru }
        \(more)
        """
    }

    private let perTitle = """
        name: per-title
        quality_metric: ssim
        classes:
          - name: animation
            share: 2
            analysis_cpu_per_content_second: 1.5
            rungs:
              - { name: 240p, width: 426, height: 240, bitrate: 150 Kbps, crf: 33, quality: 0.91 }
              - { name: 720p-900k, width: 1280, height: 720, bitrate: 900 Kbps, crf: 28, quality: 0.96 }
          - name: talking head
            share: 1
            rungs:
              - { name: 480p, height: 480, bitrate: 300 Kbps, quality: 0.95 }
        """

    private func loadError(_ ladder: String, scenario text: String? = nil) throws -> ScenarioError {
        try write("ladders/per-title.yaml", ladder)
        let path = try write("s.yaml", text ?? scenario())
        do {
            _ = try ScenarioLoader.load(path: path)
        } catch {
            return error
        }
        XCTFail("expected an error")
        throw CancellationError()
    }

    func testALadderFileByClassIsRead() throws {
        try write("ladders/per-title.yaml", perTitle)
        let loaded = try ScenarioLoader.load(path: write("s.yaml", scenario()))
        let ladder = loaded.ladder
        XCTAssertTrue(ladder.byClass)
        XCTAssertEqual(ladder.classes.map(\.name), ["animation", "talking head"])
        XCTAssertEqual(ladder.classes[0].share, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(ladder.classes.map(\.rungs), [0..<2, 2..<3])
        XCTAssertEqual(ladder.classes[0].analysisCPUPerContentSecond, 1.5)
        XCTAssertNil(ladder.classes[1].analysisCPUPerContentSecond)
        XCTAssertEqual(ladder.rungs.map(\.label), ["animation/240p", "animation/720p-900k", "talking head/480p"])
        XCTAssertEqual(ladder.qualityMetric, .ssim)
        XCTAssertTrue(ladder.hasQuality)
        XCTAssertEqual(ladder.totalBitrate(ofClass: 0), .kilobits(1_050))
        // Costs by name, or by height for a rung named otherwise (720p-900k takes 720p's).
        XCTAssertEqual(loaded.transcode.resolvedCosts.map(\.cost), [0.1, 0.4, 0.2])
        XCTAssertTrue(try XCTUnwrap(loaded.ladderFile).hasSuffix("ladders/per-title.yaml"))
        XCTAssertFalse(loaded.sourceFiles.contains { $0.hasSuffix("ladders/per-title.yaml") }, "the scenario files only")
        XCTAssertTrue(loaded.filesDescription.hasSuffix("; ladder file \(loaded.ladderFile!)"), loaded.filesDescription)
        // A device capped at 480p plays each class's rungs no taller: animation's 240p, talking head's 480p.
        XCTAssertEqual(ladder.playable(inClass: 0, upTo: "480p"), [0])
        XCTAssertEqual(ladder.playable(inClass: 1, upTo: "480p"), [2])
        XCTAssertEqual(ladder.playable(inClass: 0, upTo: nil), [0, 1])
        // A mix's 1080p (a height no class has) is each class's tallest.
        XCTAssertEqual(ladder.rung(named: "1080p", inClass: 0), 1)
        XCTAssertEqual(ladder.rung(named: "240p", inClass: 1), 2)
    }

    func testAFixedLadderFileIsReadAndItsOrderChecked() throws {
        try write("ladders/fixed.yaml", """
            rungs:
              - { name: 240p, height: 240, bitrate: 300 Kbps }
              - { name: 480p, height: 480, bitrate: 1.5 Mbps }
              - { name: 720p, height: 720, bitrate: 3 Mbps }
              - { name: 1080p, height: 1080, bitrate: 6 Mbps }
            """)
        let loaded = try ScenarioLoader.load(path: write("s.yaml", scenario(ladder: "ladders/fixed.yaml")))
        XCTAssertFalse(loaded.ladder.byClass)
        XCTAssertEqual(loaded.ladder.classes.count, 1)
        XCTAssertEqual(loaded.ladder.rungs.map(\.label), ["240p", "480p", "720p", "1080p"])

        let unordered = try loadError("""
            rungs:
              - { name: 720p, height: 720, bitrate: 3 Mbps }
              - { name: 240p, height: 240, bitrate: 300 Kbps }
            """)
        XCTAssertTrue(unordered.file.hasSuffix("ladders/per-title.yaml"), unordered.file)
        XCTAssertEqual(unordered.line, 3)
        XCTAssertEqual(unordered.fieldPath, "ladder.rungs[1].bitrate")
        XCTAssertTrue(unordered.message.contains("out of order") && unordered.message.contains("lowest bit rate up"), unordered.message)
    }

    func testMistakesInALadderFileAreLocatedInIt() throws {
        let overlapping = try loadError(perTitle.replacingOccurrences(of: "bitrate: 900 Kbps", with: "bitrate: 150 Kbps"))
        XCTAssertTrue(overlapping.file.hasSuffix("ladders/per-title.yaml"))
        XCTAssertEqual(overlapping.line, 9)
        XCTAssertEqual(overlapping.fieldPath, "ladder.classes[0].rungs[1].bitrate")
        XCTAssertTrue(overlapping.message.contains("overlaps rung 240p"), overlapping.message)

        let shorter = try loadError(perTitle.replacingOccurrences(of: "height: 720, bitrate: 900 Kbps", with: "height: 144, bitrate: 900 Kbps"))
        XCTAssertEqual(shorter.fieldPath, "ladder.classes[0].rungs[1].height")
        XCTAssertTrue(shorter.message.contains("shorter than 240p"), shorter.message)

        let noMetric = try loadError(perTitle.replacingOccurrences(of: "quality_metric: ssim\n", with: ""))
        XCTAssertEqual(noMetric.fieldPath, "ladder.quality_metric")
        XCTAssertTrue(noMetric.message.contains("psnr or ssim"), noMetric.message)

        let ssim = try loadError(perTitle.replacingOccurrences(of: "quality: 0.95", with: "quality: 42"))
        XCTAssertTrue(ssim.message.contains("at most 1"), ssim.message)

        let both = try loadError(perTitle + "\nrungs: [ { name: 240p, bitrate: 300 Kbps } ]\n")
        XCTAssertTrue(both.message.contains("not both"), both.message)

        let neither = try loadError("name: empty\ncodec: libx264\n")
        XCTAssertTrue(neither.message.contains("'rungs'") && neither.message.contains("'classes'"), neither.message)

        let twice = try loadError(perTitle.replacingOccurrences(of: "name: talking head", with: "name: animation"))
        XCTAssertEqual(twice.fieldPath, "ladder.classes[1].name")
        XCTAssertTrue(twice.message.contains("two classes"), twice.message)

        let share = try loadError(perTitle.replacingOccurrences(of: "share: 2", with: "share: -2"))
        XCTAssertEqual(share.fieldPath, "ladder.classes[0].share")

        let typo = try loadError(perTitle.replacingOccurrences(of: "analysis_cpu_per_content_second", with: "analysis_cpu"))
        XCTAssertEqual(typo.fieldPath, "ladder.classes[0].analysis_cpu")

        let syntax = try loadError("classes: [ { name: x\n")
        XCTAssertTrue(syntax.file.hasSuffix("ladders/per-title.yaml"))
        XCTAssertTrue(syntax.message.contains("YAML"), syntax.message)

        let list = try loadError("- a\n- b\n")
        XCTAssertTrue(list.message.contains("a ladder file must be a mapping"), list.message)
    }

    func testAMissingLadderFileIsNamedAtTheScenarioField() throws {
        let path = try write("s.yaml", scenario(ladder: "ladders/nowhere.yaml"))
        XCTAssertThrowsError(try ScenarioLoader.load(path: path)) { error in
            let error = error as! ScenarioError
            XCTAssertTrue(error.file.hasSuffix("s.yaml"))
            XCTAssertEqual(error.line, 4)
            XCTAssertEqual(error.fieldPath, "ladder")
            XCTAssertTrue(error.description.contains("cannot read the ladder file 'ladders/nowhere.yaml': no such file"), error.description)
        }
        let folder = try write("s2.yaml", scenario(ladder: "ladders"))
        XCTAssertThrowsError(try ScenarioLoader.load(path: folder)) { error in
            XCTAssertTrue("\(error)".contains("it is a directory"), "\(error)")
        }
    }

    /// What the scenario asks of the ladder holds for every class: a format gets a rung of each class, a cost
    /// exists for each rung, a device's cap and a mix's rungs mean something.
    func testTheScenarioChecksEveryClass() throws {
        try write("ladders/per-title.yaml", perTitle)
        let short = try loadError(perTitle, scenario: scenario().replacingOccurrences(
            of: "uploads: { count: 1/min, duration: 5 min, source_bitrate: 10 Mbps }",
            with: "uploads: { count: 1/min, duration: 5 min, formats: [ { name: webcam, height: 360, weight: 1, bitrate: 4 Mbps } ] }"))
        XCTAssertEqual(short.fieldPath, "uploads.formats[0].height")
        XCTAssertTrue(short.message.contains("shortest rung of class 'talking head' (480 lines)"), short.message)
        XCTAssertTrue(short.message.contains("give the class a rung of at most 360 lines"), short.message)

        let cost = try loadError(perTitle, scenario: scenario().replacingOccurrences(of: "720p: 0.4, ", with: ""))
        XCTAssertTrue(cost.message.contains("no cost given for rung 'animation/720p-900k' (or its height, 720p)"), cost.message)

        let mix = try loadError(perTitle, scenario: scenario(extra: delivery("  renditions: [ { rung: hd, share: 1 } ]")))
        XCTAssertEqual(mix.fieldPath, "delivery.renditions[0].rung")
    }

    func testLoadLadderOrScenarioReadsEither() throws {
        let ladder = try write("ladders/per-title.yaml", perTitle)
        XCTAssertEqual(try ScenarioLoader.loadLadderOrScenario(path: ladder).classes.count, 2)
        let fixed = try write("s.yaml", scenario(ladder: "{ rungs: [ { name: 1080p, bitrate: 6 Mbps }, { name: 240p, bitrate: 300 Kbps }, "
                                                     + "{ name: 480p, bitrate: 1 Mbps }, { name: 720p, bitrate: 3 Mbps } ] }"))
        // A scenario's inline ladder may be in any order.
        XCTAssertEqual(try ScenarioLoader.loadLadderOrScenario(path: fixed).rungs.map(\.name), ["1080p", "240p", "480p", "720p"])
        let broken = try write("ladders/broken.yaml", "rungs: [ { name: 240p, bitrate: 300 Kbps }, { name: 360p, bitrate: 200 Kbps } ]\n")
        XCTAssertThrowsError(try ScenarioLoader.loadLadderOrScenario(path: broken)) { error in
            XCTAssertTrue("\(error)".contains("rungs[1].bitrate") && "\(error)".contains("out of order"), "\(error)")
        }
    }

    /// Names resolved per class: a height names each class's best rung no taller; a height below every rung is
    /// taken for a mistake; a tiny share, a scenario given as a ladder file and an unknown metric are refused.
    func testHeightsSharesAndMistakenFiles() throws {
        try write("ladders/per-title.yaml", perTitle)
        let ladder = try ScenarioLoader.load(path: write("s.yaml", scenario())).ladder
        XCTAssertEqual(ladder.rung(named: "1080p", inClass: 0), 1, "animation's best: 720p-900k")
        XCTAssertEqual(ladder.rung(named: "480p", inClass: 0), 0, "animation's best no taller than 480 lines: 240p")
        XCTAssertEqual(ladder.rung(named: "360p", inClass: 1), 2, "all taller: talking head's lowest")
        XCTAssertTrue(ladder.knows(rungName: "720p"))
        XCTAssertFalse(ladder.knows(rungName: "72p"), "shorter than every rung")
        XCTAssertFalse(ladder.knows(rungName: "+720p"))

        let cap = try loadError(perTitle, scenario: scenario(extra: delivery("""
              players:
                bandwidth: { process: constant, rate: 5 Mbps }
                devices: [ { name: phone, share: 1, max_rung: 72p } ]
            """)))
        XCTAssertEqual(cap.fieldPath, "delivery.players.devices[0].max_rung")

        let tiny = try loadError(perTitle.replacingOccurrences(of: "share: 1\n", with: "share: 1e-320\n"))
        XCTAssertEqual(tiny.fieldPath, "ladder.classes[1].share")
        XCTAssertTrue(tiny.message.contains("a billionth"), tiny.message)

        try write("ladders/scenario.yaml", scenario())
        let mistaken = try loadError(perTitle, scenario: scenario(ladder: "ladders/scenario.yaml"))
        XCTAssertEqual(mistaken.fieldPath, "ladder")
        XCTAssertTrue(mistaken.message.contains("is a scenario, not a ladder file"), mistaken.message)

        let metric = try loadError(perTitle.replacingOccurrences(of: "quality_metric: ssim", with: "quality_metric: vmaf"))
        XCTAssertTrue(metric.message.contains("expected one of psnr, ssim, found 'vmaf'"), metric.message)

        let spaces = try loadError(perTitle.replacingOccurrences(of: "name: talking head", with: "name: '  '"))
        XCTAssertEqual(spaces.fieldPath, "ladder.classes[1].name")
    }

    /// A mistake in a ladder file is located in it even when the scenario extends one with a ladder of its own.
    func testALadderFileMistakeIsLocatedInItUnderExtends() throws {
        try write("base.yaml", scenario(ladder: "{ rungs: [ { name: 240p, bitrate: 300 Kbps }, { name: 480p, bitrate: 1 Mbps }, "
                                            + "{ name: 720p, bitrate: 2 Mbps }, { name: 1080p, bitrate: 4 Mbps } ] }"))
        try write("ladders/fixed.yaml", """
            rungs:
              - { name: 240p, bitrate: 300 Kbps }
              - { name: 480p, bitrate: 200 Kbps }
              - { name: 720p, bitrate: 2 Mbps }
              - { name: 1080p, bitrate: 4 Mbps }
            """)
        let path = try write("s.yaml", "extends: base.yaml\nname: child\nladder: ladders/fixed.yaml\n")
        XCTAssertThrowsError(try ScenarioLoader.load(path: path)) { error in
            let error = error as! ScenarioError
            XCTAssertTrue(error.file.hasSuffix("ladders/fixed.yaml"), error.file)
            XCTAssertEqual(error.line, 3)
            XCTAssertEqual(error.fieldPath, "ladder.rungs[1].bitrate")
        }
    }

    /// A child that changes one field of a base's ladder file is told the file is whole; a height taller than
    /// any picture is refused; with players the unused rendition mix is not held against the ladder.
    func testOverridesTallHeightsAndTheUnusedMix() throws {
        try write("ladders/per-title.yaml", perTitle)
        try write("base.yaml", scenario())
        let child = try write("child.yaml", "extends: base.yaml\nname: child\nladder: { preset: fast }\n")
        XCTAssertThrowsError(try ScenarioLoader.load(path: child)) { error in
            let error = error as! ScenarioError
            XCTAssertTrue(error.file.hasSuffix("child.yaml"), error.file)
            XCTAssertTrue(error.message.contains("cannot change one field of it"), error.message)
        }
        XCTAssertFalse(try ScenarioLoader.load(path: write("s.yaml", scenario())).ladder.knows(rungName: "4800p"))
        let players = try write("p.yaml", scenario(extra: delivery("""
              renditions: [ { rung: hd, share: 1 } ]
              players:
                bandwidth: { process: constant, rate: 5 Mbps }
            """)))
        XCTAssertNoThrow(try ScenarioLoader.load(path: players))
    }
}
