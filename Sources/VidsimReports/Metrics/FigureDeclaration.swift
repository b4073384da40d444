import VidsimModels
import VidsimScenario

/// One figure a run reports, declared once: its key, what people call it, its unit, what it means, and how
/// one replication's value is read. Every writer (report.json, report.md, report.csv, report.html and
/// `vidsim compare`) reads figures from the declarations, never from a hand-written copy.
public struct FigureDeclaration: Sendable {
    /// A stable dotted key: report.json's path to the figure and report.csv's `figure` column
    /// ("transcode.time_to_publish.p95").
    public let key: String
    /// What people call it ("time to publish, p95").
    public let label: String
    public let unit: FigureUnit
    /// One sentence: what the figure measures, from when to when, in which units.
    public let description: String
    /// Whether the scenario produces the figure at all (upload-transfer figures need a transfer model).
    let applies: @Sendable (Scenario) -> Bool
    /// One replication's value.
    let value: @Sendable (ReplicationView) -> Double

    init(_ key: String, _ label: String, _ unit: FigureUnit, _ description: String,
         applies: @escaping @Sendable (Scenario) -> Bool = { _ in true },
         value: @escaping @Sendable (ReplicationView) -> Double) {
        self.key = key
        self.label = label
        self.unit = unit
        self.description = description
        self.applies = applies
        self.value = value
    }
}

/// What a figure's value is read from: one replication's result, its scenario, and what is derived from both
/// (storage growth, metadata load), computed once per replication.
public struct ReplicationView: Sendable {
    public let result: ContentPathResult
    public let scenario: Scenario
    public let derived: DerivedFigures
}

/// The figures of one replication that need more than its result: storage over the months ahead from its daily
/// ingest, the metadata database's load from its upload rates, and the prices applied to its traffic.
public struct DerivedFigures: Sendable {
    public let months: [StorageGrowth.Month]?
    public let metadata: MetadataLoad?
    /// Bytes the platform received from creators per day (sent, with retries; the files' size without a
    /// transfer model).
    public let receivedBytesPerDay: Double
    public let ingestCostPerDay: Double
    public let rawBytesPerDay: Double
    public let renditionBytesPerDay: Double
    public let contentHoursPerDay: Double

    init(result: ContentPathResult, scenario: Scenario) {
        let steady = scenario.run.dailyFigures == .steadyState
        rawBytesPerDay = steady ? result.rawBytesStartedPerDay : result.rawBytesPerDay
        renditionBytesPerDay = steady ? result.renditionBytesStartedPerDay : result.renditionBytesPerDay
        contentHoursPerDay = steady ? result.contentHoursStartedPerDay : result.contentHoursPerDay
        receivedBytesPerDay = result.bytesSentPerDay > 0 ? result.bytesSentPerDay : result.rawBytesPerDay
        ingestCostPerDay = receivedBytesPerDay * (scenario.ingestPrice?.dollarsPerBaseUnit ?? 0)
        months = scenario.storage.map { [rawBytesPerDay, renditionBytesPerDay] settings in
            StorageGrowth(settings: settings, rawBytesPerDay: rawBytesPerDay, renditionBytesPerDay: renditionBytesPerDay)
                .months()
        }
        metadata = scenario.metadata.map { settings in
            MetadataLoad(settings: settings,
                         meanUploadsPerSecond: Double(result.uploads) / result.observedSeconds,
                         peakUploadsPerSecond: result.peakUploadsPerSecond,
                         viewShapePeak: RateProfile(diurnal: scenario.uploads.profile.diurnal,
                                                    weekly: scenario.uploads.profile.weekly, bursts: []).maximum)
        }
    }
}
