import Foundation

/// A rate of content: seconds of video per second of wall time ("500 hours/min" is 30,000).
public struct ContentRate: Measure {
    public var contentSecondsPerSecond: Double
    public var baseValue: Double { contentSecondsPerSecond }
    public init(baseValue: Double) { contentSecondsPerSecond = baseValue }
    public init(contentSecondsPerSecond: Double) { self.contentSecondsPerSecond = contentSecondsPerSecond }

    public static let measureName = "a content rate"
    public static let example = "500 hours/min"
    public static let largest = MeasureLimit(6e8, "10,000,000 hours/min")
    /// Every pairing of a content unit and a wall-clock unit: "hours/min", "min/s", "hours/day", ...
    public static let units: [(symbol: String, factor: Double)] = {
        let content: [(String, Double)] = [
            ("s", 1), ("sec", 1), ("min", 60), ("minutes", 60), ("h", 3600), ("hour", 3600), ("hours", 3600),
        ]
        let wall: [(String, Double)] = [("s", 1), ("min", 60), ("h", 3600), ("hour", 3600), ("day", 86_400)]
        return content.flatMap { c in wall.map { w in ("\(c.0)/\(w.0)", c.1 / w.1) } }
    }()

    /// The content added over `duration` at this rate.
    public func content(over duration: TimeSpan) -> TimeSpan {
        TimeSpan(seconds: contentSecondsPerSecond * duration.seconds)
    }

    /// In hours per minute at platform scale, hours per day below one hour a minute.
    public var description: String {
        let hoursPerMinute = contentSecondsPerSecond / 60
        if hoursPerMinute >= 1 { return "\(significant(hoursPerMinute, digits: 4)) hours/min" }
        return "\(significant(contentSecondsPerSecond * 24, digits: 4)) hours/day"
    }
}
