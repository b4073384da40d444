import ArgumentParser
import VidsimModels
import VidsimReports
import VidsimScenario
import VidsimUnits

/// `vidsim validate FILE...`: checks scenario files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files without running them.",
        discussion: """
            Besides every field, checks the run's estimated size (events, memory, time-series samples) against \
            vidsim's limits; --force skips only that check, as it does for `vidsim run`.
            """)

    @Argument(help: "Scenario files (YAML).")
    var files: [String]

    @Flag(help: "Accept a run larger than the size limits (events, memory, samples); every other check still applies.")
    var force = false

    func run() throws {
        var failed = 0
        for file in files {
            do {
                let scenario = try ScenarioLoader.load(path: file, force: force)
                let size = scenario.runSize
                let ladder = scenario.ladder
                let rungs = (ladder.byClass ? counted(ladder.classes.count, "content class", plural: "content classes") + ", " : "")
                    + counted(ladder.rungs.count, "rung")
                print("\(file): ok (\(scenario.name): \(rungs), \(scenario.transcode.workers) workers, "
                    + "\(scenario.run.replications) replication\(scenario.run.replications == 1 ? "" : "s"); about "
                    + "\(RunSize.count(size.events)) events, \(DataSize(bytes: size.peakMemoryBytes)) at the peak)")
                if let sampling = scenario.delivery?.sampling, let target = sampling.target {
                    print("  delivery.sampling: rate \(String(format: "%.3g", sampling.rate)) chosen for a delivery side of about \(target) per replication "
                        + "(the \(sampling.hotVideos) most popular videos in full"
                        + (sampling.pinnedVideos > 0 ? ", the first \(sampling.pinnedVideos) of them pinned)" : ")"))
                }
                if let delivery = scenario.delivery, let check = PinnedCheck(DeliveryConfiguration(settings: delivery, scenario: scenario)) {
                    print("  delivery.sampling.pinned_videos: " + check.summary)
                }
            } catch {
                Terminal.error(error.description)
                failed += 1
            }
        }
        if failed > 0 { throw ExitCodes.invalidScenario }
    }
}
