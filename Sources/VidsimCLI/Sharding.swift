import ArgumentParser
import Foundation
import VidsimScenario

/// `--shard I/N` and `--shards N`, shared by every command that runs many replications (run, compare, sweep).
struct ShardOptions: ParsableArguments {
    @Option(help: "Run only shard I of N (1 <= I <= N) and write its partial result, for vidsim merge. Inside a Slurm array job the shard comes from SLURM_ARRAY_TASK_ID.")
    var shard: String?

    @Option(help: "The number of shards, in a Kubernetes Indexed Job (the shard is JOB_COMPLETION_INDEX + 1).")
    var shards: Int?

    /// This process's shard, from the options or the cluster scheduler's variables; nil: the whole run. A
    /// selection that names no shard is said on stderr (exit 64).
    func selection() throws -> ShardSelection? {
        do {
            return try ShardSelection.resolve(option: shard, shards: shards, environment: ProcessInfo.processInfo.environment)
        } catch let error as ValidationError {
            Terminal.error("error: \(error.message)")
            throw ExitCode.validationFailure
        }
    }
}

/// FNV-1a, 64 bits: enough to tell one sweep's inputs from another's (not a security measure).
struct Digest {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 + [0] {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01b3
        }
    }

    var hex: String { String(format: "%016llx", state) }

    /// Adds every file the scenarios read (their own, extended ones, ladder, calibration and bandwidth traces),
    /// each once, by content: the results depend on what the files say, not on where they are.
    mutating func add(filesReadBy scenarios: [Scenario]) {
        var files: [String] = []
        for scenario in scenarios {
            let read = scenario.sourceFiles + [scenario.ladderFile, scenario.calibrationFile, scenario.workCalibrationFile].compactMap({ $0 }) + scenario.traceFiles
            for path in read where !files.contains(path) {
                files.append(path)
            }
        }
        for path in files { add((try? String(contentsOfFile: path, encoding: .utf8)) ?? "") }
    }
}

/// Which shard of a sharded run this process is: `--shard I/N`, or a cluster scheduler's array index (Slurm's
/// SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT; Kubernetes Indexed Jobs'
/// JOB_COMPLETION_INDEX, with the count from --shards). nil: the whole run.
struct ShardSelection: Equatable {
    let index: Int
    let count: Int

    static func resolve(option: String?, shards: Int?, environment: [String: String]) throws -> ShardSelection? {
        if let option {
            let parts = option.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, count <= 100_000, (1...count).contains(index) else {
                throw ValidationError("--shard must be I/N with 1 <= I <= N <= 100000 (shard I of N), found '\(option)'")
            }
            return ShardSelection(index: index, count: count)
        }
        if let id = environment["SLURM_ARRAY_TASK_ID"] {
            guard let task = Int(id), let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap({ Int($0) }), count >= 1 else {
                throw ValidationError("SLURM_ARRAY_TASK_ID is \(id) but SLURM_ARRAY_TASK_COUNT is not a count: run inside a Slurm array job, or give --shard I/N")
            }
            let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            guard (minimum..<(minimum + count)).contains(task) else {
                throw ValidationError("Slurm array task \(task) is outside \(minimum) to \(minimum + count - 1): give the array as a contiguous range (--array=0-\(count - 1)), or --shard I/N")
            }
            return ShardSelection(index: task - minimum + 1, count: count)
        }
        if let id = environment["JOB_COMPLETION_INDEX"] {
            guard let index = Int(id), index >= 0 else { throw ValidationError("JOB_COMPLETION_INDEX is '\(id)', not an index") }
            guard let shards, shards >= 1 else {
                throw ValidationError("JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give the number of shards with --shards N (the Job's completions)")
            }
            guard index < shards else { throw ValidationError("JOB_COMPLETION_INDEX \(index) is not below --shards \(shards)") }
            return ShardSelection(index: index + 1, count: shards)
        }
        if shards != nil { throw ValidationError("--shards is for Kubernetes Indexed Jobs (with JOB_COMPLETION_INDEX); elsewhere give --shard I/N") }
        return nil
    }
}
