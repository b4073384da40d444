import VidsimUnits

/// A quantity sampled at a fixed interval of simulated time (queue length each hour, say).
public struct TimeSeries: Sendable {
    public let name: String
    public let interval: TimeSpan
    public private(set) var times: [TimeSpan] = []
    public private(set) var values: [Double] = []

    public init(name: String, interval: TimeSpan) {
        self.name = name
        self.interval = interval
    }

    public mutating func append(_ value: Double, at time: TimeSpan) {
        times.append(time)
        values.append(value)
    }

    public mutating func removeAll() {
        times.removeAll()
        values.removeAll()
    }
}
