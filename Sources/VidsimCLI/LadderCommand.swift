import ArgumentParser
import Foundation
import VidsimCalibration
import VidsimEncoding
import VidsimLadder
import VidsimReports
import VidsimScenario
import VidsimUnits

/// `vidsim ladder`: per-title ladders from a convex hull of real encodes, compared with a fixed ladder.
struct LadderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Find each clip's per-title ladder on the convex hull of real encodes and compare it with a fixed ladder.",
        discussion: """
            Each clip is encoded at every resolution from its own height down (to 240p; a smaller source takes its \
            three tallest) and every CRF of --crf, in-process with FFmpeg's libraries; each encode's bit rate and \
            quality are measured at the source's size (PSNR over all planes, or SSIM). The upper convex hull of \
            those points across resolutions gives the encodes worth making; a ladder is chosen along it by the \
            rules (--step, --rungs, --min-gain, --ceiling, --min-bitrate, --max-bitrate). The fixed ladder (the \
            seed's, or a scenario's with --fixed) is encoded too, at its rungs no taller than the clip, and the \
            two are compared: the bit rate the per-title ladder needs for each fixed rung's quality, and the \
            Bjontegaard delta rate by both methods. Progress on stderr; tables on stdout (or JSON). \
            docs/ladders.md has the method and every option.
            """)

    @Argument(help: "Video files, or folders of them. With none, clips of graded complexity are generated (--generate).")
    var clips: [String] = []

    @OptionGroup var generated: GeneratedClipOptions

    @Option(help: "The CRF points of the grid, comma-separated (x264's scale, 1 to 51).")
    var crf = LadderGrid.defaultCRFs.map(RateQualityPoint.shown).joined(separator: ",")

    @Option(help: "grid (every encode of the grid), fast (probes on samples at a faster preset), or both (to measure what fast loses).")
    var search = "grid"

    @Option(help: "Encoder preset for every encode (default: x264's medium).")
    var preset: String?

    @Option(help: "The quality measure: psnr (dB, all planes) or ssim.")
    var metric = "psnr"

    @Option(help: "Bit-rate step between neighbouring rungs, LOW-HIGH (times).")
    var step = "1.5-2"

    @Option(help: "The most rungs (1 to 20); a longer ladder is thinned, keeping its top and bottom.")
    var rungs: Int?

    @Option(name: .customLong("min-gain"), help: "The least quality between neighbouring rungs (dB of PSNR, or SSIM).")
    var minimumGain = 0.0

    @Option(help: "A quality beyond which no rung is needed (the top rung is the cheapest reaching it).")
    var ceiling: Double?

    @Option(name: .customLong("min-bitrate"), help: ArgumentHelp("The lowest rung's bit rate at least.", valueName: "rate"))
    var minimumBitrate = "100 Kbps"

    @Option(name: .customLong("max-bitrate"), help: ArgumentHelp("The top rung's bit rate at most.", valueName: "rate"))
    var maximumBitrate: String?

    @Option(help: "Take the fixed ladder from this ladder file or scenario (default: the seed's six rungs, x264 at their bit rates).")
    var fixed: String?

    @Option(help: ArgumentHelp("Write per-title.yaml and fixed.yaml here: ladder files by content class (a class per clip) that "
                               + "scenarios read with `ladder: FILE`.", valueName: "folder"))
    var write: String?

    @Option(name: .customLong("class-names"), help: ArgumentHelp("With --write: the clips' class names, comma-separated, in order "
                                                                 + "(default: each clip's file name).", valueName: "names"))
    var classNames: String?

    @Option(help: ArgumentHelp("With --write: the classes' shares of uploads, comma-separated, in order (default: equal).",
                               valueName: "shares"))
    var shares: String?

    @Option(help: "text (tables) or json.")
    var format = "text"

    @Option(help: ArgumentHelp("Also write an HTML page with each clip's rate-quality chart and tables here.", valueName: "file"))
    var html: String?

    func validate() throws {
        _ = try crfPoints()
        guard LadderAnalysis.Search(rawValue: search) != nil else {
            throw ValidationError("--search must be grid, fast or both, found '\(search)'")
        }
        guard ["psnr", "ssim"].contains(metric) else { throw ValidationError("--metric must be psnr or ssim, found '\(metric)'") }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, found '\(format)'") }
        if let problem = try rules().problem() { throw ValidationError(problem) }
        if let preset {
            do { try VideoCodec.x264.checkPresetWithEncoder(preset) } catch { throw ValidationError("--preset: \(error)") }
        }
        if write == nil && (classNames != nil || shares != nil) {
            throw ValidationError("--class-names and --shares describe the files --write makes: give --write too")
        }
        _ = try namesGiven()
        _ = try sharesGiven()
    }

    private func namesGiven() throws -> [String]? {
        guard let classNames else { return nil }
        let names = classNames.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_. ")
        for name in names where name.isEmpty || name.count > 100 || !name.allSatisfy({ allowed.contains($0) }) {
            throw ValidationError("--class-names: expected names of 1 to 100 letters, digits, spaces, '-', '_' and '.', found '\(name)'")
        }
        guard Set(names).count == names.count else { throw ValidationError("--class-names: two classes have the same name") }
        return names
    }

    private func sharesGiven() throws -> [Double]? {
        guard let shares else { return nil }
        let values = shares.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ $0.map { $0 > 0 && $0 <= 1e9 } ?? false }) else {
            throw ValidationError("--shares: expected positive numbers (relative shares), comma-separated, found '\(shares)'")
        }
        return values.compactMap { $0 }
    }

    private func crfPoints() throws -> [Double] {
        let values = crf.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }), let points = Optional(values.compactMap { $0 }),
              points.allSatisfy({ $0 >= 1 && $0 <= 51 }), Set(points).count == points.count else {
            throw ValidationError("--crf must be distinct numbers from 1 to 51 (0 is lossless), comma-separated, such as 18,23,28; "
                                  + "found '\(crf)'")
        }
        guard points.count >= 2 && points.count <= 20 else {
            throw ValidationError("--crf must have 2 to 20 points, found \(points.count)")
        }
        return points.sorted()
    }

    private func rules() throws -> LadderRules {
        let bounds = step.split(separator: "-").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard bounds.count == 2, let low = bounds[0], let high = bounds[1] else {
            throw ValidationError("--step must be LOW-HIGH, such as 1.5-2; found '\(step)'")
        }
        let minimum = try rate(minimumBitrate, "--min-bitrate")
        let maximum = try maximumBitrate.map { try rate($0, "--max-bitrate") } ?? .infinity
        return LadderRules(rungs: rungs, stepLow: low, stepHigh: high, minimumGain: minimumGain, ceiling: ceiling,
                           minimumBitrate: minimum, maximumBitrate: maximum)
    }

    private func rate(_ text: String, _ option: String) throws -> Double {
        guard let rate = try? BitRate(parsing: text), rate.bitsPerSecond.isFinite, rate.bitsPerSecond >= 0 else {
            throw ValidationError("\(option) must be a bit rate such as 300 Kbps or 20 Mbps, found '\(text)'")
        }
        return rate.bitsPerSecond
    }

    func run() throws {
        FFmpegLibraries.makeEncodesReproducible()
        FFmpegLibraries.setLogging(verbose: false)
        let rules = try rules()
        let crfs = try crfPoints()
        let fixedRungs = try fixedLadder()
        let (sources, problems) = generated.sources(clips: clips)
        let names = try namesGiven(), given = try sharesGiven()
        for (option, count) in [("--class-names", names?.count), ("--shares", given?.count)] {
            if let count, count != sources.count {
                throw ValidationError("\(option) gives \(counted(count, "value")) for \(counted(sources.count, "clip")): give one per clip, in order")
            }
        }
        var failures = problems.count
        for problem in problems { Terminal.error("error: \(problem)") }
        let progress = ProgressBar()
        var analyses: [LadderAnalysis] = []
        var analysed: [Int] = []
        for (index, source) in sources.enumerated() {
            do {
                let clip = try source.open()
                let analysis = try LadderAnalysis.run(
                    clip: clip, label: source.label, expectedFrames: source.expectedFrames(clip), crfs: crfs, preset: preset,
                    metric: metric == "ssim" ? .ssim : .psnr, rules: rules, fixed: fixedRungs,
                    search: LadderAnalysis.Search(rawValue: search)!) { fraction, stage in
                        progress.update(fraction, label: "clip \(index + 1)/\(sources.count): \(source.label): \(stage)")
                    }
                progress.clear()
                analyses.append(analysis)
                analysed.append(index)
                if format == "text" { print(LadderOutput.text(analysis)) }
            } catch {
                progress.clear()
                Terminal.error("error: \(source.label): \(error)")
                failures += 1
            }
        }
        if format == "text", analyses.count > 1 { print(LadderOutput.summary(analyses)) }
        if format == "json" { print(LadderOutput.json(analyses, rules: rules).text()) }
        if let html, !analyses.isEmpty {
            do {
                try AtomicFile.write(LadderOutput.html(analyses), to: URL(fileURLWithPath: html))
                Terminal.error("wrote \(html)")
            } catch {
                Terminal.error("error: cannot write \(html): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if let write, !analyses.isEmpty {
            let classNames = names.map { all in analysed.map { all[$0] } } ?? LadderFiles.classNames(for: analyses, given: nil)
            let files = LadderFiles(
                classes: analyses.indices.map { index in
                    LadderFiles.ContentClass(name: classNames[index], share: given.map { $0[analysed[index]] } ?? 1,
                                             analysis: analyses[index])
                },
                preset: preset ?? VideoCodec.x264.defaultPreset, metric: metric == "ssim" ? .ssim : .psnr, givenShares: given != nil)
            if let problem = files.problem() {
                Terminal.error("error: cannot write the ladder files: \(problem)")
                throw ExitCode.failure
            }
            do {
                try FileManager.default.createDirectory(atPath: write, withIntermediateDirectories: true)
                let folder = URL(fileURLWithPath: write)
                try AtomicFile.write(files.perTitle(), to: folder.appendingPathComponent("per-title.yaml"))
                try AtomicFile.write(files.fixed(), to: folder.appendingPathComponent("fixed.yaml"))
                Terminal.error("wrote \(folder.appendingPathComponent("per-title.yaml").path) and fixed.yaml beside it")
                let heights = analyses.map { "\($0.height)" }.joined(separator: ", ")
                Terminal.error("note: each class's ladders stop at its clip's height (\(heights) lines): in a scenario, an upload of "
                               + "the class gets those rungs at most, whatever its source; measure on clips of your uploads' sizes")
            } catch {
                Terminal.error("error: cannot write the ladder files in \(write): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }

    /// The fixed ladder: a ladder file's or a scenario's (with --fixed), else the seed's six rungs, x264 at their
    /// bit rates.
    private func fixedLadder() throws -> [BenchmarkRung] {
        guard let fixed else { return BenchLadder.seed(codec: .x264, preset: preset, threads: 1) }
        let ladder: BitrateLadder
        do { ladder = try ScenarioLoader.loadLadderOrScenario(path: fixed) } catch {
            Terminal.error(error.description)
            throw ExitCodes.invalidScenario
        }
        guard !ladder.byClass else {
            Terminal.error("error: \(fixed): a ladder by content class; --fixed takes one fixed ladder (rungs:)")
            throw ExitCodes.invalidScenario
        }
        do {
            return try BenchLadder.from(ladder, codec: .x264, preset: preset, threads: 1)
        } catch {
            Terminal.error("error: \(fixed): \(error)")
            throw ExitCodes.invalidScenario
        }
    }
}
