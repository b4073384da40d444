import ArgumentParser
import Foundation
import VidsimKernel
import VidsimReports
import VidsimScenario

/// `vidsim sweep SWEEP.yaml`: runs a scenario at every point of a sweep file with common random numbers and
/// reports the chosen figures against the varied values; with `--shard I/N`, runs one shard's share and writes
/// a partial result for `vidsim merge`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario at every point of a sweep file; report figures against the varied values.",
        discussion: """
            A sweep file names a scenario (relative to the sweep file), the fields to vary (vary: a list of \
            { field, values } or { field, from, to, step, unit }), how to combine them (mode: grid or \
            one_at_a_time), the figures to report (figures:, keys as vidsim figures lists them) and optionally \
            replications:. Every point runs with the scenario's seed (common random numbers). Writes \
            reports/sweep-<name>/sweep.json, .md, .csv and .html. With --shard I/N (or inside a Slurm array job \
            or a Kubernetes Indexed Job), runs shard I's share of the points and replications and writes \
            reports/sweep-<name>/partials/shard-I-of-N.json; vidsim merge then writes the report, the same bytes \
            whatever the split. docs/sweeps.md has the format and the cluster recipes.
            """)

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @OptionGroup var options: RunOptions

    @OptionGroup var sharding: ShardOptions

    @Option(name: .customLong("format"), parsing: .upToNextOption,
            help: "Formats to write (default: all): \(SweepFormats.names.joined(separator: ", ")).")
    var formats: [String] = []

    func validate() throws {
        try options.check()
        for format in formats where SweepFormats.named(format) == nil {
            throw ValidationError("unknown format '\(format)'; known: \(SweepFormats.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        let selection = try sharding.selection()
        let plan = try SweepPlan.load(file, options: options)
        let destination = ReportDestination(reportsDirectory: options.reportsDirectory, name: plan.folderName)
        try destination.prepare()
        let threads = options.threads ?? Replications.availableCores
        let start = DispatchTime.now()
        if let selection {
            guard formats.isEmpty else {
                Terminal.error("error: a shard writes its partial result, not the sweep's reports: give --format to vidsim merge")
                throw ExitCode.validationFailure
            }
            let partials = ReportDestination(reportsDirectory: destination.folder.path, name: "partials")
            try partials.prepare()
            let units = SweepPartial.units(count: plan.unitCount, shard: selection.index, shards: selection.count)
            let values = try plan.run(units: units, threads: threads, label: "\(plan.definition.name) shard \(selection.index) of \(selection.count)")
            // The sweep file's absolute path, so the merge reads it from any folder.
            let sweepFile = URL(fileURLWithPath: plan.definition.file).standardizedFileURL.path
            let partial = SweepPartial(sweepFile: sweepFile, digest: plan.digest, shard: selection.index, shards: selection.count,
                                       points: plan.scenarios.count, replications: plan.replications, seed: plan.seed, force: options.force,
                                       figures: plan.figures.map(\.key), units: values)
            let written = try partials.write([(SweepPartial.fileName(shard: selection.index, shards: selection.count), { partial.data() })])
            print("vidsim sweep: \(plan.definition.name), shard \(selection.index) of \(selection.count): "
                  + "\(counted(units.count, "run")) of \(plan.unitCount) (\(counted(plan.scenarios.count, "point")) x \(counted(plan.replications, "replication")))"
                  + " in \(String(format: "%.1f", seconds(since: start))) s")
            print("  partial  \(written.joined(separator: ", "))")
            print("  then     vidsim merge \(partials.folder.relativePath)")
            return
        }
        let values = try plan.run(units: Array(0..<plan.unitCount), threads: threads, label: plan.definition.name)
        let results = plan.results(values)
        let chosen = formats.isEmpty ? SweepFormats.all : formats.compactMap(SweepFormats.named)
        let written = try destination.write(chosen.map { format in (format.fileName, { try format.render(results) }) })
        // Only once every chosen report is written: an earlier sweep's other formats would be read as this one's.
        _ = destination.removeStale(SweepFormats.all.map { $0.fileName }, keeping: chosen.map { $0.fileName })
        print(Self.summary(results, seconds: seconds(since: start), threads: threads, written: written))
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// A few lines: what ran, and the table's first figures.
    static func summary(_ results: SweepResults, seconds: Double?, threads: Int?, written: [String]) -> String {
        var lines = ["vidsim sweep: \(results.name), \(counted(results.pointLabels.count, "point")) x \(counted(results.replications, "replication")) of \(results.scenarioName), seed \(results.seed)"
            + (seconds.map { String(format: " in %.1f s", $0) } ?? "") + (threads.map { " on \(counted($0, "thread"))" } ?? "")]
        let shown = Array(results.figures.prefix(3))
        let header = results.fields + shown.map(\.label)
        var rows = [header]
        for point in results.pointLabels.indices {
            rows.append(results.pointLabels[point] + shown.indices.map { figure in
                let estimate = results.estimate(figure: figure, point: point)
                return results.figures[figure].unit.format(estimate.mean, halfWidth: estimate.halfWidth)
            })
        }
        lines += Terminal.columns(Array(rows.prefix(21)))
        if rows.count > 21 { lines.append("  ... \(rows.count - 21) more points in the report") }
        lines.append("  report  \(written.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
