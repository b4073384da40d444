import Foundation

/// A tick on an axis: where it is, in data units, and what it says.
public struct ChartTick: Sendable, Equatable {
    public let value: Double
    public let label: String

    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// "Nice" axis bounds and ticks: steps of 1, 2, 2.5 or 5 times a power of ten (Heckbert, "Nice numbers for
/// graph labels", Graphics Gems, 1990, with 2.5 added), bounds rounded out to whole steps.
public struct NiceScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let step: Double

    /// Bounds covering `minimum...maximum` with about `targetTicks` ticks. Non-finite bounds give 0...1; equal
    /// bounds are widened (to 0...1 around zero, by 10% of the value otherwise).
    public init(minimum: Double, maximum: Double, targetTicks: Int = 5) {
        var low = minimum.isFinite ? minimum : 0
        var high = maximum.isFinite ? maximum : low
        if low > high { swap(&low, &high) }
        if low == high {
            if low == 0 { high = 1 } else { let pad = abs(low) * 0.1; low -= pad; high += pad }
        }
        let rough = (high - low) / Double(max(1, targetTicks))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let normalized = rough / magnitude
        let mantissa = [1, 2, 2.5, 5, 10].first { normalized <= $0 * (1 + 1e-9) } ?? 10
        step = mantissa * magnitude
        lower = (low / step * (1 - 1e-12)).rounded(.down) * step
        upper = (high / step * (1 - 1e-12)).rounded(.up) * step
    }

    /// Tick values from `lower` to `upper`, computed as multiples of the step (no accumulated error).
    public var values: [Double] {
        let first = Int((lower / step).rounded()), last = Int((upper / step).rounded())
        return (first...max(first, last)).map { Double($0) * step }
    }
}

/// Maps data values to pixels along one axis, linearly or logarithmically.
public struct ChartScale: Sendable, Equatable {
    public let domain: ClosedRange<Double>
    public let range: ClosedRange<Double>
    /// Inverted: the domain's lower bound maps to the range's upper bound (a y axis, which grows downward).
    public let inverted: Bool
    public let logarithmic: Bool

    public init(domain: ClosedRange<Double>, range: ClosedRange<Double>, inverted: Bool = false,
                logarithmic: Bool = false) {
        self.domain = domain
        self.range = range
        self.inverted = inverted
        self.logarithmic = logarithmic && domain.lowerBound > 0
    }

    /// The pixel for a value; values outside the domain (and non-positive ones on a log scale) are clamped.
    public func callAsFunction(_ value: Double) -> Double {
        var fraction: Double
        if logarithmic {
            let v = max(value, domain.lowerBound)
            fraction = log(v / domain.lowerBound) / log(domain.upperBound / domain.lowerBound)
        } else {
            let span = domain.upperBound - domain.lowerBound
            fraction = span > 0 ? (value - domain.lowerBound) / span : 0.5
        }
        fraction = min(1, max(0, fraction.isFinite ? fraction : 0))
        if inverted { fraction = 1 - fraction }
        return range.lowerBound + fraction * (range.upperBound - range.lowerBound)
    }
}

/// How a chart's x axis reads time in seconds, or plain numbers.
public enum TimeAxisStyle: Sendable, Equatable {
    /// Minutes, hours or days, whichever suits the span.
    case automatic
    case minutes
    case hours
    /// Day boundaries as ticks, "day 1", "day 2", ... between them.
    case days
    /// Plain numbers with nice ticks.
    case number
}

enum AxisTicks {
    /// Ticks for an x axis of seconds (or plain numbers) over `domain`, and the domain to draw: time axes keep
    /// the data's span, number axes round out to nice bounds.
    static func xTicks(_ domain: ClosedRange<Double>, style: TimeAxisStyle,
                       format: (Double) -> String) -> (domain: ClosedRange<Double>, ticks: [ChartTick]) {
        var style = style
        let span = domain.upperBound - domain.lowerBound
        if style == .automatic {
            style = span <= 3 * 3600 ? .minutes : span <= 3 * 86_400 ? .hours : .days
        }
        guard span > 0, style != .number else {
            let nice = NiceScale(minimum: domain.lowerBound, maximum: domain.upperBound)
            return (nice.lower...nice.upper, nice.values.map { ChartTick(value: $0, label: format($0)) })
        }
        let (unit, suffix, steps): (Double, String, [Double]) = switch style {
        case .minutes: (60, " min", [1, 2, 5, 10, 15, 20, 30, 60])
        case .hours: (3600, " h", [1, 2, 3, 6, 12, 24])
        default: (86_400, "", [1, 2, 5, 7, 14, 28, 56, 91, 182, 364])
        }
        let most = style == .days ? 10.0 : 6.0
        let step = (steps.first { span / ($0 * unit) <= most } ?? (span / unit / most).rounded(.up)) * unit
        let first = Int((domain.lowerBound / step).rounded(.up)), last = Int((domain.upperBound / step).rounded(.down))
        var ticks: [ChartTick] = []
        for index in first...max(first, last) {
            let value = Double(index) * step
            guard value >= domain.lowerBound, value <= domain.upperBound else { continue }
            if style == .days {
                // The label names the day that starts at the tick, placed in its middle when the day is whole.
                let day = ChartFormat.trimmed(value / unit + 1, decimals: 0)
                ticks.append(ChartTick(value: value, label: ""))
                let middle = value + unit / 2
                if middle <= domain.upperBound { ticks.append(ChartTick(value: middle, label: "day " + day)) }
            } else {
                ticks.append(ChartTick(value: value, label: ChartFormat.trimmed(value / unit, decimals: 2) + suffix))
            }
        }
        return (domain, ticks)
    }

