import ArgumentParser
import Foundation
import VidsimCalibration
import VidsimEncoding
import VidsimReports
import VidsimScenario
import VidsimUnits

/// `vidsim bench`: real encodes in-process, and the calibration file the transcode fleet reads.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Encode clips into a ladder with FFmpeg's libraries and measure CPU time, bit rate, PSNR and SSIM.",
        discussion: """
            Each clip is decoded once and every rung is fed from that decode (scaled with libswscale, encoded \
            with libavcodec). CPU time is user plus system, per rung; with --threads 1 (the default) each \
            encoder runs on the measuring thread, so per-rung CPU is exact. PSNR is 10 log10(255^2 / mean MSE) \
            over all planes, as the ffmpeg psnr filter's 'average'; SSIM is the ssim filter's 'All'. With no \
            --clips, clips of graded complexity are generated in-process.
            """)

    @Option(name: .customLong("clips"), parsing: .upToNextOption, help: "Video files or folders of them.")
    var clips: [String] = []

    @Option(help: "Generated clips when no --clips are given: comma-separated from still, moderate, detailed, noise.")
    var generate = "still,moderate,detailed,noise"

    @Option(help: "Size of generated clips, WIDTHxHEIGHT.")
    var size = "1920x1080"

    @Option(help: "Length of generated clips, in seconds.")
    var seconds = 2.0

    @Option(help: "Frame rate of generated clips.")
    var fps = 30

    @Option(help: "Take the ladder (rungs, codec, preset, rate control) from this scenario file; default: the seed's six rungs.")
    var scenario: String?

    @Option(parsing: .upToNextOption, help: "Encoders to measure (libx264, libx265, libvpx-vp9, libsvtav1); default: the ladder's.")
    var codec: [String] = []

    @Option(help: "Encoder preset, overriding the ladder's (defaults: x264/x265 medium, SVT-AV1 8, VP9 cpu-used 4).")
    var preset: String?

    @Option(help: "Threads per encoder. With 1, x264 and VP9 are timed rung by rung from one decode; x265, SVT-AV1 and more threads get a pass per rung.")
    var threads = 1

    @Flag(name: .customLong("no-quality"), help: "Skip the PSNR/SSIM pass.")
    var noQuality = false

    @Option(help: "Also write each clip's renditions as HLS (TS segments, a playlist per rung, a master playlist) under this folder.")
    var keep: String?

    @Option(help: "Write a calibration file (JSON) here.")
    var out: String?

    @Option(help: "A note about the machine, written into the calibration file.")
    var note: String?

    @Flag(help: "Let FFmpeg's libraries print their own statistics on stderr.")
    var verbose = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard seconds > 0 && seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600]") }
        guard fps >= 1 && fps <= 240 else { throw ValidationError("--fps must be between 1 and 240") }
        guard parseSize() != nil else { throw ValidationError("--size must be WIDTHxHEIGHT with even numbers, such as 1920x1080") }
        for name in generate.split(separator: ",") where GeneratedClip.Complexity(rawValue: String(name)) == nil {
            throw ValidationError("unknown generated clip '\(name)': choose from \(GeneratedClip.Complexity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    private func parseSize() -> (Int32, Int32)? {
        let parts = size.lowercased().split(separator: "x").compactMap { Int32($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 >= 16 && $0 <= 8192 && $0 % 2 == 0 }) else { return nil }
        return (parts[0], parts[1])
    }

    func run() throws {
        FFmpegLibraries.setLogging(verbose: verbose)
        var rungs = try ladder()
        var failures = 0
        // An encoder this FFmpeg lacks fails once, by name; the other codecs still run.
        for missing in Set(rungs.map(\.settings.codec)).sorted() where !FFmpegLibraries.hasEncoder(missing) {
            Terminal.error("error: this FFmpeg (\(FFmpegLibraries.release)) has no encoder '\(missing)'")
            rungs.removeAll { $0.settings.codec == missing }
            failures += 1
        }
        let sources = try clipSources()
        // One benchmark per codec: a codec that fails on a clip (an encoder refusing its settings, say) is named,
        // and the other codecs still measure that clip.
        var codecs: [String] = []
        for rung in rungs where !codecs.contains(rung.settings.codec) { codecs.append(rung.settings.codec) }
        let benchmarks = codecs.map { codec in
            (codec, EncodeBenchmark(rungs: rungs.filter { $0.settings.codec == codec }, measureQuality: !noQuality,
                                    keepDirectory: keep.map { URL(fileURLWithPath: $0).appendingPathComponent(codec) }))
        }
        let progress = ProgressBar()
        var measurements: [ClipMeasurement] = []
        for (index, source) in sources.enumerated() {
            let clip: FrameSource
            do {
                clip = try source.open()
            } catch {
                Terminal.error("error: \(source.label): \(error)")
                failures += 1
                continue
            }
            for (codec, benchmark) in benchmarks {
                let label = "clip \(index + 1)/\(sources.count): \(source.label)" + (codecs.count > 1 ? " (\(codec))" : "")
                do {
                    let measurement = try benchmark.measure(clip, expectedFrames: source.expectedFrames(clip)) {
                        progress.update($0, label: label)
                    }
                    progress.clear()
                    measurements.append(measurement)
                    print(BenchTable.render(measurement))
                } catch {
                    progress.clear()
                    Terminal.error("error: \(source.label)\(codecs.count > 1 ? " (\(codec))" : ""): \(error)")
                    failures += 1
                }
            }
        }
        if Set(measurements.map(\.clip)).count > 1 { print(BenchTable.summary(measurements)) }
        if let out {
            guard failures == 0, !measurements.isEmpty else {
                Terminal.error("error: calibration not written to \(out): \(failures) clip\(failures == 1 ? "" : "s") or encoder\(failures == 1 ? "" : "s") failed")
                throw ExitCode.failure
            }
            let calibration = Calibration(measurements: measurements, rungs: rungs, note: note)
            do {
                try AtomicFile.write(calibration.json(), to: URL(fileURLWithPath: out))
            } catch {
                Terminal.error("error: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            print("calibration written to \(out)")
        }
        if failures > 0 { throw ExitCode.failure }
    }

    private func ladder() throws -> [BenchmarkRung] {
        guard let scenario else {
            return codecsOrDefault(["libx264"]).flatMap { BenchLadder.seed(codec: $0, preset: preset, threads: threads) }
        }
        let loaded: Scenario
        do { loaded = try ScenarioLoader.load(path: scenario) } catch {
            Terminal.error(error.description)
            throw ExitCodes.invalidScenario
        }
        do {
            if codec.isEmpty { return try BenchLadder.from(loaded.ladder, codec: nil, preset: preset, threads: threads) }
            return try codec.flatMap { try BenchLadder.from(loaded.ladder, codec: $0, preset: preset, threads: threads) }
        } catch {
            Terminal.error("error: \(scenario): \(error)")
            throw ExitCodes.invalidScenario
        }
    }

    private func codecsOrDefault(_ fallback: [String]) -> [String] { codec.isEmpty ? fallback : codec }

    /// A clip to measure, opened only when its turn comes (so one bad file does not stop the others).
    struct ClipSource {
        let label: String
        let open: () throws -> FrameSource
        let expectedFrames: (FrameSource) -> Int?
    }

    private func clipSources() throws -> [ClipSource] {
        if clips.isEmpty {
            let (width, height) = parseSize()!
            return generate.split(separator: ",").map { name in
                let complexity = GeneratedClip.Complexity(rawValue: String(name))!
                let clip = GeneratedClip(complexity, width: width, height: height, seconds: seconds, frameRate: fps)
                return ClipSource(label: clip.name, open: { clip }, expectedFrames: { _ in Int((seconds * Double(fps)).rounded()) })
            }
        }
        var files: [String] = []
        for path in clips {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += entries.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files.map { path in
            ClipSource(label: path, open: { try FileClip(path: path) },
                       expectedFrames: { ($0 as? FileClip)?.expectedFrameCount })
        }
    }
}
