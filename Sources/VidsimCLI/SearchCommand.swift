import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario
import VidsimUnits
import Yams

/// `vidsim search SCENARIO --field F --figure G --below T --from A --to B`: the smallest value of a field for
/// which a figure meets a target, by bisection over the field's values, every value run with the scenario's
/// seed (common random numbers), so neighbouring values are compared on the same uploads.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the smallest value of a field for which a figure meets a target.",
        discussion: """
            The field takes the values --from, --from + --step, ... up to --to (with --unit after each, such as \
            GB). A value meets the target when the figure's one-sided 95% bound over the replications is on the \
            right side of it: the upper bound below --below, or the lower bound above --above (with one \
            replication, the mean). The search assumes the figure improves as the field grows (a bigger fleet \
            waits less, a bigger cache hits more): it checks both ends, then bisects. It prints every value it \
            ran and the answer, with the confidence that its mean meets the target and what the value one step \
            below gives; --write-scenario FILE writes a scenario that extends this one with the answer set, to \
            run on its own. docs/sweeps.md has examples.
            """)

    @Argument(help: "The scenario (YAML).")
    var file: String

    @Option(help: "The scenario field to search, such as transcode.workers or delivery.regions[0].edge_cache.")
    var field: String

    @Option(help: "The smallest value to try.")
    var from: Double

    @Option(help: "The largest value to try.")
    var to: Double

    @Option(help: "The step between values (default 1).")
    var step: Double = 1

    @Option(help: "The unit written after each value (GB, hours/min, ...); none by default.")
    var unit: String?

    @Option(help: "The figure's key, as vidsim figures lists them (transcode.time_to_publish.p95).")
    var figure: String

    @Option(help: "The target the figure must stay below, in its unit (20 min, 0.5%, 2 Mbps).")
    var below: String?

    @Option(help: "The target the figure must stay above (0.9 or 90% for a hit ratio).")
    var above: String?

    @Option(help: "Write a scenario that extends this one with the answer set.")
    var writeScenario: String?

    @OptionGroup var options: RunOptions

    func validate() throws {
        try options.check()
        guard (below == nil) != (above == nil) else { throw ValidationError("give one target: --below or --above") }
        guard from.isFinite, to.isFinite, step.isFinite, step > 0, to > from else {
            throw ValidationError("expected --from below --to and a --step above 0, found \(from), \(to), \(step)")
        }
        guard (to - from) / step <= 1_000_000 else { throw ValidationError("the range has more than a million values: widen --step") }
        switch FieldOverride.parse(field) {
        case let .failure(error): throw ValidationError("--field: \(error)")
        case let .success(steps):
            if writeScenario != nil, steps.contains(where: { if case .index = $0 { return true } else { return false } }) {
                throw ValidationError("--write-scenario cannot set \(field): a list's item cannot be changed through extends: (a list is "
                    + "replaced whole); leave out --write-scenario and set the answer in a copy of the scenario")
            }
        }
        if let unit, unit.isEmpty || unit.count > 30 { throw ValidationError("--unit must be a unit such as GB, found '\(unit)'") }
    }

    /// One value run: the figure's estimate over the replications, and whether it meets the target.
    struct Evaluation {
        let index: Int
        let value: String
        let estimate: Estimate
        let bound: Double
        let meets: Bool
        let confidence: Double?
    }

    func run() throws {
        let steps = try FieldOverride.parse(field).get()
        let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
        func value(_ index: Int) -> String { SweepDefinition.shown(from + Double(index) * step) + (unit.map { " " + $0 } ?? "") }
        func scenario(_ index: Int) throws -> Scenario {
            let node = Node(value(index), .implicit, .plain)
            return try options.load(file, overrides: [FieldOverride(steps: steps, value: node, file: "--field \(field)")])
        }
        // The figure and the target, in the figure's unit, from the scenario at the first value.
        let first = try scenario(0)
        let declaration: FigureDeclaration
        switch SweepResults.figures([figure], for: [first]) {
        case let .success(found): declaration = found[0]
        case let .failure(unknown): throw usage("--figure: \(unknown.message)")
        }
        let isBelow = below != nil
        let target: Double
        switch declaration.unit.parse(below ?? above!) {
        case let .success(parsed): target = parsed
        case let .failure(error): throw usage("--\(isBelow ? "below" : "above"): \(error)")
        }
        if let writeScenario {
            // Never over the scenario searched, or a file it is made of.
            let target = URL(fileURLWithPath: writeScenario).standardizedFileURL.resolvingSymlinksInPath().path
            let read = (first.sourceFiles + [first.ladderFile, first.calibrationFile, first.workCalibrationFile].compactMap { $0 })
                .map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
            if read.contains(target) {
                throw usage("--write-scenario \(writeScenario) is a file the scenario is read from: write the answer to a new file")
            }
        }
        if first.run.replications == 1 {
            Terminal.error("warning: with one replication there is no interval: each value's figure is one run's, and the answer rests on it "
                           + "alone; give --replications 3 or more for a 95% bound")
        }
        let threads = options.threads ?? Replications.availableCores
        let targetText = declaration.unit.format(target)
        Terminal.error("vidsim search: the smallest \(field) from \(value(0)) to \(value(count - 1)) with \(declaration.label) "
                       + "\(isBelow ? "below" : "above") \(targetText)")

        var runs: [Int: Evaluation] = [:]
        func evaluate(_ index: Int) throws -> Evaluation {
            if let known = runs[index] { return known }
            let loaded = index == 0 ? first : try scenario(index)
            let progress = RunProgress(replications: loaded.run.replications)
            let display = ProgressDisplay(progress, label: "\(field) = \(value(index))")
            display.start()
            defer { display.stop() }
            let metrics = try RunMetrics.run(loaded, threads: threads, progress: progress)
            let values = metrics[declaration.key]?.values ?? [.nan]
            let estimate = Estimate(values)
            let bound = estimate.oneSidedBound(upper: isBelow)
            let evaluation = Evaluation(index: index, value: value(index), estimate: estimate, bound: bound,
                                        meets: isBelow ? bound < target : bound > target, confidence: estimate.confidence(isBelow, target))
            runs[index] = evaluation
            Terminal.error("  \(field) = \(evaluation.value): \(declaration.unit.format(estimate.mean, halfWidth: estimate.halfWidth))"
                           + (evaluation.meets ? ", meets" : ", does not meet"))
            return evaluation
        }

        // Both ends first: the answer lies between a value that misses and one that meets.
        var answer: Evaluation?
        let top = try evaluate(count - 1), bottom = try evaluate(0)
        if bottom.meets {
            answer = bottom
        } else if top.meets {
            var low = 0, high = count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if try evaluate(middle).meets { high = middle } else { low = middle }
            }
            answer = runs[high]
        }
        print(report(runs: runs.values.sorted { $0.index < $1.index }, answer: answer, declaration: declaration, target: targetText,
                     isBelow: isBelow, replications: first.run.replications, seed: first.seed))
        if bottom.meets && !top.meets {
            Terminal.error("warning: \(field) = \(bottom.value) meets the target but \(top.value) does not: the figure gets worse as \(field) "
                           + "grows here, and vidsim search looks for the smallest value of a field that improves it")
        }
        guard let answer else { throw ExitCode.failure }
        if let writeScenario { try write(answer: answer, scenarioName: first.name, steps: steps, to: writeScenario) }
    }

    /// A mistake in the arguments found once the scenario is read: said without the usage text, exit 64.
    private func usage(_ message: String) -> ExitCode {
        Terminal.error("error: \(message)")
        return ExitCode.validationFailure
    }

    private func report(runs: [Evaluation], answer: Evaluation?, declaration: FigureDeclaration, target: String, isBelow: Bool,
                        replications: Int, seed: UInt64) -> String {
        let unit = declaration.unit
        var lines = ["vidsim search: \(file), \(counted(replications, "replication")) at each value, seed \(seed) (common random numbers)"]
        let header = [field, declaration.label, "95% \(isBelow ? "upper" : "lower") bound", "meets \(isBelow ? "<" : ">") \(target)", "confidence"]
        var rows = [header]
        for run in runs {
            rows.append([run.value, unit.format(run.estimate.mean, halfWidth: run.estimate.halfWidth), unit.format(run.bound),
                         run.meets ? "yes" : "no", run.confidence.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a"])
        }
        lines += Terminal.columns(rows)
        guard let answer else {
            let top = runs.last!
            lines.append("no value up to \(top.value) meets the target: at \(top.value) \(declaration.label) is "
                         + "\(unit.format(top.estimate.mean)) (95% \(isBelow ? "upper" : "lower") bound \(unit.format(top.bound))); raise --to")
            return lines.joined(separator: "\n")
        }
        var text = "answer: \(field) = \(answer.value): \(declaration.label) \(unit.format(answer.estimate.mean, halfWidth: answer.estimate.halfWidth)), "
            + "its 95% \(isBelow ? "upper" : "lower") bound \(unit.format(answer.bound)) \(isBelow ? "below" : "above") \(target)"
        if let confidence = answer.confidence {
            text += String(format: "; confidence that its mean meets the target: %.1f%%", confidence * 100)
        }
        lines.append(text)
        if answer.index > 0, let previous = runs.first(where: { $0.index == answer.index - 1 }) {
            lines.append("  one step less, \(field) = \(previous.value): \(unit.format(previous.estimate.mean, halfWidth: previous.estimate.halfWidth)), "
                         + "95% bound \(unit.format(previous.bound)): does not meet it")
        } else if answer.index == 0 {
            lines.append("  the smallest value tried meets it: lower --from to look further")
        }
        return lines.joined(separator: "\n")
    }

    /// A scenario that extends the searched one with the answer set, beside it or where asked.
    private func write(answer: Evaluation, scenarioName: String, steps: [FieldOverride.Step], to path: String) throws {
        let keys = steps.compactMap { step -> String? in if case let .key(name) = step { return name } else { return nil } }
        let base = URL(fileURLWithPath: file).standardizedFileURL
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let relative = Self.relativePath(from: target.deletingLastPathComponent(), to: base)
        // A name of its own, so that its reports do not replace the base's.
        let suffix = (keys.last! + "-" + answer.value).map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" }
        var yaml = "# Written by vidsim search: the smallest \(field) found to meet the target.\nextends: \(relative)\n"
            + "name: \(scenarioName)-\(String(suffix))\n"
        for (depth, key) in keys.enumerated() {
            yaml += String(repeating: "  ", count: depth) + key + ":" + (depth == keys.count - 1 ? " \(answer.value)\n" : "\n")
        }
        do {
            try AtomicFile.write(Data(yaml.utf8), to: target)
        } catch {
            Terminal.error("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print("  scenario  \(path)")
    }

    static func relativePath(from directory: URL, to file: URL) -> String {
        let from = directory.pathComponents, to = file.pathComponents
        var common = 0
        while common < min(from.count, to.count - 1), from[common] == to[common] { common += 1 }
        // Nothing shared but the root: the absolute path reads better than a climb to it.
        if common <= 1 { return file.path }
        return (Array(repeating: "..", count: from.count - common) + to[common...]).joined(separator: "/")
    }
}
