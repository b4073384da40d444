import Foundation

/// A JSON value, written deterministically: keys sorted, two-space indentation, lists of plain values on one
/// line, '/' not escaped (so patterns and units read as written), numbers in the shortest form that reads back
/// exactly, a non-finite number (which JSON cannot hold) as null. The same value always gives the same bytes.
///
/// report.json and comparison.json are built from it (figures nest under their dotted keys), and so is the
/// scenario format's JSON Schema.
public indirect enum JSONTree: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case null
    case bool(Bool)
    case integer(Int)
    case unsigned(UInt64)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONTree...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONTree)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// A number; a non-finite one becomes null.
    public static func finite(_ value: Double) -> JSONTree { value.isFinite ? .number(value) : .null }

    /// Puts `value` at the dotted `key` ("transcode.time_to_publish.p95"), creating the objects on the way.
    public mutating func insert(_ value: JSONTree, at dottedKey: String) {
        insert(value, at: dottedKey.split(separator: ".")[...])
    }

    private mutating func insert(_ value: JSONTree, at path: ArraySlice<Substring>) {
        guard let first = path.first else {
            self = value
            return
        }
        var members: [String: JSONTree] = [:]
        if case let .object(existing) = self { members = existing }
        var child = members[String(first)] ?? .object([:])
        child.insert(value, at: path.dropFirst())
        members[String(first)] = child
        self = .object(members)
    }

    /// This object with one more entry (an object only; anything else is returned as it is).
    public func adding(_ key: String, _ value: JSONTree) -> JSONTree {
        guard case var .object(entries) = self else { return self }
        entries[key] = value
        return .object(entries)
    }

    /// The text at `key` of an object.
    public func string(_ key: String) -> String? {
        guard case let .object(entries) = self, case let .string(text)? = entries[key] else { return nil }
        return text
    }

    /// The JSON text, with a final newline.
    public func text() -> String {
        var text = ""
        write(into: &text, indent: 0)
        return text + "\n"
    }

    /// The JSON text's bytes, with a final newline.
    public func data() -> Data { Data(text().utf8) }

    private var isPlain: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    private func write(into text: inout String, indent: Int) {
        switch self {
        case .null: text += "null"
        case let .bool(value): text += value ? "true" : "false"
        case let .integer(value): text += String(value)
        case let .unsigned(value): text += String(value)
        case let .number(value):
            if !value.isFinite {
                text += "null"
            } else if value == value.rounded() && abs(value) < 1e15 {
                text += String(Int(value))
            } else {
                text += "\(value)"
            }
        case let .string(value): Self.writeString(value, into: &text)
        case let .array(items):
            if items.isEmpty {
                text += "[]"
            } else if items.allSatisfy(\.isPlain) {
                text += "["
                for (index, item) in items.enumerated() {
                    if index > 0 { text += ", " }
                    item.write(into: &text, indent: indent)
                }
                text += "]"
            } else {
                let padding = String(repeating: " ", count: indent + 2)
                text += "[\n"
                for (index, item) in items.enumerated() {
                    text += padding
                    item.write(into: &text, indent: indent + 2)
                    text += index == items.count - 1 ? "\n" : ",\n"
                }
                text += String(repeating: " ", count: indent) + "]"
            }
        case let .object(entries):
            if entries.isEmpty {
                text += "{}"
                return
            }
            let padding = String(repeating: " ", count: indent + 2)
            text += "{\n"
            let keys = entries.keys.sorted()
            for (index, key) in keys.enumerated() {
                text += padding
                Self.writeString(key, into: &text)
                text += ": "
                entries[key]!.write(into: &text, indent: indent + 2)
                text += index == keys.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent) + "}"
        }
    }

    private static func writeString(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
