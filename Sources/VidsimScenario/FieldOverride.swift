import Foundation
import VidsimUnits
import Yams

/// One field of a scenario set from outside its files: a sweep's point (`transcode.workers: 300`), written in
/// another file (the sweep file) at a line of its own.
///
/// The value replaces what the scenario's files (after `extends:`) say at that path, before anything is decoded,
/// so it is read exactly as if the scenario had said it: units, checks and messages alike; a mistake in it is
/// reported at the line of the file that gave it.
public struct FieldOverride {
    /// One step of a path: a mapping's key, or a list's index (`regions[0]`).
    public enum Step: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    public let steps: [Step]
    /// The value, as a YAML node with the marks of the file that gave it.
    public let value: Node
    /// That file, for messages.
    public let file: String

    /// The path as written: `delivery.regions[0].edge_cache`.
    public var path: String { Self.text(steps) }

    public init(steps: [Step], value: Node, file: String) {
        self.steps = steps
        self.value = value
        self.file = file
    }

    /// A dotted path with optional list indices (`delivery.regions[0].edge_cache`), or why it is not one.
    public static func parse(_ text: String) -> Result<[Step], PathError> {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                return .failure(PathError(description: "expected a field path such as transcode.workers or "
                    + "delivery.regions[0].edge_cache, found '\(quoted(text))'"))
            }
            steps.append(.key(String(name)))
            rest = rest.dropFirst(name.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0, index < 100_000 else {
                    return .failure(PathError(description: "expected a list index such as [0] after '\(quoted(String(name)))' in '\(quoted(text))'"))
                }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        return .success(steps)
    }

    public struct PathError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    static func text(_ steps: [Step]) -> String {
        var text = ""
        for step in steps {
            switch step {
            case let .key(name): text += (text.isEmpty ? "" : ".") + name
            case let .index(index): text += "[\(index)]"
            }
        }
        return text
    }

    /// `tree` with this override's value at its path: mappings missing on the way are created; a list index
    /// must exist. `nil` and a message when the path cannot be followed.
    func apply(to tree: Node) -> Result<Node, PathError> {
        set(value, at: steps[...], in: tree, walked: [])
    }

    private func set(_ value: Node, at steps: ArraySlice<Step>, in node: Node?, walked: [Step]) -> Result<Node, PathError> {
        guard let step = steps.first else { return .success(value) }
        let here = walked + [step]
        switch step {
        case let .key(name):
            if let node, node.mapping == nil {
                return .failure(PathError(description: "cannot set \(path): \(walked.isEmpty ? "the scenario" : Self.text(walked)) is not a "
                    + "mapping of fields in the scenario"))
            }
            let mapping = node?.mapping ?? Node.Mapping([])
            var pairs: [(Node, Node)] = mapping.map { ($0.key, $0.value) }
            let existing = pairs.firstIndex { $0.0.string == name }
            switch set(value, at: steps.dropFirst(), in: existing.map { pairs[$0].1 }, walked: here) {
            case let .success(child):
                if let existing { pairs[existing].1 = child } else { pairs.append((Node(name), child)) }
                return .success(.mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark)))
            case let .failure(error): return .failure(error)
            }
        case let .index(index):
            guard let sequence = node?.sequence else {
                return .failure(PathError(description: "cannot set \(path): \(Self.text(walked)) is not a list in the scenario"))
            }
            guard index < sequence.count else {
                return .failure(PathError(description: "cannot set \(path): \(Self.text(walked)) has \(sequence.count) "
                    + "item\(sequence.count == 1 ? "" : "s") in the scenario (indices from 0)"))
            }
            var items = Array(sequence)
            switch set(value, at: steps.dropFirst(), in: items[index], walked: here) {
            case let .success(child):
                items[index] = child
                return .success(.sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark)))
            case let .failure(error): return .failure(error)
            }
        }
    }

    /// A document holding only this value at its path, so that a mistake in the value is located in the file
    /// that gave it. List items before the index are empty placeholders.
    func document() -> SourceDocument {
        var node = value
        // The keys carry the value's mark, so a message about a key (an unknown field) points at the value's line.
        var key = Node.Scalar("")
        key.mark = value.mark
        for step in steps.reversed() {
            switch step {
            case let .key(name):
                key.string = name
                node = .mapping(Node.Mapping([(.scalar(key), node)]))
            case let .index(index): node = .sequence(Node.Sequence(Array(repeating: Node.mapping(Node.Mapping([])), count: index) + [node]))
            }
        }
        var document = SourceDocument(path: file, root: node)
        document.isOverride = true
        return document
    }
}
