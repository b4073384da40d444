import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario
import VidsimUnits

/// `vidsim compare BASE VARIANT...`: runs a base scenario and its variants with common random numbers and
/// reports every figure's paired difference.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run a base scenario and variants with common random numbers; report paired differences.",
        discussion: """
            Every variant runs with the base's seed and number of replications (or --seed and --replications), \
            so replication i of a variant sees the same random uploads, durations and uplinks as replication i \
            of the base wherever the two agree, and the two are compared pair by pair. Writes \
            reports/compare-<base>/comparison.json, .md, .csv and .html (or the folder --name gives). With \
            --shard I/N (or inside a Slurm array job or a Kubernetes Indexed Job), runs shard I's share of the \
            scenarios' replications and writes <folder>/partials/shard-I-of-N.json; vidsim merge then writes the \
            comparison, the same bytes whatever the split.
            """)

    @Argument(help: "The base scenario, then one or more variants (YAML).")
    var files: [String]

    @OptionGroup var options: RunOptions

    @OptionGroup var sharding: ShardOptions

    @Option(help: "The comparison's folder name under --reports (default: compare-<base name>).")
    var name: String?

    @Option(name: .customLong("format"), parsing: .upToNextOption,
            help: "Formats to write (default: all): \(ComparisonFormats.names.joined(separator: ", ")).")
    var formats: [String] = []

    func validate() throws {
        try options.check()
        guard files.count >= 2 else { throw ValidationError("give a base scenario and at least one variant") }
        for format in formats where ComparisonFormats.named(format) == nil {
            throw ValidationError("unknown format '\(format)'; known: \(ComparisonFormats.names.joined(separator: ", "))")
        }
        if let name, name.isEmpty || name.contains("/") || name == "." || name == ".." {
            throw ValidationError("--name must be a folder name, found '\(name)'")
        }
    }

    /// The base and its variants, the variants with the base's seed and replications (so the run-size check
    /// sees what will run); with `notes`, says on stderr which variant declared others.
    static func load(_ files: [String], options: RunOptions, notes: Bool) throws -> [Scenario] {
        let base = try options.load(files[0])
        var scenarios = [base]
        for file in files.dropFirst() {
            let variant = try options.load(file, replications: base.run.replications, seed: base.seed)
            if notes, options.seed == nil || options.replications == nil,
               let declared = try? ScenarioLoader.load(path: file, force: true),
               declared.seed != base.seed || declared.run.replications != base.run.replications {
                Terminal.error("note: \(file) runs with the base's seed \(base.seed) and \(counted(base.run.replications, "replication")), for common random numbers")
            }
            scenarios.append(variant)
        }
        return scenarios
    }

    /// The comparison's folder name under --reports.
    static func folderName(name: String?, base: Scenario) -> String { name ?? "compare-\(base.name)" }

    func run() throws {
        let selection = try sharding.selection()
        let scenarios = try Self.load(files, options: options, notes: true)
        let destination = ReportDestination(reportsDirectory: options.reportsDirectory, name: Self.folderName(name: name, base: scenarios[0]))
        if let selection {
            guard formats.isEmpty else {
                Terminal.error("error: a shard writes its partial result, not a comparison: give --format to vidsim merge")
                throw ExitCode.validationFailure
            }
            try ShardedRun.run(kind: .compare, files: files, name: name, scenarios: scenarios, selection: selection, options: options,
                               destination: destination)
            return
        }
        try destination.prepare()
        let threads = options.threads ?? Replications.availableCores

        var metrics: [RunMetrics] = []
        for (index, scenario) in scenarios.enumerated() {
            let progress = RunProgress(replications: scenario.run.replications)
            let display = ProgressDisplay(progress, label: "\(scenario.name) (\(index + 1) of \(scenarios.count))")
            display.start()
            defer { display.stop() }
            metrics.append(try RunMetrics.run(scenario, threads: threads, progress: progress))
        }
        let comparison = Comparison(base: metrics[0], variants: Array(metrics.dropFirst()))
        let chosen = formats.isEmpty ? ComparisonFormats.all : formats.compactMap(ComparisonFormats.named)
        let written = try destination.write(chosen.map { format in (format.fileName, { try format.render(comparison) }) })
        print(Self.summary(comparison, written: written))
    }

    /// Figures shown first in the summary when they changed significantly.
    static let headline = [
        "storage.rendition_bytes_per_day", "storage.total_bytes_per_day", "transcode.busy_vcpu_hours_per_day",
        "transcode.analysis_vcpu_hours_per_day", "transcode.time_to_publish.mean", "delivery.egress.edge_per_day",
        "delivery.edge.hit_ratio", "cost.cdn_egress_per_day", "cost.compute_per_day", "cost.first_month_total",
        "players.bitrate.mean", "players.psnr.mean", "players.ssim.mean", "players.rebuffer_ratio", "players.startup.mean",
        "players.qoe_per_segment.mean",
    ]

    /// The significant differences of each variant, a line each, the headline figures first.
    static func summary(_ comparison: Comparison, written: [String]) -> String {
        let n = comparison.base.replications
        var lines = ["vidsim compare: \(comparison.base.scenario.name), \(counted(n, "paired replication")), seed \(comparison.base.scenario.seed)"]
        for (variant, differences) in zip(comparison.variants, comparison.differences) {
            // The figures a planner weighs first (storage, encode work, egress, cost, what viewers get), then the
            // rest in report order.
            let significant = differences.filter(\.isSignificant).enumerated().sorted { a, b in
                let x = headline.firstIndex(of: a.element.declaration.key) ?? headline.count
                let y = headline.firstIndex(of: b.element.declaration.key) ?? headline.count
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
            let zero = differences.filter(\.isExactlyZero).count
            lines.append("  \(variant.scenario.name): \(significant.count) of \(counted(differences.count, "figure")) changed significantly, \(zero) exactly unchanged")
            for difference in significant.prefix(12) {
                let unit = difference.declaration.unit
                let half = difference.pairedHalfWidth.map { " ± " + unit.formatDifferenceSpread($0, of: difference.mean) } ?? ""
                let label = difference.declaration.label
                // Padded to a column; a longer label is kept whole (not cut), two spaces before its value.
                lines.append("    " + (label.count < 36 ? label.padding(toLength: 36, withPad: " ", startingAt: 0) : label + "  ")
                             + unit.formatDifference(difference.mean) + half)
            }
            if significant.count > 12 { lines.append("    ... and \(significant.count - 12) more in the report") }
        }
        lines.append("  report  \(written.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
