import Foundation

/// A length of time, in seconds: a duration, or an instant counted from the start of a simulation.
///
/// Named `TimeSpan` so as not to shadow the standard library's `Duration`, which counts attoseconds in
/// integers and is slower to do arithmetic with on the simulation's hot path.
public struct TimeSpan: Measure {
    public var seconds: Double
    public var baseValue: Double { seconds }
    @inlinable public init(baseValue: Double) { seconds = baseValue }
    @inlinable public init(seconds: Double) { self.seconds = seconds }

    public static let measureName = "a duration"
    public static let example = "90 s"
    /// A thousand years: far beyond any horizon or delay, and still exact to the microsecond in a Double.
    public static let largest = MeasureLimit(365_250 * 86_400, "365,250 days (1000 years)")
    public static let units: [(symbol: String, factor: Double)] = [
        ("ms", 1e-3), ("s", 1), ("sec", 1), ("min", 60), ("minute", 60), ("minutes", 60),
        ("h", 3600), ("hour", 3600), ("hours", 3600), ("day", 86_400), ("days", 86_400),
        ("week", 604_800), ("weeks", 604_800),
    ]

    public static func minutes(_ value: Double) -> TimeSpan { TimeSpan(seconds: value * 60) }
    public static func hours(_ value: Double) -> TimeSpan { TimeSpan(seconds: value * 3600) }
    public static func days(_ value: Double) -> TimeSpan { TimeSpan(seconds: value * 86_400) }
    public var minutes: Double { seconds / 60 }
    public var hours: Double { seconds / 3600 }
    public var days: Double { seconds / 86_400 }

    public var description: String {
        formatted(seconds, units: [("ms", 1e-3), ("s", 1), ("min", 60), ("h", 3600), ("day", 86_400)])
    }
}
