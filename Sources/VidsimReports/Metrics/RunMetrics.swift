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

    /// "8.905 PB/day ± 33 TB": the mean, and the interval's half-width when there is one.
    public var formatted: String {
        let mean = declaration.unit.format(estimate.mean)
        guard let half = estimate.halfWidth, half > 0, half.isFinite else { return mean }
        return "\(mean) ± \(declaration.unit.format(half).replacingOccurrences(of: declaration.unit.suffix, with: ""))"
    }
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
    public let sampleTimes: [Double]
    public let series: [MeasuredSeries]
    /// Storage month by month from the mean daily ingest over replications.
    public let months: [StorageGrowth.Month]?
    /// The metadata load from the mean upload rates over replications.
    public let metadata: MetadataLoad?
    public let eventsTotal: Int
    private let index: [String: Int]

    public init(scenario: Scenario, results: [ContentPathResult]) {
        precondition(!results.isEmpty, "a run has at least one replication")
        self.scenario = scenario
        replications = results.count
        let views = results.map {
            ReplicationView(result: $0, scenario: scenario, derived: DerivedFigures(result: $0, scenario: scenario))
        }
        figures = ContentPathFigures.all.filter { $0.applies(scenario) }.map { declaration in
            let values = views.map(declaration.value)
            return MeasuredFigure(declaration: declaration, values: values, estimate: Estimate(values))
        }
        index = Dictionary(uniqueKeysWithValues: figures.enumerated().map { ($1.key, $0) })
        let samples = results.map(\.sampleTimes.count).min() ?? 0
        sampleTimes = Array(results[0].sampleTimes.prefix(samples))
        series = ContentPathSeries.all.map { declaration in
            let values = results.map { Array(declaration.values($0).prefix(samples)) }
            let means = (0..<samples).map { sample in values.reduce(0) { $0 + $1[sample] } / Double(values.count) }
            return MeasuredSeries(declaration: declaration, values: values, means: means)
        }
        let meanRaw = Estimate(views.map(\.derived.rawBytesPerDay)).mean
        let meanRenditions = Estimate(views.map(\.derived.renditionBytesPerDay)).mean
        months = scenario.storage.map {
            StorageGrowth(settings: $0, rawBytesPerDay: meanRaw, renditionBytesPerDay: meanRenditions).months()
        }
        metadata = scenario.metadata.map { settings in
            MetadataLoad(settings: settings,
                         meanUploadsPerSecond: Estimate(results.map { Double($0.uploads) / $0.observedSeconds }).mean,
                         peakUploadsPerSecond: Estimate(results.map(\.peakUploadsPerSecond)).mean,
                         viewShapePeak: RateProfile(diurnal: scenario.uploads.profile.diurnal,
                                                    weekly: scenario.uploads.profile.weekly, bursts: []).maximum)
        }
        eventsTotal = results.reduce(0) { $0 + $1.events }
    }

    /// The figure declared under `key`, if the scenario produces it.
    public subscript(key: String) -> MeasuredFigure? { index[key].map { figures[$0] } }

    /// The series declared under `key`.
    public func series(_ key: String) -> MeasuredSeries? { series.first { $0.declaration.key == key } }
}
