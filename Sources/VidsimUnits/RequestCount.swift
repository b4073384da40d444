import Foundation

/// A number of requests, for prices per request: CDNs and object stores price requests by the 10,000 or the
/// 1,000 ("$0.0100/10000 requests", "$0.0004/1000 requests").
public struct RequestCount: Measure {
    public var requests: Double
    public var baseValue: Double { requests }
    public init(baseValue: Double) { requests = baseValue }

    public static let measureName = "a number of requests"
    public static let example = "10000 requests"
    public static let largest = MeasureLimit(1e18, "10^18 requests")
    public static let units: [(symbol: String, factor: Double)] = [
        ("request", 1), ("requests", 1), ("1000 requests", 1e3), ("10000 requests", 1e4), ("1,000 requests", 1e3),
        ("10,000 requests", 1e4), ("million requests", 1e6),
    ]

    public var description: String { "\(significant(requests, digits: 4)) requests" }
}
