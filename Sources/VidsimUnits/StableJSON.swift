import Foundation

/// The JSON conventions of vidsim's files (reports, calibrations): pretty-printed, keys sorted, snake_case
/// names, a final newline. The same value always gives the same bytes.
public enum StableJSON {
    public static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
