import VidsimKernel
import VidsimModels
import VidsimScenario

/// What one replication measured, as the reports read it: every declared figure's value, the sampled series,
/// and the few values the storage, metadata and players' sections add up over replications. A run's metrics are
/// made of these, one per replication. A shard of a run writes them to its partial result and `vidsim merge`
/// reads them back, so the merged report is the one a single process writes.
public struct ReplicationMeasurement: Sendable, Codable {
    /// The players' segment log kept for the report's buffer chart, and the index of its device.
    public struct PlayerSample: Sendable, Codable {
        public var device: Int
        public var records: [SegmentRecord]
    }

    /// The value of every figure declared for the scenario (`ContentPathFigures`, families expanded), in order.
    public var figures: [Double]
    public var sampleTimes: [Double]
    /// The samples of each series that applies to the scenario, in declaration order.
    public var series: [[Double]]
    /// The daily ingest the months ahead grow from (steady-state or cold-start, as the scenario counts).
    public var rawBytesPerDay: Double
    public var renditionBytesPerDay: Double
    /// Uploads reaching the platform per second, on average and in the busiest sample interval.
    public var uploadsPerSecond: Double
    public var peakUploadsPerSecond: Double
    public var events: Int
    /// Every session's distributions (all devices), when the scenario has players.
    public var players: PlayerStatistics.Distributions?
    /// Kept from replication 0 only: the report charts the first replication's sample.
    public var playerSample: PlayerSample?

    /// Replication `replication`'s result, measured as `scenario`'s report reads it.
    public init(result: ContentPathResult, scenario: Scenario, replication: Int) {
        let view = ReplicationView(result: result, scenario: scenario, derived: DerivedFigures(result: result, scenario: scenario))
        figures = ContentPathFigures.all.flatMap { $0.declarations(for: scenario) }.map { $0.value(view) }
        sampleTimes = result.sampleTimes
        series = ContentPathSeries.declarations(for: scenario).map { $0.values(result) }
        rawBytesPerDay = view.derived.rawBytesPerDay
        renditionBytesPerDay = view.derived.renditionBytesPerDay
        uploadsPerSecond = Double(result.uploads) / result.observedSeconds
        peakUploadsPerSecond = result.peakUploadsPerSecond
        events = result.events
        let statistics = result.delivery?.statistics.players
        players = statistics.map { $0.distributions[$0.devices] }
        playerSample = statistics.flatMap { replication == 0 && !$0.sample.isEmpty ? PlayerSample(device: $0.sampleDevice, records: $0.sample) : nil }
    }

    /// The keys of the figures a measurement of `scenario` holds, in order (families expanded).
    public static func figureKeys(for scenario: Scenario) -> [String] {
        ContentPathFigures.all.flatMap { $0.declarations(for: scenario) }.map(\.key)
    }

    /// The keys of the series a measurement of `scenario` holds, in order.
    public static func seriesKeys(for scenario: Scenario) -> [String] {
        ContentPathSeries.declarations(for: scenario).map(\.key)
    }

    /// The most events one replication may count: a day of simulation at ten million events a second, a
    /// thousand times over; ten thousand replications of it still add up within an Int.
    public static let mostEvents = 1 << 50

    /// Why this measurement, read from a file, cannot be one of `scenario`'s replications; nil when it can.
    /// Figures may be NaN (a figure with nothing to measure); the values the report adds up must be numbers.
    public func mismatch(with scenario: Scenario) -> String? {
        let figureCount = Self.figureKeys(for: scenario).count, seriesCount = Self.seriesKeys(for: scenario).count
        if figures.count != figureCount { return "\(figures.count) figures, where the scenario declares \(figureCount)" }
        if series.count != seriesCount { return "\(series.count) series, where the scenario samples \(seriesCount)" }
        if series.contains(where: { $0.count != sampleTimes.count }) { return "series of other lengths than its \(sampleTimes.count) sample times" }
        if (players != nil) != (scenario.delivery?.players != nil) { return players == nil ? "no players' distributions" : "players' distributions the scenario has no players for" }
        if let players, !players.hasStandardBins { return "players' distributions of other bins than this vidsim's" }
        if !(0...Self.mostEvents).contains(events) { return "\(events) events, where a replication counts 0 to \(Self.mostEvents)" }
        for (name, value) in [("rawBytesPerDay", rawBytesPerDay), ("renditionBytesPerDay", renditionBytesPerDay),
                              ("uploadsPerSecond", uploadsPerSecond), ("peakUploadsPerSecond", peakUploadsPerSecond)]
            where !(value.isFinite && value >= 0 && value <= 1e30) {
            return "\(name) \(value), where a run measures a number from 0 to 1e30"
        }
        if figures.contains(where: { $0.isInfinite || abs($0) > 1e200 }) || sampleTimes.contains(where: { !$0.isFinite })
            || series.contains(where: { $0.contains { $0.isInfinite || abs($0) > 1e200 } }) {
            return "a value beyond what a run measures (infinite, or above 1e200)"
        }
        if let sample = playerSample, !(scenario.delivery?.players?.devices.indices.contains(sample.device) ?? false) {
            return "a segment log of device \(sample.device), which the scenario does not have"
        }
        return nil
    }
}

extension RunMetrics {
    /// Runs every replication of `scenario` on `threads` threads and measures each as it ends, so that its whole
    /// result (caches' and players' statistics) is let go at once: memory grows with the measurements only. The
    /// same metrics for any `threads`.
    public static func run(_ scenario: Scenario, threads: Int, progress: RunProgress? = nil) throws -> RunMetrics {
        let measurements = try Replications.run(count: scenario.run.replications, threads: threads) { replication in
            ReplicationMeasurement(result: try ContentPathSimulation.simulate(scenario, replication: replication, progress: progress),
                                   scenario: scenario, replication: replication)
        }
        return RunMetrics(scenario: scenario, measurements: measurements)
    }
}
