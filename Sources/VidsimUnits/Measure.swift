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
    /// The largest value a scenario may give, in the base unit: beyond it the simulation's arithmetic (event
    /// times, counts derived from the value) would overflow or stop meaning anything. See `MeasureLimit`.
    static var largest: MeasureLimit { get }
}

/// The largest value of a measure a scenario may give, and how messages say it ("365,250 days (1000 years)").
public struct MeasureLimit: Sendable {
    /// In the measure's base unit.
    public let value: Double
    /// As written in messages.
    public let text: String

    public init(_ value: Double, _ text: String) {
        self.value = value
        self.text = text
    }
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
    /// So is a value whose conversion to the base unit leaves the range the simulation can represent
    /// ("1e308 hours" is finite as written, but not in seconds): every parsed value is finite and at most
    /// `largest`.
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
        let value = number * factor
        guard value.isFinite, value <= Self.largest.value else {
            throw UnitParseError.tooLarge(text: text, measure: Self.measureName, largest: Self.largest.text)
        }
        self.init(baseValue: value)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected \(Self.measureName) with a unit, such as '\(Self.example)', found \(describeFound(container))")
        }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \(Self.measureName) with a unit, such as '\(Self.example)', found nothing")
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
    /// Finite as written, but too large once converted to the base unit (or beyond what the model represents).
    case tooLarge(text: String, measure: String, largest: String)

    public var description: String {
        switch self {
        case let .notANumber(text, measure, example):
            return "'\(quoted(text))' is not \(measure): expected a number and a unit, such as '\(example)'"
        case let .missingUnit(text, measure, example, known):
            return "'\(quoted(text))' has no unit: expected \(measure) such as '\(example)' (units: \(known.joined(separator: ", ")))"
        case let .unknownUnit(text, unit, measure, example, known):
            var message = "'\(quoted(unit))' in '\(quoted(text))' is not a unit of \(measure)"
            if let close = Spelling.closest(to: unit, among: known) { message += " (did you mean '\(close)'?)" }
            return message + ": expected a value such as '\(example)'; units: \(known.joined(separator: ", "))"
        case let .negative(text, measure):
            return "'\(quoted(text))' is negative: \(measure) must be zero or more"
        case let .tooLarge(text, measure, largest):
            return "'\(quoted(text))' is too large: expected \(measure) of at most \(largest)"
        }
    }
}

/// Text echoed back in a message, cut to `limit` characters with an ellipsis: a 5,000-character value must
/// not fill the terminal.
public func quoted(_ text: String, limit: Int = 60) -> String {
    let flat = text.replacingOccurrences(of: "\n", with: " ")
    guard flat.count > limit else { return flat }
    return String(flat.prefix(limit - 1)) + "…"
}

/// What a single-value container holds, for "found ..." in messages: a number, text, a list, a mapping.
func describeFound(_ container: SingleValueDecodingContainer) -> String {
    if container.decodeNil() { return "nothing" }
    if let number = try? container.decode(Double.self) { return "the number \(shown(number))" }
    if let flag = try? container.decode(Bool.self) { return "\(flag)" }
    if let text = try? container.decode(String.self) { return "'\(quoted(text))'" }
    if (try? container.decode([AnyDecodable].self)) != nil { return "a list" }
    return "a mapping"
}

/// Decodes anything, to tell a list from a mapping.
private struct AnyDecodable: Decodable {
    init(from decoder: Decoder) throws {}
}

/// Splits "30 GB" into 30 and "GB": the longest prefix that reads as a number, then the unit.
/// A thousands separator is accepted ("720,000 hours/day"), and the space before the unit is optional.
func splitNumberAndUnit<M: Measure>(_ text: String, measure: M.Type) throws(UnitParseError) -> (Double, String) {
    let characters = Array(text.trimmingCharacters(in: .whitespaces))
    for end in stride(from: characters.count, through: 1, by: -1) {
        let prefix = String(characters[..<end]).replacingOccurrences(of: ",", with: "")
        guard let number = Double(prefix), !number.isNaN, !prefix.hasSuffix(" "),
              prefix.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { continue }
        // "1e400" reads as infinity: a number too large for a Double, not a missing one.
        guard number.isFinite else {
            if number < 0 { throw .negative(text: text, measure: M.measureName) }
            throw .tooLarge(text: text, measure: M.measureName, largest: M.largest.text)
        }
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

/// A number as a message shows it: like `significant`, but in scientific notation when very large or very
/// small ("1e+300", "2.5e-31"), so an absurd value never prints as hundreds of digits.
public func shown(_ value: Double, digits: Int = 6) -> String {
    guard value.isFinite, value != 0 else { return value.isNaN ? "nan" : value == 0 ? "0" : value < 0 ? "-inf" : "inf" }
    let magnitude = abs(value)
    if magnitude >= 1e15 || magnitude < 1e-6 { return String(format: "%.\(max(0, digits - 1))g", value) }
    return significant(value, digits: digits)
}

/// "1234567.89" as "1,234,567.89", "-3000" as "-3,000": thousands separated, as figures and money are written.
/// Text that is not a plain decimal number ("1e+20", "n/a") is returned as it is.
public func groupedThousands(_ number: String) -> String {
    let negative = number.hasPrefix("-")
    let unsigned = negative ? number.dropFirst() : Substring(number)
    let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = parts[0]
    guard whole.count > 3, whole.allSatisfy({ ("0"..."9").contains($0) }) else { return number }
    var grouped = ""
    for (index, digit) in whole.reversed().enumerated() {
        if index > 0 && index % 3 == 0 { grouped.append(",") }
        grouped.append(digit)
    }
    return (negative ? "-" : "") + String(grouped.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
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
