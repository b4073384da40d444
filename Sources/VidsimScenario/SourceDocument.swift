import Foundation
import Yams

/// One YAML file as parsed: its path for messages, and its node tree with line and column marks.
struct SourceDocument {
    let path: String
    let root: Node
    /// Where the file's root sits in the scenario: empty for a scenario file, ["ladder"] for a ladder file.
    var prefix: [String] = []
    /// Whether this holds a field set from outside the scenario's files (`FieldOverride`), not a file of it.
    var isOverride = false

    /// Reads and parses a file; syntax errors become `ScenarioError`s at the offending line.
    static func read(path: String, displayPath: String, kind: String = "a scenario",
                     fields: String = "name:, run:, ...") throws(ScenarioError) -> SourceDocument {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(file: displayPath, line: 1, column: 1, fieldPath: "",
                                message: "cannot read the file: \(Self.reason(error))")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: displayPath)
        } catch {
            throw ScenarioError(file: displayPath, line: 1, column: 1, fieldPath: "", message: "\(error)")
        }
        guard let node, node.mapping != nil else {
            throw ScenarioError(file: displayPath, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1,
                                fieldPath: "", message: "\(kind) must be a mapping of fields (\(fields))")
        }
        return SourceDocument(path: displayPath, root: node)
    }

    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(code)))
        }
        if (error as NSError).code == NSFileReadNoSuchFileError { return "no such file" }
        return error.localizedDescription
    }

    private static func syntaxError(_ error: YamlError, file: String) -> ScenarioError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return ScenarioError(file: file, line: mark.line, column: mark.column, fieldPath: "",
                                 message: "YAML syntax error: \(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ScenarioError(file: file, line: context.mark.line, column: context.mark.column, fieldPath: "",
                                 message: "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            return ScenarioError(file: file, line: 1, column: 1, fieldPath: "", message: "YAML error: \(error)")
        }
    }

    /// The node at `path` (mapping keys and sequence indices), and the mark of that node or of its key.
    /// Returns how many path elements were matched, so the caller can fall back to the deepest one found.
    func locate(_ fullPath: [CodingKey], atKey: Bool) -> (depth: Int, mark: Mark?) {
        guard fullPath.count >= prefix.count, zip(fullPath, prefix).allSatisfy({ $0.stringValue == $1 }) else { return (0, nil) }
        let found = locate(inFile: Array(fullPath.dropFirst(prefix.count)), atKey: atKey)
        return (found.depth + prefix.count, found.mark)
    }

    private func locate(inFile path: [CodingKey], atKey: Bool) -> (depth: Int, mark: Mark?) {
        var node = root
        var mark = root.mark
        for (depth, key) in path.enumerated() {
            if let index = key.intValue, let sequence = node.sequence {
                guard index < sequence.count else { return (depth, mark) }
                node = sequence[index]
                mark = node.mark
            } else if let mapping = node.mapping,
                      let pair = mapping.first(where: { $0.key.string == key.stringValue }) {
                node = pair.value
                let isLast = depth == path.count - 1
                mark = (atKey && isLast) ? pair.key.mark : (node.mark ?? pair.key.mark)
            } else {
                return (depth, mark)
            }
        }
        return (path.count, mark)
    }
}
