import Foundation
import VidsimUnits
import Yams

/// A sweep file: a scenario, the fields to vary and their values, how to combine them, and the figures to
/// report. `vidsim sweep` runs every point with the scenario's seed (common random numbers: replication i of
/// every point sees the same random uploads wherever the points agree).
///
///     scenario: ../starter.yaml
///     vary:
///       - { field: transcode.workers, from: 240, to: 400, step: 20 }
///       - { field: uploads.rate, values: [1.5 hours/min, 2 hours/min] }
///     mode: grid                  # or one_at_a_time
///     figures: [transcode.time_to_publish.p95, transcode.utilisation]
public struct SweepDefinition {
    public enum Mode: String, CaseIterable, Sendable {
        /// Every combination of the fields' values.
        case grid
        /// Each field's values in turn, the other fields as the scenario has them.
        case oneAtATime = "one_at_a_time"
    }

    /// One field varied: its path and its values, as YAML nodes (with their marks) and as written.
    public struct Field {
        public let path: String
        public let steps: [FieldOverride.Step]
        public let values: [Node]
        public let labels: [String]
    }

    /// One point of the sweep: for each field, the index of its value, or nil where the scenario's own stands.
    public struct Point: Sendable, Equatable {
        public let values: [Int?]
    }

    public let file: String
    public let name: String
    /// The scenario's path, relative to the working directory (as the sweep file names it, from its folder).
    public let scenarioPath: String
    public let fields: [Field]
    public let mode: Mode
    /// The figures to report, with where each is written (for messages); nil: the default set.
    public let figures: [(key: String, mark: Mark?)]?
    public let replications: Int?
    public let points: [Point]
    /// Where `vary:` is written, for messages about the sweep's size.
    public let varyMark: Mark?
    /// The file's text, for a digest that tells partial results of another sweep apart.
    public let text: String

    /// The most points a sweep may have.
    public static let maximumPoints = 10_000
    static let maximumFields = 8
    static let keys = ["name", "scenario", "vary", "mode", "figures", "replications"]
    static let fieldKeys = ["field", "values", "from", "to", "step", "unit"]

    /// The overrides that make `point`'s scenario.
    public func overrides(for point: Point) -> [FieldOverride] {
        zip(fields, point.values).compactMap { field, value in
            value.map { FieldOverride(steps: field.steps, value: field.values[$0], file: file) }
        }
    }

    /// Each field's value at `point` as written, or "(scenario)" where the scenario's own stands.
    public func labels(of point: Point) -> [String] {
        zip(fields, point.values).map { field, value in value.map { field.labels[$0] } ?? "(scenario)" }
    }

