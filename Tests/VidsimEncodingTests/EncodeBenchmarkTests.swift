import Foundation
import XCTest
import VidsimCalibration
import VidsimEncoding
import CFFmpeg

/// The encode benchmark on small generated clips: what it measures, and agreement with the ffmpeg program.
final class EncodeBenchmarkTests: XCTestCase {
    override class func setUp() { FFmpegLibraries.setLogging(verbose: false) }

    private func rungs(codec: VideoCodec = .x264, crf: Double? = nil) -> [BenchmarkRung] {
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
        // A bigger picture takes more bits at the same CRF. (Its CPU time is larger too, but 180p against 144p is
        // only 1.56 times the pixels: a timing comparison that a busy machine inverted once in CI, so the test
        // compares what the encoder wrote, which does not depend on the machine.)
        XCTAssertGreaterThan(measurement.rungs[1].bytes, measurement.rungs[0].bytes)
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
    /// which counts that thread's work. (Not compared with wall time: on a loaded machine the encode waits for a
    /// core and its wall time grows while its CPU time does not; that failed CI once while another build ran.)
    func testEncodersWithThreadsOfTheirOwnGetAPassPerRung() throws {
        guard VideoCodec.x265.isAvailable else { throw XCTSkip("this FFmpeg has no libx265") }
        XCTAssertTrue(rungs()[0].settings.keepsToCallingThread)
        let x265 = rungs(codec: .x265)
        XCTAssertFalse(x265[0].settings.keepsToCallingThread)
        let measurement = try EncodeBenchmark(rungs: x265, measureQuality: false).measure(clip())
        for rung in measurement.rungs {
            XCTAssertEqual(rung.cpuAttribution, "process, own pass")
            XCTAssertGreaterThan(rung.encodeCPUSeconds, 0, rung.rung)
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

    func testMissingFileIsAnErrorWithFFmpegsMessage() {
        XCTAssertThrowsError(try VideoFile(path: "/nonexistent/clip.mp4")) { error in
            XCTAssertEqual("\(error)", "opening /nonexistent/clip.mp4: No such file or directory")
        }
    }

    /// A source of another shape is fitted inside the rung's box, not stretched to it: 320x136 (2.35:1) into the
    /// 214x120 box is 214x90. Quality is still measured against the source at its own size.
    func testASourceOfAnotherShapeIsFittedInsideTheRungNotStretched() throws {
        let wide = GeneratedClip(.moderate, width: 320, height: 136, seconds: 0.5, frameRate: 30)
        let rungs = [BenchmarkRung(name: "120p", width: 214, height: 120, settings: EncoderSettings(
                         codec: .x264, rateControl: .crf(23, maxrate: nil, bufferSize: nil), threads: 1)),
                     BenchmarkRung(name: "120p-any-width", width: nil, height: 120, settings: EncoderSettings(
                         codec: .x264, rateControl: .crf(23, maxrate: nil, bufferSize: nil), threads: 1))]
        let measurement = try EncodeBenchmark(rungs: rungs).measure(wide)
        XCTAssertEqual(measurement.rungs.map { "\($0.width)x\($0.height)" }, ["214x90", "282x120"])
        for rung in measurement.rungs {
            XCTAssertGreaterThan(rung.psnr ?? 0, 25, rung.rung)
            XCTAssertGreaterThan(rung.ssim ?? 0, 0.8, rung.rung)
        }
    }

    /// Every rung taller than the source: the clip is measured (its frames counted) but gives no rung.
    func testASourceShorterThanEveryRungGivesNoRung() throws {
        let tiny = GeneratedClip(.moderate, width: 64, height: 36, seconds: 0.2, frameRate: 30)
        let measurement = try EncodeBenchmark(rungs: rungs()).measure(tiny)
        XCTAssertEqual(measurement.rungs, [])
        XCTAssertEqual(measurement.skippedRungs.count, 2)
        XCTAssertEqual(measurement.frames, 6)
    }

    /// Sizes no 4:2:0 encoder takes and a source with no frame rate are errors that say so, not traps.
    func testImpossibleSizesAndFrameRatesAreErrorsNotTraps() throws {
        let settings = EncoderSettings(codec: .x264, rateControl: .crf(23, maxrate: nil, bufferSize: nil), threads: 1)
        for (width, height) in [(Int32(3), Int32(2)), (2, 1), (0, 0), (-4, 8)] {
            XCTAssertThrowsError(try VideoEncoder(settings: settings, width: width, height: height,
                                                  frameRate: framesPerSecond(30))) { error in
                XCTAssertTrue("\(error)".contains("4:2:0 pictures need even sizes"), "\(error)")
            }
        }
        XCTAssertThrowsError(try EncodeBenchmark(rungs: rungs()).measure(StillSource(frameRate: 0))) { error in
            XCTAssertTrue("\(error)".contains("has no frame rate"), "\(error)")
        }
        // Threads beyond Int32 are clamped, not a trap: the encoder may refuse them, or cap them itself.
        var many = settings
        many.threads = Int.max
        _ = try? VideoEncoder(settings: many, width: 64, height: 64, frameRate: framesPerSecond(30))
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
        // The typed lookup finds the same cost as the name the file records.
        XCTAssertEqual(calibration.cost(codec: VideoCodec.x264, preset: "medium", rung: "180p", height: nil), cost)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try calibration.json().write(to: file)
        XCTAssertEqual(try Calibration.read(path: file.path), calibration)
    }
}

/// A frame rate of whole frames per second.
private func framesPerSecond(_ frames: Int32) -> AVRational { AVRational(num: frames, den: 1) }

/// A source that claims a frame rate it does not have, to check the benchmark refuses it.
private final class StillSource: FrameSource {
    let name = "still-source"
    let width: Int32 = 320
    let height: Int32 = 180
    let frameRate: AVRational

    init(frameRate: Int32) { self.frameRate = AVRational(num: frameRate, den: 1) }

    func forEachFrame(_ body: (Frame) throws -> Void) throws {
        try body(try Frame(width: width, height: height, format: AV_PIX_FMT_YUV420P))
    }
}
