import Foundation
import VidsimUnits

/// The unit of a figure: its symbol in report.json and report.csv, and how people read it in report.md and
/// report.html.
public struct FigureUnit: Sendable, Equatable {
    /// How a value is written for people.
    public enum Style: Sendable, Equatable {
        /// A duration in seconds: "1.5 min".
        case duration
        /// Bytes: "8.91 PB".
        case bytes
        /// Bits per second: "27.5 Mbps".
        case bitRate
        /// US dollars: "$1,234.56".
        case money
        /// A fraction shown as a percentage: "61.0%".
        case percent
        /// A plain number with this many significant digits, followed by the symbol's words.
        case number(digits: Int)
    }

    /// The symbol in machine-readable files ("s", "B/day", "USD/day").
    public let symbol: String
    public let style: Style
    /// What follows a formatted value for people ("/day" after "8.91 PB"), empty if nothing.
    public let suffix: String

    public init(_ symbol: String, style: Style, suffix: String = "") {
        self.symbol = symbol
        self.style = style
        self.suffix = suffix
    }

    /// A value as people read it, unit included.
    public func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        let text: String
        switch style {
        case .duration: text = TimeSpan(seconds: value).description
        case .bytes: text = value < 0 ? "-" + DataSize(bytes: -value).description : DataSize(bytes: value).description
        case .bitRate: text = BitRate(bitsPerSecond: abs(value)).description
        case .money: text = Money(dollars: value).description
        case .percent: text = String(format: "%.1f%%", value * 100)
        case let .number(digits): text = significant(value, digits: digits)
        }
        return text + suffix
    }

    /// The half-width of an interval, in the unit of a difference (points for a fraction), without a sign.
    public func formatSpread(_ value: Double) -> String {
        guard value.isFinite else { return format(value) }
        switch style {
        case .percent: return String(format: "%.2f", abs(value) * 100) + " points"
        default: return format(abs(value)).replacingOccurrences(of: suffix, with: "")
        }
    }

    /// A difference of two values, signed ("+1.2 min", "-3.4%" points for fractions).
    public func formatDifference(_ value: Double) -> String {
        guard value.isFinite else { return format(value) }
        if value == 0 { return "0" }
        let sign = value > 0 ? "+" : "-"
        switch style {
        case .percent: return sign + String(format: "%.2f", abs(value) * 100) + " points"
        case .money: return sign + Money(dollars: abs(value)).description + suffix
        default: return sign + format(abs(value))
        }
    }

    public static let seconds = FigureUnit("s", style: .duration)
    public static let bytes = FigureUnit("B", style: .bytes)
    public static let bytesPerDay = FigureUnit("B/day", style: .bytes, suffix: "/day")
    public static let bytesPerContentHour = FigureUnit("B/content hour", style: .bytes, suffix: " per content hour")
    public static let bitsPerSecond = FigureUnit("bit/s", style: .bitRate)
    public static let fraction = FigureUnit("fraction", style: .percent)
    public static let dollars = FigureUnit("USD", style: .money)
    public static let dollarsPerDay = FigureUnit("USD/day", style: .money, suffix: "/day")
    public static let dollarsPerContentHour = FigureUnit("USD/content hour", style: .money, suffix: " per content hour")
    public static let dollarsPerContentHourMonth = FigureUnit("USD/content hour/month", style: .money,
                                                              suffix: " per content hour per month")

    /// A count or rate of things: "workers", "uploads/day".
    public static func count(_ symbol: String, digits: Int = 5) -> FigureUnit {
        FigureUnit(symbol, style: .number(digits: digits), suffix: " " + symbol)
    }
}
