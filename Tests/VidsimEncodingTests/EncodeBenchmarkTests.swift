import Foundation
import XCTest
import VidsimCalibration
import VidsimEncoding

/// The encode benchmark on small generated clips: what it measures, and agreement with the ffmpeg program.
final class EncodeBenchmarkTests: XCTestCase {
    override class func setUp() { FFmpegLibraries.setLogging(verbose: false) }

    private func rungs(codec: String = "libx264", crf: Double? = nil) -> [BenchmarkRung] {
        [("144p", Int32(256), Int32(144), 200_000), ("180p", Int32(320), Int32(180), 400_000)].map { rung in
            BenchmarkRung(
                name: rung.0, width: rung.1, height: rung.2,
                settings: EncoderSettings(
                    codec: codec, preset: "medium",
                    rateControl: crf.map { .crf($0, maxrate: nil, bufferSize: nil) }
                        ?? .bitrate(target: rung.3, maxrate: rung.3, bufferSize: 2 * rung.3),
                    threads: 1))
        }
    }

    private func clip(_ complexity: GeneratedClip.Complexity = .moderate) -> GeneratedClip {
        GeneratedClip(complexity, width: 320, height: 180, seconds: 1, frameRate: 30)
    }

    func testMeasuresEveryRungFromOneDecode() throws {
        let measurement = try EncodeBenchmark(rungs: rungs()).measure(clip())
        XCTAssertEqual(measurement.frames, 30)
        XCTAssertEqual(measurement.contentSeconds, 1, accuracy: 1e-9)
        XCTAssertEqual(measurement.rungs.map(\.rung), ["144p", "180p"])
        for rung in measurement.rungs {
            XCTAssertEqual(rung.frames, 30)
            XCTAssertGreaterThan(rung.encodeCPUSeconds, 0)
            XCTAssertEqual(rung.cpuAttribution, "thread")
            XCTAssertEqual(rung.cpuSecondsPerContentSecond, rung.encodeCPUSeconds + rung.scaleCPUSeconds, accuracy: 1e-9)
            XCTAssertEqual(rung.bitsPerSecond, Double(rung.bytes) * 8, accuracy: 1e-6)
            XCTAssertGreaterThan(rung.psnr ?? 0, 25)
            XCTAssertGreaterThan(rung.ssim ?? 0, 0.8)
        }
        // The same-size rung is not scaled; the smaller one is.
        XCTAssertEqual(measurement.rungs[1].scaleCPUSeconds, 0, accuracy: 1e-3)
        XCTAssertGreaterThan(measurement.rungs[0].scaleCPUSeconds, 0)
        // A bigger picture costs more to encode.
        XCTAssertGreaterThan(measurement.rungs[1].encodeCPUSeconds, measurement.rungs[0].encodeCPUSeconds)
    }

    /// Noise costs more than a near-still picture, and lower CRF spends more bits for more quality.
    func testComplexityAndRateControlMoveTheFiguresTheRightWay() throws {
        let still = try EncodeBenchmark(rungs: rungs(crf: 23), measureQuality: false).measure(clip(.still))
        let noise = try EncodeBenchmark(rungs: rungs(crf: 23), measureQuality: false).measure(clip(.noise))
        XCTAssertGreaterThan(noise.rungs[1].bytes, 5 * still.rungs[1].bytes)
        XCTAssertGreaterThan(noise.rungs[1].encodeCPUSeconds, still.rungs[1].encodeCPUSeconds)
        let high = try EncodeBenchmark(rungs: rungs(crf: 18)).measure(clip())
        let low = try EncodeBenchmark(rungs: rungs(crf: 35)).measure(clip())
        XCTAssertGreaterThan(high.rungs[1].bytes, low.rungs[1].bytes)
        XCTAssertGreaterThan(high.rungs[1].psnr!, low.rungs[1].psnr! + 3)
        XCTAssertNil(still.rungs[0].psnr)
    }

    /// x265 always runs a thread of its own, so each rung is charged from a pass of its own on the process clock,
    /// which counts that thread's work: CPU time is then not below the wall time the encode took.
    func testEncodersWithThreadsOfTheirOwnGetAPassPerRung() throws {
        guard FFmpegLibraries.hasEncoder("libx265") else { throw XCTSkip("this FFmpeg has no libx265") }
        XCTAssertTrue(rungs()[0].settings.keepsToCallingThread)
        let x265 = rungs(codec: "libx265")
        XCTAssertFalse(x265[0].settings.keepsToCallingThread)
        let measurement = try EncodeBenchmark(rungs: x265, measureQuality: false).measure(clip())
        for rung in measurement.rungs {
            XCTAssertEqual(rung.cpuAttribution, "process, own pass")
            XCTAssertGreaterThan(rung.encodeCPUSeconds, 0.7 * rung.wallSeconds, rung.rung)
        }
        XCTAssertEqual(measurement.unattributedCPUSeconds, 0)
    }

