import VidsimUnits

/// The time-weighted mean of a piecewise-constant quantity: utilisation, queue length, fleet size.
///
/// Each change of value closes the interval the previous value held for; `reset(at:)` discards the area
/// accumulated so far (the end of warm-up) but keeps the current value.
public struct TimeWeightedAverage: Sendable {
    public private(set) var value: Double
    public private(set) var maximum: Double
    private var lastChange: Double
    private var start: Double
    private var area = 0.0

    public init(initialValue: Double = 0, at time: TimeSpan = .zero) {
        value = initialValue
        maximum = initialValue
        lastChange = time.seconds
        start = time.seconds
    }

    /// Sets the quantity to `newValue` from `time` on.
    public mutating func update(to newValue: Double, at time: TimeSpan) {
        accumulate(to: time.seconds)
        value = newValue
        if newValue > maximum { maximum = newValue }
    }

    private mutating func accumulate(to time: Double) {
        area += value * (time - lastChange)
        lastChange = time
    }

    /// Forgets everything before `time`.
    public mutating func reset(at time: TimeSpan) {
        area = 0
        lastChange = time.seconds
        start = time.seconds
        maximum = value
    }

    /// The mean from the last reset up to `time`.
    public func mean(at time: TimeSpan) -> Double {
        let elapsed = time.seconds - start
        guard elapsed > 0 else { return value }
        return (area + value * (time.seconds - lastChange)) / elapsed
    }
}
