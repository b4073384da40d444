import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import VidsimReports
import XCTest

final class ChartTests: XCTestCase {
    // MARK: Axes and formatting

    func testNiceTicksForKnownRanges() {
        func check(_ low: Double, _ high: Double, _ lower: Double, _ upper: Double, _ step: Double,
                   line: UInt = #line) {
            let scale = NiceScale(minimum: low, maximum: high)
            XCTAssertEqual(scale.lower, lower, accuracy: 1e-9, "lower", line: line)
            XCTAssertEqual(scale.upper, upper, accuracy: 1e-9, "upper", line: line)
            XCTAssertEqual(scale.step, step, accuracy: 1e-12, "step", line: line)
        }
        check(0, 340, 0, 400, 100)
        check(0, 1, 0, 1, 0.2)
        check(0, 9.5, 0, 10, 2)
        check(0, 23, 0, 25, 5)
        check(0, 12, 0, 12.5, 2.5)
        check(-3, 7, -4, 8, 2)
        check(0, 0, 0, 1, 0.2)
        check(.nan, .infinity, 0, 1, 0.2)
        check(0, 8.91e15, 0, 1e16, 2e15)
        check(0.001, 0.0042, 0, 0.005, 0.001)
        XCTAssertEqual(NiceScale(minimum: 0, maximum: 340).values, [0, 100, 200, 300, 400])
        XCTAssertEqual(NiceScale(minimum: 0, maximum: 1).values.map { ChartFormat.compact($0) },
                       ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        let equal = NiceScale(minimum: 5, maximum: 5)
        XCTAssertTrue(equal.lower < 5 && equal.upper > 5)
    }

    func testTimeAxisReadsHoursDaysAndNumbers() {
        let day = LineChart(title: "t", yTitle: "y", series: [.init(name: "s", points: [(0, 1), (86_400, 2)])])
        XCTAssertEqual(day.layout().xTicks.map(\.label), ["0 h", "6 h", "12 h", "18 h", "24 h"])
        XCTAssertEqual(day.layout().xScale.domain, 0...86_400)

        let hour = LineChart(title: "t", yTitle: "y", series: [.init(name: "s", points: [(0, 1), (3600, 2)])])
        XCTAssertEqual(hour.layout().xTicks.map(\.label), ["0 min", "10 min", "20 min", "30 min", "40 min", "50 min", "60 min"])

        let days = LineChart(title: "t", yTitle: "y", series: [.init(name: "s", points: [(0, 1), (3 * 86_400, 2)])],
                             xAxis: .days)
        let ticks = days.layout().xTicks
        XCTAssertEqual(ticks.filter { !$0.label.isEmpty }.map(\.label), ["day 1", "day 2", "day 3"])
        XCTAssertEqual(ticks.filter { !$0.label.isEmpty }.map(\.value), [43_200, 129_600, 216_000])
        XCTAssertEqual(ticks.filter { $0.label.isEmpty }.map(\.value), [0, 86_400, 172_800, 259_200])

        let numbers = LineChart(title: "t", xTitle: "replication", yTitle: "y",
                                series: [.init(name: "s", points: [(1, 1), (12, 2)])], xAxis: .number)
        XCTAssertEqual(numbers.layout().xTicks.map(\.label), ["0", "2.5", "5", "7.5", "10", "12.5"])
    }

    func testCompactAndDurationFormats() {
        XCTAssertEqual(ChartFormat.compact(950), "950")
        XCTAssertEqual(ChartFormat.compact(1200), "1.2k")
        XCTAssertEqual(ChartFormat.compact(1234), "1.23k")
        XCTAssertEqual(ChartFormat.compact(3_400_000), "3.4M")
        XCTAssertEqual(ChartFormat.compact(2.5e9), "2.5B")
        XCTAssertEqual(ChartFormat.compact(-1500), "-1.5k")
        XCTAssertEqual(ChartFormat.compact(0), "0")
        XCTAssertEqual(ChartFormat.compact(0.25), "0.25")
        XCTAssertEqual(ChartFormat.compact(0.005), "0.005")
        XCTAssertEqual(ChartFormat.compact(.nan), "–")
        XCTAssertEqual(ChartFormat.duration(0.25), "250 ms")
        XCTAssertEqual(ChartFormat.duration(2.5), "2.5 s")
        XCTAssertEqual(ChartFormat.duration(600), "10 min")
        XCTAssertEqual(ChartFormat.duration(7200), "2 h")
        XCTAssertEqual(ChartFormat.duration(3 * 86_400), "3 days")
        XCTAssertEqual(ChartFormat.duration(0), "0 s")
        XCTAssertEqual(ChartFormat.trimmed(-0.0001, decimals: 2), "0")
        XCTAssertEqual(ChartFormat.trimmed(12.50, decimals: 2), "12.5")
        XCTAssertEqual(ChartFormat.signedPercent(0.052), "+5.2%")
        XCTAssertEqual(ChartFormat.signedPercent(-0.18), "-18%")
    }

    // MARK: Line charts

    func testPolylinePointsMapDataToPixels() throws {
        let chart = LineChart(title: "Workers", yTitle: "workers",
                              series: [.init(name: "alive", points: [(0, 0), (3600, 50), (7200, 100)])], xAxis: .hours)
        let layout = chart.layout()
        XCTAssertEqual(layout.yScale.domain, 0...100)
        let points = try XCTUnwrap(polylines(in: chart.svg()).first)
        let plot = layout.plot
        let expected = [(plot.x, plot.maxY), (plot.x + plot.width / 2, plot.y + plot.height / 2), (plot.maxX, plot.y)]
        XCTAssertEqual(points.count, 3)
        for (point, (x, y)) in zip(points, expected) {
            XCTAssertEqual(point.x, x, accuracy: 0.006)
            XCTAssertEqual(point.y, y, accuracy: 0.006)
        }
    }

    func testStepSeriesHasCornerBeforeEachChange() throws {
        let series = LineChart.Series(name: "fleet", points: [(0, 1), (10, 3), (20, 2)], interpolation: .step)
        let chart = LineChart(title: "Fleet", yTitle: "workers", series: [series], xAxis: .number)
        let layout = chart.layout()
        let (x, y) = (layout.xScale, layout.yScale)
        let expected = [(x(0), y(1)), (x(10), y(1)), (x(10), y(3)), (x(20), y(3)), (x(20), y(2))]
        let drawn = try XCTUnwrap(polylines(in: chart.svg()).first)
        XCTAssertEqual(drawn.count, expected.count)
        for (point, (ex, ey)) in zip(drawn, expected) {
            XCTAssertEqual(point.x, ex, accuracy: 0.006)
            XCTAssertEqual(point.y, ey, accuracy: 0.006)
        }
    }

    func testReferenceLineIsInsideTheAxisAndDashed() {
        let chart = LineChart(title: "Publish", yTitle: "minutes",
                              series: [.init(name: "p95", points: [(0, 4), (3600, 6)])],
                              referenceLine: .init(value: 10, label: "SLO 10 min"))
        XCTAssertGreaterThanOrEqual(chart.layout().yScale.domain.upperBound, 10)
        let svg = chart.svg()
        XCTAssertTrue(svg.contains("stroke-dasharray=\"6 4\""))
        XCTAssertTrue(svg.contains(">SLO 10 min</text>"))
    }

    func testAPeriodIsShadedWhereItIsAndClippedToTheAxis() {
        let chart = LineChart(title: "Pool", yTitle: "workers",
                              series: [.init(name: "alive", points: [(0, 6), (3600, 6), (7200, 4), (10_800, 6)])],
                              periods: [.init(start: 3600, end: 7200, label: "zone b lost"),
                                        .init(start: 9000, end: 20_000, label: "zone c lost"),
                                        .init(start: 20_000, end: 30_000, label: "after the end")])
        let layout = chart.layout()
        let scale = layout.xScale
        let first = chart.periodPixels(chart.periods[0], in: layout)
        XCTAssertEqual(first?.left ?? .nan, scale(3600), accuracy: 1e-9)
        XCTAssertEqual(first?.right ?? .nan, scale(7200), accuracy: 1e-9)
        // The second runs past the axis's end: clipped to it.
        XCTAssertEqual(chart.periodPixels(chart.periods[1], in: layout)?.right ?? .nan, scale(scale.domain.upperBound), accuracy: 1e-9)
        XCTAssertNil(chart.periodPixels(chart.periods[2], in: layout), "a period beyond the axis is not drawn")
        let svg = chart.svg()
        XCTAssertTrue(svg.contains("data-period=\"zone b lost\""))
        XCTAssertTrue(svg.contains(">zone b lost</text>"))
        XCTAssertFalse(svg.contains("after the end"))
    }

    // MARK: Bars

    func testStackedBarHeightsAddUp() {
        let hot = [1.0, 2, 3], warm = [0.5, 1, 1.5], cold = [0.0, 4, 8]
        let chart = StackedBarChart(title: "Stored", xTitle: "month", yTitle: "PB", categories: ["1", "2", "3"],
                                    components: [.init(name: "hot", values: hot), .init(name: "warm", values: warm),
                                                 .init(name: "cold", values: cold)])
        let segments = chart.segments()
        XCTAssertEqual(segments.count, 8, "the zero segment is not drawn")
        XCTAssertEqual(chart.totals, [1.5, 7, 12.5])
        let pixelsPerUnit = segments[0].rect.height / hot[0]
        let baseline = segments[0].rect.maxY
        for category in 0..<3 {
            let bar = segments.filter { $0.category == category }
            XCTAssertEqual(bar.map(\.rect.height).reduce(0, +), chart.totals[category] * pixelsPerUnit, accuracy: 1e-6)
            XCTAssertEqual(bar.first!.rect.maxY, baseline, accuracy: 1e-9)
            for (lower, upper) in zip(bar, bar.dropFirst()) {
                XCTAssertEqual(upper.rect.maxY, lower.rect.y, accuracy: 1e-9, "segments touch")
            }
        }
        let svg = chart.svg()
        XCTAssertEqual(svg.components(separatedBy: "data-component=").count - 1, 8)
        XCTAssertTrue(svg.contains(">12.5</text>"), "the total is written above the bar")
    }

    func testHorizontalBarsAreProportionalAndNegativeGoesLeft() {
        let chart = BarChart(title: "Cost", xTitle: "USD/day",
                             bars: [.init(label: "compute", value: 800), .init(label: "storage", value: 200),
                                    .init(label: "credit", value: -100)],
                             formatValue: { "$" + ChartFormat.compact($0) })
        let rects = chart.barRects()
        XCTAssertEqual(rects[0].width / rects[1].width, 4, accuracy: 1e-9)
        XCTAssertEqual(rects[2].maxX, rects[0].x, accuracy: 1e-9, "a negative bar ends at zero")
        XCTAssertTrue(chart.svg().contains(">$800</text>"))
    }

    // MARK: Latency and comparison

    func testPercentileChartLogAxisAndZeroValues() {
        let chart = PercentileChart(title: "Latency", rows: [
            .init(name: "queue wait", mean: 1.2, p50: 0, p90: 1.5, p95: 3.1, p99: 25.5, max: 140),
            .init(name: "time to publish", mean: 200, p50: 180, p90: 600, p95: 934, p99: 1812, max: 3000),
        ], logarithmic: true)
        let layout = chart.layout()
        XCTAssertTrue(layout.scale.logarithmic)
        XCTAssertEqual(layout.ticks.map(\.label), ["1 s", "10 s", "1 min", "10 min", "1 h"])
        XCTAssertEqual(layout.scale(0), layout.plot.x, "zero sits at the axis's start")
        XCTAssertEqual(layout.scale(10), layout.plot.x + layout.plot.width * log(10) / log(3600), accuracy: 1e-9)
        let svg = chart.svg()
        XCTAssertTrue(svg.contains("p50 0 s"))
        XCTAssertTrue(svg.contains("p99 25.5 s"))

        let linear = PercentileChart(title: "Latency", rows: [
            .init(name: "wait", mean: .init(2, halfWidth: 0.5), p50: .init(1), p90: .init(4), p95: .init(5),
                  p99: .init(9, halfWidth: 1), max: .init(14)),
        ])
        XCTAssertFalse(linear.layout().scale.logarithmic)
        XCTAssertEqual(linear.layout().ticks.map(\.label), ["0 s", "5 s", "10 s", "15 s"])
    }

    func testComparisonMarksSignificantRowsAroundZero() {
        let chart = ComparisonChart(title: "variant", rows: [
            .init(name: "compute cost", difference: -0.18, halfWidth: 0.02, detail: "-$250/day"),
            .init(name: "p95 publish", difference: 0.01, halfWidth: 0.03),
            .init(name: "stored", difference: 0.05, halfWidth: nil),
        ])
        let layout = chart.layout()
        XCTAssertEqual(layout.scale(0), layout.plot.x + layout.plot.width / 2, accuracy: 1e-9)
        XCTAssertEqual(layout.scale.domain.lowerBound, -layout.scale.domain.upperBound)
        let svg = chart.svg()
        XCTAssertEqual(svg.components(separatedBy: "data-significant=\"true\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "data-significant=\"false\"").count - 1, 2)
        XCTAssertTrue(svg.contains(">-20%</text>"))
    }

    // MARK: Safety

    func testEscaping() {
        XCTAssertEqual(HTMLPage.escape(#"<a href="x">Tom & Jerry's</a>"#),
                       "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        let hostile = "<script>alert('x')</script> & \"more\""
        let svgs = [
            LineChart(title: hostile, xTitle: hostile, yTitle: hostile,
                      series: [.init(name: hostile, points: [(0, 1), (1, 2)])], referenceLine: .init(value: 1, label: hostile)).svg(),
            StackedBarChart(title: hostile, xTitle: hostile, yTitle: hostile, categories: [hostile],
                            components: [.init(name: hostile, values: [1])]).svg(),
            BarChart(title: hostile, xTitle: hostile, bars: [.init(label: hostile, value: 1)]).svg(),
            PercentileChart(title: hostile, rows: [.init(name: hostile, mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 1)]).svg(),
            ComparisonChart(title: hostile, rows: [.init(name: hostile, difference: 1, halfWidth: 1, detail: hostile)]).svg(),
        ]
        for svg in svgs {
            XCTAssertFalse(svg.contains("<script"))
            XCTAssertFalse(svg.contains("'x'"))
            XCTAssertTrue(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"))
            XCTAssertBalanced(svg)
        }
        var page = HTMLPage(title: hostile)
        page.table(header: [hostile], rows: [[hostile]])
        page.paragraph(hostile)
        XCTAssertFalse(page.render().contains("<script"))
    }

    func testDegenerateInputsNeverWriteNaNOrInfinity() {
        let degenerate: [[(x: Double, y: Double)]] = [
            [], [(5, 5)], [(0, 3), (1, 3), (2, 3)], [(0, -5), (1, -2)], [(.nan, 1), (1, .infinity), (2, -.infinity)],
            [(0, 0), (0, 0)], [(0, 1e-300), (1e300, 1)],
        ]
        var svgs: [String] = []
        for points in degenerate {
            for interpolation in [LineChart.Interpolation.linear, .step] {
                svgs.append(LineChart(title: "t", yTitle: "y", series: [.init(name: "s", points: points,
                                                                              interpolation: interpolation)]).svg())
            }
        }
        svgs.append(LineChart(title: "t", yTitle: "y", series: []).svg())
        svgs.append(LineChart(title: "t", yTitle: "y", series: [.init(name: "s", points: [(0, 1)])],
                              referenceLine: .init(value: .nan, label: "r")).svg())
        svgs.append(StackedBarChart(title: "t", xTitle: "x", yTitle: "y", categories: [], components: []).svg())
        svgs.append(StackedBarChart(title: "t", xTitle: "x", yTitle: "y", categories: ["a", "b"],
                                    components: [.init(name: "c", values: [.nan, -3]), .init(name: "d", values: [2])]).svg())
        svgs.append(BarChart(title: "t", xTitle: "x", bars: []).svg())
        svgs.append(BarChart(title: "t", xTitle: "x", bars: [.init(label: "a", value: .nan), .init(label: "b", value: 0)]).svg())
        svgs.append(PercentileChart(title: "t", rows: []).svg())
        svgs.append(PercentileChart(title: "t", rows: [.init(name: "r", mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0)],
                                    logarithmic: true).svg())
        svgs.append(PercentileChart(title: "t", rows: [.init(name: "r", mean: .nan, p50: .infinity, p90: -1, p95: 2,
                                                             p99: 2, max: 2)], logarithmic: true).svg())
        svgs.append(ComparisonChart(title: "t", rows: []).svg())
        svgs.append(ComparisonChart(title: "t", rows: [.init(name: "r", difference: 0, halfWidth: 0),
                                                        .init(name: "s", difference: .nan, halfWidth: .infinity)]).svg())
        for svg in svgs {
            let lowered = svg.lowercased()
            XCTAssertFalse(lowered.contains("nan"), svg)
            XCTAssertFalse(lowered.contains("inf"), svg)
            XCTAssertBalanced(svg)
        }
        let single = LineChart(title: "t", yTitle: "y", series: [.init(name: "s", points: [(5, 5)])]).svg()
        XCTAssertTrue(single.contains("<circle"), "a lone point is drawn as a dot")
    }

    func testOutputIsDeterministic() {
        XCTAssertEqual(samplePage(), samplePage())
        XCTAssertEqual(sampleLineChart().svg(), sampleLineChart().svg())
    }

    // MARK: The page

    func testPageIsWellFormedAndAccessible() throws {
        let html = samplePage()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"))
        XCTAssertBalanced(html)
        #if canImport(FoundationXML)
        let document = try XMLDocument(xmlString: html, options: [])
        let svgs = try document.nodes(forXPath: "//*[local-name()='svg']")
        XCTAssertEqual(svgs.count, 5)
        for case let svg as XMLElement in svgs {
            let attribute = { (name: String) in svg.attributes?.first { $0.name == name }?.stringValue }
            XCTAssertFalse(attribute("aria-label")?.isEmpty ?? true)
            XCTAssertEqual(attribute("role"), "img")
            XCTAssertEqual(svg.children?.first?.localName, "title")
        }
        XCTAssertEqual(try document.nodes(forXPath: "//td").count, 4)
        #endif
    }

    /// Writes the sample page to $VIDSIM_CHART_SAMPLE, to look at (scripts/screenshot-report.sh).
    func testWriteSamplePageWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["VIDSIM_CHART_SAMPLE"], !path.isEmpty else {
            throw XCTSkip("set VIDSIM_CHART_SAMPLE=PATH to write a sample page with every chart")
        }
        try samplePage().write(toFile: path, atomically: true, encoding: .utf8)
    }

    // MARK: Helpers

    private func sampleLineChart() -> LineChart {
        // A day of a diurnal fleet: demand peaks at 20:00, the fleet follows in steps of 20 workers.
        let times = stride(from: 0.0, through: 86_400, by: 900).map { $0 }
        let busy = times.map { t in (t, 180 + 120 * cos((t / 3600 - 20) / 24 * 2 * .pi)) }
        let alive = busy.map { ($0.0, ((($0.1 * 1.15) / 20).rounded(.up) * 20)) }
        return LineChart(title: "Transcode fleet over the day", yTitle: "workers",
                         series: [.init(name: "alive", points: alive, interpolation: .step),
                                  .init(name: "busy", points: busy)],
                         referenceLine: .init(value: 340, label: "fixed fleet: 340"))
    }

    private func samplePage() -> String {
        var page = HTMLPage(title: "vidsim sample: every chart")
        page.paragraph("Charts drawn by VidsimReports/Charts from made-up data, to look at.")
        page.heading("Fleet")
        page.svg(sampleLineChart().svg(), caption: "Workers alive (steps) and busy, one day.")
        page.heading("Storage")
        let months = (1...12).map(String.init)
        let hot = (1...12).map { 0.4e15 * Double($0) }
        let warm = (1...12).map { $0 < 3 ? 0 : 0.7e15 * Double($0 - 2) }
        let cold = (1...12).map { $0 < 6 ? 0 : 1.1e15 * Double($0 - 5) }
        page.svg(StackedBarChart(title: "Stored by tier", xTitle: "month", yTitle: "stored", categories: months,
                                 components: [.init(name: "hot", values: hot), .init(name: "warm", values: warm),
                                              .init(name: "cold", values: cold)],
                                 formatValue: { $0 == 0 ? "0" : ChartFormat.compact($0 / 1e15) + " PB" }).svg())
        page.heading("Cost")
        page.svg(BarChart(title: "Cost per day by component", xTitle: "USD per day",
                          bars: [.init(label: "compute, on demand", value: 554.9), .init(label: "compute, spot", value: 832.3),
                                 .init(label: "ingest", value: 120.4), .init(label: "storage", value: 2_310)],
                          formatValue: { "$" + ChartFormat.compact($0) }).svg())
        page.heading("Latency")
        page.svg(PercentileChart(title: "Latency distributions", rows: [
            .init(name: "queue wait", mean: .init(1.9, halfWidth: 0.2), p50: .init(0), p90: .init(1.2),
                  p95: .init(3.123, halfWidth: 0.4), p99: .init(25.53, halfWidth: 3), max: .init(140)),
            .init(name: "time to first playable", mean: 31, p50: 18.65, p90: 62, p95: 95.3, p99: 183, max: 410),
            .init(name: "time to publish", mean: 240, p50: 179.9, p90: 610, p95: 934, p99: 1812, max: 3300),
        ], logarithmic: true).svg())
        page.table(header: ["latency", "p95"], rows: [["queue wait", "3.123 s"], ["time to publish", "15.57 min"]],
                   numericColumns: [1])
        page.heading("Compare")
        page.svg(ComparisonChart(title: "spot 80% vs base", rows: [
            .init(name: "compute cost", difference: -0.18, halfWidth: 0.02, detail: "-$250/day ± 28"),
            .init(name: "workers interrupted", difference: 0.92, halfWidth: 0.15, detail: "+41 ± 7 /day"),
            .init(name: "p95 time to publish", difference: 0.012, halfWidth: 0.03, detail: "+11 s ± 28"),
            .init(name: "stored per day", difference: 0, halfWidth: 0, detail: "0"),
        ]).svg())
        return page.render()
    }

    /// The vertices of every <polyline> in an SVG.
    private func polylines(in svg: String) -> [[(x: Double, y: Double)]] {
        svg.components(separatedBy: "<polyline points=\"").dropFirst().map { chunk in
            chunk.prefix { $0 != "\"" }.split(separator: " ").map { pair in
                let numbers = pair.split(separator: ",").map { Double($0)! }
                return (numbers[0], numbers[1])
            }
        }
    }
}

/// Every element opened is closed, in order (self-closing ones excepted; HTML's void <meta> is written <meta/>).
func XCTAssertBalanced(_ markup: String, file: StaticString = #filePath, line: UInt = #line) {
    var stack: [String] = []
    var rest = Substring(markup)
    while let open = rest.firstIndex(of: "<") {
        guard let close = rest[open...].firstIndex(of: ">") else { return XCTFail("unclosed <", file: file, line: line) }
        let tag = rest[rest.index(after: open)..<close]
        rest = rest[rest.index(after: close)...]
        if tag.hasPrefix("!") || tag.hasSuffix("/") { continue }
        if tag.hasPrefix("/") {
            let name = String(tag.dropFirst())
            guard stack.popLast() == name else { return XCTFail("</\(name)> closes nothing open", file: file, line: line) }
        } else {
            stack.append(String(tag.prefix { !$0.isWhitespace }))
        }
    }
    XCTAssertEqual(stack, [], "unclosed elements", file: file, line: line)
}
