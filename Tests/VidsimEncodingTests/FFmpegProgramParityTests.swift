import Foundation
import XCTest
import VidsimCalibration
import VidsimEncoding

/// vidsim's encodes and quality figures against the ffmpeg program's, where the program is installed.
///
/// Both encode the same generated source with the same settings: sizes must agree within 1%, PSNR within
/// 0.01 dB and SSIM within 0.001 (the ffmpeg program measuring its own encode, in MPEG-TS so frames keep their
/// timestamps without changing the H.264 stream).
final class FFmpegProgramParityTests: XCTestCase {
    private var ffmpeg: URL!
    private var folder: URL!

    override func setUpWithError() throws {
        let candidates = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].filter { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path = candidates.first else { throw XCTSkip("the ffmpeg program is not installed") }
        ffmpeg = URL(fileURLWithPath: path)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        FFmpegLibraries.setLogging(verbose: false)
    }

    override func tearDownWithError() throws { if let folder { try? FileManager.default.removeItem(at: folder) } }

    private func runFFmpeg(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = ffmpeg
        process.arguments = ["-hide_banner", "-nostdin", "-y"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        return text
    }

    private func figure(_ name: String, in log: String) throws -> Double {
        let range = try XCTUnwrap(log.range(of: "\(name):"), "no \(name) in: \(log)")
        return try XCTUnwrap(Double(log[range.upperBound...].prefix { "0123456789.".contains($0) }))
    }

    func testSizesAndQualityAgreeWithTheFFmpegProgram() throws {
        let clip = GeneratedClip(.moderate, width: 320, height: 180, seconds: 1, frameRate: 30)
        let source = String(clip.filterDescription.dropLast("[out]".count))
        let rungs = [("120p", Int32(214), Int32(120), 150_000), ("180p", Int32(320), Int32(180), 400_000)].map { rung in
            BenchmarkRung(name: rung.0, width: rung.1, height: rung.2, settings: EncoderSettings(
                codec: .x264, preset: "medium",
                rateControl: .bitrate(target: rung.3, maxrate: rung.3, bufferSize: 2 * rung.3), threads: 1))
        }
        let measurement = try EncodeBenchmark(rungs: rungs).measure(clip)
        for (rung, measured) in zip(rungs, measurement.rungs) {
            let raw = folder.appendingPathComponent("\(rung.name).h264").path
            let ts = folder.appendingPathComponent("\(rung.name).ts").path
            let scale = ["-vf", "scale=\(rung.width!):\(rung.height):flags=bicubic"]
            for (format, path) in [("h264", raw), ("mpegts", ts)] {
                _ = try runFFmpeg(["-f", "lavfi", "-i", source] + scale + rung.settings.ffmpegArguments + ["-f", format, path])
            }
            let size = try FileManager.default.attributesOfItem(atPath: raw)[.size] as! Int
            XCTAssertEqual(Double(measured.bytes), Double(size), accuracy: Double(size) * 0.01, rung.name)

            let compare = "[0:v]scale=320:180:flags=bicubic,setpts=PTS-STARTPTS[m];[m][1:v]"
            let psnrLog = try runFFmpeg(["-i", ts, "-f", "lavfi", "-i", source, "-lavfi", compare + "psnr", "-f", "null", "-"])
            let ssimLog = try runFFmpeg(["-i", ts, "-f", "lavfi", "-i", source, "-lavfi", compare + "ssim", "-f", "null", "-"])
            XCTAssertEqual(try XCTUnwrap(measured.psnr), try figure("average", in: psnrLog), accuracy: 0.01, rung.name)
            XCTAssertEqual(try XCTUnwrap(measured.ssim), try figure("All", in: ssimLog), accuracy: 0.001, rung.name)
        }
    }
}
