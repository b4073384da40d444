import Foundation

/// Vertical bars, one per category (months 1...12), each a stack of named components (storage tiers, cost
/// lines); positive values stack up from zero, negative ones down. Used for storage growth by tier and cost by
/// month.
///
///     StackedBarChart(title: "Stored by tier", xTitle: "month", yTitle: "stored",
///                     categories: (1...12).map(String.init),
///                     components: [.init(name: "hot", values: hot), .init(name: "cold", values: cold)],
///                     formatValue: { ChartFormat.compact($0) + "B" }).svg()
public struct StackedBarChart: Sendable {
    public struct Component: Sendable {
        public var name: String
        /// One value per category; missing or non-finite values count as zero.
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }

        func value(at index: Int) -> Double {
            index < values.count && values[index].isFinite ? values[index] : 0
        }
    }

    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var categories: [String]
    public var components: [Component]
    /// Whether each bar's total is written above it (when the bars are wide enough).
    public var showsTotals: Bool
    public var formatValue: @Sendable (Double) -> String
    public var width: Double
    public var height: Double

    public init(title: String, xTitle: String, yTitle: String, categories: [String], components: [Component],
                showsTotals: Bool = true, formatValue: @escaping @Sendable (Double) -> String = ChartFormat.compact,
                width: Double = 720, height: Double = 320) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.categories = categories
        self.components = components
        self.showsTotals = showsTotals
        self.formatValue = formatValue
        self.width = width
        self.height = height
    }

    /// One drawn segment: its category, component and pixel rectangle.
    public struct Segment: Sendable, Equatable {
        public let category: Int
        public let component: Int
        public let rect: ChartRect
    }

    /// The bars' totals (positive parts plus negative parts), per category.
    public var totals: [Double] {
        categories.indices.map { index in components.reduce(0) { $0 + $1.value(at: index) } }
    }

    func frameAndScale() -> (CartesianFrame, ChartScale) {
        var high = 0.0, low = 0.0
        for index in categories.indices {
            let values = components.map { $0.value(at: index) }
            high = max(high, values.filter { $0 > 0 }.reduce(0, +))
            low = min(low, values.filter { $0 < 0 }.reduce(0, +))
        }
        let nice = NiceScale(minimum: low, maximum: high)
        let yTicks = nice.values.map { ChartTick(value: $0, label: formatValue($0)) }
        let legend = components.enumerated().map { LegendItem(name: $1.name, swatch: .box(color: ChartPalette.color($0))) }
        let frame = CartesianFrame(width: width, height: height, title: title, legend: legend, xTitle: xTitle,
                                   yTitle: yTitle, yTicks: yTicks)
        return (frame, ChartScale(domain: nice.lower...nice.upper, range: frame.plot.y...frame.plot.maxY, inverted: true))
    }

    /// Every segment with a non-zero value, bar by bar, bottom to top.
    public func segments() -> [Segment] {
        let (frame, yScale) = frameAndScale()
        let slot = frame.plot.width / Double(max(1, categories.count))
        let barWidth = min(slot * 0.7, 80)
        var segments: [Segment] = []
        for index in categories.indices {
            var above = 0.0, below = 0.0
            let x = frame.plot.x + slot * (Double(index) + 0.5) - barWidth / 2
            for (component, series) in components.enumerated() {
                let value = series.value(at: index)
                guard value != 0 else { continue }
                let base = value > 0 ? above : below
                let top = base + value
                if value > 0 { above = top } else { below = top }
                let y0 = yScale(max(base, top)), y1 = yScale(min(base, top))
                segments.append(Segment(category: index, component: component,
                                        rect: ChartRect(x: x, y: y0, width: barWidth, height: y1 - y0)))
            }
        }
        return segments
    }

    public func svg() -> String {
        let (frame, yScale) = frameAndScale()
        var canvas = SVGCanvas(width: width, height: height)
        let slot = frame.plot.width / Double(max(1, categories.count))
        frame.draw(into: &canvas, yScale: yScale, xTicks: categories.enumerated().map {
            (frame.plot.x + slot * (Double($0.offset) + 0.5), $0.element, false)
        })
        for segment in segments() {
            canvas.rect(segment.rect, fill: ChartPalette.color(segment.component), stroke: "#ffffff",
                        extra: [("stroke-width", "0.75"), ("data-category", String(segment.category)),
                                ("data-component", components[segment.component].name)])
        }
        if showsTotals {
            let labels = totals.map(formatValue)
            let fits = labels.allSatisfy { ChartText.width($0, size: 11) <= slot - 2 }
            for (index, total) in totals.enumerated() where fits && total != 0 {
                let high = components.map { max(0, $0.value(at: index)) }.reduce(0, +)
                canvas.text(labels[index], frame.plot.x + slot * (Double(index) + 0.5), yScale(high) - 4,
                            anchor: "middle", size: 11, fill: ChartPalette.muted)
            }
        }
        return canvas.render(title: title)
    }
}
