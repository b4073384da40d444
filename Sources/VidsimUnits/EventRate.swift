import Foundation

/// A rate of events, per second: uploads, views, queries ("50/s", "3000/min", "4,300,000/day").
public struct EventRate: Measure {
    public var perSecond: Double
    public var baseValue: Double { perSecond }
    public init(baseValue: Double) { perSecond = baseValue }
    public init(perSecond: Double) { self.perSecond = perSecond }

    public static let measureName = "a rate"
    public static let example = "50/s"
    public static let largest = MeasureLimit(1e12, "1,000,000,000,000/s")
    public static let units: [(symbol: String, factor: Double)] = [
        ("/s", 1), ("/min", 1.0 / 60), ("/h", 1.0 / 3600), ("/hour", 1.0 / 3600), ("/day", 1.0 / 86_400),
    ]

    public var description: String { "\(significant(perSecond, digits: 4))/s" }
}
