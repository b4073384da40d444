/// The last few throughput samples of a session, for the estimators ABR algorithms use.
///
/// A ring of fixed capacity: adding a sample past the capacity forgets the oldest.
public struct ThroughputWindow: Sendable {
    private var samples: [Double]
    private var next = 0
    /// Samples held, at most the capacity.
    public private(set) var count = 0

    public init(capacity: Int) {
        precondition(capacity >= 1, "a window holds at least one sample")
        samples = [Double](repeating: 0, count: capacity)
    }

    public var capacity: Int { samples.count }

    public mutating func add(_ sample: Double) {
        samples[next] = sample
        next = next + 1 == samples.count ? 0 : next + 1
        count = min(count + 1, samples.count)
    }

    public mutating func removeAll() {
        next = 0
        count = 0
    }

    /// The most recent sample.
    public var last: Double? { count == 0 ? nil : samples[(next + samples.count - 1) % samples.count] }

    /// The harmonic mean of the samples held: n / sum(1 / x). Throughputs average harmonically because a
    /// segment's download time is its size divided by the throughput (Jiang et al., FESTIVE, CoNEXT'12).
    public var harmonicMean: Double? {
        guard count > 0 else { return nil }
        var inverse = 0.0
        for index in 0..<count { inverse += 1 / samples[index] }
        return Double(count) / inverse
    }

    /// The largest sample held.
    public var maximum: Double? {
        guard count > 0 else { return nil }
        var largest = samples[0]
        for index in 1..<count { largest = max(largest, samples[index]) }
        return largest
    }
}
