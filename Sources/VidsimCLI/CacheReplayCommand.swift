import ArgumentParser
import Foundation
import VidsimCache
import VidsimKernel
import VidsimPolicies
import VidsimReports

/// `vidsim cache replay`: a trace through policies and sizes, with hit ratios and requests per second.
struct CacheReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a trace through eviction policies at cache sizes: object and byte hit ratios, requests/s.",
        discussion: """
            Each policy and size is one replay from an empty cache; replays run in parallel on --threads. The \
            requests/s column is the replay alone (the trace is read once, first). Examples:
              vidsim cache replay trace.oracleGeneral --policy lru,sieve,s3fifo --size 1%,10%
              vidsim cache replay trace.csv --policy "s3fifo:small_fraction=0.2;move_to_main_threshold=1" --size 64GB
            """)

    @OptionGroup var trace: TraceOptions

    @Option(help: ArgumentHelp("Eviction policies, comma-separated; parameters after a colon, pairs separated by ';'.",
                               valueName: "policies"))
    var policy = "lru"

    @Option(help: ArgumentHelp("Cache sizes, comma-separated: bytes with a unit (64GB), a share of the working set (5%), or bytes.",
                               valueName: "sizes"))
    var size = "10%"

    @Option(help: ArgumentHelp("An admission filter before every cache: all (none) or second-hit, with parameters after a colon.",
                               valueName: "filter"))
    var admission = "all"

    @Option(help: ArgumentHelp("Requests at the start that warm the cache without being counted.", valueName: "n"))
    var warmUp = 0

    @Option(help: "Threads (default: every core).")
    var threads = Replications.availableCores

    @Option(help: ArgumentHelp("Also write the results as CSV to this file (atomically).", valueName: "file"))
    var csv: String?

    func validate() throws {
        guard threads >= 1 && threads <= 1024 else { throw ValidationError("--threads must be from 1 to 1024") }
        guard warmUp >= 0 else { throw ValidationError("--warm-up must be at least 0") }
    }

    func run() throws {
        let policies: [PolicyChoice]
        let sizes: [CacheSize]
        let filter: (any AdmissionFilter)?
        do {
            policies = try PolicyChoice.parseList(policy)
            sizes = try CacheSize.parseList(size)
            filter = try AdmissionChoice.parse(admission)
        } catch {
            throw ValidationError(error.description)
        }
        let needsFuture = policies.contains { type(of: $0.policy).needsFuture }
        let loaded = try trace.load(withFuture: needsFuture)
        guard warmUp < loaded.count else {
            throw ValidationError("--warm-up \(warmUp) leaves no request to count: the trace has \(loaded.count)")
        }
        let footprint = loaded.footprintBytes
        let jobs = policies.flatMap { choice in sizes.map { (choice, $0.bytes(footprint: footprint)) } }
        let requests = loaded.requests
        let warm = warmUp
        let results = try Replications.run(count: jobs.count, threads: threads) { index in
            let (choice, capacity) = jobs[index]
            let start = DispatchTime.now()
            let counts = choice.policy.replay(requests, capacity: capacity, warmUp: warm, admission: filter)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            return (counts, seconds)
        }
        let unit = trace.unitSize ? "objects" : "bytes"
        if filter != nil { Terminal.note("admission: \(admission)") }
        print("policy".padding(toLength: 40, withPad: " ", startingAt: 0)
              + "  " + "cache (\(unit))".leftPadded(18) + "  " + "requests".leftPadded(12)
              + "  " + "object hit".leftPadded(10) + "  " + "byte hit".leftPadded(9) + "  " + "Mreq/s".leftPadded(7))
        var rows = "policy,capacity_\(unit),requests,hits,object_hit_ratio,bytes_requested,bytes_hit,byte_hit_ratio,seconds\n"
        for (index, (choice, capacity)) in jobs.enumerated() {
            let (counts, seconds) = results[index]
            let rate = Double(requests.count) / max(seconds, 1e-9) / 1e6
            let shownCapacity = trace.unitSize ? "\(capacity)" : formatBytes(capacity)
            print(choice.label.padding(toLength: 40, withPad: " ", startingAt: 0)
                  + "  " + shownCapacity.leftPadded(18) + "  " + "\(counts.requests)".leftPadded(12)
                  + "  " + String(format: "%.4f", counts.objectHitRatio).leftPadded(10)
                  + "  " + String(format: "%.4f", counts.byteHitRatio).leftPadded(9)
                  + "  " + String(format: "%.2f", rate).leftPadded(7))
            rows += "\(csvField(choice.label)),\(capacity),\(counts.requests),\(counts.hits),\(counts.objectHitRatio),"
            rows += "\(counts.bytesRequested),\(counts.bytesHit),\(counts.byteHitRatio),\(seconds)\n"
        }
        if let csv {
            do {
                try AtomicFile.write(rows, to: URL(fileURLWithPath: csv))
            } catch {
                Terminal.error("error: cannot write \(csv): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
    }
}

/// A CSV field, quoted when it holds a comma or a quote.
func csvField(_ text: String) -> String {
    text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}

extension String {
    /// Right-aligned in `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
