import Foundation
import VidsimKernel
import VidsimUnits

/// sweep.html: for each figure, a chart of its mean (and 95% interval) against the varied field's values, then
/// the table.
///
/// In a grid, the x axis is the first field and each combination of the others is a line of its own; in
/// one-at-a-time mode, each field has its own chart. A field whose values are not all numbers (a unit is
/// allowed: "50 GB") is drawn at its values' positions, in the order written.
public enum SweepHTML: SweepFormat {
    public static let name = "html"
    public static let fileName = "sweep.html"

    public static func render(_ results: SweepResults) throws -> Data {
        var page = HTMLPage(title: "vidsim sweep: \(results.name)")
        page.paragraph(results.description)
        let axes: [(field: Int, points: [Int])]
        switch results.mode {
        case .grid: axes = [(0, Array(results.pointLabels.indices))]
        case .oneAtATime:
            axes = results.fields.indices.map { field in
                (field, results.pointLabels.indices.filter { results.pointLabels[$0][field] != "(scenario)" })
            }
        }
        for (index, figure) in results.figures.enumerated() {
            page.heading(figure.label)
            for axis in axes {
                let labels = axis.points.map { results.pointLabels[$0][axis.field] }
                var distinct: [String] = []
                for label in labels where !distinct.contains(label) { distinct.append(label) }
                // The values in one unit (50 GB and 1 TB alike in bytes), or their positions when they are not
                // all numbers of one kind.
                let positions = axisValues(distinct)
                let numeric = positions != nil
                // The line each point belongs to: the other fields' values (one line in one-at-a-time mode).
                var lines: [String: [Int]] = [:], order: [String] = []
                for point in axis.points {
                    let others = results.mode == .grid
                        ? results.fields.indices.filter { $0 != axis.field }.map { "\(results.fields[$0]) \(results.pointLabels[point][$0])" }.joined(separator: ", ")
                        : ""
                    if lines[others] == nil { order.append(others) }
                    lines[others, default: []].append(point)
                }
                func x(_ point: Int) -> Double {
                    let index = distinct.firstIndex(of: results.pointLabels[point][axis.field]) ?? 0
                    return positions?[index] ?? Double(index)
                }
                // Durations drawn in the unit that suits the largest (minutes, hours), so the ticks are round.
                let unit = figure.unit
                let largest = axis.points.map { abs(results.estimate(figure: index, point: $0).mean) }.filter(\.isFinite).max() ?? 0
                var isDuration = false
                if case .duration = unit.style { isDuration = true }
                let scale = isDuration ? ChartFormat.durationUnit(largest) : (seconds: 1.0, symbol: unit.symbol)
                // A figure that cannot be negative keeps its interval's low end at zero.
                let floor = axis.points.allSatisfy({ results.values[index][$0].allSatisfy { !($0 < 0) } }) ? 0.0 : -Double.infinity
                var series: [LineChart.Series] = []
                for name in order {
                    let points = lines[name]!
                    let estimates = points.map { results.estimate(figure: index, point: $0) }
                    func line(_ value: (Estimate) -> Double) -> [(x: Double, y: Double)] {
                        zip(points, estimates).map { (x($0), value($1) / scale.seconds) }
                    }
                    series.append(.init(name: name.isEmpty ? "mean" : name, points: line(\.mean)))
                    if order.count == 1, estimates.contains(where: { $0.halfWidth != nil }) {
                        series.append(.init(name: "95% interval, high", points: line { $0.mean + ($0.halfWidth ?? 0) }))
                        series.append(.init(name: "95% interval, low", points: line { max(floor, $0.mean - ($0.halfWidth ?? 0)) }))
                    }
                }
                let format: @Sendable (Double) -> String
                if isDuration { format = ChartFormat.compact } else { format = { unit.format($0) } }
                let xTitle = results.fields[axis.field] + (numeric ? "" : " (" + distinct.joined(separator: ", ") + ")")
                let chart = LineChart(title: "\(figure.label) against \(results.fields[axis.field])", xTitle: xTitle,
                                      yTitle: scale.symbol, series: series, xAxis: .number, includesZero: floor == 0,
                                      formatValue: format)
                page.svg(chart.svg())
            }
        }
        page.heading("Every point")
        page.table(header: results.fields + results.figures.map(\.label), rows: results.pointLabels.indices.map { point in
            results.pointLabels[point] + results.figures.indices.map { figure in
                let estimate = results.estimate(figure: figure, point: point)
                return results.figures[figure].unit.format(estimate.mean, halfWidth: estimate.halfWidth)
            }
        }, numericColumns: Set(results.fields.count..<(results.fields.count + results.figures.count)))
        return Data(page.render().utf8)
    }

    /// Distinct values as numbers on one axis: plain numbers, or quantities of one kind in its base unit
    /// ("100 GB", "1 TB" in bytes; "90 min/min", "2 hours/min" alike); nil when they are neither (the chart then
    /// places them in the order written).
    static func axisValues(_ labels: [String]) -> [Double]? {
        if let numbers = Optional(labels.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }), numbers.count == labels.count,
           numbers.allSatisfy(\.isFinite) {
            return numbers
        }
        func measured<M: Measure>(_ type: M.Type) -> [Double]? {
            let values = labels.compactMap { try? M(parsing: $0).baseValue }
            return values.count == labels.count ? values : nil
        }
        return measured(DataSize.self) ?? measured(BitRate.self) ?? measured(TimeSpan.self) ?? measured(ContentRate.self)
            ?? measured(EventRate.self) ?? measured(Money.self)
    }
}
