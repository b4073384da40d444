import Foundation

/// An amount of money, in US dollars: "$1,250.50" or "1250.5 USD".
public struct Money: Measure {
    public var dollars: Double
    public var baseValue: Double { dollars }
    public init(baseValue: Double) { dollars = baseValue }
    public init(dollars: Double) { self.dollars = dollars }

    public static let measureName = "an amount of money"
    public static let example = "$0.085"
    public static let largest = MeasureLimit(1e15, "$1,000,000,000,000,000")
    public static let units: [(symbol: String, factor: Double)] = [("USD", 1)]

    public init(parsing text: String) throws(UnitParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("$") {
            self = try Money(parsing: String(trimmed.dropFirst()) + " USD")
            return
        }
        let (number, symbol) = try splitNumberAndUnit(trimmed, measure: Money.self)
        guard symbol == "USD" else {
            throw .unknownUnit(text: text, unit: symbol, measure: Self.measureName, example: Self.example,
                               known: ["$", "USD"])
        }
        guard number >= 0 else { throw .negative(text: text, measure: Self.measureName) }
        guard number <= Self.largest.value else {
            throw .tooLarge(text: text, measure: Self.measureName, largest: Self.largest.text)
        }
        dollars = number
    }

    /// Dollars with cents, and thousands separated: "$1,234,567.89"; "n/a" for a value that is not a number
    /// or not finite (a figure with nothing to measure), never a trap.
    public var description: String {
        guard dollars.isFinite else { return "n/a" }
        let grouped = groupedThousands(String(format: "%.2f", dollars))
        return grouped.hasPrefix("-") ? "-$" + grouped.dropFirst() : "$" + grouped
    }
}

/// A price per unit of some measure: "$0.085/GB" (per size), "$1.20/h" (per time).
public struct Price<Per: Measure>: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Dollars per base unit of `Per` (per byte, per second, ...).
    public var dollarsPerBaseUnit: Double

    public init(dollarsPerBaseUnit: Double) { self.dollarsPerBaseUnit = dollarsPerBaseUnit }

    /// A price of this kind as a scenario writes it: per hour for a duration, per GB for a size.
    static var example: String {
        switch Per.measureName {
        case TimeSpan.measureName: return "$0.34/h"
        case DataSize.measureName: return "$0.085/GB"
        default: return "$1/" + (Per.units.first?.symbol ?? "unit")
        }
    }

    /// What `amount` costs at this price.
    public func cost(of amount: Per) -> Money { Money(dollars: dollarsPerBaseUnit * amount.baseValue) }

    public init(parsing text: String) throws(UnitParseError) {
        let parts = text.split(separator: "/", maxSplits: 1).map { String($0) }
        guard parts.count == 2 else {
            throw .missingUnit(text: text, measure: "a price per \(Per.measureName.dropFirst(2))",
                               example: Self.example, known: Per.units.map { "/" + $0.symbol })
        }
        let money: Money
        do { money = try Money(parsing: parts[0]) } catch {
            // The whole price in the message, not only its money part.
            if case .tooLarge = error { throw .tooLarge(text: text, measure: "a price", largest: Money.largest.text + " per unit") }
            if case .negative = error { throw .negative(text: text, measure: "a price") }
            throw error
        }
        let per = try Per(parsing: "1 " + parts[1].trimmingCharacters(in: .whitespaces))
        dollarsPerBaseUnit = money.dollars / per.baseValue
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a price such as '\(Self.example)', found \(describeFound(container))")
        }
        do { self = try Price(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        let unit = Per.units[0]
        return "$\(significant(dollarsPerBaseUnit * unit.factor, digits: 4))/\(unit.symbol)"
    }
}
