import Foundation

/// Horizontal bars with their values written beside them: cost by component (compute on demand, spot,
/// ingest, storage). Negative values extend left of zero.
///
///     BarChart(title: "Cost per day", xTitle: "USD/day",
///              bars: [.init(label: "compute, spot", value: 830.5)],
///              formatValue: { "$" + ChartFormat.compact($0) }).svg()
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var value: Double

        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    public var title: String
    public var xTitle: String
    public var bars: [Bar]
    public var formatValue: @Sendable (Double) -> String
    public var width: Double

    public init(title: String, xTitle: String, bars: [Bar],
                formatValue: @escaping @Sendable (Double) -> String = ChartFormat.compact, width: Double = 720) {
        self.title = title
        self.xTitle = xTitle
        self.bars = bars
        self.formatValue = formatValue
        self.width = width
    }

    static let rowHeight = 28.0

    /// The chart's height: a row per bar plus title and axis.
    public var height: Double { 40 + Double(max(1, bars.count)) * Self.rowHeight + 28 + (xTitle.isEmpty ? 0 : 20) }

    /// The plot rectangle and the value scale.
    public func layout() -> (plot: ChartRect, scale: ChartScale, ticks: [ChartTick]) {
        let values = bars.map(\.value).filter(\.isFinite)
        let nice = NiceScale(minimum: min(0, values.min() ?? 0), maximum: max(0, values.max() ?? 0), targetTicks: 4)
        let labelWidth = min(width * 0.35, bars.map { ChartText.width($0.label) }.max() ?? 0)
        let valueWidth = bars.map { ChartText.width(formatValue($0.value), size: 11) }.max() ?? 0
        // Room for value labels left of negative bars, which extend toward the bar labels.
        let left = 12 + labelWidth + 10 + (values.contains { $0 < 0 } ? valueWidth + 4 : 0)
        let plot = ChartRect(x: left, y: 40, width: max(10, width - left - valueWidth - 20),
                             height: Double(max(1, bars.count)) * Self.rowHeight)
        let ticks = nice.values.map { ChartTick(value: $0, label: formatValue($0)) }
        return (plot, ChartScale(domain: nice.lower...nice.upper, range: plot.x...plot.maxX), ticks)
    }

    /// Each bar's rectangle, in order; a non-finite value has an empty bar at zero.
    public func barRects() -> [ChartRect] {
        let (plot, scale, _) = layout()
        return bars.enumerated().map { index, bar in
            let zero = scale(0), end = scale(bar.value.isFinite ? bar.value : 0)
            return ChartRect(x: min(zero, end), y: plot.y + Double(index) * Self.rowHeight + 5,
                             width: abs(end - zero), height: Self.rowHeight - 10)
        }
    }

    public func svg() -> String {
        let (plot, scale, ticks) = layout()
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(title, 12, 20, size: 15, weight: "600")
        for tick in ticks {
            let x = scale(tick.value)
            canvas.line(x, plot.y, x, plot.maxY, stroke: tick.value == 0 ? ChartPalette.axis : ChartPalette.grid)
            canvas.text(tick.label, x, plot.maxY + 16, anchor: "middle", size: 11, fill: ChartPalette.muted)
        }
        if !xTitle.isEmpty {
            canvas.text(xTitle, plot.x + plot.width / 2, plot.maxY + 38, anchor: "middle", size: 13)
        }
        for (index, (bar, rect)) in zip(bars, barRects()).enumerated() {
            let middle = rect.y + rect.height / 2
            var label = bar.label
            while label.count > 1, ChartText.width(label) > width * 0.35 { label = String(label.dropLast(2)) + "…" }
            canvas.text(label, plot.x - 10, middle + 4, anchor: "end")
            canvas.rect(rect, fill: ChartPalette.color(0), extra: [("data-index", String(index))])
            guard bar.value.isFinite else { continue }
            let negative = bar.value < 0
            canvas.text(formatValue(bar.value), negative ? rect.x - 4 : rect.maxX + 4, middle + 4,
                        anchor: negative ? "end" : "start", size: 11)
        }
        return canvas.render(title: title)
    }
}
