import Foundation

/// Latency distributions side by side: for each named latency (queue wait, time to first playable, time to
/// publish) its mean, p50, p90, p95, p99 and max as a ladder on a time axis, optionally logarithmic, with
/// optional 95% interval whiskers on each statistic. Values are in seconds; labels read ms, s, min or h.
///
///     PercentileChart(title: "Latency", rows: [
///         .init(name: "queue wait", mean: 1.2, p50: 0, p90: 1.5, p95: 3.1, p99: 25.5, max: 140),
///     ], logarithmic: true).svg()
public struct PercentileChart: Sendable {
    public enum Statistic: String, Sendable, CaseIterable {
        case mean, p50, p90, p95, p99, max
    }

    /// A statistic's value in seconds and, optionally, the half-width of its 95% interval.
    public struct Marker: Sendable, Equatable {
        public var value: Double
        public var halfWidth: Double?

        public init(_ value: Double, halfWidth: Double? = nil) {
            self.value = value
            self.halfWidth = halfWidth
        }
    }

    public struct Row: Sendable {
        public var name: String
        /// One marker per statistic, in `Statistic.allCases` order.
        public var markers: [Marker]

        public init(name: String, mean: Marker, p50: Marker, p90: Marker, p95: Marker, p99: Marker, max: Marker) {
            self.name = name
            markers = [mean, p50, p90, p95, p99, max]
        }

        public init(name: String, mean: Double, p50: Double, p90: Double, p95: Double, p99: Double, max: Double) {
            self.init(name: name, mean: Marker(mean), p50: Marker(p50), p90: Marker(p90), p95: Marker(p95),
                      p99: Marker(p99), max: Marker(max))
        }

        public subscript(statistic: Statistic) -> Marker {
            markers[Statistic.allCases.firstIndex(of: statistic)!]
        }
    }

    public var title: String
    public var rows: [Row]
    /// A logarithmic time axis (when every value it must show is positive somewhere): latencies span decades.
    public var logarithmic: Bool
    public var width: Double

    public init(title: String, rows: [Row], logarithmic: Bool = false, width: Double = 720) {
        self.title = title
        self.rows = rows
        self.logarithmic = logarithmic
        self.width = width
    }

    static let rowHeight = 56.0

    public var height: Double { 30 + 28 + Double(max(1, rows.count)) * Self.rowHeight + 44 }

    /// The plot rectangle, the time scale (log when asked and possible) and its ticks.
    public func layout() -> (plot: ChartRect, scale: ChartScale, ticks: [ChartTick]) {
        var values: [Double] = []
        for row in rows {
            for marker in row.markers where marker.value.isFinite {
                values.append(marker.value)
                if let h = marker.halfWidth, h.isFinite { values += [marker.value - h, marker.value + h] }
            }
        }
        let positive = values.filter { $0 > 0 }
        let useLog = logarithmic && !positive.isEmpty
        let axis = useLog ? AxisTicks.logDuration(positive.min()!, positive.max()!)
            : AxisTicks.linearDuration(values.min() ?? 0, values.max() ?? 1)
        let labelWidth = min(width * 0.3, rows.map { ChartText.width($0.name, size: 13) }.max() ?? 0)
        let left = 12 + labelWidth + 14
        let plot = ChartRect(x: left, y: 58, width: max(10, width - left - 30),
                             height: Double(max(1, rows.count)) * Self.rowHeight)
        return (plot, ChartScale(domain: axis.domain, range: plot.x...plot.maxX, logarithmic: useLog), axis.ticks)
    }

    /// Draws a statistic's marker: mean a diamond, p50 a tall bar, p90 and p99 short ticks, p95 the box's end,
    /// max an open circle.
    static func drawMarker(_ statistic: Statistic, x: Double, y: Double, into canvas: inout SVGCanvas) {
        let ink = ChartPalette.color(0)
        switch statistic {
        case .mean:
            let points = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
                .map { ChartFormat.coordinate($0.0) + "," + ChartFormat.coordinate($0.1) }.joined(separator: " ")
            canvas.add("polygon", [("points", points), ("fill", ChartPalette.color(1)), ("stroke", ChartPalette.ink),
                                   ("stroke-width", "0.75")])
        case .p50: canvas.line(x, y - 9, x, y + 9, stroke: ink, width: 3)
        case .p90, .p99: canvas.line(x, y - 6, x, y + 6, stroke: ink, width: 1.5)
        case .p95: canvas.line(x, y - 9, x, y + 9, stroke: ink, width: 1.5)
        case .max: canvas.circle(x, y, radius: 4, fill: "#ffffff", stroke: ink)
        }
    }

