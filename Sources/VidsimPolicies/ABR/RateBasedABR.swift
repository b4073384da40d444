import Foundation
import VidsimUnits

/// Rate-based: the highest rung below a safety factor times the estimated throughput.
///
/// The estimate is the harmonic mean of the last `window` segments' throughputs, or an exponentially weighted
/// moving average with two half-lives (fast and slow, in seconds of download time) of which the lower is
/// taken, as Sabre's and dash.js's EWMA estimators do. Before the first download it takes the lowest rung.
public struct RateBasedABR: ABRAlgorithm {
    public static let name = "rate"
    public static let summary = "highest rung below safety x estimated throughput (harmonic mean or EWMA)"
    public static let parameters = [
        PolicyParameter("estimator", .choice(["harmonic", "ewma"]), default: "harmonic",
                        "harmonic: the harmonic mean of the last `window` throughputs; ewma: the lower of a fast and a slow moving average"),
        PolicyParameter("window", .integer, default: "5", "segments the harmonic mean is taken over"),
        PolicyParameter("safety", .number, default: "0.9", "the share of the estimate the chosen rung may use, in (0, 1]"),
        PolicyParameter("fast_half_life", .measure("a duration"), default: "3 s", "the fast moving average's half-life, in download time"),
        PolicyParameter("slow_half_life", .measure("a duration"), default: "8 s", "the slow moving average's half-life, in download time"),
    ]

    public enum Estimator: String, Sendable { case harmonic, ewma }

    public let estimator: Estimator
    public let window: Int
    public let safety: Double
    public let fastHalfLife: TimeSpan
    public let slowHalfLife: TimeSpan

    private var stream: ABRStream?
    private var recent: ThroughputWindow
    private var fast = 0.0, slow = 0.0, weight = 0.0

    enum CodingKeys: String, CodingKey {
        case estimator, window, safety
        case fastHalfLife = "fast_half_life"
        case slowHalfLife = "slow_half_life"
    }

    public init(estimator: Estimator = .harmonic, window: Int = 5, safety: Double = 0.9,
                fastHalfLife: TimeSpan = TimeSpan(seconds: 3), slowHalfLife: TimeSpan = TimeSpan(seconds: 8)) {
        self.estimator = estimator
        self.window = window
        self.safety = safety
        self.fastHalfLife = fastHalfLife
        self.slowHalfLife = slowHalfLife
        recent = ThroughputWindow(capacity: window)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let word = try container.decodeIfPresent(String.self, forKey: .estimator) ?? Estimator.harmonic.rawValue
        guard let estimator = Estimator(rawValue: word) else {
            throw decoder.parameterError("expected harmonic or ewma, found '\(word)'", field: "estimator")
        }
        let window = try container.decodeIfPresent(Int.self, forKey: .window) ?? 5
        guard (1...100).contains(window) else {
            throw decoder.parameterError("expected a whole number from 1 to 100, found \(window)", field: "window")
        }
        let safety = try container.decodeIfPresent(Double.self, forKey: .safety) ?? 0.9
        guard safety > 0 && safety <= 1 else {
            throw decoder.parameterError("expected a number in (0, 1], found \(safety)", field: "safety")
        }
        let fast = try container.decodeIfPresent(TimeSpan.self, forKey: .fastHalfLife) ?? TimeSpan(seconds: 3)
        let slow = try container.decodeIfPresent(TimeSpan.self, forKey: .slowHalfLife) ?? TimeSpan(seconds: 8)
        for (field, value) in [("fast_half_life", fast), ("slow_half_life", slow)] where !(value.seconds > 0 && value.seconds <= 3_600) {
            throw decoder.parameterError("expected a duration in (0 s, 1 h], found \(value)", field: field)
        }
        self.init(estimator: estimator, window: window, safety: safety, fastHalfLife: fast, slowHalfLife: slow)
    }

    public mutating func start(_ stream: ABRStream) {
        self.stream = stream
        recent.removeAll()
        fast = 0
        slow = 0
        weight = 0
    }

    /// The throughput estimate in bits per second; nil before the first download.
    public var estimate: Double? {
        switch estimator {
        case .harmonic:
            return recent.harmonicMean
        case .ewma:
            guard weight > 0 else { return nil }
            // Both averages start from zero: divide by the weight they have gathered (Sabre's zero correction).
            let fastEstimate = fast / (1 - Self.decay(weight, halfLife: fastHalfLife.seconds))
            let slowEstimate = slow / (1 - Self.decay(weight, halfLife: slowHalfLife.seconds))
            return min(fastEstimate, slowEstimate)
        }
    }

    public mutating func decide(_ state: PlayerState) -> ABRDecision {
        guard let stream, let estimate else { return ABRDecision(rung: 0) }
        return ABRDecision(rung: stream.highestRung(atMost: safety * estimate))
    }

    public mutating func observe(_ download: SegmentDownload) {
        let throughput = download.throughput
        recent.add(throughput)
        let fastKeep = Self.decay(download.seconds, halfLife: fastHalfLife.seconds)
        let slowKeep = Self.decay(download.seconds, halfLife: slowHalfLife.seconds)
        fast = fastKeep * fast + (1 - fastKeep) * throughput
        slow = slowKeep * slow + (1 - slowKeep) * throughput
        weight += download.seconds
    }

    /// The share an average keeps over `seconds` of download time: 0.5^(seconds / half-life).
    private static func decay(_ seconds: Double, halfLife: Double) -> Double { exp2(-seconds / halfLife) }
}
