import Histogram
import VidsimUnits

/// A distribution of latencies (waits, times to publish): exact count, mean and maximum, and percentiles from
/// an HdrHistogram at microsecond resolution with three significant digits (relative error at most 0.1%).
public struct LatencyRecorder: Sendable {
    private var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    /// Zero latencies (a task that found a worker free), counted apart: they are most of a well-sized fleet's
    /// waits, and the histogram need not see them.
    @usableFromInline var zeros = 0
    /// Latencies recorded.
    public var count: Int { recorded }
    @usableFromInline var recorded = 0
    private var sum = 0.0
    public private(set) var maximum = TimeSpan.zero

    public init() {
        histogram.autoResize = true
    }

    /// Records one latency (negative ones as zero). Inlined where it is called: a zero, the usual case, costs two
    /// additions.
    @inlinable
    public mutating func record(_ latency: TimeSpan) {
        recorded &+= 1
        guard latency.seconds > 0 else {
            zeros &+= 1
            return
        }
        recordPositive(latency.seconds)
    }

    @usableFromInline
    mutating func recordPositive(_ seconds: Double) {
        _ = histogram.record(UInt64(seconds * 1e6 + 0.5))  // round to the microsecond without a libm call
        sum += seconds
        if seconds > maximum.seconds { maximum = TimeSpan(seconds: seconds) }
    }

    public mutating func reset() {
        self = LatencyRecorder()
    }

    /// The exact mean of what was recorded (zero when nothing was).
    public var mean: TimeSpan { TimeSpan(seconds: count > 0 ? sum / Double(count) : 0) }

    /// The latency at `percentile` (0...100): zero if that rank falls among the zeros, else the histogram's
    /// value at the same rank among the rest.
    public func percentile(_ percentile: Double) -> TimeSpan {
        guard count > 0 else { return .zero }
        let rank = percentile / 100 * Double(count)
        let others = count - zeros
        guard rank > Double(zeros), others > 0 else { return .zero }
        let among = Swift.min((rank - Double(zeros)) / Double(others) * 100, 100)
        return TimeSpan(seconds: Double(histogram.valueAtPercentile(among)) / 1e6)
    }

    /// The percentiles reports show: p50, p90, p95, p99, and the maximum.
    public var summary: LatencySummary {
        LatencySummary(
            mean: mean, p50: percentile(50), p90: percentile(90), p95: percentile(95), p99: percentile(99),
            max: maximum, count: count)
    }
}

/// The figures a report gives for one latency distribution.
public struct LatencySummary: Sendable, Equatable {
    public var mean, p50, p90, p95, p99, max: TimeSpan
    public var count: Int
}
