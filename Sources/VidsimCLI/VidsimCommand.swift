import ArgumentParser

/// The `vidsim` command: subcommands for running, checking and benchmarking.
public struct VidsimCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vidsim",
        abstract: "A discrete-event capacity and cost simulator for video platforms.",
        discussion: """
            Scenario files (YAML) describe uploads, the bitrate ladder and the transcode fleet; `vidsim run` \
            simulates them and writes reports/<scenario-name>/report.json, .md, .csv and .html; `vidsim compare` runs variants with common random numbers and reports paired differences; `vidsim sweep` runs a scenario at every point of a sweep file (and `vidsim merge` joins a sharded sweep's parts); `vidsim search` finds the smallest value of a field that meets a target; `vidsim assignment` works through the seed's assignment for students; `vidsim cache` replays request traces through eviction policies (docs/cache.md). Field reference: \
            docs/scenario-reference.md.
            """,
        version: VersionCommand.vidsimVersion,
        subcommands: [RunCommand.self, CompareCommand.self, SweepCommand.self, MergeCommand.self, SearchCommand.self, AssignmentCommand.self, ValidateCommand.self, PlayCommand.self, LadderCommand.self, SchemaCommand.self, FiguresCommand.self, CacheCommand.self, BenchCommand.self, KernelBenchCommand.self, VersionCommand.self]
    )

    public init() {}
}

/// Exit codes beyond ArgumentParser's (0 success, 64 usage error, 1 other failure).
enum ExitCodes {
    /// A scenario file is invalid (sysexits' EX_DATAERR).
    static let invalidScenario = ExitCode(65)
}
