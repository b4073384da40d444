import Foundation
import XCTest
import VidsimCalibration
import VidsimScenario

/// A work class whose service is an editing operation measured by `vidsim bench --operations`: the time it takes,
/// from the calibration and the pool's workers, and each mistake said at its field.
final class MeasuredServiceTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.calibration(["preview:360": [0.4, 0.6], "preview:720": [0.9], "trim": [1.5]])
            .json().write(to: directory.appendingPathComponent("editing.json"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// A calibration with editing operations only, each with the given per-clip costs.
    static func calibration(_ operations: [String: [Double]]) -> Calibration {
        let machine = Calibration.Machine(cpuModel: "Test CPU", logicalCores: 2, operatingSystem: "Linux", note: nil)
        var calibration = Calibration(clips: [], samples: [], machine: machine,
                                      software: .init(ffmpeg: "test", libraries: [:], encoders: [:]), measuredAt: Date(timeIntervalSince1970: 0))
        calibration.operations = operations.keys.sorted().map { label in
            let parts = label.split(separator: ":").map(String.init)
            return Calibration.OperationCost(
                operation: label, name: parts[0], height: parts.count > 1 ? Int(parts[1]) : nil, purpose: "test",
                ffmpegArguments: "-c:v libx264",
                clips: operations[label]!.enumerated().map { index, cost in
                    .init(clip: "clip\(index)", width: 640, height: 360, contentSeconds: 2, cpuSeconds: 2 * cost, wallSeconds: 2 * cost,
                          cpuSecondsPerContentSecond: cost, bytes: 1000, bitsPerSecond: 4000)
                })
        }
        return calibration
    }

    private func load(work: String, transcode: String = "{ workers: 1, cost_per_content_second: { 360p: 0.1 } }") throws -> Scenario {
        let url = directory.appendingPathComponent("s.yaml")
        try """
            name: measured
            run: { horizon: 1 h }
            uploads: { count: 1/min, duration: 1 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode: \(transcode)
            work:
            \(work)
            """.write(to: url, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: url.path)
    }

    private let pools = """
          pools:
            - { name: vms, kind: vm, workers: 4, vcpus: 2, speed: 1.25, parallel_efficiency: 0.8 }
            - { name: small, workers: 2 }
        """

    private func error(work: String, transcode: String? = nil) -> ScenarioError? {
        do {
            _ = try transcode.map { try load(work: work, transcode: $0) } ?? load(work: work)
            XCTFail("expected an error")
            return nil
        } catch {
            return error as? ScenarioError
        }
    }

    /// 0.5 CPU s per content s (the mean over two clips) over 2 vCPUs x 1.25 x 0.8 = 2 effective cores: a job
    /// takes a quarter of its content's length on its own pool, twice that on the one-vCPU overflow pool.
    func testAJobTakesItsContentTimesTheCostOverThePoolsCapacity() throws {
        let scenario = try load(work: """
              calibration: editing.json
            \(pools)
              classes:
                - { name: preview, rate: 1/s, service: { operation: preview, height: 360, content: { distribution: exponential, mean: 20 s } }, pool: vms, overflow: small }
                - { name: edit, rate: 1/s, service: 2 s, pool: small, overflow: vms }
            """)
        let work = try XCTUnwrap(scenario.work)
        XCTAssertEqual(work.classes[0].serviceScale, 0.25, accuracy: 1e-12)
        XCTAssertEqual(work.classes[0].meanServiceSeconds, 5, accuracy: 1e-9)
        XCTAssertEqual(work.classes[0].overflowServiceRatio, 2, accuracy: 1e-12)
        XCTAssertEqual(work.classes[0].measuredCost?.cpuSecondsPerContentSecond ?? 0, 0.5, accuracy: 1e-12)
        XCTAssertTrue(work.classes[0].measuredCost?.file.hasSuffix("editing.json") ?? false)
        XCTAssertEqual(work.pools[0].capacity, 2, accuracy: 1e-12)
        // A time given is the time, on any pool.
        XCTAssertEqual(work.classes[1].serviceScale, 1)
        XCTAssertEqual(work.classes[1].overflowServiceRatio, 1)
        XCTAssertEqual(work.classes[1].meanServiceSeconds, 2)
        XCTAssertNotNil(scenario.workCalibrationFile)
    }

    /// Without `work.calibration`, the transcode fleet's calibration file is read.
    func testTheTranscodeCalibrationServesWhenWorkNamesNone() throws {
        let scenario = try load(work: """
            \(pools)
              classes:
                - { name: trim, rate: 1/s, service: { operation: trim, content: 10 s }, pool: small }
                - { name: other, rate: 1/s, service: 1 s, pool: vms }
            """, transcode: "{ workers: 1, calibration: editing.json, cost_per_content_second: { 360p: 0.1 } }")
        XCTAssertEqual(try XCTUnwrap(scenario.work).classes[0].meanServiceSeconds, 15, accuracy: 1e-9)
        XCTAssertNil(scenario.workCalibrationFile)
    }

    func testMistakesAreSaidAtTheirField() throws {
        func work(_ service: String, calibration: String? = "editing.json") -> String {
            (calibration.map { "  calibration: \($0)\n" } ?? "") + """
            \(pools)
              classes:
                - { name: preview, rate: 1/s, service: \(service), pool: vms }
                - { name: other, rate: 1/s, service: 1 s, pool: small }
            """
        }
        let none = try XCTUnwrap(error(work: work("{ operation: trim, content: 10 s }", calibration: nil)))
        XCTAssertEqual(none.fieldPath, "work.classes[0].service.operation")
        XCTAssertTrue(none.message.contains("`work.calibration: FILE`, written by `vidsim bench --operations trim --out FILE`"), none.message)

        let typo = try XCTUnwrap(error(work: work("{ operation: prevew, content: 10 s }")))
        XCTAssertEqual(typo.fieldPath, "work.classes[0].service.operation")
        XCTAssertTrue(typo.message.contains("no editing operation 'prevew' (did you mean 'preview'?); it has preview:360, preview:720, trim"), typo.message)

        // The name with its height, as the calibration writes it, is the same as `height`.
        XCTAssertEqual(try load(work: work("{ operation: preview:720, content: 10 s }")).work?.classes[0].measuredCost?.cpuSecondsPerContentSecond, 0.9)
        let both = try XCTUnwrap(error(work: work("{ operation: preview:720, height: 360, content: 10 s }")))
        XCTAssertTrue(both.message.contains("the operation says 720 lines and `height` 360: give one"), both.message)
        let mixed = try XCTUnwrap(error(work: work("{ distribution: exponential, mean: 1 s, operation: trim, content: 10 s }")))
        XCTAssertTrue(mixed.message.contains("or an editing `operation` with its `content`; not both"), mixed.message)

        let which = try XCTUnwrap(error(work: work("{ operation: preview, content: 10 s }")))
        XCTAssertTrue(which.message.contains("at several heights (360 lines, 720 lines): say which with `height`"), which.message)

        let height = try XCTUnwrap(error(work: work("{ operation: preview, height: 480, content: 10 s }")))
        XCTAssertEqual(height.fieldPath, "work.classes[0].service.height")
        XCTAssertTrue(height.message.contains("at 360 lines, 720 lines, not 480 lines"), height.message)

        // 6 days of content at 1.5 CPU s per second on one core: 9 days a job.
        let long = try XCTUnwrap(error(work: """
              calibration: editing.json
            \(pools)
              classes:
                - { name: trim, rate: 1/s, service: { operation: trim, content: 6 days }, pool: small }
                - { name: other, rate: 1/s, service: 1 s, pool: vms }
            """))
        XCTAssertEqual(long.fieldPath, "work.classes[0].service.content")
        XCTAssertTrue(long.message.contains("expected at most 7 days"), long.message)

        let unknown = try XCTUnwrap(error(work: work("{ operation: trim, contents: 10 s }")))
        XCTAssertTrue(unknown.message.contains("contents"), unknown.message)

        let missing = try XCTUnwrap(error(work: work("{ operation: trim, content: 10 s }", calibration: "nowhere.json")))
        XCTAssertEqual(missing.fieldPath, "work.calibration")

        let vcpus = try XCTUnwrap(error(work: """
              pools: [ { name: vms, workers: 1, vcpus: 0.05 } ]
              classes: [ { name: a, rate: 1/s, service: 1 s, pool: vms } ]
            """))
        XCTAssertEqual(vcpus.fieldPath, "work.pools[0].vcpus")
        XCTAssertTrue(vcpus.message.contains("expected 0.1 to 1024 vCPUs, found 0.05"), vcpus.message)

        // An operations-only calibration as the transcode fleet's, with no rung cost in the scenario.
        let rungs = try XCTUnwrap(error(work: work("1 s"), transcode: "{ workers: 1, calibration: editing.json }"))
        XCTAssertTrue(rungs.message.contains("it has no rung's cost, only editing operations' (preview:360, preview:720, trim)"), rungs.message)
    }
}
