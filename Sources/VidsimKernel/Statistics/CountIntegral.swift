import VidsimUnits

/// A count that changes over time (a pool's busy workers) and its integral from the start, never reset: the
/// average over any period (an autoscaler's evaluation interval) and the mean since the warm-up both come from
/// it, and a change costs a multiplication and two additions, with no time-weighted update per task.
public struct CountIntegral: Sendable {
    /// The count now; it changes only through `set(_:at:)`.
    @inlinable public var count: Int { current }
    @usableFromInline var current = 0
    @usableFromInline var area = 0.0
    @usableFromInline var updated = 0.0
    private var atReset = (time: 0.0, area: 0.0)

    public init() {}

    /// The count's integral (count-seconds) from the start to `time`.
    @inlinable
    public func integral(at time: TimeSpan) -> Double { area + Double(count) * (time.seconds - updated) }

    /// The count is `newCount` from `time` on. Every change goes through here, so the integral stays exact.
    @inlinable
    public mutating func set(_ newCount: Int, at time: TimeSpan) {
        area += Double(count) * (time.seconds - updated)
        updated = time.seconds
        current = newCount
    }

    /// The mean count since the last reset (the count itself when no time has passed).
    public func mean(at time: TimeSpan) -> Double {
        let elapsed = time.seconds - atReset.time
        return elapsed > 0 ? (integral(at: time) - atReset.area) / elapsed : Double(count)
    }

    /// The mean counts from `time` on (the end of the warm-up).
    public mutating func reset(at time: TimeSpan) { atReset = (time.seconds, integral(at: time)) }
}
