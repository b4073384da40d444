import Foundation
import XCTest
import VidsimCalibration
import VidsimScenario

/// The transcode fleet's rung costs taken from a calibration file.
final class CalibrationCostTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-calibration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("calibration"), withIntermediateDirectories: true)
        try calibration(rungs: [("480p", 480, [0.2, 0.4]), ("1080p", 1080, [1.0, 2.0])]).json()
            .write(to: directory.appendingPathComponent("calibration/measured.json"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// A calibration with the given per-clip costs for libx264 medium.
    private func calibration(rungs: [(String, Int, [Double])]) -> Calibration {
        let machine = Calibration.Machine(cpuModel: "Test CPU", logicalCores: 2, operatingSystem: "Linux", note: nil)
        let samples = rungs.flatMap { rung in
            rung.2.enumerated().map { index, cost in
                Calibration.Sample(
                    clip: "clip\(index)",
                    record: .init(rung: rung.0, codec: "libx264", preset: "medium", width: rung.1 * 16 / 9, height: rung.1,
                                  cpuSecondsPerContentSecond: cost, encodeCPUSeconds: cost, scaleCPUSeconds: 0,
                                  wallSeconds: cost, bytes: 1000, bitsPerSecond: 8000, psnr: 40, ssim: 0.98,
                                  cpuAttribution: "thread"),
                    rateControl: "crf 23", threads: 1)
            }
        }
        return Calibration(clips: [], samples: samples, machine: machine,
                           software: .init(ffmpeg: "test", libraries: [:], encoders: [:]), measuredAt: Date(timeIntervalSince1970: 0))
    }

    private func scenario(_ transcode: String, ladder: String = "rungs: [ { name: 480p, height: 480, bitrate: 1.5 Mbps }, { name: 1080p, height: 1080, bitrate: 6 Mbps } ]") throws -> URL {
        let url = directory.appendingPathComponent("s.yaml")
        try """
            name: calibrated
            run: { horizon: 1 h }
            uploads: { rate: 1 hours/min, duration: 5 min, source_bitrate: 10 Mbps }
            ladder: { \(ladder) }
            transcode:
            \(transcode)
            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testCostsComeFromTheCalibrationScaledByTheWorker() throws {
        let url = try scenario("""
              workers: 10
              calibration: calibration/measured.json
              worker: { vcpus: 8, speed: 1.25, parallel_efficiency: 0.8 }
            """)
        let loaded = try ScenarioLoader.load(path: url.path)
        // Means over clips: 0.3 and 1.5 CPU s per content s, over 8 x 1.25 x 0.8 = 8 effective cores.
        XCTAssertEqual(loaded.transcode.costs(for: loaded.ladder)[0], 0.3 / 8, accuracy: 1e-12)
        XCTAssertEqual(loaded.transcode.costs(for: loaded.ladder)[1], 1.5 / 8, accuracy: 1e-12)
        XCTAssertEqual(loaded.transcode.resolvedCosts.map(\.source), [.calibration, .calibration])
        XCTAssertEqual(loaded.transcode.calibration?.machine.cpuModel, "Test CPU")
    }

    func testAScenarioCostOverridesTheCalibrationForItsRung() throws {
        let url = try scenario("""
              workers: 10
              calibration: calibration/measured.json
              cost_per_content_second: { 1080p: 0.9 }
            """)
        let loaded = try ScenarioLoader.load(path: url.path)
        XCTAssertEqual(loaded.transcode.costs(for: loaded.ladder)[0], 0.3, accuracy: 1e-12)
        XCTAssertEqual(loaded.transcode.costs(for: loaded.ladder)[1], 0.9)
        XCTAssertEqual(loaded.transcode.resolvedCosts.map(\.source), [.calibration, .scenario])
    }

    func testARungTheCalibrationLacksIsALocatedError() throws {
        let url = try scenario("""
              workers: 10
              calibration: calibration/measured.json
            """, ladder: "rungs: [ { name: 720p, height: 720, bitrate: 3 Mbps } ]")
        XCTAssertThrowsError(try ScenarioLoader.load(path: url.path)) { error in
            let e = error as! ScenarioError
            XCTAssertEqual(e.fieldPath, "transcode.calibration")
            XCTAssertEqual(e.line, 7)
            XCTAssertTrue(e.message.contains("no libx264 medium cost for rung '720p'"), e.message)
            XCTAssertTrue(e.message.contains("1080p, 480p"), e.message)
        }
    }

    func testAMissingOrForeignCalibrationFileIsALocatedError() throws {
        var url = try scenario("""
              workers: 10
              calibration: calibration/nowhere.json
            """)
        XCTAssertThrowsError(try ScenarioLoader.load(path: url.path)) { error in
            let e = error as! ScenarioError
            XCTAssertEqual(e.fieldPath, "transcode.calibration")
            XCTAssertTrue(e.message.contains("no such calibration file (looked for "), e.message)
        }
        // A folder, and a file that is not JSON: said as such, without the platform's error codes.
        for (written, expected) in [("calibration", "is a folder, not a calibration file"),
                                    ("s.yaml", "not a vidsim calibration file (JSON written by `vidsim bench --out` expected): ")] {
            url = try scenario("""
                  workers: 10
                  calibration: \(written)
                """)
            XCTAssertThrowsError(try ScenarioLoader.load(path: url.path)) { error in
                let message = (error as! ScenarioError).message
                XCTAssertTrue(message.contains(expected), message)
                XCTAssertFalse(message.contains("NSCocoaErrorDomain") || message.contains("DecodingError"), message)
            }
        }
        try #"{"vidsim_calibration_version": 99}"#.write(to: directory.appendingPathComponent("calibration/future.json"), atomically: true, encoding: .utf8)
        url = try scenario("""
              workers: 10
              calibration: calibration/future.json
            """)
        XCTAssertThrowsError(try ScenarioLoader.load(path: url.path)) { error in
            XCTAssertTrue((error as! ScenarioError).message.contains("version 99; this vidsim reads version 1"), "\(error)")
        }
    }
}
