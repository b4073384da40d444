import ArgumentParser
import Foundation
import VidsimCache
import VidsimKernel
import VidsimPolicies
import VidsimReports

/// `vidsim cache`: tools for cache people, on request traces in libCacheSim's formats.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Replay request traces through eviction policies, draw miss-ratio curves, write synthetic traces.",
        discussion: """
            Traces are libCacheSim's csv (time,obj_id,obj_size) or oracleGeneral binary (24-byte records). \
            Policies: \(EvictionPolicies.registry.names.joined(separator: ", ")). See docs/cache.md.
            """,
        subcommands: [CacheReplayCommand.self, CacheCurveCommand.self, CacheZipfCommand.self, CacheTraceCommand.self],
        defaultSubcommand: CacheReplayCommand.self)
}

/// Options every cache command that reads a trace shares.
struct TraceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The request trace.", valueName: "trace"))
    var trace: String

    @Option(help: ArgumentHelp("The trace's format: csv or oracle-general (default: from the file's name, else its content).",
                               valueName: "format"))
    var format: String?

    @Flag(help: "Count every object as 1 byte, so cache sizes count objects (libCacheSim's --ignore-obj-size).")
    var unitSize = false

    func traceFormat() throws -> TraceFormat? {
        guard let format else { return nil }
        guard let known = TraceFormat(rawValue: format.lowercased()) else {
            throw ValidationError("--format: expected csv or oracle-general, found '\(format)'")
        }
        return known
    }

    /// Reads the trace, reporting what was skipped; exits with a located message if it cannot.
    func load(withFuture: Bool) throws -> RequestTrace {
        let format = try traceFormat()
        let start = DispatchTime.now()
        do {
            let result = try TraceReader.read(path: trace, format: format, withFuture: withFuture)
            var loaded = result.trace
            if unitSize {
                loaded.requests.sizes = Array(repeating: 1, count: loaded.count)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            var note = "\(trace): \(loaded.count) requests for \(loaded.objectCount) objects, working set \(formatBytes(loaded.footprintBytes))"
            note += ", read in \(String(format: "%.2f", seconds)) s (\(result.format.rawValue))"
            if result.skippedZeroSize > 0 { note += "; \(result.skippedZeroSize) requests of size 0 skipped, as libCacheSim does" }
            Terminal.note(note)
            return loaded
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(ExitCodes.invalidScenario.rawValue)
        }
    }
}

/// Bytes in the largest unit that keeps a number of at least 1 (decimal units, as storage is sold).
func formatBytes(_ bytes: Int64) -> String {
    let units = [(1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
    let value = Double(bytes)
    for (factor, symbol) in units where value >= factor {
        return String(format: "%.3g %@", value / factor, symbol)
    }
    return "\(bytes) B"
}
