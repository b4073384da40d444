import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario

/// A sweep ready to run: its file read, every point's scenario loaded and checked, the figures resolved, and the
/// digest that ties partial results to it. Every point is loaded before anything runs, so a bad value at the
/// last point is said before minutes of simulation.
struct SweepPlan {
    let definition: SweepDefinition
    let scenarios: [Scenario]
    let figures: [FigureDeclaration]
    let replications: Int
    let seed: UInt64
    let digest: String

    /// The units (a point and a replication each), numbered point by point.
    var unitCount: Int { scenarios.count * replications }

    /// Reads `file` with the command line's overrides; an invalid file is said on stderr and exits 65.
    static func load(_ file: String, options: RunOptions) throws -> SweepPlan {
        do {
            return try read(file, options: options)
        } catch let error as ScenarioError {
            Terminal.error(error.description)
            throw ExitCodes.invalidScenario
        }
    }

    private static func read(_ file: String, options: RunOptions) throws -> SweepPlan {
        let definition = try SweepDefinition.read(path: file)
        func load(_ point: SweepDefinition.Point) throws(ScenarioError) -> Scenario {
            try ScenarioLoader.load(path: definition.scenarioPath, force: options.force,
                                    replications: options.replications ?? definition.replications,
                                    seed: options.seed, overrides: definition.overrides(for: point))
        }
        // The first point, then the sweep's size, before loading the rest (10,000 points take seconds).
        let first = try load(definition.points[0])
        let units = Double(definition.points.count) * Double(first.run.replications)
        guard units <= 1_000_000 else {
            throw ScenarioError(file: file, line: definition.varyMark?.line ?? 1, column: definition.varyMark?.column ?? 1, fieldPath: "vary",
                                message: "the sweep has \(definition.points.count) points of \(first.run.replications) replications: expected at "
                                    + "most a million runs in all")
        }
        var scenarios = [first]
        for point in definition.points.dropFirst() { scenarios.append(try load(point)) }
        let figures: [FigureDeclaration]
        if let chosen = definition.figures {
            switch SweepResults.figures(chosen.map(\.key), for: scenarios) {
            case let .success(declarations): figures = declarations
            case let .failure(unknown):
                let mark = chosen[unknown.index].mark
                throw ScenarioError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, fieldPath: "figures[\(unknown.index)]",
                                    message: unknown.message)
            }
        } else {
            figures = SweepResults.defaultFigures(for: first)
        }
        // What the results depend on: the sweep file, every file a point read (by content, not by path, so the
        // sweep merges from any folder), the seed and the replications.
        var digest = Digest()
        digest.add(definition.text)
        digest.add("seed \(first.seed) replications \(first.run.replications)")
        digest.add(filesReadBy: scenarios)
        return SweepPlan(definition: definition, scenarios: scenarios, figures: figures, replications: first.run.replications,
                         seed: first.seed, digest: digest.hex)
    }

    /// Runs the units `units` (all by default) on `threads` threads; each unit's values, in the order given.
    func run(units: [Int], threads: Int, label: String) throws -> [SweepPartial.Unit] {
        let progress = RunProgress(replications: units.count)
        let display = ProgressDisplay(progress, label: label)
        display.start()
        defer { display.stop() }
        let scenarios = scenarios, figures = figures, replications = replications
        return try Replications.run(count: units.count, threads: threads) { index in
            let unit = units[index]
            let point = unit / replications, replication = unit % replications
            let result = try ContentPathSimulation.simulate(scenarios[point], replication: replication)
            progress.finish(index)
            return SweepPartial.Unit(point: point, replication: replication,
                                     values: SweepResults.values(of: figures, scenario: scenarios[point], result: result))
        }
    }

    /// The results from every unit's values (in any order, each unit once).
    func results(_ units: [SweepPartial.Unit]) -> SweepResults {
        var values = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: .nan, count: replications), count: scenarios.count),
                                  count: figures.count)
        for unit in units {
            for figure in figures.indices { values[figure][unit.point][unit.replication] = unit.values[figure] }
        }
        return SweepResults(name: definition.name, scenarioName: scenarios[0].name, seed: seed, replications: replications,
                            mode: definition.mode, fields: definition.fields.map(\.path),
                            pointLabels: definition.points.map(definition.labels), figures: figures, values: values)
    }

    /// The report folder's name under --reports.
    var folderName: String { "sweep-\(definition.name)" }
}