    public func svg() -> String {
        let (plot, scale, ticks) = layout()
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(title, 12, 20, size: 15, weight: "600")
        let legend = Statistic.allCases.map { statistic in
            LegendItem(name: statistic.rawValue, swatch: .custom { Self.drawMarker(statistic, x: $1, y: $2, into: &$0) })
        }
        LegendItem.draw(legend, x: 12, y: 28, maxWidth: width - 24, into: &canvas)
        for tick in ticks {
            let x = scale(tick.value)
            canvas.line(x, plot.y, x, plot.maxY, stroke: ChartPalette.grid)
            canvas.text(tick.label, x, plot.maxY + 16, anchor: "middle", size: 11, fill: ChartPalette.muted)
        }
        canvas.text(scale.logarithmic ? "time (logarithmic scale)" : "time", plot.x + plot.width / 2, plot.maxY + 36,
                    anchor: "middle", size: 13)
        for (index, row) in rows.enumerated() {
            let y = plot.y + (Double(index) + 0.4) * Self.rowHeight
            canvas.text(row.name, plot.x - 14, y + 5, anchor: "end", size: 13)
            let value = { (statistic: Statistic) -> Double? in
                let v = row[statistic].value
                return v.isFinite ? scale(v) : nil
            }
            if let p50 = value(.p50), let p95 = value(.p95) {
                if let max = value(.max) { canvas.line(p95, y, max, y, stroke: ChartPalette.axis, width: 1.5) }
                canvas.rect(ChartRect(x: min(p50, p95), y: y - 6, width: abs(p95 - p50), height: 12),
                            fill: ChartPalette.color(2), stroke: ChartPalette.color(0))
            }
            for marker in row.markers where marker.value.isFinite {
                if let h = marker.halfWidth, h.isFinite, h > 0 {
                    let low = scale(marker.value - h), high = scale(marker.value + h)
                    canvas.line(low, y - 13, high, y - 13, stroke: ChartPalette.ink, width: 1)
                    canvas.line(low, y - 16, low, y - 10, stroke: ChartPalette.ink)
                    canvas.line(high, y - 16, high, y - 10, stroke: ChartPalette.ink)
                }
            }
            for statistic in [Statistic.p90, .p95, .p99, .p50, .max, .mean] {
                if let x = value(statistic) { Self.drawMarker(statistic, x: x, y: y, into: &canvas) }
            }
            drawLabels(row, y: y + 24, scale: scale, into: &canvas)
        }
        if rows.isEmpty { canvas.text("no data", plot.x + plot.width / 2, plot.y + 30, anchor: "middle") }
        return canvas.render(title: title)
    }

    /// Value labels under the ladder, placed in priority order (p50, p99, max, p95, mean, p90) where they do not
    /// overlap one already placed.
    private func drawLabels(_ row: Row, y: Double, scale: ChartScale, into canvas: inout SVGCanvas) {
        var placed: [ClosedRange<Double>] = []
        for statistic in [Statistic.p50, .p99, .max, .p95, .mean, .p90] {
            let value = row[statistic].value
            guard value.isFinite else { continue }
            let text = statistic.rawValue + " " + ChartFormat.duration(value)
            let half = ChartText.width(text, size: 11) / 2
            let x = min(max(scale(value), scale.range.lowerBound - 10 + half), width - 4 - half)
            let span = (x - half - 3)...(x + half + 3)
            guard !placed.contains(where: { $0.overlaps(span) }) else { continue }
            placed.append(span)
            canvas.text(text, x, y, anchor: "middle", size: 11, fill: ChartPalette.muted)
        }
    }
}
