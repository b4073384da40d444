import ArgumentParser
import Foundation
import VidsimCache
import VidsimKernel
import VidsimReports

/// `vidsim cache zipf`: a synthetic trace under the independent reference model, for tests and benchmarks.
struct CacheZipfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zipf",
        abstract: "Write a synthetic trace: independent requests with Zipf popularity, in csv or oracleGeneral.",
        discussion: """
            Object k (k = 1 ... objects) is requested with probability proportional to k^-alpha, one request a \
            second. Sizes are --object-size for all, or lognormal around --median-size with --size-sigma, drawn \
            once per object. The same seed writes the same file.
            """)

    @Argument(help: ArgumentHelp("The file to write.", valueName: "out"))
    var out: String

    @Option(help: "Objects in the catalogue.")
    var objects = 1_000_000

    @Option(help: "Requests.")
    var requests = 10_000_000

    @Option(help: "Zipf exponent.")
    var alpha = 0.9

    @Option(help: ArgumentHelp("Every object's size in bytes.", valueName: "bytes"))
    var objectSize: Int = 1

    @Option(help: ArgumentHelp("Median object size in bytes, for lognormal sizes.", valueName: "bytes"))
    var medianSize: Double?

    @Option(help: "Sigma of the lognormal sizes.")
    var sizeSigma = 1.0

    @Option(help: "Seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("csv or oracle-general (default: from the name, else oracle-general).", valueName: "format"))
    var format: String?

    func validate() throws {
        guard objects >= 1 && objects <= Int(Int32.max) else { throw ValidationError("--objects must be from 1 to \(Int32.max)") }
        guard requests >= 1 && requests <= 2_000_000_000 else { throw ValidationError("--requests must be from 1 to 2,000,000,000") }
        guard alpha > 0 && alpha <= 10 else { throw ValidationError("--alpha must be in (0, 10]") }
        guard objectSize >= 1 && objectSize <= Int(UInt32.max) else { throw ValidationError("--object-size must be from 1 to \(UInt32.max) bytes") }
        if let medianSize { guard medianSize >= 1 && medianSize <= 1e9 else { throw ValidationError("--median-size must be from 1 to 1e9 bytes") } }
        guard sizeSigma > 0 && sizeSigma <= 4 else { throw ValidationError("--size-sigma must be in (0, 4]") }
    }

    func run() throws {
        let chosen: TraceFormat
        if let format {
            guard let known = TraceFormat(rawValue: format.lowercased()) else {
                throw ValidationError("--format: expected csv or oracle-general, found '\(format)'")
            }
            chosen = known
        } else {
            chosen = TraceFormat.guess(fromPath: out) ?? .oracleGeneral
        }
        let distribution = try medianSize.map { try Distribution.lognormal(median: $0, sigma: sizeSigma) }
        let generator = ZipfTrace(objects: objects, alpha: alpha, requests: requests, size: Int64(objectSize),
                                  sizeDistribution: distribution, seed: seed)
        let trace = try generator.generate()
        do {
            try AtomicFile.write(TraceWriter.encode(trace, as: chosen), to: URL(fileURLWithPath: out))
        } catch {
            Terminal.error("error: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        Terminal.note("\(out): \(trace.count) requests for \(trace.objectCount) of \(objects) objects (\(chosen.rawValue))")
    }
}
