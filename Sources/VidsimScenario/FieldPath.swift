/// A key of any name: reads every key of a mapping, known or not.
struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { stringValue = "\(intValue)"; self.intValue = intValue }
}

/// A coding path as a scenario author reads it: "ladder.rungs[2].bitrate".
func fieldPath(_ codingPath: [CodingKey]) -> String {
    var text = ""
    for key in codingPath {
        if let index = key.intValue {
            text += "[\(index)]"
        } else {
            if !text.isEmpty { text += "." }
            text += key.stringValue
        }
    }
    return text
}

extension Decoder {
    /// Refuses keys the type does not know, suggesting the closest known one: a misspelt optional field must not
    /// silently fall back to its default.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type, also extra: [String] = []) throws {
        let container = try container(keyedBy: AnyKey.self)
        let known = Keys.allCases.map(\.stringValue) + extra
        for key in container.allKeys where !known.contains(key.stringValue) {
            var message = "unknown field '\(quoted(key.stringValue))'"
            if !key.stringValue.isEmpty && key.stringValue.allSatisfy(\.isNumber) {
                message += " (inside { ... } a comma separates fields, so '1,000,000' splits in two: write 1000000, or quote the value)"
            } else if let close = Spelling.closest(to: key.stringValue, among: known) {
                message += " (did you mean '\(close)'?)"
            }
            message += "; known fields here: \(known.joined(separator: ", "))"
            throw FieldError(codingPath: codingPath + [key], message: message, atKey: true)
        }
    }

    /// A field error at this decoder's position, or at one of its fields.
    func fieldError(_ message: String, field: String? = nil) -> FieldError {
        FieldError(codingPath: codingPath + (field.map { [AnyKey($0)] } ?? []), message: message)
    }

    /// What this decoder's node holds, for "found ..." in messages: a value (quoted, cut short), a list, a
    /// mapping, or nothing.
    var foundDescription: String {
        if let single = try? singleValueContainer() {
            if single.decodeNil() { return "nothing" }
            if let text = try? single.decode(String.self) { return "'\(quoted(text))'" }
        }
        if let list = try? unkeyedContainer() { return "a list of \(list.count ?? 0) item\(list.count == 1 ? "" : "s")" }
        if (try? container(keyedBy: AnyKey.self)) != nil { return "a mapping of fields" }
        return "something else"
    }

    /// A plain number field that must be finite and within `range`: YAML reads `.inf`, `.nan` and `1e400`
    /// as numbers, and a count or a factor beyond its range overflows what the model computes from it.
    func checkNumber(_ value: Double, field: String, in range: ClosedRange<Double>, expected: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw fieldError("expected \(expected), found \(shown(value))", field: field)
        }
    }

    /// A whole-number field that must be within `range` (later an `Int` count, an array's size).
    func checkCount(_ value: Int, field: String, in range: ClosedRange<Int>, expected: String) throws {
        guard range.contains(value) else { throw fieldError("expected \(expected), found \(value)", field: field) }
    }
}

import VidsimUnits
