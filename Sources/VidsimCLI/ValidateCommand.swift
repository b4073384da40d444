import ArgumentParser
import VidsimScenario

/// `vidsim validate FILE...`: checks scenario files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them.")

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    func run() throws {
        var failed = 0
        for file in files {
            do {
                let scenario = try ScenarioLoader.load(path: file)
                print("\(file): ok (\(scenario.name): \(scenario.ladder.rungs.count) rungs, \(scenario.transcode.workers) workers, \(scenario.run.replications) replication\(scenario.run.replications == 1 ? "" : "s"))")
            } catch {
                Terminal.error(error.description)
                failed += 1
            }
        }
        if failed > 0 { throw ExitCodes.invalidScenario }
    }
}
