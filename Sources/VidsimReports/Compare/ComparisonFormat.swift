import Foundation
import VidsimUnits

/// One format a comparison is written in. A new format is one file conforming to this, in `ComparisonFormats.all`.
public protocol ComparisonFormat {
    static var name: String { get }
    static var fileName: String { get }
    static func render(_ comparison: Comparison) throws -> Data
}

public enum ComparisonFormats {
    public static let all: [any ComparisonFormat.Type] = [
        ComparisonJSON.self, ComparisonMarkdown.self, ComparisonCSV.self, ComparisonHTML.self,
    ]
    public static var names: [String] { all.map { $0.name } }
    public static func named(_ name: String) -> (any ComparisonFormat.Type)? { all.first { $0.name == name } }
}

/// comparison.json: per variant, every figure's base and variant estimates and the paired difference.
public enum ComparisonJSON: ComparisonFormat {
    public static let formatVersion = 1
    public static let name = "json"
    public static let fileName = "comparison.json"

    public static func render(_ comparison: Comparison) throws -> Data {
        var root = JSONTree.object(["vidsim_comparison_version": .integer(formatVersion)])
        root.insert(JSONReport.scenarioSection(comparison.base.scenario, replications: comparison.base.replications), at: "base")
        let variants: [JSONTree] = zip(comparison.variants, comparison.differences).map { variant, differences in
            var entry = JSONTree.object([:])
            entry.insert(JSONReport.scenarioSection(variant.scenario, replications: variant.replications), at: "scenario")
            for difference in differences {
                entry.insert(.object([
                    "unit": .string(difference.declaration.unit.symbol),
                    "base_mean": .finite(difference.base.mean),
                    "variant_mean": .finite(difference.variant.mean),
                    "difference": .finite(difference.mean),
                    "paired_ci95_half_width": difference.pairedHalfWidth.map(JSONTree.finite) ?? .null,
                    "unpaired_ci95_half_width": difference.unpairedHalfWidth.map(JSONTree.finite) ?? .null,
                    "relative_difference": difference.relative.map(JSONTree.finite) ?? .null,
                    "significant": .bool(difference.isSignificant),
                    "differences": .array(difference.differences.map(JSONTree.finite)),
                ]), at: "figures." + difference.key)
            }
            return entry
        }
        root.insert(.array(variants), at: "variants")
        return root.data()
    }
}

/// comparison.csv: tidy rows, one per variant, figure and replication.
public enum ComparisonCSV: ComparisonFormat {
    public static let name = "csv"
    public static let fileName = "comparison.csv"

    public static func render(_ comparison: Comparison) throws -> Data {
        var out = "variant,key,unit,replication,base,variant_value,difference\n"
        for (variant, differences) in zip(comparison.variants, comparison.differences) {
            for difference in differences {
                for replication in difference.differences.indices {
                    out += "\(CSVReport.field(variant.scenario.name)),\(CSVReport.field(difference.key)),"
                        + "\(CSVReport.field(difference.declaration.unit.symbol)),\(replication),"
                        + "\(CSVReport.number(difference.baseValues[replication])),"
                        + "\(CSVReport.number(difference.variantValues[replication])),"
                        + "\(CSVReport.number(difference.differences[replication]))\n"
                }
            }
        }
        return Data(out.utf8)
    }
}

/// comparison.md: per variant, the figures it changed significantly, then every figure.
public enum ComparisonMarkdown: ComparisonFormat {
    public static let name = "md"
    public static let fileName = "comparison.md"

    public static func render(_ comparison: Comparison) throws -> Data {
        Data(text(comparison).utf8)
    }

    public static func text(_ comparison: Comparison) -> String {
        let base = comparison.base.scenario
        let n = comparison.base.replications
        var lines = ["# vidsim comparison: \(base.name)", ""]
        lines.append("Each variant ran \(counted(n, "replication")) with the base's seed (\(base.seed)): common random numbers, so replication i of a variant is paired with replication i of the base. A difference is the mean of the paired differences with its paired 95% interval; the unpaired interval is shown beside it for comparison. **Significant** means the paired interval excludes zero; *exactly 0* means every pair was equal (the variant cannot have changed it). Many figures are tested at once: about one in twenty of those a variant does not really change still shows as significant by chance, so trust the differences you expected and run more replications for a surprising one.")
        lines.append("")
        for (variant, differences) in zip(comparison.variants, comparison.differences) {
            lines.append("## \(variant.scenario.name) against \(base.name)")
            lines.append("")
            lines.append("Files: \(variant.scenario.filesDescription).")
            lines.append("")
            lines.append("| figure | base | variant | difference | paired 95% | unpaired 95% | |")
            lines.append("| --- | --- | --- | --- | --- | --- | --- |")
            let ordered = differences.filter(\.isSignificant) + differences.filter { !$0.isSignificant }
            for difference in ordered {
                lines.append(row(difference))
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ difference: FigureDifference) -> String {
        let unit = difference.declaration.unit
        let half: (Double?) -> String = { $0.map { "± " + unit.formatDifferenceSpread($0, of: difference.mean) } ?? "" }
        let verdict = difference.isExactlyZero ? "*exactly 0*" : difference.isSignificant ? "**significant**" : ""
        let relative = difference.relative.map { String(format: " (%+.2f%%)", $0 * 100) } ?? ""
        return "| \(difference.declaration.label) | \(unit.format(difference.base.mean)) | \(unit.format(difference.variant.mean)) | "
            + "\(unit.formatDifference(difference.mean))\(difference.isExactlyZero ? "" : relative) | \(half(difference.pairedHalfWidth)) | "
            + "\(half(difference.unpairedHalfWidth)) | \(verdict) |"
    }
}