    func testRungsTallerThanTheSourceAreSkippedNotUpscaled() throws {
        let small = GeneratedClip(.moderate, width: 256, height: 144, seconds: 0.5, frameRate: 30)
        let measurement = try EncodeBenchmark(rungs: rungs(), measureQuality: false).measure(small)
        XCTAssertEqual(measurement.rungs.map(\.rung), ["144p"])
        XCTAssertEqual(measurement.skippedRungs.count, 1)
        XCTAssertTrue(measurement.skippedRungs[0].hasPrefix("180p"))
    }

    func testMissingEncoderAndMissingFileAreErrorsWithFFmpegsMessage() {
        XCTAssertThrowsError(try EncodeBenchmark(rungs: rungs(codec: "libnosuchcodec")).measure(clip())) { error in
            XCTAssertTrue("\(error)".contains("no encoder named 'libnosuchcodec'"), "\(error)")
        }
        XCTAssertThrowsError(try VideoFile(path: "/nonexistent/clip.mp4")) { error in
            XCTAssertEqual("\(error)", "opening /nonexistent/clip.mp4: No such file or directory")
        }
    }

    /// Writing renditions as HLS: a master playlist naming each rung, and media playlists whose segments exist.
    func testKeepWritesPlayableHLS() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-hls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = GeneratedClip(.moderate, width: 320, height: 180, seconds: 9, frameRate: 30)
        let measurement = try EncodeBenchmark(rungs: rungs(), measureQuality: false, keepDirectory: folder).measure(long)
        let clipFolder = folder.appendingPathComponent("generated-moderate-320x180")
        let master = try String(contentsOf: clipFolder.appendingPathComponent("master.m3u8"), encoding: .utf8)
        XCTAssertTrue(master.hasPrefix("#EXTM3U"))
        XCTAssertTrue(master.contains("RESOLUTION=256x144"))
        XCTAssertTrue(master.contains("RESOLUTION=320x180"))
        for rung in measurement.rungs {
            let playlist = try String(contentsOf: clipFolder.appendingPathComponent("\(rung.rung).m3u8"), encoding: .utf8)
            XCTAssertTrue(playlist.contains("#EXT-X-ENDLIST"))
            let segments = playlist.split(separator: "\n").filter { $0.hasSuffix(".ts") }
            XCTAssertFalse(segments.isEmpty)
            let bytes = try segments.map { try FileManager.default.attributesOfItem(atPath: clipFolder.appendingPathComponent(String($0)).path)[.size] as! Int }
            // TS packaging adds overhead on top of the elementary stream, never removes any.
            XCTAssertGreaterThan(bytes.reduce(0, +), rung.bytes)
            // The segments decode back into the clip's frames.
            var frames = 0
            for segment in segments {
                try VideoFile(path: clipFolder.appendingPathComponent(String(segment)).path).decode { _ in frames += 1 }
            }
            XCTAssertEqual(frames, 270)
        }
    }

    func testCalibrationSummarisesAcrossClipsAndRoundTrips() throws {
        let benchmark = EncodeBenchmark(rungs: rungs(), measureQuality: false)
        let measurements = try [GeneratedClip.Complexity.still, .noise].map { try benchmark.measure(clip($0)) }
        let calibration = Calibration(measurements: measurements, rungs: rungs(), note: "test")
        XCTAssertEqual(calibration.costs.count, 2)
        let cost = try XCTUnwrap(calibration.cost(codec: "libx264", preset: "medium", rung: "180p", height: nil))
        XCTAssertEqual(cost.cpuSecondsPerContentSecond.clips, 2)
        XCTAssertEqual(cost.cpuSecondsPerContentSecond.mean,
                       measurements.map { $0.rungs[1].cpuSecondsPerContentSecond }.reduce(0, +) / 2, accuracy: 1e-12)
        XCTAssertEqual(cost.rateControl, "bitrate 400000 maxrate 400000 bufsize 800000")
        XCTAssertNotNil(calibration.cost(codec: "libx264", preset: "medium", rung: "renamed", height: 144))
        XCTAssertNil(calibration.cost(codec: "libx265", preset: "medium", rung: "180p", height: nil))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try calibration.json().write(to: file)
        XCTAssertEqual(try Calibration.read(path: file.path), calibration)
    }
}
