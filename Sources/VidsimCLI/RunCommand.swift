import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario
import VidsimUnits

/// `vidsim run FILE`: simulates a scenario and writes its report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write reports/<name>/report.json, report.md, report.csv and report.html.",
        discussion: """
            With --shard I/N (or inside a Slurm array job or a Kubernetes Indexed Job), runs shard I's share of \
            the replications and writes reports/<name>/partials/shard-I-of-N.json instead; vidsim merge then \
            writes the report, the same whatever the split (report.md and report.html give the shards' summed \
            wall time). docs/sweeps.md has the cluster recipes.
            """)

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @OptionGroup var options: RunOptions

    @OptionGroup var sharding: ShardOptions

    @Option(name: .customLong("format"), parsing: .upToNextOption,
            help: ArgumentHelp(
                "Report formats to write (default: all): \(ReportFormats.names.joined(separator: ", ")). Once they are "
                    + "written, the report files of the other formats "
                    + "(\(ReportFormats.all.map { $0.fileName }.joined(separator: ", "))) an earlier run left in the "
                    + "report folder are removed, so the folder holds only this run's reports; nothing else in it is touched."))
    var formats: [String] = []

    func validate() throws {
        try options.check()
        for format in formats where ReportFormats.named(format) == nil {
            throw ValidationError("unknown report format '\(format)'; known: \(ReportFormats.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        let selection = try sharding.selection()
        let scenario = try options.load(file)
        let destination = ReportDestination(reportsDirectory: options.reportsDirectory, name: scenario.name)
        if let selection {
            guard formats.isEmpty else {
                Terminal.error("error: a shard writes its partial result, not reports: give --format to vidsim merge")
                throw ExitCode.validationFailure
            }
            try ShardedRun.run(kind: .run, files: [file], name: nil, scenarios: [scenario], selection: selection, options: options,
                               destination: destination)
            return
        }
        try destination.prepare()
        let threads = options.threads ?? Replications.availableCores

        let progress = RunProgress(replications: scenario.run.replications)
        let display = ProgressDisplay(progress, label: scenario.name)
        display.start()
        let start = DispatchTime.now()
        let metrics: RunMetrics
        do {
            defer { display.stop() }
            metrics = try RunMetrics.run(scenario, threads: threads, progress: progress)
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9

        let timing = RunTiming(wallSeconds: wall, threads: threads, events: metrics.eventsTotal)
        let chosen = formats.isEmpty ? ReportFormats.all : formats.compactMap(ReportFormats.named)
        let written = try destination.write(chosen.map { format in (format.fileName, { try format.render(metrics, timing: timing) }) })
        // Only once every chosen report is written: an earlier run's reports of other formats would be read as this run's.
        let removed = destination.removeStale(ReportFormats.all.map { $0.fileName }, keeping: chosen.map { $0.fileName })
        print(Summary.render(metrics, timing: timing, written: written, removed: removed))
    }
}

/// The options every command that runs a scenario shares.
struct RunOptions: ParsableArguments {
    @Option(help: "Replications to run, 1 to 10000, overriding the scenario's run.replications.")
    var replications: Int?

    @Option(help: "Master seed, overriding the scenario's seed.")
    var seed: UInt64?

    @Option(help: "Threads for replications (default: every core). The report is the same for any number.")
    var threads: Int?

    @Option(name: .customLong("reports"), help: "Folder the report folder is written under.")
    var reportsDirectory = "reports"

    @Flag(help: "Run even when the scenario's estimated size (events, memory) is over vidsim's limits.")
    var force = false

    func check() throws {
        if let replications, !(1...10_000).contains(replications) {
            throw ValidationError("--replications must be between 1 and 10000, found \(replications)")
        }
        if let threads, !(1...4096).contains(threads) {
            throw ValidationError("--threads must be between 1 and 4096, found \(threads)")
        }
    }

    /// Loads a scenario and applies the overrides (the command line's, else those given); an invalid file is
    /// reported and exits 65.
    func load(_ file: String, replications defaultReplications: Int? = nil, seed defaultSeed: UInt64? = nil,
              overrides: [FieldOverride] = []) throws -> Scenario {
        var scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(path: file, force: force, replications: replications ?? defaultReplications,
                                               seed: seed ?? defaultSeed, overrides: overrides)
        } catch {
            Terminal.error(error.description)
            throw ExitCodes.invalidScenario
        }
        if let replications { scenario.run.replications = replications }
        if let seed { scenario.seed = seed }
        return scenario
    }
}

/// The few lines `vidsim run` prints.
enum Summary {
    static func render(_ metrics: RunMetrics, timing: RunTiming, written: [String], removed: [String] = []) -> String {
        let scenario = metrics.scenario
        /// " ± 0.033" beside "8.905": the interval's half-width with the value's decimal places.
        func spread(_ half: Double?, beside value: String) -> String {
            guard let half, half > 0, half.isFinite else { return "" }
            return " ± " + FigureUnit.spreadNumber(half, besideNumber: value)
        }
        /// "8.905 ± 0.033 PB/day", with the size in its own unit beside it when under a petabyte.
        func pb(_ key: String) -> String {
            guard let figure = metrics[key] else { return "" }
            let value = significant(figure.mean / 1e15, digits: 4)
            let text = value + spread(figure.estimate.halfWidth.map { $0 / 1e15 }, beside: value) + " PB/day"
            return figure.mean >= 1e15 ? text : text + " (\(DataSize(bytes: figure.mean))/day)"
        }
        func value(_ key: String) -> Double { metrics[key]?.mean ?? 0 }
        func time(_ key: String) -> String { TimeSpan(seconds: value(key)).description }
        let n = metrics.replications
        let contentHours = significant(value("uploads.content_hours_per_day"), digits: 6)
        let contentSpread = spread(metrics["uploads.content_hours_per_day"]?.estimate.halfWidth, beside: contentHours)
        var lines = [
            "vidsim run: \(scenario.name), \(counted(n, "replication")) of \(scenario.run.horizon), seed \(scenario.seed)",
            "  content uploaded    \(contentHours)\(contentSpread)"
                + " \(isExactlyOne(contentHours) && contentSpread.isEmpty ? "hour" : "hours")/day (\(scenario.run.dailyFigures.rawValue))",
            "  renditions          \(pb("storage.rendition_bytes_per_day"))",
            "  raw uploads         \(pb("storage.raw_bytes_per_day"))",
            "  total stored        \(pb("storage.total_bytes_per_day"))",
            "  fleet               \(counted(significant(value("transcode.mean_workers"), digits: 5), "worker")) on average (peak \(significant(value("transcode.peak_workers"), digits: 5))), \(String(format: "%.1f%%", value("transcode.utilisation") * 100)) busy",
            "  compute             \(Money(dollars: value("cost.compute_per_day")))/day, \(counted(significant(value("transcode.on_demand_vcpu_hours_per_day") + value("transcode.spot_vcpu_hours_per_day"), digits: 5), "vCPU-hour"))/day",
        ]
        func latency(_ name: String, _ key: String) -> String {
            name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + "p50 \(time(key + ".p50")), p95 \(time(key + ".p95")), p99 \(time(key + ".p99"))"
        }
        let transfers = metrics["uploads.transfer.upload_time.p50"] != nil
        if transfers { lines.append("  " + latency("upload time", "uploads.transfer.upload_time")) }
        lines.append("  " + latency("queue wait", "transcode.queue_wait"))
        lines.append("  " + latency("first playable", "transcode.time_to_first_playable"))
        lines.append("  " + latency("time to publish", "transcode.time_to_publish"))
        if transfers { lines.append("  " + latency("creator's wait", "uploads.transfer.creator_wait")) }
        lines += workLines(metrics)
        let rate = significant(timing.eventsPerSecond / 1e6, digits: 3)
        lines.append("  events              \(timing.events) in \(String(format: "%.2f", timing.wallSeconds)) s"
                     + (timing.shards > 1 ? " summed over \(timing.shards) shards (\(rate) million/s)" : " (\(rate) million/s on \(counted(timing.threads, "thread")))"))
        lines.append("  report              \(written.joined(separator: ", "))")
        if !removed.isEmpty {
            lines.append("  removed             \(removed.joined(separator: ", ")) (an earlier run's, of formats not written)")
        }
        lines += metrics.warnings.map { "  warning: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// With `work:`, a line per class (its latency, and its objective met or not) and per pool (its size and cost).
    static func workLines(_ metrics: RunMetrics) -> [String] {
        guard let work = metrics.scenario.work else { return [] }
        func value(_ key: String) -> Double { metrics[key]?.mean ?? 0 }
        func padded(_ text: String) -> String { "  " + text.padding(toLength: max(20, text.count + 1), withPad: " ", startingAt: 0) }
        var lines: [String] = []
        for (member, workClass) in zip(WorkFigures.classes.members(of: metrics.scenario), work.classes) {
            let key = "work.class.\(member.key)"
            var line = padded("class \(workClass.name)")
            guard value(key + ".completed_per_second") > 0 else {
                lines.append(line + "no job finished")
                continue
            }
            line += "latency mean \(TimeSpan(seconds: value(key + ".latency.mean"))), p99 \(TimeSpan(seconds: value(key + ".latency.p99")))"
            if let objective = workClass.objective {
                let within = value(key + ".within_objective") * 100
                line += "; \(significant(within, digits: 4))% within \(objective.latency) (objective \(significant(objective.percentile, digits: 4))%"
                    + (within >= objective.percentile ? ", met)" : ", missed)")
            }
            lines.append(line)
        }
        for member in WorkFigures.pools.members(of: metrics.scenario) {
            let key = "work.pool.\(member.key)"
            lines.append(padded("pool \(member.name)")
                         + "\(counted(significant(value(key + ".workers"), digits: 5), "worker")) on average (peak \(significant(value(key + ".workers_peak"), digits: 5))), "
                         + "\(String(format: "%.1f%%", value(key + ".utilisation") * 100)) busy, \(Money(dollars: value(key + ".cost_per_day")))/day")
        }
        return lines
    }
}
