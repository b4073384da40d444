import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario

/// One shard of `vidsim run` or `vidsim compare`: its share of the replications (of every scenario, for a
/// comparison), measured as the report reads them, written to <report folder>/partials/shard-I-of-N.json for
/// `vidsim merge`. Replications are numbered scenario by scenario and dealt out in turn, and each keeps its own
/// seed (from the scenario's seed and the replication, never the shard), so the merged report does not depend
/// on the split.
enum ShardedRun {
    /// What the results depend on: the command, every file the scenarios read (by content), the seed and the
    /// replications.
    static func digest(kind: RunPartial.Kind, scenarios: [Scenario]) -> String {
        var digest = Digest()
        digest.add("\(kind.rawValue) seed \(scenarios[0].seed) replications \(scenarios[0].run.replications) scenarios \(scenarios.count)")
        digest.add(filesReadBy: scenarios)
        return digest.hex
    }

    /// Runs shard `selection` of `scenarios` (given on the command line as `files`) and writes its partial
    /// under `destination`'s folder.
    static func run(kind: RunPartial.Kind, files: [String], name: String?, scenarios: [Scenario], selection: ShardSelection,
                    options: RunOptions, destination: ReportDestination) throws {
        let partials = ReportDestination(reportsDirectory: destination.folder.path, name: "partials")
        try partials.prepare()
        let replications = scenarios[0].run.replications
        let units = SweepPartial.units(count: scenarios.count * replications, shard: selection.index, shards: selection.count)
        let threads = options.threads ?? Replications.availableCores
        let start = DispatchTime.now()
        let progress = RunProgress(replications: units.count)
        let display = ProgressDisplay(progress, label: "\(scenarios[0].name) shard \(selection.index) of \(selection.count)")
        display.start()
        let measured: [RunPartial.Unit]
        do {
            defer { display.stop() }
            measured = try Replications.run(count: units.count, threads: threads) { index in
                let variant = units[index] / replications, replication = units[index] % replications
                let result = try ContentPathSimulation.simulate(scenarios[variant], replication: replication)
                progress.finish(index)
                return RunPartial.Unit(variant: variant, replication: replication,
                                       measurement: ReplicationMeasurement(result: result, scenario: scenarios[variant], replication: replication))
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let partial = RunPartial(kind: kind, directory: FileManager.default.currentDirectoryPath, files: files, name: name,
                                 digest: digest(kind: kind, scenarios: scenarios),
                                 figureKeys: scenarios.map(ReplicationMeasurement.figureKeys), seriesKeys: scenarios.map(ReplicationMeasurement.seriesKeys), shard: selection.index, shards: selection.count,
                                 replications: replications, seed: scenarios[0].seed, force: options.force, wallSeconds: seconds,
                                 threads: threads, units: measured)
        let written = try partials.write([(RunPartial.fileName(shard: selection.index, shards: selection.count), { try partial.data() })])
        let total = scenarios.count * replications
        let of = scenarios.count > 1 ? "\(counted(scenarios.count, "scenario")) x \(counted(replications, "replication"))" : counted(replications, "replication")
        print("vidsim \(kind.rawValue): \(scenarios[0].name), shard \(selection.index) of \(selection.count): "
              + "\(counted(units.count, "replication")) of \(total) (\(of)) in \(String(format: "%.1f", seconds)) s")
        print("  partial  \(written.joined(separator: ", "))")
        print("  then     vidsim merge \(partials.folder.relativePath)")
    }
}