    /// Durations in seconds that read well as ticks: 1-2-5 per decade in ms and s, then minutes, hours, days.
    static let durationCandidates: [Double] = [
        0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30,
        60, 120, 300, 600, 1200, 1800, 3600, 7200, 21_600, 43_200, 86_400, 172_800, 604_800,
    ]
    static let durationMajors: Set<Double> = [0.001, 0.01, 0.1, 1, 10, 60, 600, 3600, 36_000, 86_400, 604_800]

    /// A logarithmic duration axis covering `low...high` (both positive): bounds and ticks from the candidates.
    static func logDuration(_ low: Double, _ high: Double) -> (domain: ClosedRange<Double>, ticks: [ChartTick]) {
        let candidates = durationCandidates
        let lower = candidates.last { $0 <= low * (1 + 1e-9) } ?? candidates[0]
        let upper = candidates.first { $0 >= high * (1 - 1e-9) } ?? max(high, lower * 10)
        let inside = candidates.filter { $0 >= lower && $0 <= upper }
        let majors = inside.filter { durationMajors.contains($0) }
        let chosen = majors.count >= 3 ? majors : inside
        let upperBound = upper > lower ? upper : lower * 10
        return (lower...upperBound, chosen.map { ChartTick(value: $0, label: ChartFormat.duration($0)) })
    }

    /// A linear duration axis from zero: nice ticks in the unit that suits the maximum.
    static func linearDuration(_ low: Double, _ high: Double) -> (domain: ClosedRange<Double>, ticks: [ChartTick]) {
        let unit = ChartFormat.durationUnit(max(abs(low), abs(high)))
        let nice = NiceScale(minimum: min(0, low) / unit.seconds, maximum: high / unit.seconds)
        let ticks = nice.values.map {
            ChartTick(value: $0 * unit.seconds, label: ChartFormat.trimmed($0, decimals: 2) + " " + unit.symbol)
        }
        return ((nice.lower * unit.seconds)...(nice.upper * unit.seconds), ticks)
    }
}

/// Number formatting for charts: fixed, locale-independent, never "nan" or "inf".
public enum ChartFormat {
    /// `value` with at most `decimals` decimals, trailing zeros dropped, "-0" written "0".
    public static func trimmed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var text = String(format: "%.\(max(0, decimals))f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A pixel coordinate: two decimals at most.
    static func coordinate(_ value: Double) -> String { trimmed(value, decimals: 2) }

    /// About three significant digits with a k, M, B or T suffix: 950, 1.2k, 34.5M, 2.5B.
    public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let magnitude = abs(value)
        for (threshold, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] where magnitude >= threshold * 0.9995 {
            return significant(value / threshold) + suffix
        }
        return significant(value)
    }

    /// Three significant digits (more for values under 1 only as needed: 0.25, 0.005).
    static func significant(_ value: Double) -> String {
        let magnitude = abs(value)
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 || magnitude == 0 ? 2
            : min(6, 2 - Int(log10(magnitude).rounded(.down)))
        return trimmed(value, decimals: decimals)
    }

    /// The unit a duration of about `seconds` reads best in.
    static func durationUnit(_ seconds: Double) -> (seconds: Double, symbol: String) {
        let magnitude = abs(seconds)
        if magnitude > 0 && magnitude < 1 { return (0.001, "ms") }
        if magnitude < 60 { return (1, "s") }
        if magnitude < 3600 { return (60, "min") }
        if magnitude < 172_800 { return (3600, "h") }
        return (86_400, "days")
    }

    /// A duration in seconds as people read it: "250 ms", "2.5 s", "12 min", "3 h", "2 days".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "–" }
        let unit = durationUnit(seconds)
        return significant(seconds / unit.seconds) + " " + unit.symbol
    }

    /// A signed percentage of a fraction: 0.052 -> "+5.2%".
    public static func signedPercent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "–" }
        let text = significant(fraction * 100) + "%"
        return fraction > 0 ? "+" + text : text
    }
}
