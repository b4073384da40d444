import VidsimKernel
import Foundation

/// Cache on second hit (as Akamai's edges do, Maggs and Sitaraman, "Algorithmic nuggets in content delivery",
/// 2015): an object is admitted only when it was missed before within a recent window, so objects requested
/// once (a large share of a video catalogue's objects) never displace anything. Recent misses are remembered in
/// two Bloom filters: misses go into the current one, and when it holds `window` of them it becomes the
/// previous one and a fresh one starts, so the memory is fixed and an object is remembered for between one and
/// two windows of misses.
public struct SecondHitFilter: AdmissionFilter {
    public static let name = "second-hit"
    public static let summary = "admits an object on its second miss within a recent window (Bloom filters)"
    public static let parameters = [
        PolicyParameter("window", .integer, default: "1000000",
                        "misses remembered per Bloom filter (two are kept), 100 to 10^8"),
        PolicyParameter("false_positive_rate", .number, default: "0.01",
                        "each filter's false-positive rate when full, 10^-6 to 0.5"),
    ]

    public let window: Int
    public let falsePositiveRate: Double

    private var current: BloomFilter
    private var previous: BloomFilter

    enum CodingKeys: String, CodingKey { case window, falsePositiveRate = "false_positive_rate" }

    public init(window: Int = 1_000_000, falsePositiveRate: Double = 0.01) {
        self.window = window
        self.falsePositiveRate = falsePositiveRate
        current = BloomFilter(capacity: window, falsePositiveRate: falsePositiveRate)
        previous = current
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let window = try container.decodeIfPresent(Int.self, forKey: .window) ?? 1_000_000
        let rate = try container.decodeIfPresent(Double.self, forKey: .falsePositiveRate) ?? 0.01
        // At the extremes, two filters of 10^8 misses at 10^-6 take 0.7 GB: no more.
        guard (100...100_000_000).contains(window) else {
            throw decoder.parameterError("expected a whole number from 100 to 10^8, found \(window)", field: "window")
        }
        guard rate >= 1e-6 && rate <= 0.5 else {
            throw decoder.parameterError("expected a rate from 10^-6 to 0.5, found \(rate)", field: "false_positive_rate")
        }
        self.init(window: window, falsePositiveRate: rate)
    }

    public mutating func reset() { self = SecondHitFilter(window: window, falsePositiveRate: falsePositiveRate) }

    public mutating func admits(_ object: UInt64, size: Int64) -> Bool {
        if current.contains(object) || previous.contains(object) { return true }
        current.insert(object)
        if current.count >= window {
            previous = current
            current.removeAll()
        }
        return false
    }
}

/// A Bloom filter of 64-bit ids: k bit positions per id from two hashes (Kirsch and Mitzenmacher's double
/// hashing), sized for `capacity` ids at a false-positive rate.
struct BloomFilter: Sendable {
    private var bits: [UInt64]
    private let bitCount: UInt64
    private let hashes: Int
    private(set) var count = 0

    init(capacity: Int, falsePositiveRate: Double) {
        let ln2 = 0.693_147_180_559_945_3
        let wanted = max(64, Int((-Double(capacity) * log(falsePositiveRate) / (ln2 * ln2)).rounded(.up)))
        bits = Array(repeating: 0, count: (wanted + 63) / 64)
        bitCount = UInt64(bits.count * 64)
        hashes = max(1, Int((Double(bitCount) / Double(capacity) * ln2).rounded()))
    }

    mutating func insert(_ id: UInt64) {
        let (h1, h2) = Self.hashPair(id)
        for i in 0..<hashes {
            let bit = (h1 &+ UInt64(i) &* h2) % bitCount
            bits[Int(bit >> 6)] |= 1 << (bit & 63)
        }
        count += 1
    }

    func contains(_ id: UInt64) -> Bool {
        let (h1, h2) = Self.hashPair(id)
        for i in 0..<hashes {
            let bit = (h1 &+ UInt64(i) &* h2) % bitCount
            if bits[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { return false }
        }
        return true
    }

    mutating func removeAll() {
        for index in bits.indices { bits[index] = 0 }
        count = 0
    }

    /// Two independent 64-bit hashes of the id (splitmix64's finaliser on the id and on a shifted copy); the
    /// second is odd so that the k positions are distinct.
    private static func hashPair(_ id: UInt64) -> (UInt64, UInt64) {
        (mix(id), mix(id ^ 0x5851_f42d_4c95_7f2d) | 1)
    }

    private static func mix(_ value: UInt64) -> UInt64 { SplitMix64.mix(value) }
}
