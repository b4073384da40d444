import Foundation
import VidsimUnits

/// A JSON value built from declarations (figures nest under their dotted keys), written in vidsim's stable
/// conventions: keys sorted, the same value always the same bytes.
public indirect enum JSONTree: Encodable, Sendable, Equatable {
    case object([String: JSONTree])
    case array([JSONTree])
    case number(Double)
    case integer(Int)
    case unsigned(UInt64)
    case string(String)
    case bool(Bool)
    case null

    /// A number; a non-finite one (which JSON cannot hold) becomes null.
    public static func finite(_ value: Double) -> JSONTree { value.isFinite ? .number(value) : .null }

    /// Puts `value` at the dotted `path`, creating the objects on the way.
    public mutating func insert(_ value: JSONTree, at path: some Collection<Substring>) {
        guard let first = path.first else {
            self = value
            return
        }
        guard case var .object(members) = self else {
            self = .object([:])
            insert(value, at: path)
            return
        }
        var child = members[String(first)] ?? .object([:])
        child.insert(value, at: path.dropFirst())
        members[String(first)] = child
        self = .object(members)
    }

    public mutating func insert(_ value: JSONTree, at dottedKey: String) {
        insert(value, at: dottedKey.split(separator: "."))
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case let .object(members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(key)) }
        case let .array(items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case let .number(value):
            var container = encoder.singleValueContainer()
            try value.isFinite ? container.encode(value) : container.encodeNil()
        case let .integer(value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case let .unsigned(value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case let .string(value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case let .bool(value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }

    /// The file's bytes: pretty-printed, keys sorted, a final newline. Keys are written as given.
    public func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
