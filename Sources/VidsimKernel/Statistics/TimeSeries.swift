import VidsimUnits

/// Quantities sampled together at a fixed interval of simulated time: one time axis, one column per quantity
/// (workers alive, tasks waiting, backlog, ... each hour).
public struct TimeSeries: Sendable {
    public let interval: TimeSpan
    public let columns: [String]
    public private(set) var times: [Double] = []
    private var values: [[Double]]

    public init(interval: TimeSpan, columns: [String]) {
        self.interval = interval
        self.columns = columns
        values = Array(repeating: [], count: columns.count)
    }

    /// Appends one sample of every column, in column order.
    public mutating func append(at time: TimeSpan, _ row: [Double]) {
        precondition(row.count == columns.count, "a sample needs one value per column")
        times.append(time.seconds)
        for index in row.indices { values[index].append(row[index]) }
    }

    /// A column's samples, in time order.
    public func column(_ name: String) -> [Double] {
        guard let index = columns.firstIndex(of: name) else { preconditionFailure("no column named \(name)") }
        return values[index]
    }

    public mutating func removeAll() {
        times.removeAll()
        for index in values.indices { values[index].removeAll() }
    }
}
