import Foundation

/// The charts' colours: alternately dark and light, so that neighbours differ in greyscale too; lines also
/// differ by dash pattern.
public enum ChartPalette {
    /// Dark blue, orange, light blue, purple, teal, red (luminance 0.28, 0.64, 0.76, 0.27, 0.52, 0.30).
    public static let colors = ["#1f4e89", "#e69f00", "#9ecae1", "#7b2d8e", "#2a9d8f", "#b8312f"]
    /// Dash patterns for the lines of series 0, 1, 2, ...: solid, dashed, dotted, dash-dot.
    public static let dashes = ["", "7 3", "2 3", "9 3 2 3"]

    public static func color(_ index: Int) -> String { colors[index % colors.count] }
    public static func dash(_ index: Int) -> String { dashes[(index / colors.count + index) % dashes.count] }

    static let ink = "#222222"
    static let muted = "#5f5f5f"
    static let grid = "#e4e4e4"
    static let axis = "#8c8c8c"
    static let reference = "#b8312f"
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
}

/// Text width estimates for layout (no font metrics on a server): an average sans-serif glyph is about 0.58 em.
enum ChartText {
    static func width(_ text: String, size: Double = 12) -> Double { Double(text.count) * size * 0.58 }
}

/// A pixel rectangle.
public struct ChartRect: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// An SVG document built element by element; every attribute value and text is escaped.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func tag(_ name: String, _ attributes: [(String, String?)], content: String? = nil) -> String {
        let open = openTag(name, attributes)
        guard let content else { return open.dropLast() + "/>" }
        return open + content + "</\(name)>"
    }

    static func openTag(_ name: String, _ attributes: [(String, String?)]) -> String {
        var text = "<" + name
        for case let (key, value?) in attributes { text += " \(key)=\"\(HTMLPage.escape(value))\"" }
        return text + ">"
    }

    mutating func add(_ name: String, _ attributes: [(String, String?)], content: String? = nil) {
        body.append(Self.tag(name, attributes, content: content))
    }

    mutating func raw(_ text: String) { body.append(text) }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                       width: Double = 1, dash: String? = nil) {
        add("line", [("x1", c(x1)), ("y1", c(y1)), ("x2", c(x2)), ("y2", c(y2)), ("stroke", stroke),
                     ("stroke-width", c(width)), ("stroke-dasharray", dash.flatMap { $0.isEmpty ? nil : $0 })])
    }

    mutating func rect(_ r: ChartRect, fill: String, stroke: String? = nil, extra: [(String, String?)] = []) {
        add("rect", [("x", c(r.x)), ("y", c(r.y)), ("width", c(max(0, r.width))), ("height", c(max(0, r.height))),
                     ("fill", fill), ("stroke", stroke)] + extra)
    }

    mutating func text(_ string: String, _ x: Double, _ y: Double, anchor: String = "start", size: Double = 12,
                       fill: String = ChartPalette.ink, weight: String? = nil, rotated: Bool = false,
                       halo: Bool = false) {
        // A halo: a white outline painted under the glyphs, so a label stays legible over lines.
        let haloAttributes: [(String, String?)] = halo
            ? [("stroke", "#ffffff"), ("stroke-width", "3"), ("paint-order", "stroke"), ("stroke-linejoin", "round")] : []
        let attributes: [(String, String?)] = [
            ("x", c(x)), ("y", c(y)), ("text-anchor", anchor == "start" ? nil : anchor),
            ("font-size", size == 12 ? nil : c(size)), ("fill", fill), ("font-weight", weight),
            ("transform", rotated ? "rotate(-90 \(c(x)) \(c(y)))" : nil),
        ]
        add("text", attributes + haloAttributes, content: HTMLPage.escape(string))
    }

    mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String, stroke: String? = nil) {
        add("circle", [("cx", c(x)), ("cy", c(y)), ("r", c(radius)), ("fill", fill), ("stroke", stroke)])
    }

    /// The finished document: `title` is both its <title> and its aria-label.
    func render(title: String, description: String? = nil) -> String {
        var lines = [Self.openTag("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(c(width)) \(c(height))"),
            ("width", c(width)), ("height", c(height)), ("role", "img"), ("aria-label", title),
            ("font-family", ChartPalette.fontFamily), ("font-size", "12"),
        ])]
        lines.append(Self.tag("title", [], content: HTMLPage.escape(title)))
        if let description { lines.append(Self.tag("desc", [], content: HTMLPage.escape(description))) }
        return (lines + body + ["</svg>"]).joined(separator: "\n")
    }

    private func c(_ value: Double) -> String { ChartFormat.coordinate(value) }
}

