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

    @Option(name: .customLong("clips"), parsing: .upToNextOption,
            help: "Video files, or folders of them (a folder gives its files with a video extension: .mp4, .mov, .mkv, .webm, ...).")
    var clips: [String] = []

    @OptionGroup var generated: GeneratedClipOptions

    @Option(help: "Take the ladder (rungs, codec, preset, rate control) from this scenario file; default: the seed's six rungs.")
    var scenario: String?

    @Option(parsing: .upToNextOption, help: "Encoders to measure (\(VideoCodec.knownNames)); default: the ladder's.",
            transform: { name in try VideoCodec(encoderName: name) })
    var codec: [VideoCodec] = []

    @Option(help: "Encoder preset, overriding the ladder's (defaults: x264/x265 medium, SVT-AV1 8, VP9 cpu-used 4).")
    var preset: String?

    @Option(help: "Threads per encoder (1 to \(Self.mostThreads)). With 1, x264 and VP9 are timed rung by rung from one decode; x265, SVT-AV1 and more threads get a pass per rung.")
    var threads = 1

    @Option(parsing: .upToNextOption,
            help: "Also measure editing operations, each a pass of its own over every clip (\(EditOperation.names.joined(separator: ", ")), separated by spaces; a height after a colon: preview:480). A work class takes its service time from them. Each runs its recipe's encoder on one thread; --threads, --codec, --preset and --keep apply to the ladder only.",
            transform: { text in
                do { return try EditOperation(parsing: text) } catch { throw ValidationError("\(error)") }
            })
    var operations: [EditOperation] = []

    @Flag(name: .customLong("operations-only"), help: "Measure the editing operations only, not the ladder.")
    var operationsOnly = false

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

    /// The most threads one encoder may be given: a sane bound (FFmpeg keeps the count in 32 bits, and a
    /// benchmark encode gains nothing from more).
    static let mostThreads = 64

    func validate() throws {
        guard !operationsOnly || !operations.isEmpty else {
            throw ValidationError("--operations-only needs --operations (\(EditOperation.names.joined(separator: ", ")))")
        }
        guard (1...Self.mostThreads).contains(threads) else {
            throw ValidationError("--threads must be between 1 and \(Self.mostThreads)")
        }
        // A preset given for codecs named here is checked now; one meant for a scenario's codec once it is read.
        if let preset {
            for codec in codec.isEmpty && scenario == nil ? [.x264] : codec {
                do { try codec.checkPresetWithEncoder(preset) } catch { throw ValidationError("--preset: \(error)") }
            }
        }
    }

    func run() throws {
        FFmpegLibraries.makeEncodesReproducible()
        FFmpegLibraries.setLogging(verbose: verbose)
        var rungs = operationsOnly ? [] : try ladder()
        var failures = 0
        // The operations, each once, in the order given.
        var editOperations: [EditOperation] = []
        for operation in operations where !editOperations.contains(where: { $0.label == operation.label }) { editOperations.append(operation) }
        for missing in Set(editOperations.map(\.settings.codec)) where !missing.isAvailable {
            Terminal.error("error: this FFmpeg (\(FFmpegLibraries.release)) has no encoder '\(missing)', which the editing operations use")
            throw ExitCode.failure
        }
        let operationBenchmark = OperationBenchmark(operations: editOperations)
        var operationResults: [(clip: String, measured: [OperationMeasurement])] = []
        // An encoder this FFmpeg lacks fails once, by name; the other codecs still run.
        var codecs: [VideoCodec] = []
        for rung in rungs where !codecs.contains(rung.settings.codec) { codecs.append(rung.settings.codec) }
        for missing in codecs where !missing.isAvailable {
            Terminal.error("error: this FFmpeg (\(FFmpegLibraries.release)) has no encoder '\(missing)'")
            rungs.removeAll { $0.settings.codec == missing }
            failures += 1
        }
        codecs.removeAll { !$0.isAvailable }
        let (sources, unusableClips) = clipSources()
        for problem in unusableClips { Terminal.error("error: \(problem)") }
        failures += unusableClips.count
        // One benchmark per codec: a codec that fails on a clip (an encoder refusing its settings, say) is named,
        // and the other codecs still measure that clip.
        let benchmarks = codecs.map { codec in
            (codec, EncodeBenchmark(rungs: rungs.filter { $0.settings.codec == codec }, measureQuality: !noQuality,
                                    keepDirectory: keep.map { URL(fileURLWithPath: $0).appendingPathComponent(codec.encoderName) }))
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
            if !editOperations.isEmpty {
                let label = "clip \(index + 1)/\(sources.count): \(source.label) (editing operations)"
                do {
                    let measured = try operationBenchmark.measure(clip, expectedFrames: source.expectedFrames(clip)) {
                        progress.update($0, label: label)
                    }
                    progress.clear()
                    operationResults.append((clip.name, measured))
                    print(BenchTable.render(operations: measured, clip: clip.name))
                } catch {
                    progress.clear()
                    Terminal.error("error: \(source.label) (editing operations): \(error)")
                    failures += 1
                }
            }
        }
        if Set(measurements.map(\.clip)).count > 1 { print(BenchTable.summary(measurements)) }
        if operationResults.count > 1 { print(BenchTable.summary(operations: operationResults.map(\.measured))) }
        // Clips shorter than every rung are measured (decoded) but give no rung: nothing to calibrate from.
        let nothingEncoded = operationResults.isEmpty && !measurements.isEmpty && measurements.allSatisfy(\.rungs.isEmpty)
        let nothingEncodedReason = nothingEncoded ? Self.nothingEncodedReason(measurements, rungs: rungs) : ""
        if let out {
            guard failures == 0, !measurements.isEmpty || !operationResults.isEmpty else {
                Terminal.error("error: calibration not written to \(out): \(failures) clip\(failures == 1 ? "" : "s") or encoder\(failures == 1 ? "" : "s") failed")
                throw ExitCode.failure
            }
            guard !nothingEncoded else {
                Terminal.error("error: calibration not written to \(out): \(nothingEncodedReason)")
                throw ExitCode.failure
            }
            // An operation asked at a height is recorded at that height: a clip it could not reach (never scaled up)
            // would give it another size's cost.
            for (clip, measured) in operationResults {
                for operation in measured {
                    guard let asked = editOperations.first(where: { $0.label == operation.operation })?.height,
                          operation.height < Int(asked) - 1 else { continue }
                    Terminal.error("error: calibration not written to \(out): \(operation.operation) was encoded at \(operation.height) lines "
                                   + "on \(clip) (a clip is never scaled up): measure it on clips at least \(asked) lines tall, or ask for "
                                   + "\(operation.operation.split(separator: ":")[0]):\(operation.height)")
                    throw ExitCode.failure
                }
            }
            var calibration = Calibration(measurements: measurements, rungs: rungs, note: note)
            if !editOperations.isEmpty {
                calibration.operations = Calibration.operationCosts(operationResults, operations: editOperations)
            }
            do {
                try AtomicFile.write(calibration.json(), to: URL(fileURLWithPath: out))
            } catch {
                Terminal.error("error: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            print("calibration written to \(out)")
        } else if nothingEncoded {
            Terminal.error("error: \(nothingEncodedReason)")
            throw ExitCode.failure
        }
        if failures > 0 { throw ExitCode.failure }
    }

    /// "no rung was encoded: every rung is taller than the clips (160x90; the shortest rung, 240p, has 240 lines)".
    private static func nothingEncodedReason(_ measurements: [ClipMeasurement], rungs: [BenchmarkRung]) -> String {
        var sizes: [String] = []
        for clip in measurements where !sizes.contains("\(clip.width)x\(clip.height)") {
            sizes.append("\(clip.width)x\(clip.height)")
        }
        let shortest = rungs.min { $0.height < $1.height }
        return "no rung was encoded: every rung is taller than the clip\(sizes.count == 1 ? "" : "s") ("
            + sizes.joined(separator: ", ")
            + (shortest.map { "; the shortest rung, \($0.name), has \($0.height) lines" } ?? "") + ")"
    }

    /// The codecs named with --codec, each once, in the order given.
    private var distinctCodecs: [VideoCodec] {
        var distinct: [VideoCodec] = []
        for codec in codec where !distinct.contains(codec) { distinct.append(codec) }
        return distinct
    }

    private func ladder() throws -> [BenchmarkRung] {
        guard let scenario else {
            let codecs = distinctCodecs.isEmpty ? [VideoCodec.x264] : distinctCodecs
            return codecs.flatMap { BenchLadder.seed(codec: $0, preset: preset, threads: threads) }
        }
        let loaded: Scenario
        do { loaded = try ScenarioLoader.load(path: scenario) } catch {
            Terminal.error(error.description)
            throw ExitCodes.invalidScenario
        }
        guard !loaded.ladder.byClass else {
            Terminal.error("error: \(scenario): the ladder is by content class; --scenario takes a fixed ladder (rungs:). "
                           + "A per-title ladder's rungs were measured by vidsim ladder, which wrote them.")
            throw ExitCodes.invalidScenario
        }
        do {
            let codecs: [VideoCodec?] = distinctCodecs.isEmpty ? [nil] : distinctCodecs
            let rungs = try codecs.flatMap { try BenchLadder.from(loaded.ladder, codec: $0, preset: preset, threads: threads) }
            // A preset has the right shape by now (checked when the scenario loaded, or in `validate`); here, it
            // is checked against the range this FFmpeg's encoder takes.
            for settings in Set(rungs.map { SettingsKey(codec: $0.settings.codec, preset: $0.settings.preset) }) {
                do { try settings.codec.checkPresetWithEncoder(settings.preset) } catch {
                    if preset != nil { throw PresetOptionError(reason: error) }
                    throw BenchError("ladder.preset: \(error)")
                }
            }
            return rungs
        } catch let error as PresetOptionError {
            // A usage error, as `validate` would have said had it known the scenario's codec.
            Terminal.error("Error: --preset: \(error.reason)")
            throw ExitCode.validationFailure
        } catch {
            Terminal.error("error: \(scenario): \(error)")
            throw ExitCodes.invalidScenario
        }
    }

    private struct PresetOptionError: Error {
        let reason: InvalidPreset
    }

    private struct SettingsKey: Hashable {
        let codec: VideoCodec
        let preset: String
    }

    /// The clips to measure, and a line for each --clips folder that gave none.
    private func clipSources() -> (sources: [ClipSource], problems: [String]) { generated.sources(clips: clips) }
}
