import Foundation

/// comparison.html: per variant, a forest plot of the relative differences that matter most and the full table.
public enum ComparisonHTML: ComparisonFormat {
    public static let name = "html"
    public static let fileName = "comparison.html"

    public static func render(_ comparison: Comparison) throws -> Data {
        let base = comparison.base.scenario
        var page = HTMLPage(title: "vidsim comparison: \(base.name)")
        page.heading("vidsim comparison: \(base.name)", level: 1)
        let n = comparison.base.replications
        page.paragraph("Each variant ran \(counted(n, "replication")) with the base's seed (\(base.seed)): common random numbers, so replication i of a variant is paired with replication i of the base. Differences are means of the paired differences with paired 95% intervals.")
        for (variant, differences) in zip(comparison.variants, comparison.differences) {
            page.heading("\(variant.scenario.name) against \(base.name)")
            let relative = differences.filter { $0.relative != nil && !$0.isExactlyZero }
                .sorted { ($0.isSignificant ? 0 : 1, -abs($0.relative!)) < ($1.isSignificant ? 0 : 1, -abs($1.relative!)) }
                .prefix(20)
            page.svg(ComparisonChart(
                title: "Relative difference from the base",
                rows: relative.map { difference in
                    let scale = abs(difference.base.mean)
                    return ComparisonChart.Row(
                        name: difference.declaration.label, difference: difference.relative!,
                        halfWidth: difference.pairedHalfWidth.map { $0 / scale },
                        detail: difference.declaration.unit.formatDifference(difference.mean))
                }).svg(),
                caption: "The 20 largest changes, significant ones first; a point's bar is its paired 95% interval.")
            page.table(header: ["figure", "base", "variant", "difference", "paired 95%", "unpaired 95%", ""],
                       rows: differences.map { difference in
                           let unit = difference.declaration.unit
                           return [difference.declaration.label, unit.format(difference.base.mean), unit.format(difference.variant.mean),
                                   unit.formatDifference(difference.mean),
                                   difference.pairedHalfWidth.map { "± " + unit.formatDifferenceSpread($0, of: difference.mean) } ?? "",
                                   difference.unpairedHalfWidth.map { "± " + unit.formatDifferenceSpread($0, of: difference.mean) } ?? "",
                                   difference.isExactlyZero ? "exactly 0" : difference.isSignificant ? "significant" : ""]
                       }, numericColumns: [1, 2, 3, 4, 5])
        }
        return Data(page.render().utf8)
    }
}