/// A legend entry and how its swatch is drawn.
struct LegendItem {
    enum Swatch {
        case line(color: String, dash: String)
        case box(color: String)
        /// Draws the swatch centred on the point given.
        case custom((inout SVGCanvas, Double, Double) -> Void)
    }

    let name: String
    let swatch: Swatch

    static let rowHeight = 18.0

    /// Lays the items out left to right, wrapping at `maxWidth`: each item's offset and the height used.
    static func layout(_ items: [LegendItem], maxWidth: Double) -> (offsets: [(x: Double, y: Double)], height: Double) {
        guard !items.isEmpty else { return ([], 0) }
        var offsets: [(x: Double, y: Double)] = []
        var x = 0.0, y = 0.0
        for item in items {
            let itemWidth = 26 + ChartText.width(item.name) + 16
            if x > 0, x + itemWidth > maxWidth {
                x = 0
                y += rowHeight
            }
            offsets.append((x, y))
            x += itemWidth
        }
        return (offsets, y + rowHeight)
    }

    static func draw(_ items: [LegendItem], x: Double, y: Double, maxWidth: Double, into canvas: inout SVGCanvas) {
        for (item, offset) in zip(items, layout(items, maxWidth: maxWidth).offsets) {
            let left = x + offset.x, middle = y + offset.y + rowHeight / 2
            switch item.swatch {
            case let .line(color, dash):
                canvas.line(left, middle, left + 20, middle, stroke: color, width: 2.5, dash: dash)
            case let .box(color):
                canvas.rect(ChartRect(x: left + 4, y: middle - 6, width: 12, height: 12), fill: color,
                            stroke: ChartPalette.axis)
            case let .custom(drawSwatch):
                drawSwatch(&canvas, left + 10, middle)
            }
            canvas.text(item.name, left + 26, middle + 4)
        }
    }
}

/// The frame shared by charts with a value axis on the left and categories or time along the bottom: title,
/// legend, gridlines, tick labels and axis titles around a plot rectangle.
struct CartesianFrame {
    let width: Double
    let height: Double
    let title: String
    let legend: [LegendItem]
    let xTitle: String
    let yTitle: String
    let yTicks: [ChartTick]
    let plot: ChartRect

    init(width: Double, height: Double, title: String, legend: [LegendItem], xTitle: String, yTitle: String,
         yTicks: [ChartTick]) {
        self.width = width
        self.height = height
        self.title = title
        self.legend = legend
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.yTicks = yTicks
        let legendHeight = LegendItem.layout(legend, maxWidth: width - 24).height
        let top = 30 + legendHeight + (legend.isEmpty ? 0 : 10)
        let labelWidth = yTicks.map { ChartText.width($0.label) }.max() ?? 0
        let left = 12 + (yTitle.isEmpty ? 0 : 20) + labelWidth + 8
        let bottom = height - 22 - (xTitle.isEmpty ? 0 : 20)
        plot = ChartRect(x: left, y: top, width: max(10, width - left - 16), height: max(10, bottom - top))
    }

    /// Draws the frame; `xTicks` are pixels along the bottom with their labels (an empty label draws a tick
    /// mark only, a nil mark draws a label only).
    func draw(into canvas: inout SVGCanvas, yScale: ChartScale, xTicks: [(pixel: Double, label: String, mark: Bool)]) {
        canvas.text(title, 12, 20, size: 15, weight: "600")
        LegendItem.draw(legend, x: 12, y: 28, maxWidth: width - 24, into: &canvas)
        for tick in yTicks {
            let y = yScale(tick.value)
            canvas.line(plot.x, y, plot.maxX, y, stroke: tick.value == 0 ? ChartPalette.axis : ChartPalette.grid)
            canvas.text(tick.label, plot.x - 6, y + 4, anchor: "end", fill: ChartPalette.muted)
        }
        canvas.line(plot.x, plot.maxY, plot.maxX, plot.maxY, stroke: ChartPalette.axis)
        var lastLabelEnd = -Double.infinity
        for tick in xTicks {
            if tick.mark { canvas.line(tick.pixel, plot.maxY, tick.pixel, plot.maxY + 5, stroke: ChartPalette.axis) }
            let half = ChartText.width(tick.label) / 2
            guard !tick.label.isEmpty, tick.pixel - half > lastLabelEnd + 4 else { continue }
            canvas.text(tick.label, tick.pixel, plot.maxY + 18, anchor: "middle", fill: ChartPalette.muted)
            lastLabelEnd = tick.pixel + half
        }
        if !xTitle.isEmpty {
            canvas.text(xTitle, plot.x + plot.width / 2, height - 8, anchor: "middle", size: 13)
        }
        if !yTitle.isEmpty {
            canvas.text(yTitle, 20, plot.y + plot.height / 2, anchor: "middle", size: 13, rotated: true)
        }
    }
}
