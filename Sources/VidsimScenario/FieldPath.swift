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
            var message = "unknown field '\(key.stringValue)'"
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
}

import VidsimUnits
