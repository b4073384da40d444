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

    @Option(help: "Run only shard I of N (1 <= I <= N) and write its partial result, for vidsim merge.")
    var shard: String?

    @Option(help: "The number of shards, in a Kubernetes Indexed Job (the shard is JOB_COMPLETION_INDEX + 1).")
    var shards: Int?

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
        let selection: ShardSelection?
        do {
            selection = try ShardSelection.resolve(option: shard, shards: shards, environment: ProcessInfo.processInfo.environment)
        } catch let error as ValidationError {
            Terminal.error("error: \(error.message)")
            throw ExitCode.validationFailure
        }
        let plan = try SweepPlan.load(file, options: options)
        let destination = ReportDestination(reportsDirectory: options.reportsDirectory, name: plan.folderName)
        try destination.prepare()
        let threads = options.threads ?? Replications.availableCores
        let start = DispatchTime.now()
        if let selection {
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

/// `vidsim merge PARTIALS`: combines a sharded sweep's partial results into the report one process writes.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine a sharded sweep's partial results into its report.",
        discussion: """
            Give the folder vidsim sweep --shard wrote its partials in (reports/sweep-<name>/partials), or the \
            partial files. The sweep file they name is read again (its digest must match: an edited sweep or \
            scenario is refused), every shard must be there (a missing one is named, with the command that runs \
            it), and the report is written beside the partials' folder: the same bytes as the sweep run in one \
            process.
            """)

    @Argument(help: "The partials' folder, or partial files.")
    var paths: [String]

    @Flag(help: "Merge even when the scenario's estimated size is over vidsim's limits (as the sweep was run).")
    var force = false

    @Option(name: .customLong("reports"), help: "Folder the report folder is written under (default: the one holding the partials' folder).")
    var reportsDirectory: String?

    @Option(name: .customLong("format"), parsing: .upToNextOption,
            help: "Formats to write (default: all): \(SweepFormats.names.joined(separator: ", ")).")
    var formats: [String] = []

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give the partials' folder, or partial files") }
        for format in formats where SweepFormats.named(format) == nil {
            throw ValidationError("unknown format '\(format)'; known: \(SweepFormats.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("\(path): no such file or folder") }
            if isDirectory.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                    .filter { $0.hasPrefix("shard-") && $0.hasSuffix(".json") }.sorted()
                guard !names.isEmpty else { throw fail("\(path): no partial results (shard-I-of-N.json) in this folder") }
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        var partials: [SweepPartial] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw fail("\(file): cannot read the file") }
            do {
                partials.append(try SweepPartial.read(data, file: file))
            } catch {
                throw fail(error.description)
            }
        }
        let first = partials[0]
        for (file, partial) in zip(files, partials) {
            // What differs, in words: another sweep, another split, other replications or seed, or edited inputs.
            var differences: [String] = []
            if partial.sweepFile != first.sweepFile { differences.append("the sweep \(partial.sweepFile), not \(first.sweepFile)") }
            if partial.shards != first.shards { differences.append("\(partial.shards) shards, not \(first.shards)") }
            if partial.replications != first.replications { differences.append("\(partial.replications) replications, not \(first.replications)") }
            if partial.seed != first.seed { differences.append("seed \(partial.seed), not \(first.seed)") }
            if partial.figures != first.figures { differences.append("other figures") }
            if differences.isEmpty && partial.digest != first.digest { differences.append("the sweep or its scenario files edited in between") }
            guard differences.isEmpty else {
                throw fail("\(file) does not belong with \(files[0]): " + differences.joined(separator: "; ")
                           + ". Merge one sweep's shards of one split: move the others away")
            }
        }
        var seen: [Int: String] = [:]
        for (file, partial) in zip(files, partials) {
            if let earlier = seen[partial.shard] { throw fail("shard \(partial.shard) of \(first.shards) is given twice: \(earlier) and \(file)") }
            seen[partial.shard] = file
        }
        let missing = (1...first.shards).filter { seen[$0] == nil }
        if !missing.isEmpty {
            // The folder the shards wrote under (…/REPORTS/sweep-NAME/partials), when it is not the default.
            var reports = files[0]
            for _ in 0..<3 { reports = (reports as NSString).deletingLastPathComponent }
            var option = reports == "reports" ? "" : " --reports \(reports.isEmpty ? "." : reports)"
            option += " --replications \(first.replications) --seed \(first.seed)" + (first.force ? " --force" : "")
            throw fail("missing \(missing.count == 1 ? "shard" : "shards") \(missing.map(String.init).joined(separator: ", ")) of \(first.shards): "
                 + "run " + missing.prefix(3).map { "vidsim sweep \(first.sweepFile) --shard \($0)/\(first.shards)\(option)" }.joined(separator: "; ")
                 + (missing.count > 3 ? "; ..." : ""))
        }

        var options = try RunOptions.parse([])
        options.force = force || first.force
        options.replications = first.replications
        options.seed = first.seed
        let plan = try SweepPlan.load(first.sweepFile, options: options)
        guard plan.digest == first.digest else {
            throw fail("\(first.sweepFile) or a scenario file it reads has changed since the shards ran (digest \(plan.digest), the shards': "
                 + "\(first.digest)): run the shards again")
        }
        guard partials.allSatisfy({ $0.points == plan.scenarios.count && $0.replications == plan.replications }),
              plan.figures.map(\.key) == first.figures else {
            throw fail("\(first.sweepFile) no longer has the shards' points, replications and figures: run the shards again")
        }
        let units = partials.flatMap(\.units)
        let expected = plan.unitCount
        guard units.count == expected, Set(units.map { $0.point * plan.replications + $0.replication }).count == expected else {
            throw fail("the shards hold \(units.count) runs, expected each of \(expected) once: run the shards again")
        }
        let results = plan.results(units)
        // By default, the report goes where the sweep run in one process writes it: the partials' folder's parent.
        let folder: URL
        if let reportsDirectory {
            folder = URL(fileURLWithPath: reportsDirectory).appendingPathComponent(plan.folderName)
        } else {
            folder = URL(fileURLWithPath: files[0]).deletingLastPathComponent().deletingLastPathComponent()
        }
        let destination = ReportDestination(reportsDirectory: folder.deletingLastPathComponent().path, name: folder.lastPathComponent)
        try destination.prepare()
        let chosen = formats.isEmpty ? SweepFormats.all : formats.compactMap(SweepFormats.named)
        let written = try destination.write(chosen.map { format in (format.fileName, { try format.render(results) }) })
        _ = destination.removeStale(SweepFormats.all.map { $0.fileName }, keeping: chosen.map { $0.fileName })
        print("vidsim merge: \(counted(partials.count, "shard")) of \(plan.definition.name)")
        print(SweepCommand.summary(results, seconds: nil, threads: nil, written: written))
    }

    private func fail(_ message: String) -> ExitCode {
        Terminal.error("error: \(message)")
        return ExitCode.failure
    }
}
