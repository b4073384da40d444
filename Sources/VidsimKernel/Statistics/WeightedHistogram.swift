import Foundation

/// A histogram of weighted observations in fixed bins, for quantiles of figures whose observations each stand
/// for many (a sampled session stands for 1/R sessions).
///
/// Bins are equal on a linear scale (for values with a natural range, such as a ratio in [0, 1]) or on a
/// logarithmic one (for values spanning decades, such as a startup delay of 10 ms to 10 min); values outside
/// (lowest, highest] fall in the last bin; values at or below `lowest` (a rebuffer ratio of exactly zero) are
/// kept apart, and a quantile that falls among them is the largest of them, exactly. Otherwise a quantile is
/// interpolated linearly within its bin, so its error is at most one bin's width: 0.1% of the range linearly,
/// 1.2% of the value with 200 bins a decade.
public struct WeightedHistogram: Sendable, Equatable {
    public enum Scale: Sendable, Equatable { case linear, logarithmic }

    public let lowest: Double
    public let highest: Double
    public let scale: Scale
    public private(set) var weights: [Double]
    public private(set) var total = 0.0
    /// The largest value added (exact, not binned); 0 when empty.
    public private(set) var maximum = 0.0
    /// Weight at or below `lowest`, and the largest value among it.
    public private(set) var underflow = 0.0
    private var underflowMaximum = -Double.infinity
    private let low: Double
    private let width: Double

    public init(lowest: Double, highest: Double, bins: Int, scale: Scale) {
        precondition(highest > lowest && bins >= 1 && (scale == .linear || lowest > 0), "a range to bin")
        self.lowest = lowest
        self.highest = highest
        self.scale = scale
        weights = [Double](repeating: 0, count: bins)
        low = scale == .linear ? lowest : log(lowest)
        width = ((scale == .linear ? highest : log(highest)) - low) / Double(bins)
    }

    /// Adds an observation of `value` standing for `weight`.
    public mutating func add(_ value: Double, weight: Double = 1) {
        guard value.isFinite, weight > 0, weight.isFinite else { return }
        maximum = total == 0 ? value : max(maximum, value)
        total += weight
        if value <= lowest {
            underflow += weight
            underflowMaximum = max(underflowMaximum, value)
            return
        }
        let position = scale == .linear ? value : log(max(value, Double.leastNormalMagnitude))
        let bin = min(max(Int(((position - low) / width).rounded(.down)), 0), weights.count - 1)
        weights[bin] += weight
    }

    /// Both histograms' observations (of the same bins).
    public mutating func merge(_ other: WeightedHistogram) {
        precondition(other.weights.count == weights.count && other.lowest == lowest && other.highest == highest, "the same bins")
        for index in weights.indices { weights[index] += other.weights[index] }
        if other.total > 0 { maximum = total == 0 ? other.maximum : max(maximum, other.maximum) }
        total += other.total
        underflow += other.underflow
        underflowMaximum = max(underflowMaximum, other.underflowMaximum)
    }

    public mutating func reset() {
        for index in weights.indices { weights[index] = 0 }
        total = 0
        maximum = 0
        underflow = 0
        underflowMaximum = -.infinity
    }

    /// The value below which a share `q` (in [0, 1]) of the weight lies; 0 when empty.
    public func quantile(_ q: Double) -> Double {
        guard total > 0 else { return 0 }
        let target = min(max(q, 0), 1) * total
        if underflow > 0 && target <= underflow { return underflowMaximum }
        var below = underflow
        for (bin, weight) in weights.enumerated() where weight > 0 {
            if below + weight >= target {
                let within = (target - below) / weight
                let position = low + (Double(bin) + within) * width
                return scale == .linear ? position : exp(position)
            }
            below += weight
        }
        return highest
    }
}

/// A histogram written to disk (a shard's partial result) and read back the same, bit for bit: the bins with
/// weight only, as [bin, weight] pairs, since most of a fine histogram's bins are empty. A file whose bins
/// cannot be this histogram's (out of range, a range that is not one) is a decoding error, never a trap.
extension WeightedHistogram: Codable {
    private enum Keys: String, CodingKey {
        case lowest, highest, bins, scale, total, maximum, underflow
        case underflowMaximum = "underflow_maximum", weights
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let lowest = try container.decode(Double.self, forKey: .lowest), highest = try container.decode(Double.self, forKey: .highest)
        let bins = try container.decode(Int.self, forKey: .bins)
        let scale = try container.decode(String.self, forKey: .scale)
        let logarithmic = scale == "logarithmic"
        guard logarithmic || scale == "linear" else {
            throw DecodingError.dataCorruptedError(forKey: .scale, in: container, debugDescription: "expected a scale of linear or logarithmic, found '\(scale)'")
        }
        guard lowest.isFinite, highest.isFinite, highest > lowest, (1...100_000).contains(bins), !logarithmic || lowest > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .bins, in: container, debugDescription: "not a histogram's range and bins")
        }
        self.init(lowest: lowest, highest: highest, bins: bins, scale: logarithmic ? .logarithmic : .linear)
        total = try container.decode(Double.self, forKey: .total)
        maximum = try container.decode(Double.self, forKey: .maximum)
        underflow = try container.decode(Double.self, forKey: .underflow)
        underflowMaximum = try container.decode(Double.self, forKey: .underflowMaximum)
        guard total.isFinite, total >= 0, underflow.isFinite, underflow >= 0, !maximum.isNaN, !underflowMaximum.isNaN else {
            throw DecodingError.dataCorruptedError(forKey: .total, in: container, debugDescription: "expected weights that are numbers, 0 or more")
        }
        for pair in try container.decode([[Double]].self, forKey: .weights) {
            guard pair.count == 2, let bin = Int(exactly: pair[0]), weights.indices.contains(bin), pair[1].isFinite, pair[1] >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .weights, in: container,
                                                       debugDescription: "expected [bin, weight] pairs with bins from 0 to \(bins - 1) and weights of 0 or more")
            }
            weights[bin] = pair[1]
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(lowest, forKey: .lowest)
        try container.encode(highest, forKey: .highest)
        try container.encode(weights.count, forKey: .bins)
        try container.encode(scale == .linear ? "linear" : "logarithmic", forKey: .scale)
        try container.encode(total, forKey: .total)
        try container.encode(maximum, forKey: .maximum)
        try container.encode(underflow, forKey: .underflow)
        try container.encode(underflowMaximum, forKey: .underflowMaximum)
        try container.encode(weights.indices.filter { weights[$0] != 0 }.map { [Double($0), weights[$0]] }, forKey: .weights)
    }

    /// Whether `other` has these bins (so that the two merge).
    public func hasSameBins(as other: WeightedHistogram) -> Bool {
        weights.count == other.weights.count && lowest == other.lowest && highest == other.highest && scale == other.scale
    }
}
