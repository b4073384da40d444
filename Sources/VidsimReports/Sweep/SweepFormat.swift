import Foundation
import VidsimKernel
import VidsimUnits

/// One format a sweep's results are written in. A new format is one file conforming to this, in
/// `SweepFormats.all`.
public protocol SweepFormat {
    static var name: String { get }
    static var fileName: String { get }
    static func render(_ results: SweepResults) throws -> Data
}

public enum SweepFormats {
    public static let all: [any SweepFormat.Type] = [SweepJSON.self, SweepMarkdown.self, SweepCSV.self, SweepHTML.self]
    public static var names: [String] { all.map { $0.name } }
    public static func named(_ name: String) -> (any SweepFormat.Type)? { all.first { $0.name == name } }
}

extension SweepResults {
    /// One line on what was run, for every format.
    var description: String {
        let how = mode == .grid ? "every combination of " : "each of these in turn, the others as the scenario has them: "
        return "Scenario \(scenarioName), seed \(seed), \(counted(replications, "replication")) at each of \(counted(pointLabels.count, "point")) "
            + "(\(how)\(fields.joined(separator: ", "))). Every point runs with the same seed: common random numbers, so "
            + "replication i of every point sees the same random uploads wherever the points agree."
    }
}

/// sweep.json: each point's field values and, per figure, its mean, interval and every replication's value.
public enum SweepJSON: SweepFormat {
    public static let formatVersion = 1
    public static let name = "json"
    public static let fileName = "sweep.json"

    public static func render(_ results: SweepResults) throws -> Data {
        var root = JSONTree.object([
            "vidsim_sweep_version": .integer(formatVersion), "name": .string(results.name), "scenario": .string(results.scenarioName),
            "seed": .unsigned(results.seed), "replications": .integer(results.replications), "mode": .string(results.mode.rawValue),
            "fields": .array(results.fields.map { .string($0) }),
        ])
        let points: [JSONTree] = results.pointLabels.indices.map { point in
            var entry = JSONTree.object(["values": .object(Dictionary(uniqueKeysWithValues: zip(results.fields, results.pointLabels[point]).map {
                ($0, JSONTree.string($1))
            }))])
            for (index, figure) in results.figures.enumerated() {
                let estimate = results.estimate(figure: index, point: point)
                entry.insert(.object([
                    "unit": .string(figure.unit.symbol), "mean": .finite(estimate.mean),
                    "ci95_half_width": estimate.halfWidth.map(JSONTree.finite) ?? .null,
                    "values": .array(results.values[index][point].map(JSONTree.finite)),
                ]), at: "figures." + figure.key)
            }
            return entry
        }
        root.insert(.array(points), at: "points")
        return root.data()
    }
}

/// sweep.md: a table, a row per point, a column per figure (mean ± 95% interval).
public enum SweepMarkdown: SweepFormat {
    public static let name = "md"
    public static let fileName = "sweep.md"

    public static func render(_ results: SweepResults) throws -> Data {
        var lines = ["# vidsim sweep: \(results.name)", "", results.description, ""]
        let header = results.fields + results.figures.map(\.label)
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + header.indices.map { $0 < results.fields.count ? " --- |" : " ---: |" }.joined())
        for point in results.pointLabels.indices {
            let cells = results.pointLabels[point] + results.figures.indices.map { figure in
                let estimate = results.estimate(figure: figure, point: point)
                return results.figures[figure].unit.format(estimate.mean, halfWidth: estimate.halfWidth)
            }
            lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("Figures (docs/report-figures.md has each one's meaning):")
        for figure in results.figures { lines.append("- \(figure.label) (`\(figure.key)`): \(figure.description)") }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }
}

/// sweep.csv: tidy rows, one per point, figure and replication.
public enum SweepCSV: SweepFormat {
    public static let name = "csv"
    public static let fileName = "sweep.csv"

    public static func render(_ results: SweepResults) throws -> Data {
        var out = (["point"] + results.fields + ["figure", "unit", "replication", "value"]).map(csv).joined(separator: ",") + "\n"
        for point in results.pointLabels.indices {
            for (index, figure) in results.figures.enumerated() {
                for (replication, value) in results.values[index][point].enumerated() {
                    out += ([String(point)] + results.pointLabels[point] + [figure.key, figure.unit.symbol, String(replication),
                                                                            value.isFinite ? "\(value)" : ""]).map(csv).joined(separator: ",") + "\n"
                }
            }
        }
        return Data(out.utf8)
    }

    static func csv(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
