import ArgumentParser
import Foundation
import VidsimReports
import VidsimScenario

/// `vidsim merge PARTIALS`: combines the partial results of a sharded sweep, run or comparison into the report
/// one process writes.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial results of a sharded sweep, run or comparison into its report.",
        discussion: """
            Give the folder vidsim sweep, run or compare --shard wrote its partials in \
            (reports/<report folder>/partials), or the partial files. The sweep or scenario files they name are \
            read again (their digest must match: an edited file is refused), every shard must be there (a \
            missing one is named, with the command that runs it), and the report is written beside the \
            partials' folder: the same bytes as the command run in one process (a run's report.md and \
            report.html say the summed wall time of the shards instead of one process's).
            """)

    @Argument(help: "The partials' folder, or partial files.")
    var paths: [String]

    @Flag(help: "Merge even when a scenario's estimated size is over vidsim's limits (as the shards were run).")
    var force = false

    @Option(name: .customLong("reports"), help: "Folder the report folder is written under (default: the one holding the partials' folder).")
    var reportsDirectory: String?

    @Option(name: .customLong("format"), parsing: .upToNextOption,
            help: "Formats to write (default: all): \(SweepFormats.names.joined(separator: ", ")).")
    var formats: [String] = []

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give the partials' folder, or partial files") }
        let known = Set(SweepFormats.names + ReportFormats.names + ComparisonFormats.names)
        for format in formats where !known.contains(format) {
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
        // Each file says what was sharded, by its version key: a sweep's, or a run's or comparison's.
        var contents: [Data] = [], isRun: [Bool] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw fail("\(file): cannot read the file") }
            guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw fail("\(file): not JSON (cut short?): not a partial result as vidsim sweep, run or compare --shard writes it")
            }
            guard root[RunPartial.versionKey] != nil || root[SweepPartial.versionKey] != nil else {
                throw fail("\(file): not a partial result as vidsim sweep, run or compare --shard writes it (no \(SweepPartial.versionKey) or \(RunPartial.versionKey))")
            }
            contents.append(data)
            isRun.append(root[RunPartial.versionKey] != nil)
        }
        if let other = isRun.firstIndex(where: { $0 != isRun[0] }) {
            throw fail("\(files[other]) is \(isRun[other] ? "a run's or comparison's" : "a sweep's") partial, and \(files[0]) "
                       + "\(isRun[0] ? "a run's or comparison's" : "a sweep's"): merge one command's shards at a time")
        }
        if isRun[0] {
            var partials: [RunPartial] = []
            for (file, data) in zip(files, contents) {
                do { partials.append(try RunPartial.read(data, file: file)) } catch { throw fail(error.description) }
            }
            try mergeRuns(partials, files: files)
        } else {
            var partials: [SweepPartial] = []
            for (file, data) in zip(files, contents) {
                do { partials.append(try SweepPartial.read(data, file: file)) } catch { throw fail(error.description) }
            }
            try mergeSweep(partials, files: files)
        }
    }

    // MARK: A sweep

    private func mergeSweep(_ partials: [SweepPartial], files: [String]) throws {
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
            try belongs(file, with: files[0], differences: differences, what: "sweep")
        }
        let option = " --replications \(first.replications) --seed \(first.seed)" + (first.force ? " --force" : "")
        try checkShards(partials.map(\.shard), count: first.shards, files: files, absoluteReports: false) { shard, reports in
            "vidsim sweep \(first.sweepFile) --shard \(shard)/\(first.shards)\(reports)\(option)"
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
        let destination = try reportFolder(files: files, name: plan.folderName)
        let chosen = try chosenFormats(SweepFormats.all, names: SweepFormats.names, named: SweepFormats.named)
        let written = try destination.write(chosen.map { format in (format.fileName, { try format.render(results) }) })
        _ = destination.removeStale(SweepFormats.all.map { $0.fileName }, keeping: chosen.map { $0.fileName })
        print("vidsim merge: \(counted(partials.count, "shard")) of \(plan.definition.name)")
        print(SweepCommand.summary(results, seconds: nil, threads: nil, written: written))
    }

    // MARK: A run or a comparison

    private func mergeRuns(_ partials: [RunPartial], files: [String]) throws {
        let first = partials[0]
        let command = first.kind.rawValue
        for (file, partial) in zip(files, partials) {
            var differences: [String] = []
            if partial.kind != first.kind { differences.append("a \(partial.kind.rawValue)'s, not a \(command)'s") }
            if partial.files != first.files { differences.append("of \(partial.files.joined(separator: " ")), not \(first.files.joined(separator: " "))") }
            if partial.directory != first.directory { differences.append("run in \(partial.directory), not \(first.directory)") }
            if partial.name != first.name { differences.append("named \(partial.name ?? "by default"), not \(first.name ?? "by default")") }
            if partial.shards != first.shards { differences.append("\(partial.shards) shards, not \(first.shards)") }
            if partial.replications != first.replications { differences.append("\(partial.replications) replications, not \(first.replications)") }
            if partial.seed != first.seed { differences.append("seed \(partial.seed), not \(first.seed)") }
            if partial.figureKeys != first.figureKeys || partial.seriesKeys != first.seriesKeys { differences.append("written by a vidsim that measures other figures") }
            if differences.isEmpty && partial.digest != first.digest { differences.append("scenario files edited in between") }
            try belongs(file, with: files[0], differences: differences, what: command)
        }
        let here = FileManager.default.currentDirectoryPath
        let fromThere = first.directory != here && first.files.contains { !$0.hasPrefix("/") } ? "cd \(first.directory) && " : ""
        let option = " --replications \(first.replications) --seed \(first.seed)" + (first.force ? " --force" : "")
            + (first.name.map { " --name \($0)" } ?? "")
        try checkShards(partials.map(\.shard), count: first.shards, files: files, absoluteReports: !fromThere.isEmpty) { shard, reports in
            "\(fromThere)vidsim \(command) \(first.files.joined(separator: " ")) --shard \(shard)/\(first.shards)\(reports)\(option)"
        }

        let (scenarios, digest) = try loadScenarios(first)
        guard digest == first.digest else {
            throw fail("\(first.files.joined(separator: ", ")) or a file they read has changed since the shards ran: run the shards again")
        }
        guard first.figureKeys == scenarios.map(ReplicationMeasurement.figureKeys), first.seriesKeys == scenarios.map(ReplicationMeasurement.seriesKeys) else {
            throw fail("\(files[0]) was written by a vidsim that measures other figures than this one: run the shards again with this vidsim, or merge with theirs")
        }
        // Each replication of each scenario once, and each one the scenario's own.
        let replications = first.replications
        var measurements = [[ReplicationMeasurement?]](repeating: [ReplicationMeasurement?](repeating: nil, count: replications), count: scenarios.count)
        for (file, partial) in zip(files, partials) {
            for unit in partial.units {
                guard measurements[unit.variant][unit.replication] == nil else {
                    throw fail("\(file): replication \(unit.replication) of \(first.files[unit.variant]) is in two shards: run the shards again")
                }
                if let mismatch = unit.measurement.mismatch(with: scenarios[unit.variant]) {
                    throw fail("\(file): replication \(unit.replication) of \(first.files[unit.variant]) holds \(mismatch): run the shards again with this vidsim")
                }
                measurements[unit.variant][unit.replication] = unit.measurement
            }
        }
        let missing = measurements.joined().filter { $0 == nil }.count
        guard missing == 0 else { throw fail("the shards lack \(counted(missing, "replication")) of \(scenarios.count * replications): run the shards again") }
        let metrics = zip(scenarios, measurements).map { RunMetrics(scenario: $0, measurements: $1.compactMap { $0 }) }

        if first.kind == .run {
            let destination = try reportFolder(files: files, name: scenarios[0].name)
            let timing = RunTiming(wallSeconds: partials.reduce(0) { $0 + $1.wallSeconds }, threads: first.threads,
                                   events: metrics[0].eventsTotal, shards: first.shards)
            let chosen = try chosenFormats(ReportFormats.all, names: ReportFormats.names, named: ReportFormats.named)
            let written = try destination.write(chosen.map { format in (format.fileName, { try format.render(metrics[0], timing: timing) }) })
            let removed = destination.removeStale(ReportFormats.all.map { $0.fileName }, keeping: chosen.map { $0.fileName })
            print("vidsim merge: \(counted(partials.count, "shard")) of \(first.files[0])")
            print(Summary.render(metrics[0], timing: timing, written: written, removed: removed))
        } else {
            let destination = try reportFolder(files: files, name: CompareCommand.folderName(name: first.name, base: scenarios[0]))
            let comparison = Comparison(base: metrics[0], variants: Array(metrics.dropFirst()))
            let chosen = try chosenFormats(ComparisonFormats.all, names: ComparisonFormats.names, named: ComparisonFormats.named)
            let written = try destination.write(chosen.map { format in (format.fileName, { try format.render(comparison) }) })
            print("vidsim merge: \(counted(partials.count, "shard")) of the comparison of \(first.files.joined(separator: ", "))")
            print(CompareCommand.summary(comparison, written: written))
        }
    }

    /// The shards' scenarios, read as the shards read them: relative paths from the folder the shards ran in
    /// (so the report names the files as one process would), or from here when that folder is not on this
    /// machine. The digest of the files they read is taken there too.
    private func loadScenarios(_ partial: RunPartial) throws -> (scenarios: [Scenario], digest: String) {
        var options = try RunOptions.parse([])
        options.force = force || partial.force
        options.replications = partial.replications
        options.seed = UInt64(partial.seed)
        let manager = FileManager.default
        let here = manager.currentDirectoryPath
        var moved = false
        if partial.files.contains(where: { !$0.hasPrefix("/") }) && partial.directory != here {
            // There when the files are there; else here, when they are here.
            let there = partial.files.allSatisfy { manager.fileExists(atPath: $0.hasPrefix("/") ? $0 : (partial.directory as NSString).appendingPathComponent($0)) }
            if there {
                moved = manager.changeCurrentDirectoryPath(partial.directory)
            }
            if !moved, let absent = partial.files.first(where: { !manager.fileExists(atPath: $0) }) {
                throw fail("the shards read \(absent) in \(partial.directory), and it is neither there nor here (\(here)): merge where the scenario files are")
            }
        }
        defer { if moved { _ = manager.changeCurrentDirectoryPath(here) } }
        let scenarios = partial.kind == .run ? [try options.load(partial.files[0])] : try CompareCommand.load(partial.files, options: options, notes: false)
        return (scenarios, ShardedRun.digest(kind: partial.kind, scenarios: scenarios))
    }

    // MARK: Shared

    /// Fails when `file` is not one of the same command's shards as `firstFile`.
    private func belongs(_ file: String, with firstFile: String, differences: [String], what: String) throws {
        guard differences.isEmpty else {
            throw fail("\(file) does not belong with \(firstFile): " + differences.joined(separator: "; ")
                       + ". Merge one \(what)'s shards of one split: move the others away")
        }
    }

    /// Fails when a shard is given twice or is missing, naming the command that runs each missing one
    /// (`command(shard, reportsOption)`; the reports folder always given with `absoluteReports`, for a command run
    /// from another folder).
    private func checkShards(_ shards: [Int], count: Int, files: [String], absoluteReports: Bool,
                             command: (Int, String) -> String) throws {
        var seen: [Int: String] = [:]
        for (file, shard) in zip(files, shards) {
            if let earlier = seen[shard] { throw fail("shard \(shard) of \(count) is given twice: \(earlier) and \(file)") }
            seen[shard] = file
        }
        let missing = (1...count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            // The folder the shards wrote under (…/REPORTS/<report folder>/partials), when it is not the default.
            let reports = URL(fileURLWithPath: files[0]).standardizedFileURL
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
            let option = !absoluteReports && reports == URL(fileURLWithPath: "reports").standardizedFileURL.path ? "" : " --reports \(reports)"
            throw fail("missing \(missing.count == 1 ? "shard" : "shards") \(missing.map(String.init).joined(separator: ", ")) of \(count): "
                       + "run " + missing.prefix(3).map { command($0, option) }.joined(separator: "; ") + (missing.count > 3 ? "; ..." : ""))
        }
    }

    /// Where the report goes: under --reports, else where the command run in one process writes it (the
    /// partials' folder's parent).
    private func reportFolder(files: [String], name: String) throws -> ReportDestination {
        let folder: URL
        if let reportsDirectory {
            folder = URL(fileURLWithPath: reportsDirectory).appendingPathComponent(name)
        } else {
            folder = URL(fileURLWithPath: files[0]).deletingLastPathComponent().deletingLastPathComponent()
        }
        let destination = ReportDestination(reportsDirectory: folder.deletingLastPathComponent().path, name: folder.lastPathComponent)
        try destination.prepare()
        return destination
    }

    /// The --format choices among one kind of report's formats (all by default).
    private func chosenFormats<Format>(_ all: [Format], names: [String], named: (String) -> Format?) throws -> [Format] {
        guard !formats.isEmpty else { return all }
        if let unknown = formats.first(where: { named($0) == nil }) {
            throw fail("unknown format '\(unknown)' for this report; known: \(names.joined(separator: ", "))")
        }
        return formats.compactMap(named)
    }

    private func fail(_ message: String) -> ExitCode {
        Terminal.error("error: \(message)")
        return ExitCode.failure
    }
}
