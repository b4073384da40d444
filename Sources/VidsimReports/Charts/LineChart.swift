import Foundation

/// Named series of (x, y) points over a shared x axis: time in seconds (read as minutes, hours or days) or
/// plain numbers. Used for workers alive and busy over time, tasks waiting, backlog, uploads waiting.
///
///     LineChart(title: "Transcode fleet", yTitle: "workers",
///               series: [.init(name: "alive", points: alive, interpolation: .step)]).svg()
public struct LineChart: Sendable {
    /// How consecutive points are joined.
    public enum Interpolation: Sendable, Equatable {
        case linear
        /// The value holds until the next point, then jumps: a fleet's size, a queue's length.
        case step
    }

    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var interpolation: Interpolation

        public init(name: String, points: [(x: Double, y: Double)], interpolation: Interpolation = .linear) {
            self.name = name
            self.points = points
            self.interpolation = interpolation
        }

        /// The finite points, in x order (stable for equal x).
        var finitePoints: [(x: Double, y: Double)] {
            points.enumerated().filter { $0.element.x.isFinite && $0.element.y.isFinite }
                .sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }.map(\.element)
        }
    }

    /// A dashed horizontal line at a target value, labelled.
    public struct ReferenceLine: Sendable {
        public var value: Double
        public var label: String

        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// A shaded stretch of the x axis, labelled: a zone's outage, from `start` to `end`.
    public struct Period: Sendable {
        public var start: Double
        public var end: Double
        public var label: String

        public init(start: Double, end: Double, label: String) {
            self.start = start
            self.end = end
            self.label = label
        }
    }

    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var series: [Series]
    public var xAxis: TimeAxisStyle
    public var referenceLine: ReferenceLine?
    /// Shaded stretches, clipped to the x axis's range (one outside it is not drawn).
    public var periods: [Period]
    /// Whether the y axis starts at zero however high the values are (counts, sizes).
    public var includesZero: Bool
    /// Formats y values for tick labels: compact numbers (1.2k, 3.4M) unless given.
    public var formatValue: @Sendable (Double) -> String
    public var width: Double
    public var height: Double

    public init(title: String, xTitle: String = "time", yTitle: String, series: [Series],
                xAxis: TimeAxisStyle = .automatic, referenceLine: ReferenceLine? = nil, periods: [Period] = [], includesZero: Bool = true,
                formatValue: @escaping @Sendable (Double) -> String = ChartFormat.compact,
                width: Double = 720, height: Double = 320) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.series = series
        self.xAxis = xAxis
        self.referenceLine = referenceLine
        self.periods = periods
        self.includesZero = includesZero
        self.formatValue = formatValue
        self.width = width
        self.height = height
    }

    /// Where the chart draws: the plot rectangle and the scales from data to pixels.
    public struct Layout: Sendable {
        public let plot: ChartRect
        public let xScale: ChartScale
        public let yScale: ChartScale
        public let xTicks: [ChartTick]
        public let yTicks: [ChartTick]
    }

    public func layout() -> Layout { layoutAndFrame().layout }

    private func layoutAndFrame() -> (layout: Layout, frame: CartesianFrame) {
        let points = series.flatMap(\.finitePoints)
        var ys = points.map(\.y)
        if let reference = referenceLine?.value, reference.isFinite { ys.append(reference) }
        if includesZero { ys.append(0) }
        let nice = NiceScale(minimum: ys.min() ?? 0, maximum: ys.max() ?? 1)
        let yTicks = nice.values.map { ChartTick(value: $0, label: formatValue($0)) }
        let xs = points.map(\.x)
        let x = AxisTicks.xTicks((xs.min() ?? 0)...(xs.max() ?? 1), style: xAxis, format: ChartFormat.compact)
        let legend = series.enumerated().map { index, series in
            LegendItem(name: series.name, swatch: .line(color: ChartPalette.color(index), dash: ChartPalette.dash(index)))
        }
        let frame = CartesianFrame(width: width, height: height, title: title, legend: legend, xTitle: xTitle,
                                   yTitle: yTitle, yTicks: yTicks)
        let plot = frame.plot
        let layout = Layout(plot: plot, xScale: ChartScale(domain: x.domain, range: plot.x...plot.maxX),
                            yScale: ChartScale(domain: nice.lower...nice.upper, range: plot.y...plot.maxY, inverted: true),
                            xTicks: x.ticks, yTicks: yTicks)
        return (layout, frame)
    }

    /// A period's left and right edges in pixels, clipped to the plot; nil when it lies outside the x axis or
    /// its ends are not finite.
    public func periodPixels(_ period: Period, in layout: Layout) -> (left: Double, right: Double)? {
        let domain = layout.xScale.domain
        guard period.start.isFinite, period.end.isFinite, period.end > domain.lowerBound, period.start < domain.upperBound else { return nil }
        let left = layout.xScale(max(period.start, domain.lowerBound)), right = layout.xScale(min(period.end, domain.upperBound))
        return right > left ? (left, right) : nil
    }

    /// The pixel vertices of a series' line: for a step series, a corner (x_i+1, y_i) before each point.
    public func pixelPoints(of series: Series, in layout: Layout) -> [(x: Double, y: Double)] {
        var vertices: [(x: Double, y: Double)] = []
        for point in series.finitePoints {
            if series.interpolation == .step, let last = vertices.last {
                vertices.append((layout.xScale(point.x), last.y))
            }
            vertices.append((layout.xScale(point.x), layout.yScale(point.y)))
        }
        return vertices
    }

    public func svg() -> String {
        let (layout, frame) = layoutAndFrame()
        let plot = layout.plot
        var canvas = SVGCanvas(width: width, height: height)
        frame.draw(into: &canvas, yScale: layout.yScale,
                          xTicks: layout.xTicks.map { (layout.xScale($0.value), $0.label, !$0.label.hasPrefix("day ")) })
        for period in periods {
            guard let (left, right) = periodPixels(period, in: layout) else { continue }
            canvas.rect(ChartRect(x: left, y: plot.y, width: right - left, height: plot.height), fill: ChartPalette.reference,
                        extra: [("fill-opacity", "0.1"), ("data-period", period.label)])
            canvas.text(period.label, left + 4, plot.y + 14, fill: ChartPalette.reference, halo: true)
        }
        for (index, series) in series.enumerated() {
            let vertices = pixelPoints(of: series, in: layout)
            let color = ChartPalette.color(index)
            if vertices.count == 1 {
                canvas.circle(vertices[0].x, vertices[0].y, radius: 3.5, fill: color)
                continue
            }
            let points = vertices.map { ChartFormat.coordinate($0.x) + "," + ChartFormat.coordinate($0.y) }
            let dash = ChartPalette.dash(index)
            canvas.add("polyline", [("points", points.joined(separator: " ")), ("fill", "none"), ("stroke", color),
                                    ("stroke-width", "2"), ("stroke-linejoin", "round"),
                                    ("stroke-dasharray", dash.isEmpty ? nil : dash), ("data-series", series.name)])
        }
        if let reference = referenceLine, reference.value.isFinite {
            let y = layout.yScale(reference.value)
            canvas.line(plot.x, y, plot.maxX, y, stroke: ChartPalette.reference, width: 1.5, dash: "6 4")
            canvas.text(reference.label, plot.maxX - 4, y - 5, anchor: "end", fill: ChartPalette.reference, halo: true)
        }
        if series.allSatisfy({ $0.finitePoints.isEmpty }) {
            canvas.text("no data", plot.x + plot.width / 2, plot.y + plot.height / 2, anchor: "middle",
                        fill: ChartPalette.muted)
        }
        return canvas.render(title: title)
    }
}
