import Foundation

/// One shard's share of `vidsim run` or `vidsim compare`: the scenario files (as given, and the folder they were
/// given from), a digest of what they read, which shard of how many, and each replication it ran, measured as
/// the report reads it. `vidsim merge` reads the shards' files back and writes the report one process writes:
/// values are written as Swift writes a Double (the shortest text that reads back to the same bits).
public struct RunPartial: Sendable, Codable {
    public static let formatVersion = 1
    /// The key that says a JSON file is one of these (and of which version).
    public static let versionKey = "vidsimRunPartialVersion"

    public enum Kind: String, Sendable, Codable {
        case run, compare
    }

    /// One replication of one scenario (the base is 0, then the variants in order), as measured.
    public struct Unit: Sendable, Codable {
        public var variant: Int
        public var replication: Int
        public var measurement: ReplicationMeasurement

        public init(variant: Int, replication: Int, measurement: ReplicationMeasurement) {
            self.variant = variant
            self.replication = replication
            self.measurement = measurement
        }
    }

    public var vidsimRunPartialVersion = formatVersion
    public var kind: Kind
    /// The working folder the command ran in: relative scenario paths are read from it again.
    public var directory: String
    /// The scenario files as the command line gave them: one for a run; the base, then the variants.
    public var files: [String]
    /// The comparison's folder name (`vidsim compare --name`), when given.
    public var name: String?
    /// A digest of every file the scenarios read, their seed and replications: partials of another run, or of
    /// the same one after an edit, are refused.
    public var digest: String
    /// Each scenario's figure and series keys, in the order of its measurements' values: partials written by a
    /// vidsim that measures other figures are refused, not read into the wrong rows.
    public var figureKeys: [[String]]
    public var seriesKeys: [[String]]
    /// Shards are counted from 1.
    public var shard: Int
    public var shards: Int
    public var replications: Int
    /// Written as text: a JSON reader may hold numbers as doubles, which cannot carry every 64-bit seed.
    public var seed: String
    /// Whether the shards ran with --force (the merge loads the scenarios the same way).
    public var force: Bool
    /// How long this shard took, on how many threads (for the merged report's account of the run).
    public var wallSeconds: Double
    public var threads: Int
    public var units: [Unit]

    public init(kind: Kind, directory: String, files: [String], name: String?, digest: String, figureKeys: [[String]], seriesKeys: [[String]],
                shard: Int, shards: Int, replications: Int, seed: UInt64, force: Bool, wallSeconds: Double, threads: Int, units: [Unit]) {
        self.kind = kind
        self.directory = directory
        self.files = files
        self.name = name
        self.digest = digest
        self.figureKeys = figureKeys
        self.seriesKeys = seriesKeys
        self.shard = shard
        self.shards = shards
        self.replications = replications
        self.seed = String(seed)
        self.force = force
        self.wallSeconds = wallSeconds
        self.threads = threads
        self.units = units
    }

    /// The file name of shard `shard` of `shards`: the same as a sweep's, so that `vidsim merge FOLDER` finds both.
    public static func fileName(shard: Int, shards: Int) -> String { SweepPartial.fileName(shard: shard, shards: shards) }

    public func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public struct ReadError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Reads a partial written by `data()`; a file that is not one is named with what is wrong. (`vidsim merge`
    /// has already checked that the file is JSON with `versionKey`.)
    public static func read(_ data: Data, file: String) throws(ReadError) -> RunPartial {
        func fail(_ message: String) -> ReadError { ReadError(description: "\(file): \(message)") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        if let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let version = root[versionKey] as? Int,
           version != formatVersion {
            throw fail("written in version \(version) of the format; this vidsim reads version \(formatVersion)")
        }
        let partial: RunPartial
        do {
            partial = try decoder.decode(RunPartial.self, from: data)
        } catch let error as DecodingError {
            throw fail("not a run's partial result as vidsim run --shard or vidsim compare --shard writes it: \(Self.explain(error))")
        } catch {
            throw fail("not a run's partial result: \(error)")
        }
        guard (1...100_000).contains(partial.shards), (1...partial.shards).contains(partial.shard) else {
            throw fail("expected shard I of N with 1 <= I <= N <= 100000, found \(partial.shard) of \(partial.shards)")
        }
        guard (1...10_000).contains(partial.replications), UInt64(partial.seed) != nil,
              partial.kind == .compare ? (2...1_000).contains(partial.files.count) : partial.files.count == 1,
              partial.figureKeys.count == partial.files.count, partial.seriesKeys.count == partial.files.count else {
            throw fail("expected 1 to 10000 replications, a seed, and the scenario files (one for a run, a base and its variants for a "
                       + "comparison) with their figure and series keys")
        }
        guard partial.wallSeconds.isFinite, partial.wallSeconds >= 0, (1...4096).contains(partial.threads) else {
            throw fail("expected the shard's wall time in seconds (0 or more) and its threads (1 to 4096)")
        }
        for (index, unit) in partial.units.enumerated() {
            guard partial.files.indices.contains(unit.variant), (0..<partial.replications).contains(unit.replication) else {
                throw fail("unit \(index): expected a scenario from 0 to \(partial.files.count - 1) and a replication from 0 to \(partial.replications - 1)")
            }
        }
        return partial
    }

    /// A decoding error in a sentence: what was expected, and where in the file.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case let .keyNotFound(key, context): return "no \(key.stringValue) at \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
