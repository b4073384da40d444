import Foundation
import VidsimCalibration
import VidsimUnits
import Yams

/// Loads a scenario file: resolves `extends:`, merges, decodes, validates, and turns every failure into one
/// `ScenarioError` that names the file, line, column and field.
///
/// `extends: base.yaml` (a path relative to the extending file) loads the base first; the extending file's
/// fields override the base's. Mappings merge key by key, at any depth; a list or a single value replaces the
/// base's whole. A chain of any length works; a cycle is an error.
public enum ScenarioLoader {
    /// Loads, checks and returns the scenario at `path`.
    ///
    /// Besides every field's own checks, the run's size is estimated (`RunSize`) and a run beyond its limits
    /// (events, memory, time-series samples) is refused at the field that drives it; `force` skips only that
    /// estimate's check, for someone who knows the machine can take it. `replications` and `seed` override the
    /// file's (the command line's `--replications` and `--seed`) before the checks, so the estimate sees them.
    ///
    /// `overrides` set fields as if the scenario had written them (a sweep's point); a mistake in one is reported at
    /// the line of the file that gave it.
    public static func load(path: String, force: Bool = false, replications: Int? = nil, seed: UInt64? = nil,
                            overrides: [FieldOverride] = []) throws(ScenarioError) -> Scenario {
        var documents: [SourceDocument] = []
        var merged = try resolve(path: path, displayPath: path, chain: [], documents: &documents)
        for override in overrides {
            switch override.apply(to: merged) {
            case let .success(tree): merged = tree
            case let .failure(error):
                let mark = override.value.mark
                throw ScenarioError(file: override.file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                                    fieldPath: override.path, message: error.description)
            }
        }
        // Most recent first, ahead of the scenario's files: the file a relative path in an override is read from.
        documents.insert(contentsOf: overrides.reversed().map { $0.document() }, at: 0)
        let ladderFile = try readLadderFile(&merged, documents: &documents)
        do {
            var scenario = try YAMLDecoder().decode(Scenario.self, from: merged)
            if ladderFile != nil && !scenario.ladder.byClass {
                try BitrateLadder.checkOrder(scenario.ladder.rungs, at: [AnyKey("ladder"), AnyKey("rungs")])
            }
            if let replications { scenario.run.replications = replications }
            if let seed { scenario.seed = seed }
            let calibration = try readCalibration(scenario.transcode.calibrationPath, field: [AnyKey("transcode"), AnyKey("calibration")],
                                                  documents: documents)
            scenario.calibrationFile = calibration?.path
            try scenario.validate(calibration: calibration?.calibration)
            if var work = scenario.work {
                let own = try readCalibration(work.calibrationPath, field: [AnyKey("work"), AnyKey("calibration")], documents: documents)
                try work.resolveServices(calibration: (own ?? calibration)?.calibration, file: (own ?? calibration)?.path)
                scenario.work = work
                scenario.workCalibrationFile = own?.path
            }
            try readTraces(&scenario, documents: documents)
            try scenario.checkLimits()
            if !force { try RunSize(scenario: scenario).check(scenario) }
            scenario.sourceFiles = documents.filter { $0.prefix.isEmpty && !$0.isOverride }.map(\.path)
            scenario.ladderFile = ladderFile
            return scenario
        } catch let error as ScenarioError {
            throw error
        } catch let error as FieldError {
            throw locate(error.codingPath, message: error.message, atKey: error.atKey, in: documents)
        } catch let error as DecodingError {
            let (codingPath, message) = describe(error, in: merged)
            throw locate(codingPath, message: message, atKey: false, in: documents)
        } catch {
            throw ScenarioError(file: path, line: 1, column: 1, fieldPath: "", message: "\(error)")
        }
    }

    /// The ladder of a ladder file (a mapping with `rungs:` or `classes:` at the top), or of a scenario.
    public static func loadLadderOrScenario(path: String) throws(ScenarioError) -> BitrateLadder {
        let document = try SourceDocument.read(path: path, displayPath: path, kind: "a ladder file or a scenario",
                                               fields: "rungs: or classes:, or a scenario's name:, run:, ...")
        let keys = document.root.mapping?.compactMap(\.key.string) ?? []
        guard keys.contains("rungs") || keys.contains("classes") else { return try load(path: path, force: true).ladder }
        do {
            let ladder = try YAMLDecoder().decode(BitrateLadder.self, from: document.root)
            if !ladder.byClass { try BitrateLadder.checkOrder(ladder.rungs, at: [AnyKey("rungs")]) }
            return ladder
        } catch let error as FieldError {
            throw locate(error.codingPath, message: error.message, atKey: error.atKey, in: [document])
        } catch let error as DecodingError {
            let (codingPath, message) = describe(error, in: document.root)
            throw locate(codingPath, message: message, atKey: false, in: [document])
        } catch {
            throw ScenarioError(file: path, line: 1, column: 1, fieldPath: "", message: "\(error)")
        }
    }

