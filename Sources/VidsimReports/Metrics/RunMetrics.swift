import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// One declared figure as a run measured it: every replication's value, in replication order, and their
/// mean with its 95% confidence interval.
public struct MeasuredFigure: Sendable {
    public let declaration: FigureDeclaration
    public let values: [Double]
    public let estimate: Estimate

    public var key: String { declaration.key }
    public var unit: FigureUnit { declaration.unit }
    public var mean: Double { estimate.mean }

    /// "8.905 PB/day ± 0.033 PB": the mean, and the interval's half-width when there is one, written alike.
    public var formatted: String { declaration.unit.format(estimate.mean, halfWidth: estimate.halfWidth) }
}

/// A sampled series: the sample times and each replication's values (as many samples as the shortest run).
public struct MeasuredSeries: Sendable {
    public let declaration: SeriesDeclaration
    /// values[replication][sample]
    public let values: [[Double]]
    /// The mean over replications at each sample time.
    public let means: [Double]
}

/// Everything a run measured, in one place: the pipeline every report writer reads.
///
/// Figures come from what the model measured in each replication (and from the prices applied to it), never
/// re-derived from the scenario; the scenario contributes only what was simulated (its settings).
public struct RunMetrics: Sendable {
    public let scenario: Scenario
    public let replications: Int
    /// The figures that apply to this scenario, in declaration order.
    public let figures: [MeasuredFigure]
    /// Every declared figure, those that do not apply included (the model measured them all: spot
    /// interruptions are zero without spot): what a comparison with a variant that has them needs. A family of
    /// figures counts once per member this scenario names (its delivery regions).
    public let everyFigure: [MeasuredFigure]
    public let sampleTimes: [Double]
    /// The series that apply to this scenario, in declaration order.
    public let series: [MeasuredSeries]
    /// Storage month by month from the mean daily ingest over replications.
    public let months: [StorageGrowth.Month]?
    /// The metadata load from the mean upload rates over replications.
    public let metadata: MetadataLoad?
    public let eventsTotal: Int
    /// The players' distributions, every replication's sessions together (for the report's charts); nil
    /// without players.
    public let playerDistributions: PlayerStatistics.Distributions?
    /// One session's segment log from the first replication (the first session to start after the warm-up),
    /// and its device's name; nil without players.
    public let playerSample: (device: String, records: [SegmentRecord])?
    private let index: [String: Int]

    public init(scenario: Scenario, results: [ContentPathResult]) {
        self.init(scenario: scenario, measurements: results.enumerated().map {
            ReplicationMeasurement(result: $1, scenario: scenario, replication: $0)
        })
    }

    /// The metrics of replications measured one by one (in replication order), in this process or read back from
    /// shards' partial results: the same figures either way.
    public init(scenario: Scenario, measurements: [ReplicationMeasurement]) {
        precondition(!measurements.isEmpty, "a run has at least one replication")
        self.scenario = scenario
        replications = measurements.count
        // A family of figures (one per delivery region) becomes one figure per member this scenario names.
        everyFigure = ContentPathFigures.all.flatMap { $0.declarations(for: scenario) }.enumerated().map { index, declaration in
            let values = measurements.map { $0.figures[index] }
            return MeasuredFigure(declaration: declaration, values: values, estimate: Estimate(values))
        }
        figures = everyFigure.filter { $0.declaration.applies(scenario) }
        index = Dictionary(uniqueKeysWithValues: figures.enumerated().map { ($1.key, $0) })
        let samples = measurements.map(\.sampleTimes.count).min() ?? 0
        sampleTimes = Array(measurements[0].sampleTimes.prefix(samples))
        series = ContentPathSeries.declarations(for: scenario).enumerated().map { index, declaration in
            let values = measurements.map { Array($0.series[index].prefix(samples)) }
            let means = (0..<samples).map { sample in values.reduce(0) { $0 + $1[sample] } / Double(values.count) }
            return MeasuredSeries(declaration: declaration, values: values, means: means)
        }
        let meanRaw = Estimate(measurements.map(\.rawBytesPerDay)).mean
        let meanRenditions = Estimate(measurements.map(\.renditionBytesPerDay)).mean
        months = scenario.storage.map {
            StorageGrowth(settings: $0, rawBytesPerDay: meanRaw, renditionBytesPerDay: meanRenditions).months()
        }
        metadata = scenario.metadata.map { settings in
            MetadataLoad(settings: settings,
                         meanUploadsPerSecond: Estimate(measurements.map(\.uploadsPerSecond)).mean,
                         peakUploadsPerSecond: Estimate(measurements.map(\.peakUploadsPerSecond)).mean,
                         viewShapePeak: RateProfile(diurnal: scenario.uploads.profile.diurnal,
                                                    weekly: scenario.uploads.profile.weekly, bursts: []).maximum)
        }
        eventsTotal = measurements.reduce(0) { $0 + $1.events }
        let players = measurements.compactMap(\.players)
        if var merged = players.first {
            for other in players.dropFirst() { merged.merge(other) }
            playerDistributions = merged
            let names = scenario.delivery?.players?.devices.map(\.name) ?? []
            playerSample = measurements[0].playerSample.map { sample in
                (names.indices.contains(sample.device) ? names[sample.device] : "", sample.records)
            }
        } else {
            playerDistributions = nil
            playerSample = nil
        }
    }

    /// Warnings a reader must see beside the daily figures: a fleet or an ingest tier that did not keep up, so
    /// that what creators offered (the steady-state figures) is not what the platform published by the horizon.
    public var warnings: [String] {
        var warnings: [String] = []
        if let waiting = self["transcode.tasks_waiting_at_end"]?.mean, let done = self["transcode.tasks_completed"]?.mean,
           waiting > 0.01 * max(done, 1) {
            let tasks = significant(waiting, digits: 4)
            warnings.append("the transcode fleet did not keep up: \(counted(tasks, "task")) \(isExactlyOne(tasks) ? "was" : "were") still waiting at the horizon (\(String(format: "%.1f%%", waiting / max(done, 1) * 100)) of those completed); latencies count only what was published, and the daily figures count uploads offered, not published")
        }
        if let waiting = self["work.jobs_waiting_at_end"]?.mean, waiting >= 1 {
            let finished = WorkFigures.classes.members(of: scenario).reduce(0.0) { sum, member in
                sum + (self["work.class.\(member.key).completed_per_second"]?.mean ?? 0)
            } * (scenario.run.horizon.seconds - scenario.run.warmUp.seconds)
            if waiting > 0.01 * max(finished, 1) {
                let jobs = significant(waiting, digits: 4)
                warnings.append("a work pool did not keep up: \(counted(jobs, "job")) \(isExactlyOne(jobs) ? "was" : "were") still waiting at the horizon (\(String(format: "%.1f%%", waiting / max(finished, 1) * 100)) of those finished); the classes' waits and latencies count only the jobs started and finished (work.class.<work_class>.waiting_at_end says which class)")
            }
        }
        if let ingest = series("uploads_waiting_for_ingest")?.means.last, ingest >= 1 {
            let uploads = significant(ingest, digits: 4)
            warnings.append("the ingest tier did not keep up: \(counted(uploads, "upload")) \(isExactlyOne(uploads) ? "was" : "were") waiting for it at the last sample; the daily figures count uploads offered, not received")
        }
        return warnings
    }

    /// The figure declared under `key`, if the scenario produces it.
    public subscript(key: String) -> MeasuredFigure? { index[key].map { figures[$0] } }

    /// The series declared under `key`.
    public func series(_ key: String) -> MeasuredSeries? { series.first { $0.declaration.key == key } }
}
