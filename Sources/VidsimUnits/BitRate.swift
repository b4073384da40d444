import Foundation

/// A bit rate, in bits per second (1 Mbps = 10^6 bit/s).
public struct BitRate: Measure {
    public var bitsPerSecond: Double
    public var baseValue: Double { bitsPerSecond }
    public init(baseValue: Double) { bitsPerSecond = baseValue }
    public init(bitsPerSecond: Double) { self.bitsPerSecond = bitsPerSecond }

    public static let measureName = "a bit rate"
    public static let example = "6 Mbps"
    public static let largest = MeasureLimit(1e15, "1,000 Tbps")
    public static let units: [(symbol: String, factor: Double)] = [
        ("bps", 1), ("Kbps", 1e3), ("kbps", 1e3), ("Mbps", 1e6), ("Gbps", 1e9), ("Tbps", 1e12),
    ]

    public static func kilobits(_ value: Double) -> BitRate { BitRate(bitsPerSecond: value * 1e3) }
    public static func megabits(_ value: Double) -> BitRate { BitRate(bitsPerSecond: value * 1e6) }
    public var megabitsPerSecond: Double { bitsPerSecond / 1e6 }

    /// The average rate of `size` delivered over `duration`.
    public init(size: DataSize, over duration: TimeSpan) {
        bitsPerSecond = size.bytes * 8 / duration.seconds
    }

    public var description: String {
        formatted(bitsPerSecond, units: [("bps", 1), ("Kbps", 1e3), ("Mbps", 1e6), ("Gbps", 1e9), ("Tbps", 1e12)])
    }
}
