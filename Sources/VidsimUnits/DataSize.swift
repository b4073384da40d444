import Foundation

/// An amount of data, in bytes. Decimal units (1 GB = 10^9 B) and binary ones (1 GiB = 2^30 B).
public struct DataSize: Measure {
    public var bytes: Double
    public var baseValue: Double { bytes }
    public init(baseValue: Double) { bytes = baseValue }
    public init(bytes: Double) { self.bytes = bytes }

    public static let measureName = "a size"
    public static let example = "30 GB"
    public static let largest = MeasureLimit(1e18, "1,000 PB")
    public static let units: [(symbol: String, factor: Double)] = [
        ("B", 1), ("KB", 1e3), ("kB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15),
        ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("TiB", 1_099_511_627_776),
        ("PiB", 1_125_899_906_842_624),
    ]

    public static func gigabytes(_ value: Double) -> DataSize { DataSize(bytes: value * 1e9) }
    public static func megabytes(_ value: Double) -> DataSize { DataSize(bytes: value * 1e6) }
    public var gigabytes: Double { bytes / 1e9 }
    public var terabytes: Double { bytes / 1e12 }
    public var petabytes: Double { bytes / 1e15 }

    /// The bytes of a stream at `rate` lasting `duration`.
    public init(rate: BitRate, over duration: TimeSpan) {
        bytes = rate.bitsPerSecond * duration.seconds / 8
    }

    public var description: String {
        formatted(bytes, units: [("B", 1), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15)])
    }
}
