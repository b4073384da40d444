import Foundation
import VidsimCalibration
import Yams

/// Loads a scenario file: resolves `extends:`, merges, decodes, validates, and turns every failure into one
/// `ScenarioError` that names the file, line, column and field.
///
/// `extends: base.yaml` (a path relative to the extending file) loads the base first; the extending file's
/// fields override the base's. Mappings merge key by key, at any depth; a list or a single value replaces the
/// base's whole. A chain of any length works; a cycle is an error.
public enum ScenarioLoader {
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        var documents: [SourceDocument] = []
        let merged = try resolve(path: path, displayPath: path, chain: [], documents: &documents)
        do {
            var scenario = try YAMLDecoder().decode(Scenario.self, from: merged)
            try scenario.validate(calibration: try readCalibration(scenario.transcode.calibrationPath, documents: documents))
            scenario.sourceFiles = documents.map(\.path)
            return scenario
        } catch let error as ScenarioError {
            throw error
        } catch let error as FieldError {
            throw locate(error.codingPath, message: error.message, atKey: error.atKey, in: documents)
        } catch let error as DecodingError {
            let (codingPath, message) = describe(error)
            throw locate(codingPath, message: message, atKey: false, in: documents)
        } catch {
            throw ScenarioError(file: path, line: 1, column: 1, fieldPath: "", message: "\(error)")
        }
    }

    /// Reads the calibration file a scenario names, relative to the file that names it.
    private static func readCalibration(_ written: String?, documents: [SourceDocument]) throws(ScenarioError) -> Calibration? {
        guard let written else { return nil }
        let field: [CodingKey] = [AnyKey("transcode"), AnyKey("calibration")]
        let origin = documents.first { $0.locate(field, atKey: false).depth == field.count } ?? documents[0]
        let directory = (origin.path as NSString).deletingLastPathComponent
        let path = written.hasPrefix("/") || directory.isEmpty ? written : (directory as NSString).appendingPathComponent(written)
        do {
            return try Calibration.read(path: path)
        } catch {
            throw locate(field, message: error.reason + (path == written ? "" : " (looked for \(path))"), atKey: false, in: documents)
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
        guard FileManager.default.fileExists(atPath: basePath) else {
            throw error("cannot extend '\(target)': no such file (looked for \(basePath))")
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
        for document in documents {
            let found = document.locate(codingPath, atKey: atKey)
            if found.depth > (best?.depth ?? -1) { best = (document, found.depth, found.mark) }
            if found.depth == codingPath.count { break }
        }
        return ScenarioError(
            file: best?.document.path ?? "?", line: best?.mark?.line ?? 1, column: best?.mark?.column ?? 1,
            fieldPath: fieldPath(codingPath), message: message)
    }

    /// A decoding error as an author would want it said.
    private static func describe(_ error: DecodingError) -> ([CodingKey], String) {
        switch error {
        case let .keyNotFound(key, context):
            return (context.codingPath + [key], "missing required field '\(key.stringValue)'")
        case let .typeMismatch(type, context):
            return (context.codingPath, "expected \(friendlyName(type)) here")
        case let .valueNotFound(type, context):
            return (context.codingPath, "expected \(friendlyName(type)), found nothing")
        case let .dataCorrupted(context):
            return (context.codingPath, context.debugDescription)
        @unknown default:
            return ([], "\(error)")
        }
    }

    private static func friendlyName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type, is UInt64.Type, is UInt32.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") || name.contains("Mapping") { return "a mapping of fields" }
            return "a mapping of fields"
        }
    }
}
