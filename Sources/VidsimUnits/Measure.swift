import Foundation

/// A physical quantity carried as a typed value: a size, a bit rate, a duration, a content rate.
///
/// Each measure stores one number in its base unit (bytes, bits per second, seconds, content seconds per
/// second) and knows the unit symbols a scenario may write. Parsing happens once, at the edge; inside vidsim
/// only typed values travel.
public protocol Measure: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The value in the base unit.
    var baseValue: Double { get }
    init(baseValue: Double)
    /// What the measure is called in messages ("a size", "a bit rate").
    static var measureName: String { get }
    /// Accepted unit symbols and their factor to the base unit, in the order messages list them.
    static var units: [(symbol: String, factor: Double)] { get }
    /// An example written in a scenario, shown in error messages.
    static var example: String { get }
}

extension Measure {
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.baseValue < rhs.baseValue }
    public static var zero: Self { Self(baseValue: 0) }

    public static func + (lhs: Self, rhs: Self) -> Self { Self(baseValue: lhs.baseValue + rhs.baseValue) }
    public static func - (lhs: Self, rhs: Self) -> Self { Self(baseValue: lhs.baseValue - rhs.baseValue) }
    public static func * (lhs: Self, rhs: Double) -> Self { Self(baseValue: lhs.baseValue * rhs) }
    public static func * (lhs: Double, rhs: Self) -> Self { Self(baseValue: lhs * rhs.baseValue) }
    public static func / (lhs: Self, rhs: Double) -> Self { Self(baseValue: lhs.baseValue / rhs) }
    public static func / (lhs: Self, rhs: Self) -> Double { lhs.baseValue / rhs.baseValue }
    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }

    /// Parses text such as "30 GB" or "1.5Mbps". Negative values are refused: no vidsim measure is negative.
    public init(parsing text: String) throws(UnitParseError) {
        let (number, symbol) = try splitNumberAndUnit(text, measure: Self.self)
        guard let factor = Self.units.first(where: { $0.symbol == symbol })?.factor else {
            throw UnitParseError.unknownUnit(
                text: text, unit: symbol, measure: Self.measureName, example: Self.example,
                known: Self.units.map(\.symbol))
        }
        guard number >= 0 else {
            throw UnitParseError.negative(text: text, measure: Self.measureName)
        }
        self.init(baseValue: number * factor)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected \(Self.measureName) with a unit, such as '\(Self.example)'")
        }
        do {
            self = try Self(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why a quantity's text could not be read.
public enum UnitParseError: Error, CustomStringConvertible, Equatable {
    case notANumber(text: String, measure: String, example: String)
    case missingUnit(text: String, measure: String, example: String, known: [String])
    case unknownUnit(text: String, unit: String, measure: String, example: String, known: [String])
    case negative(text: String, measure: String)

    public var description: String {
        switch self {
        case let .notANumber(text, measure, example):
            return "'\(text)' is not \(measure): expected a number and a unit, such as '\(example)'"
        case let .missingUnit(text, measure, example, known):
            return "'\(text)' has no unit: expected \(measure) such as '\(example)' (units: \(known.joined(separator: ", ")))"
        case let .unknownUnit(text, unit, measure, example, known):
            var message = "'\(unit)' in '\(text)' is not a unit of \(measure)"
            if let close = Spelling.closest(to: unit, among: known) { message += " (did you mean '\(close)'?)" }
            return message + ": expected a value such as '\(example)'; units: \(known.joined(separator: ", "))"
        case let .negative(text, measure):
            return "'\(text)' is negative: \(measure) must be zero or more"
        }
    }
}

/// Splits "30 GB" into 30 and "GB": the longest prefix that reads as a number, then the unit.
/// A thousands separator is accepted ("720,000 hours/day"), and the space before the unit is optional.
func splitNumberAndUnit<M: Measure>(_ text: String, measure: M.Type) throws(UnitParseError) -> (Double, String) {
    let characters = Array(text.trimmingCharacters(in: .whitespaces))
    for end in stride(from: characters.count, through: 1, by: -1) {
        let prefix = String(characters[..<end]).replacingOccurrences(of: ",", with: "")
        guard let number = Double(prefix), number.isFinite, !prefix.hasSuffix(" "),
              prefix.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { continue }
        let unit = String(characters[end...]).trimmingCharacters(in: .whitespaces)
        guard !unit.isEmpty else {
            throw .missingUnit(text: text, measure: M.measureName, example: M.example, known: M.units.map(\.symbol))
        }
        return (number, unit)
    }
    throw .notANumber(text: text, measure: M.measureName, example: M.example)
}

/// Formats a base value with the largest unit that keeps the number at least 1, to four significant digits.
func formatted(_ value: Double, units: [(symbol: String, factor: Double)]) -> String {
    let magnitude = abs(value)
    let unit = units.filter { $0.factor <= max(magnitude, units[0].factor) }.max(by: { $0.factor < $1.factor })
        ?? units[0]
    let scaled = value / unit.factor
    return "\(significant(scaled, digits: 4)) \(unit.symbol)"
}

/// A number printed with at most `digits` significant digits and no trailing zeros.
public func significant(_ value: Double, digits: Int) -> String {
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : "\(value)" }
    let magnitude = Int(floor(log10(abs(value))))
    let decimals = max(0, digits - 1 - magnitude)
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}