    /// Reads and checks a sweep file; a mistake is reported at its line and field.
    public static func read(path: String) throws(ScenarioError) -> SweepDefinition {
        let document = try SourceDocument.read(path: path, displayPath: path, kind: "a sweep file",
                                               fields: "scenario:, vary:, ...")
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let root = document.root.mapping!
        func fail(_ node: Node?, _ field: String, _ message: String) -> ScenarioError {
            ScenarioError(file: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, fieldPath: field, message: message)
        }
        for (key, _) in root where !keys.contains(key.string ?? "") {
            throw fail(key, key.string ?? "", "unknown field '\(quoted(key.string ?? ""))' in a sweep file" + suggestion(key.string ?? "", keys))
        }
        guard let scenarioNode = root["scenario"] else {
            throw fail(document.root, "scenario", "missing required field 'scenario': the scenario file to sweep, relative to this file")
        }
        guard let written = scenarioNode.scalar?.string, !written.isEmpty else {
            throw fail(scenarioNode, "scenario", "expected the path of a scenario file, found \(describe(scenarioNode))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let scenarioPath = written.hasPrefix("/") || directory.isEmpty ? written : (directory as NSString).appendingPathComponent(written)

        let name: String
        if let node = root["name"] {
            guard let value = node.scalar?.string, !value.isEmpty, value.count <= 100, !value.contains("/"), value != ".", value != ".." else {
                throw fail(node, "name", "expected a name of 1 to 100 characters that can name a folder, found \(describe(node))")
            }
            name = value
        } else {
            name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        }

        let mode: Mode
        if let node = root["mode"] {
            guard let value = node.scalar?.string, let parsed = Mode(rawValue: value) else {
                throw fail(node, "mode", "expected one of \(Mode.allCases.map(\.rawValue).joined(separator: ", ")), found \(describe(node))")
            }
            mode = parsed
        } else {
            mode = .grid
        }

        var replications: Int?
        if let node = root["replications"] {
            guard let value = node.scalar.flatMap({ Int($0.string) }), (1...10_000).contains(value) else {
                throw fail(node, "replications", "expected a whole number of replications from 1 to 10000, found \(describe(node))")
            }
            replications = value
        }

        var figures: [(key: String, mark: Mark?)]?
        if let node = root["figures"] {
            guard let items = node.sequence, !items.isEmpty else {
                throw fail(node, "figures", "expected a list of figure keys (vidsim figures lists them), found \(describe(node))")
            }
            figures = try items.enumerated().map { index, item throws(ScenarioError) in
                guard let key = item.scalar?.string, !key.isEmpty else {
                    throw fail(item, "figures[\(index)]", "expected a figure key such as transcode.time_to_publish.p95, found \(describe(item))")
                }
                return (key, item.mark)
            }
        }

        guard let varyNode = root["vary"] else {
            throw fail(document.root, "vary", "missing required field 'vary': a list of fields, each with its values")
        }
        guard let items = varyNode.sequence, !items.isEmpty else {
            throw fail(varyNode, "vary", "expected a list of fields to vary ({ field: transcode.workers, values: [300, 340] }), found \(describe(varyNode))")
        }
        guard items.count <= maximumFields else {
            throw fail(varyNode, "vary", "expected at most \(maximumFields) fields to vary, found \(items.count)")
        }
        var fields: [Field] = []
        for (index, item) in items.enumerated() {
            fields.append(try readField(item, at: "vary[\(index)]", fail: fail))
            if let earlier = fields.dropLast().first(where: { $0.path == fields.last!.path }) {
                throw fail(item, "vary[\(index)].field", "the field \(earlier.path) is varied twice")
            }
        }

        let points: [Point]
        switch mode {
        case .grid:
            let count = fields.reduce(1.0) { $0 * Double($1.values.count) }
            guard count <= Double(maximumPoints) else {
                throw fail(varyNode, "vary", "the grid has \(shown(count)) points (the product of the fields' value counts): expected at most "
                    + "\(maximumPoints); vary fewer values, or use mode: one_at_a_time")
            }
            // The first field varies slowest: the points read in the order of the file.
            var combinations: [[Int?]] = [[]]
            for field in fields {
                combinations = combinations.flatMap { prefix in field.values.indices.map { prefix + [$0] } }
            }
            points = combinations.map(Point.init)
        case .oneAtATime:
            var list: [Point] = []
            for (index, field) in fields.enumerated() {
                for value in field.values.indices {
                    var values = [Int?](repeating: nil, count: fields.count)
                    values[index] = value
                    list.append(Point(values: values))
                }
            }
            guard list.count <= maximumPoints else {
                throw fail(varyNode, "vary", "the sweep has \(list.count) points: expected at most \(maximumPoints)")
            }
            points = list
        }
        return SweepDefinition(file: path, name: name, scenarioPath: scenarioPath, fields: fields, mode: mode, figures: figures,
                               replications: replications, points: points, varyMark: varyNode.mark, text: text)
    }

    private static func readField(_ item: Node, at field: String,
                                  fail: (Node?, String, String) -> ScenarioError) throws(ScenarioError) -> Field {
        guard let mapping = item.mapping else {
            throw fail(item, field, "expected a field and its values ({ field: transcode.workers, values: [300, 340] }), found \(describe(item))")
        }
        for (key, _) in mapping where !fieldKeys.contains(key.string ?? "") {
            throw fail(key, field + "." + (key.string ?? ""), "unknown field '\(quoted(key.string ?? ""))' of a varied field"
                + suggestion(key.string ?? "", fieldKeys))
        }
        guard let pathNode = mapping["field"], let pathText = pathNode.scalar?.string else {
            throw fail(mapping["field"] ?? item, field + ".field", "expected the scenario field to vary, such as transcode.workers")
        }
        let steps: [FieldOverride.Step]
        switch FieldOverride.parse(pathText) {
        case let .success(parsed): steps = parsed
        case let .failure(error): throw fail(pathNode, field + ".field", error.description)
        }
        // Whole sections holding them included (`run` holds run.replications).
        for fixed in ["extends", "name", "seed", "run.replications"] where fixed == pathText || fixed.hasPrefix(pathText + ".") {
            throw fail(pathNode, field + ".field", "\(pathText) cannot be varied: "
                + (["extends", "name"].contains(fixed) ? "a sweep's points share the scenario's name and files"
                    : "every point runs the same replications with the same seed (common random numbers); set them with replications: in the "
                        + "sweep file, or --replications and --seed")
                + (fixed == pathText ? "" : " (\(pathText) holds \(fixed); vary the fields beside it one by one)"))
        }

        var values: [Node] = []
        if let list = mapping["values"] {
            guard mapping["from"] == nil, mapping["to"] == nil, mapping["step"] == nil else {
                throw fail(list, field + ".values", "expected either values: or from:, to: and step:, found both")
            }
            guard let items = list.sequence, !items.isEmpty else {
                throw fail(list, field + ".values", "expected a list of values, found \(describe(list))")
            }
            values = Array(items)
        } else {
            func number(_ key: String) throws(ScenarioError) -> Double {
                guard let node = mapping[key] else {
                    throw fail(item, field + "." + key, "expected values: [...] or a range with from:, to: and step:; missing '\(key)'")
                }
                guard let value = node.scalar.flatMap({ Double($0.string) }), value.isFinite, abs(value) <= 1e15 else {
                    throw fail(node, field + "." + key, "expected a number (the unit goes in unit:), found \(describe(node))")
                }
                return value
            }
            let from = try number("from"), to = try number("to"), step = try number("step")
            guard step > 0 else { throw fail(mapping["step"], field + ".step", "expected a step above 0, found \(describe(mapping["step"]!))") }
            guard to >= from else { throw fail(mapping["to"], field + ".to", "expected to: at least from: (\(shown(from))), found \(shown(to))") }
            // Counted as a Double first: a tiny step over a huge range is no Int.
            let span = ((to - from) / step + 1e-9).rounded(.down) + 1
            guard span.isFinite, span <= Double(maximumPoints) else {
                throw fail(mapping["step"], field + ".step", "the range from \(shown(from)) to \(shown(to)) in steps of \(shown(step)) has "
                    + (span.isFinite ? "\(shown(span)) values" : "too many values") + ": expected at most \(maximumPoints)")
            }
            let count = Int(span)
            var unit = ""
            if let node = mapping["unit"] {
                guard let text = node.scalar?.string, !text.isEmpty, text.count <= 30 else {
                    throw fail(node, field + ".unit", "expected a unit such as GB or hours/min, found \(describe(node))")
                }
                unit = " " + text
            }
            let mark = mapping["from"]?.mark
            values = (0..<count).map { index in
                Node(shown(from + Double(index) * step) + unit, .implicit, .plain).withMark(mark)
            }
        }
        let labels = values.map(label)
        if let repeated = labels.indices.first(where: { labels[..<$0].contains(labels[$0]) }) {
            throw fail(values[repeated], field + ".values", "the value \(labels[repeated]) is given twice")
        }
        return Field(path: pathText, steps: steps, values: values, labels: labels)
    }

    /// A number as people write it: 300, not 300.0; 0.1, not 0.10000000000000001.
    public static func shown(_ value: Double) -> String {
        let rounded = (value * 1e9).rounded() / 1e9
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        if abs(value) >= 1e-4 && abs(value) < 1e15 { return "\(rounded)" }
        return String(format: "%.6g", value)
    }

    /// A value as written: the scalar's text, or a compact one-line YAML for a list or mapping.
    static func label(_ node: Node) -> String {
        if let scalar = node.scalar { return scalar.string }
        if let sequence = node.sequence { return "[" + sequence.map(label).joined(separator: ", ") + "]" }
        if let mapping = node.mapping { return "{ " + mapping.map { label($0.key) + ": " + label($0.value) }.joined(separator: ", ") + " }" }
        return ""
    }

    static func describe(_ node: Node) -> String {
        if let scalar = node.scalar { return scalar.string.isEmpty ? "nothing" : "'\(quoted(scalar.string))'" }
        return node.sequence != nil ? "a list" : "a mapping"
    }

    static func suggestion(_ key: String, _ known: [String]) -> String {
        "; expected one of " + known.joined(separator: ", ")
    }
}

private extension Node {
    func withMark(_ mark: Mark?) -> Node {
        guard case var .scalar(scalar) = self else { return self }
        scalar.mark = mark
        return .scalar(scalar)
    }
}
