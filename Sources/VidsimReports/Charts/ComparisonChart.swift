import Foundation

/// A forest plot for `vidsim compare`: per figure, a variant's difference from the base with its 95% interval,
/// a point on a horizontal error bar around a zero line. Rows whose interval excludes zero are significant and
/// drawn dark and filled; the others grey and open. Differences share one axis, so give them in one unit,
/// usually relative to the base (0.05 = +5%, the default format).
///
///     ComparisonChart(title: "spot 80% vs base", rows: [
///         .init(name: "compute cost", difference: -0.18, halfWidth: 0.02, detail: "-$250/day"),
///     ]).svg()
public struct ComparisonChart: Sendable {
    public struct Row: Sendable {
        public var name: String
        public var difference: Double
        /// Half-width of the 95% interval; nil when unknown (one replication).
        public var halfWidth: Double?
        /// Text written at the right: the difference in the figure's own unit, say.
        public var detail: String

        public init(name: String, difference: Double, halfWidth: Double?, detail: String = "") {
            self.name = name
            self.difference = difference
            self.halfWidth = halfWidth
            self.detail = detail
        }

        /// The interval excludes zero.
        public var isSignificant: Bool {
            guard let halfWidth, halfWidth.isFinite, difference.isFinite else { return false }
            return abs(difference) > halfWidth
        }
    }

    public var title: String
    public var xTitle: String
    public var rows: [Row]
    public var formatValue: @Sendable (Double) -> String
    public var width: Double

    public init(title: String, xTitle: String = "difference from the base (95% interval)", rows: [Row],
                formatValue: @escaping @Sendable (Double) -> String = ChartFormat.signedPercent, width: Double = 720) {
        self.title = title
        self.xTitle = xTitle
        self.rows = rows
        self.formatValue = formatValue
        self.width = width
    }

    static let rowHeight = 26.0

    public var height: Double { 50 + Double(max(1, rows.count)) * Self.rowHeight + 48 }

    /// The plot rectangle, a scale symmetric about zero, and its ticks.
    public func layout() -> (plot: ChartRect, scale: ChartScale, ticks: [ChartTick]) {
        var reach = 0.0
        for row in rows where row.difference.isFinite {
            reach = max(reach, abs(row.difference) + ((row.halfWidth?.isFinite ?? false) ? abs(row.halfWidth!) : 0))
        }
        let nice = NiceScale(minimum: -reach, maximum: reach, targetTicks: 6)
        let bound = max(abs(nice.lower), abs(nice.upper))
        let ticks = NiceScale(minimum: -bound, maximum: bound, targetTicks: 6).values
            .map { ChartTick(value: $0, label: $0 == 0 ? "0" : formatValue($0)) }
        let nameWidth = min(width * 0.3, rows.map { ChartText.width($0.name) }.max() ?? 0)
        let detailWidth = min(width * 0.25, rows.map { ChartText.width($0.detail, size: 11) }.max() ?? 0)
        let left = 12 + nameWidth + 12
        let plot = ChartRect(x: left, y: 44, width: max(10, width - left - detailWidth - 24),
                             height: Double(max(1, rows.count)) * Self.rowHeight)
        return (plot, ChartScale(domain: -bound...bound, range: plot.x...plot.maxX), ticks)
    }

    public func svg() -> String {
        let (plot, scale, ticks) = layout()
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(title, 12, 20, size: 15, weight: "600")
        for tick in ticks {
            let x = scale(tick.value)
            canvas.line(x, plot.y, x, plot.maxY, stroke: tick.value == 0 ? ChartPalette.ink : ChartPalette.grid,
                        width: tick.value == 0 ? 1.25 : 1)
            canvas.text(tick.label, x, plot.maxY + 16, anchor: "middle", size: 11, fill: ChartPalette.muted)
        }
        canvas.text(xTitle, plot.x + plot.width / 2, plot.maxY + 38, anchor: "middle", size: 13)
        for (index, row) in rows.enumerated() {
            let y = plot.y + (Double(index) + 0.5) * Self.rowHeight
            let color = row.isSignificant ? ChartPalette.color(0) : "#9a9a9a"
            canvas.text(row.name, plot.x - 12, y + 4, anchor: "end", weight: row.isSignificant ? "600" : nil)
            if !row.detail.isEmpty {
                canvas.text(row.detail, plot.maxX + 12, y + 4, size: 11, fill: ChartPalette.muted)
            }
            guard row.difference.isFinite else { continue }
            let x = scale(row.difference)
            if let h = row.halfWidth, h.isFinite, h > 0 {
                let low = scale(row.difference - h), high = scale(row.difference + h)
                canvas.line(low, y, high, y, stroke: color, width: 2)
                canvas.line(low, y - 5, low, y + 5, stroke: color, width: 1.5)
                canvas.line(high, y - 5, high, y + 5, stroke: color, width: 1.5)
            }
            canvas.add("circle", [("cx", ChartFormat.coordinate(x)), ("cy", ChartFormat.coordinate(y)), ("r", "4.5"),
                                  ("fill", row.isSignificant ? color : "#ffffff"), ("stroke", color),
                                  ("stroke-width", "1.5"), ("data-significant", row.isSignificant ? "true" : "false")])
        }
        if rows.isEmpty { canvas.text("no figures to compare", plot.x + plot.width / 2, plot.y + 16, anchor: "middle") }
        return canvas.render(title: title)
    }
}
