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
        /// A fraction shown as a percentage: "61.0%", "0.026%" below 1%.
        case percent
        /// A plain number with this many significant digits, followed by the symbol's words.
        case number(digits: Int)
    }

    /// The symbol in machine-readable files ("s", "B/day", "USD/day").
    public let symbol: String
    public let style: Style
    /// What follows a formatted value for people ("/day" after "8.91 PB"), empty if nothing.
    public let suffix: String
    /// What follows a value written as exactly one (" worker" after "1"), when it differs from `suffix`.
    public let singularSuffix: String

    public init(_ symbol: String, style: Style, suffix: String = "", singularSuffix: String? = nil) {
        self.symbol = symbol
        self.style = style
        self.suffix = suffix
        self.singularSuffix = singularSuffix ?? suffix
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
        case .percent:
            // Small shares (a rebuffer ratio, a rare miss) keep their first digits: 0.026%, not 0.0%; 0.00042%, not
            // 0.000%.
            let percent = value * 100, magnitude = abs(percent)
            // Just under 100% keeps the digits that show it is not 100% (a share of jobs within an objective: 99.972%,
            // not 100.0%, which would read as met by every job).
            text = percent > 99.95 && percent < 100 ? (percent < 99.9995 ? String(format: "%.3f%%", percent) : ">99.999%")
                : percent == 0 || magnitude >= 1 ? String(format: "%.1f%%", percent)
                : magnitude >= 0.001 ? String(format: "%.3f%%", percent)
                : magnitude >= 1e-9 ? significant(percent, digits: 2) + "%" : String(format: "%.1e%%", percent)
        case let .number(digits): text = significant(value, digits: digits)
        }
        return text + (isExactlyOne(text) ? singularSuffix : suffix)
    }

    /// A value written as people write this unit ("20 min", "90%" or 0.9, "50 TB", "3 Mbps", "$1200" or 1200, a
    /// plain number), in the figure's base unit; nil and what was expected when it is not one.
    public func parse(_ text: String) -> Result<Double, TargetError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func measure<M: Measure>(_ type: M.Type) -> Result<Double, TargetError> {
            do { return .success(try M(parsing: trimmed).baseValue) } catch { return .failure(TargetError(description: "\(error)")) }
        }
        switch style {
        case .duration: return measure(TimeSpan.self)
        case .bytes: return measure(DataSize.self)
        case .bitRate: return measure(BitRate.self)
        case .percent:
            if trimmed.hasSuffix("%"), let value = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)), value.isFinite {
                return .success(value / 100)
            }
            if let value = Double(trimmed), value.isFinite {
                guard abs(value) <= 1 else {
                    return .failure(TargetError(description: "expected a share such as 90% or 0.9, found \(trimmed): write \(trimmed)% for a percentage"))
                }
                return .success(value)
            }
            return .failure(TargetError(description: "expected a share such as 90% or 0.9, found '\(quoted(trimmed))'"))
        case .money:
            let digits = trimmed.hasPrefix("$") ? String(trimmed.dropFirst()) : trimmed
            if let value = Double(digits.replacingOccurrences(of: ",", with: "")), value.isFinite { return .success(value) }
            return .failure(TargetError(description: "expected dollars such as $1200, found '\(quoted(trimmed))'"))
        case .number:
            if let value = Double(trimmed), value.isFinite { return .success(value) }
            return .failure(TargetError(description: "expected a number, found '\(quoted(trimmed))'"))
        }
    }

    public struct TargetError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// A value and the 95% interval's half-width beside it, written alike ("8.905 PB/day ± 0.033 PB",
    /// "61.0% ± 0.5%"); the value alone when there is no interval (one replication, a zero or infinite width, or
    /// one of the order of rounding: a figure that did not vary, its replications summed in another order).
    public func format(_ value: Double, halfWidth: Double?) -> String {
        let text = format(value)
        guard let halfWidth, halfWidth.isFinite, halfWidth > abs(value) * 1e-12 else { return text }
        return text + " ± " + spread(halfWidth, beside: text, value: value, difference: false)
    }

    /// The half-width of an interval around `value`, without a sign and without the unit's suffix, written as
    /// `format(value)` writes the value: in the same unit and with the same decimal places ("0.033 PB" beside
    /// "8.905 PB/day"), or with two significant digits when those places would round it to zero ("$0.0012"
    /// beside "$0.06").
    public func formatSpread(_ halfWidth: Double, of value: Double) -> String {
        spread(halfWidth, beside: format(value), value: value, difference: false)
    }

    /// The half-width of an interval around a difference, written as `formatDifference(difference)` writes it
    /// ("0.40 points" beside "+1.23 points", "15.6" beside "+84.6 events").
    public func formatDifferenceSpread(_ halfWidth: Double, of difference: Double) -> String {
        spread(halfWidth, beside: formatDifference(difference), value: difference, difference: true)
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

    /// `half` written beside `text`, the value (or the difference) it qualifies as written: the same unit and
    /// decimal places. A value with no number to align with (zero, infinite) leaves the spread written on its
    /// own, to two significant digits.
    private func spread(_ half: Double, beside text: String, value: Double, difference: Bool) -> String {
        let half = abs(half)
        // The spread on its own, in its own unit: a fraction's difference in points.
        var alone = format(half)
        if case .percent = style, difference, half.isFinite {
            alone = String(format: "%.2f", half * 100) + " points"
        } else if let unitSuffix = [suffix, singularSuffix].first(where: { !$0.isEmpty && alone.hasSuffix($0) }) {
            alone.removeLast(unitSuffix.count)
        }
        let aligned = value.isFinite && value != 0
        guard half.isFinite, half > 0 || aligned else { return alone }
        let reference = aligned ? text : difference ? formatDifference(half) : format(half)
        guard let shown = Self.numberLayout(in: reference) else { return alone }
        let decimals = aligned ? shown.decimals : nil
        func scaled<M: Measure>(_ measure: M.Type) -> String {
            guard let factor = M.units.first(where: { $0.symbol == shown.unit })?.factor else { return alone }
            return Self.spreadNumber(half / factor, decimals: decimals) + " " + shown.unit
        }
        switch style {
        case .duration: return scaled(TimeSpan.self)
        case .bytes: return scaled(DataSize.self)
        case .bitRate: return scaled(BitRate.self)
        case .money: return "$" + groupedThousands(Self.spreadNumber(half, decimals: decimals))
        case .percent:
            let points = reference.hasSuffix("points")
            return Self.spreadNumber(half * 100, decimals: decimals) + (points ? " points" : "%")
        case .number: return Self.spreadNumber(half, decimals: decimals)
        }
    }

    /// A spread's number written beside a value's number text: with that text's decimal places, or with two
    /// significant digits when there is no value to align with or the places would round it to zero.
    public static func spreadNumber(_ half: Double, besideNumber text: String) -> String {
        spreadNumber(abs(half), decimals: numberLayout(in: text)?.decimals)
    }

    private static func spreadNumber(_ half: Double, decimals: Int?) -> String {
        guard half.isFinite else { return "\(half)" }
        if let decimals {
            let text = String(format: "%.\(decimals)f", half)
            if half == 0 || text.contains(where: { $0 != "0" && $0 != "." }) { return text }
        }
        return significant(half, digits: 2)
    }

    /// The first number in a value as written ("-$1,387.20", "8.905 PB/day", "+84.6 events"): its decimal
    /// places, and the unit symbol right after it ("PB"; empty if none).
    private static func numberLayout(in text: String) -> (decimals: Int, unit: String)? {
        guard let start = text.firstIndex(where: \.isDecimalDigit) else { return nil }
        let end = text[start...].firstIndex { !($0.isDecimalDigit || $0 == "." || $0 == ",") } ?? text.endIndex
        let number = text[start..<end]
        let decimals = number.firstIndex(of: ".").map { number.distance(from: $0, to: number.endIndex) - 1 } ?? 0
        let unit = text[end...].drop { $0 == " " }.prefix { $0 != " " && $0 != "/" }
        return (decimals, String(unit))
    }


    public static let seconds = FigureUnit("s", style: .duration)
    public static let bytes = FigureUnit("B", style: .bytes)
    public static let bytesPerDay = FigureUnit("B/day", style: .bytes, suffix: "/day")
    public static let bytesPerContentHour = FigureUnit("B/content hour", style: .bytes, suffix: " per content hour")
    public static let bitsPerSecond = FigureUnit("bit/s", style: .bitRate)
    public static let fraction = FigureUnit("fraction", style: .percent)
    public static let dollars = FigureUnit("USD", style: .money)
    public static let dollarsPerDay = FigureUnit("USD/day", style: .money, suffix: "/day")
    public static let dollarsPerHour = FigureUnit("USD/h", style: .money, suffix: "/h")
    public static let dollarsPerContentHour = FigureUnit("USD/content hour", style: .money, suffix: " per content hour")
    public static let dollarsPerContentHourMonth = FigureUnit("USD/content hour/month", style: .money,
                                                              suffix: " per content hour per month")

    /// A count or rate of things: "workers", "uploads/day".
    /// "1 worker", "2 workers": the symbol after the number, made singular after exactly one.
    public static func count(_ symbol: String, digits: Int = 5) -> FigureUnit {
        FigureUnit(symbol, style: .number(digits: digits), suffix: " " + symbol, singularSuffix: " " + singularUnit(symbol))
    }
}

private extension Character {
    /// 0 to 9, as numbers are written in reports.
    var isDecimalDigit: Bool { ("0"..."9").contains(self) }
}