    /// `ladder: FILE` (a path relative to the file that says it): the ladder file's mapping takes the ladder's
    /// place, and its document joins `documents` so that a mistake in it is located in it. Returns its path.
    private static func readLadderFile(_ merged: inout Node, documents: inout [SourceDocument]) throws(ScenarioError) -> String? {
        guard let mapping = merged.mapping, let value = mapping.first(where: { $0.key.string == "ladder" })?.value else { return nil }
        guard let scalar = value.scalar else {
            // A mapping merged over a base's ladder file replaced the file: say so rather than "missing rungs".
            let keys = value.mapping?.compactMap(\.key.string) ?? []
            if !keys.contains("rungs") && !keys.contains("classes"),
               let base = documents.first(where: { $0.root.mapping?.first(where: { $0.key.string == "ladder" })?.value.scalar != nil }),
               let named = base.root.mapping?.first(where: { $0.key.string == "ladder" })?.value.scalar?.string {
                throw locate([AnyKey("ladder")], message: "the ladder comes from the ladder file '\(quoted(named))' that \(base.path) names; a "
                                + "scenario extending it cannot change one field of it: name another ladder file, or write the whole ladder here",
                             atKey: false, in: documents)
            }
            return nil
        }
        let written = scalar.string
        let field: [CodingKey] = [AnyKey("ladder")]
        let origin = documents.first { $0.locate(field, atKey: false).depth == field.count } ?? documents.first(where: { !$0.isOverride }) ?? documents[0]
        guard !written.isEmpty, !["~", "null", "Null", "NULL"].contains(written) || scalar.style != .plain else {
            throw locate(field, message: "expected a ladder (rungs: or classes:) or the path of a ladder file, found nothing",
                         atKey: false, in: documents)
        }
        let directory = (origin.path as NSString).deletingLastPathComponent
        let path = written.hasPrefix("/") || directory.isEmpty ? written : (directory as NSString).appendingPathComponent(written)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw locate(field, message: "cannot read the ladder file '\(quoted(written))': "
                            + (isDirectory.boolValue ? "it is a directory" : "no such file") + (path == written ? "" : " (looked for \(quoted(path, limit: 200)))"),
                         atKey: false, in: documents)
        }
        var document = try SourceDocument.read(path: path, displayPath: path, kind: "a ladder file", fields: "rungs: or classes:, ...")
        let keys = document.root.mapping?.compactMap(\.key.string) ?? []
        if !keys.contains("rungs") && !keys.contains("classes") && (keys.contains("run") || keys.contains("uploads") || keys.contains("extends")) {
            throw locate(field, message: "'\(quoted(written))' is a scenario, not a ladder file: expected a file with rungs: or classes: "
                            + "(as vidsim ladder --write makes), found a scenario's fields", atKey: false, in: documents)
        }
        document.prefix = ["ladder"]
        documents.append(document)
        let pairs = mapping.map { pair in (pair.key, pair.key.string == "ladder" ? document.root : pair.value) }
        merged = .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        return path
    }

    /// Reads the bandwidth traces the players' links name, relative to the file that names them.
    private static func readTraces(_ scenario: inout Scenario, documents: [SourceDocument]) throws(ScenarioError) {
        guard var players = scenario.delivery?.players else { return }
        // The players' link, then each device's own (by its index).
        var links: [(device: Int?, field: [CodingKey])] = [(nil, [AnyKey("delivery"), AnyKey("players"), AnyKey("bandwidth")])]
        for (index, device) in players.devices.enumerated() where device.bandwidth != nil {
            links.append((index, [AnyKey("delivery"), AnyKey("players"), AnyKey("devices"), AnyKey(intValue: index)!, AnyKey("bandwidth")]))
        }
        for link in links {
            let files = link.field + [AnyKey("files")]
            let origin = documents.first { $0.locate(files, atKey: false).depth == files.count } ?? documents.first(where: { !$0.isOverride }) ?? documents[0]
            let directory = (origin.path as NSString).deletingLastPathComponent
            do {
                if let device = link.device {
                    try players.devices[device].bandwidth?.process.load(relativeTo: directory)
                } else {
                    try players.bandwidth.process.load(relativeTo: directory)
                }
            } catch {
                throw locate(files, message: error.description, atKey: false, in: documents)
            }
            // The link's mean rate, as scaled, must carry something: below 1 Kbps no segment would ever arrive.
            let loaded = link.device.flatMap { players.devices[$0].bandwidth } ?? players.bandwidth
            let mean = loaded.process.meanBitsPerSecond * loaded.scale
            guard mean >= 1_000 else {
                throw locate(link.field + [AnyKey("scale")],
                             message: "the link's mean rate times scale is \(BitRate(bitsPerSecond: mean)): expected at least 1 Kbps",
                             atKey: false, in: documents)
            }
        }
        scenario.delivery?.players = players
        scenario.traceFiles = ([players.bandwidth] + players.devices.compactMap(\.bandwidth)).flatMap { $0.process.filesRead }
    }

    /// Reads the calibration file a scenario names at `field`, relative to the file that names it.
    private static func readCalibration(_ written: String?, field: [CodingKey], documents: [SourceDocument]) throws(ScenarioError)
        -> (calibration: Calibration, path: String)? {
        guard let written else { return nil }
        let origin = documents.first { $0.locate(field, atKey: false).depth == field.count } ?? documents.first(where: { !$0.isOverride }) ?? documents[0]
        let directory = (origin.path as NSString).deletingLastPathComponent
        let path = written.hasPrefix("/") || directory.isEmpty ? written : (directory as NSString).appendingPathComponent(written)
        do {
            return (try Calibration.read(path: path), path)
        } catch {
            // A file that cannot be read is said as such; a file read but wrong is named with the field in it.
            let message = error.field != nil ? error.description
                : error.reason + (path == written ? "" : " (looked for \(path))")
            throw locate(field, message: message, atKey: false, in: documents)
        }
    }

    /// Reads `path` and whatever it extends, most derived first in `documents`; returns the merged tree.
    private static func resolve(
        path: String, displayPath: String, chain: [String], documents: inout [SourceDocument]
    ) throws(ScenarioError) -> Node {
        let document = try SourceDocument.read(path: path, displayPath: displayPath)
        documents.append(document)
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard var mapping = document.root.mapping else { return document.root }
        guard let extendsPair = mapping.first(where: { $0.key.string == "extends" }) else { return document.root }

        let mark = extendsPair.value.mark ?? extendsPair.key.mark
        func error(_ message: String) -> ScenarioError {
            ScenarioError(file: displayPath, line: mark?.line ?? 1, column: mark?.column ?? 1,
                          fieldPath: "extends", message: message)
        }
        guard let target = extendsPair.value.string, !target.isEmpty else {
            throw error("expected the path of the scenario file this one extends")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let basePath = target.hasPrefix("/") ? target : directory.appendingPathComponent(target).path
        let baseCanonical = URL(fileURLWithPath: basePath).standardizedFileURL.resolvingSymlinksInPath().path
        let visited = chain + [canonical]
        if let start = visited.firstIndex(of: baseCanonical) {
            let cycle = (visited[start...] + [baseCanonical]).map { URL(fileURLWithPath: $0).lastPathComponent }
            throw error("circular extends: \(cycle.joined(separator: " -> "))")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: basePath, isDirectory: &isDirectory) else {
            throw error("cannot extend '\(quoted(target))': no such file (looked for \(quoted(basePath, limit: 200)))")
        }
        guard !isDirectory.boolValue else {
            throw error("cannot extend '\(quoted(target))': it is a directory; expected a scenario file (YAML)")
        }
        let displayBase = target.hasPrefix("/") ? target
            : (displayPath as NSString).deletingLastPathComponent.isEmpty ? target
            : ((displayPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        let base = try resolve(path: basePath, displayPath: displayBase, chain: visited, documents: &documents)
        mapping = Node.Mapping(mapping.filter { $0.key.string != "extends" }, mapping.tag, mapping.style, mapping.mark)
        return merge(base: base, override: .mapping(mapping))
    }

    /// Deep merge: mappings key by key, anything else replaced by the override.
    static func merge(base: Node, override: Node) -> Node {
        guard let baseMapping = base.mapping, let overrideMapping = override.mapping else { return override }
        var pairs: [(Node, Node)] = []
        for (key, value) in baseMapping {
            if let replacement = overrideMapping.first(where: { $0.key == key }) {
                pairs.append((replacement.key, merge(base: value, override: replacement.value)))
            } else {
                pairs.append((key, value))
            }
        }
        for (key, value) in overrideMapping where !baseMapping.contains(where: { $0.key == key }) {
            pairs.append((key, value))
        }
        return .mapping(Node.Mapping(pairs, overrideMapping.tag, overrideMapping.style, overrideMapping.mark))
    }

    /// Finds the file that gave the field at `codingPath`: the most derived file holding the whole path, or
    /// failing that the one holding the longest part of it.
    static func locate(
        _ codingPath: [CodingKey], message: String, atKey: Bool, in documents: [SourceDocument]
    ) -> ScenarioError {
        var best: (document: SourceDocument, depth: Int, mark: Mark?)?
        // A field set by an override (a sweep's point) is the override's, whatever the files say.
        for document in documents where document.isOverride {
            let found = document.locate(codingPath, atKey: atKey)
            if found.depth == codingPath.count {
                return ScenarioError(file: document.path, line: found.mark?.line ?? 1, column: found.mark?.column ?? 1,
                                     fieldPath: fieldPath(codingPath), message: shortenQuotes(message))
            }
        }
        // A ladder file first: it holds the whole ladder, whatever the scenario files say of `ladder:`.
        for document in documents.filter({ !$0.prefix.isEmpty }) + documents.filter({ $0.prefix.isEmpty && !$0.isOverride }) {
            let found = document.locate(codingPath, atKey: atKey)
            if found.depth > (best?.depth ?? -1) { best = (document, found.depth, found.mark) }
            if found.depth == codingPath.count { break }
        }
        return ScenarioError(
            file: best?.document.path ?? "?", line: best?.mark?.line ?? 1, column: best?.mark?.column ?? 1,
            fieldPath: fieldPath(codingPath), message: shortenQuotes(message))
    }

    /// Cuts every quoted value in a message to about 60 characters: a safety net for messages made by other
    /// layers (a codec's preset check, a policy's parameters) that echo what the scenario wrote.
    static func shortenQuotes(_ message: String) -> String {
        guard message.count > 200, let expression = try? NSRegularExpression(pattern: "'([^']{61,})'") else { return message }
        var result = message
        for match in expression.matches(in: message, range: NSRange(message.startIndex..., in: message)).reversed() {
            guard let whole = Range(match.range, in: result), let inner = Range(match.range(at: 1), in: result) else { continue }
            result.replaceSubrange(whole, with: "'" + quoted(String(result[inner])) + "'")
        }
        return result
    }

    /// A decoding error as an author would want it said: what was expected, and what was found instead.
    private static func describe(_ error: DecodingError, in merged: Node) -> ([CodingKey], String) {
        switch error {
        case let .keyNotFound(key, context):
            return (context.codingPath + [key], "missing required field '\(quoted(key.stringValue))'")
        case let .typeMismatch(type, context):
            return (context.codingPath, "expected \(friendlyName(type, field: context.codingPath.last)), found \(found(at: context.codingPath, in: merged))")
        case let .valueNotFound(type, context):
            return (context.codingPath, "expected \(friendlyName(type, field: context.codingPath.last)), found nothing")
        case let .dataCorrupted(context):
            return (context.codingPath, dataCorruptedMessage(context, in: merged))
        @unknown default:
            return ([], "\(error)")
        }
    }

    /// Yams says a scalar it cannot convert is "corrupted"; an author wants to hear what was expected.
    private static func dataCorruptedMessage(_ context: DecodingError.Context, in merged: Node) -> String {
        let text = context.debugDescription
        // Swift's message for an unknown enum value: "Cannot initialize Arrivals from invalid String value poison".
        if text.hasPrefix("Cannot initialize "), let typeName = text.dropFirst(18).split(separator: " ").first,
           let names = choiceNames[String(typeName)] {
            let value = found(at: context.codingPath, in: merged)
            var message = "expected one of \(names.joined(separator: ", ")), found \(value)"
            if let close = Spelling.closest(to: value.trimmingCharacters(in: CharacterSet(charactersIn: "'")), among: names) {
                message += " (did you mean '\(close)'?)"
            }
            return message
        }
        guard text.hasPrefix("Expected to decode") || text.contains("but found") else { return text }
        let expected: String
        switch true {
        case text.contains("Int") || text.contains("UInt"): expected = "a whole number"
        case text.contains("Double") || text.contains("Float"): expected = "a number"
        case text.contains("Bool"): expected = "true or false"
        default: expected = "a value of another kind"
        }
        return "expected \(expected), found \(found(at: context.codingPath, in: merged))"
    }

    /// What the node at `codingPath` is, for "found ...": a value (quoted and cut short), a list, a mapping.
    static func found(at codingPath: [CodingKey], in root: Node) -> String {
        var node = root
        for key in codingPath {
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
            } else if let mapping = node.mapping, let value = mapping.first(where: { $0.key.string == key.stringValue })?.value {
                node = value
            } else {
                return "something else"
            }
        }
        return describeNode(node)
    }

    static func describeNode(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar):
            if scalar.string.isEmpty || scalar.tag.description.hasSuffix("null") || scalar.string == "~" || scalar.string == "null" {
                return scalar.string.isEmpty ? "nothing" : "'\(scalar.string)' (nothing)"
            }
            return "'\(quoted(scalar.string))'"
        case let .sequence(sequence): return "a list of \(sequence.count) item\(sequence.count == 1 ? "" : "s")"
        case .mapping: return "a mapping of fields"
        case .alias: return "an alias"
        }
    }

    /// The names each choice field takes, by the Swift type's name, for messages.
    private static let choiceNames: [String: [String]] = [
        "Arrivals": UploadSettings.Arrivals.allCases.map(\.rawValue),
        "Model": UploadTransfer.Model.allCases.map(\.rawValue),
        "Kind": TranscodeSettings.Worker.Kind.allCases.map(\.rawValue),
        "PoolKind": WorkSettings.Pool.PoolKind.allCases.map(\.rawValue),
        "DatabaseKind": DatabaseSettings.DatabaseKind.allCases.map(\.rawValue),
        "Priority": TranscodeSettings.Priority.allCases.map(\.rawValue),
        "DailyFigures": RunSettings.DailyFigures.allCases.map(\.rawValue),
        "QualityMetric": BitrateLadder.QualityMetric.allCases.map(\.rawValue),
    ]

    /// The choice fields, by their name in a scenario.
    private static let choiceFields: [String: String] = [
        "arrivals": "Arrivals", "model": "Model", "kind": "Kind", "priority": "Priority", "daily_figures": "DailyFigures",
        "quality_metric": "QualityMetric",
    ]

    /// What a single-value field holds, by its name, for fields whose type Yams does not say.
    private static let scalarFields: [String: String] = {
        var table: [String: String] = [:]
        for name in ["name", "description", "calibration", "policy", "codec", "preset", "extends"] { table[name] = "text" }
        for name in ["workers", "replications", "seed", "months", "min", "max", "height", "width", "replicas", "data", "parity"] {
            table[name] = "a whole number"
        }
        for name in ["weight", "factor", "fraction", "discount", "multiplier", "vcpus", "speed", "parallel_efficiency",
                     "chunk_failure_probability", "monthly_growth", "writes_per_upload", "reads_per_view",
                     "target_utilisation", "peak_to_mean", "peak_hour", "crf", "shape", "sigma"] {
            table[name] = "a number"
        }
        return table
    }()

    /// What a decoder expected, in an author's words. Yams names its node kinds (Scalar, Mapping, Sequence).
    private static func friendlyName(_ type: Any.Type, field: CodingKey?) -> String {
        if let names = choiceNames["\(type)"] { return "one of \(names.joined(separator: ", "))" }
        switch "\(type)" {
        case "Scalar":
            if let field, let choice = choiceFields[field.stringValue], let names = choiceNames[choice] {
                return "one of \(names.joined(separator: ", "))"
            }
            if let field, let expected = scalarFields[field.stringValue] { return expected }
            return "a single value (text, a number or a quantity with its unit)"
        case "Mapping": return "a mapping of fields"
        case "Sequence": return "a list"
        default: break
        }
        switch type {
        case is String.Type: return "text"
        case is Int.Type, is UInt64.Type, is UInt32.Type, is Int32.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") || name.contains("Mapping") { return "a mapping of fields" }
            if name.hasPrefix("Optional") { return "a value" }
            return "a mapping of fields"
        }
    }
}
