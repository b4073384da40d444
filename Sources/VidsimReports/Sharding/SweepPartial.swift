import Foundation
import VidsimUnits

/// One shard's share of a sweep: which sweep (its file and a digest of what it read), which shard of how many,
/// and each unit (a point and a replication) it ran, with its figures' values. `vidsim merge` reads the shards'
/// files back and writes the report the whole sweep run in one process writes, byte for byte: values are kept
/// as Swift writes a Double (the shortest text that reads back to the same bits).
public struct SweepPartial: Sendable, Equatable {
    public static let formatVersion = 1
    /// The key that says a JSON file is one of these (and of which version).
    public static let versionKey = "vidsim_sweep_partial_version"

    /// One replication of one point, and its values of the sweep's figures, in order.
    public struct Unit: Sendable, Equatable {
        public let point: Int
        public let replication: Int
        public let values: [Double]

        public init(point: Int, replication: Int, values: [Double]) {
            self.point = point
            self.replication = replication
            self.values = values
        }

        public static func == (a: Unit, b: Unit) -> Bool {
            a.point == b.point && a.replication == b.replication
                && a.values.map(\.bitPattern) == b.values.map(\.bitPattern)
        }
    }

    public let sweepFile: String
    /// A digest of the sweep file and every scenario file it read: partials of another sweep, or of the same one
    /// after an edit, are refused.
    public let digest: String
    /// Shards are counted from 1.
    public let shard: Int
    public let shards: Int
    public let points: Int
    public let replications: Int
    public let seed: UInt64
    /// Whether the shards ran with --force (the merge loads the sweep the same way).
    public let force: Bool
    public let figures: [String]
    public let units: [Unit]

    public init(sweepFile: String, digest: String, shard: Int, shards: Int, points: Int, replications: Int, seed: UInt64, force: Bool,
                figures: [String], units: [Unit]) {
        self.seed = seed
        self.force = force
        self.sweepFile = sweepFile
        self.digest = digest
        self.shard = shard
        self.shards = shards
        self.points = points
        self.replications = replications
        self.figures = figures
        self.units = units
    }

    /// The units shard `shard` of `shards` runs, of `count` (units are numbered point by point, replication by
    /// replication, and dealt out in turn).
    public static func units(count: Int, shard: Int, shards: Int) -> [Int] {
        Array(stride(from: shard - 1, to: count, by: shards))
    }

    /// The file name of shard `shard` of `shards`.
    public static func fileName(shard: Int, shards: Int) -> String { "shard-\(shard)-of-\(shards).json" }

    public func data() -> Data {
        var text = "{\n"
        text += "  \(Self.string(Self.versionKey)): \(Self.formatVersion),\n"
        text += "  \"sweep_file\": \(Self.string(sweepFile)),\n  \"digest\": \(Self.string(digest)),\n"
        text += "  \"shard\": \(shard),\n  \"shards\": \(shards),\n  \"points\": \(points),\n  \"replications\": \(replications),\n"
        text += "  \"seed\": \(Self.string(String(seed))),\n  \"force\": \(force),\n"
        text += "  \"figures\": [" + figures.map(Self.string).joined(separator: ", ") + "],\n"
        text += "  \"units\": [\n"
        text += units.map { unit in
            "    {\"point\": \(unit.point), \"replication\": \(unit.replication), \"values\": ["
                + unit.values.map { Self.string("\($0)") }.joined(separator: ", ") + "]}"
        }.joined(separator: ",\n")
        text += "\n  ]\n}\n"
        return Data(text.utf8)
    }

    public struct ReadError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Reads a partial written by `data()`; a file that is not one is named with what is wrong.
    public static func read(_ data: Data, file: String) throws(ReadError) -> SweepPartial {
        func fail(_ message: String) -> ReadError { ReadError(description: "\(file): \(message)") }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("not a sweep's partial result (expected a JSON object, as vidsim sweep --shard writes)")
        }
        guard let version = root[versionKey] as? Int else {
            throw fail("not a sweep's partial result (no vidsim_sweep_partial_version)")
        }
        guard version == formatVersion else { throw fail("written in version \(version) of the format; this vidsim reads version \(formatVersion)") }
        func integer(_ key: String, _ range: ClosedRange<Int>) throws(ReadError) -> Int {
            guard let value = root[key] as? Int, range.contains(value) else { throw fail("expected \(key) from \(range.lowerBound) to \(range.upperBound)") }
            return value
        }
        guard let sweepFile = root["sweep_file"] as? String, let digest = root["digest"] as? String,
              let figures = root["figures"] as? [String], let units = root["units"] as? [[String: Any]] else {
            throw fail("expected sweep_file, digest, figures and units")
        }
        let shards = try integer("shards", 1...100_000)
        let shard = try integer("shard", 1...shards)
        let points = try integer("points", 1...1_000_000), replications = try integer("replications", 1...10_000)
        guard let seedText = root["seed"] as? String, let seed = UInt64(seedText), let force = root["force"] as? Bool else {
            throw fail("expected seed and force")
        }
        var read: [Unit] = []
        for (index, unit) in units.enumerated() {
            guard let point = unit["point"] as? Int, (0..<points).contains(point), let replication = unit["replication"] as? Int,
                  (0..<replications).contains(replication), let texts = unit["values"] as? [String], texts.count == figures.count else {
                throw fail("unit \(index): expected a point, a replication and \(figures.count) values")
            }
            var values: [Double] = []
            for text in texts {
                guard let value = Double(text) else { throw fail("unit \(index): '\(text)' is not a number") }
                values.append(value)
            }
            read.append(Unit(point: point, replication: replication, values: values))
        }
        return SweepPartial(sweepFile: sweepFile, digest: digest, shard: shard, shards: shards, points: points,
                            replications: replications, seed: seed, force: force, figures: figures, units: read)
    }

    /// A JSON string literal, escaped as every JSON vidsim writes.
    static func string(_ text: String) -> String { String(JSONTree.string(text).text().dropLast()) }
}
