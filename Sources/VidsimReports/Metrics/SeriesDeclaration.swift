import VidsimModels
import VidsimScenario

/// A time series a run samples every `run.sample_interval`, declared once like a figure.
public struct SeriesDeclaration: Sendable {
    /// report.json's key under time_series.means, and report.csv's `series` column.
    public let key: String
    public let label: String
    public let unit: FigureUnit
    /// One sentence: what a sample is (the state at its time, or the interval it ends), and what an empty or
    /// unobserved one holds.
    public let description: String
    /// Whether the scenario produces the series at all (the delivery side's need `delivery:`).
    let applies: @Sendable (Scenario) -> Bool
    /// One replication's samples, one per sample time of its result.
    let values: @Sendable (ContentPathResult) -> [Double]

    init(key: String, label: String, unit: FigureUnit, description: String,
         applies: @escaping @Sendable (Scenario) -> Bool = { _ in true },
         values: @escaping @Sendable (ContentPathResult) -> [Double]) {
        self.key = key
        self.label = label
        self.unit = unit
        self.description = description
        self.applies = applies
        self.values = values
    }
}

/// Every time series of a run: the content path's, then the delivery side's.
public enum ContentPathSeries {
    public static let all: [SeriesDeclaration] = contentPath + DeliverySeries.all

    /// The fleet and the queues, as they stood at each sample time.
    static let contentPath: [SeriesDeclaration] = [
        SeriesDeclaration(key: "alive_workers", label: "workers alive", unit: .count("workers"),
                          description: "Workers alive (starting, idle or busy) at the sample time.") { $0.aliveWorkers },
        SeriesDeclaration(key: "busy_workers", label: "busy workers", unit: .count("workers"),
                          description: "Workers transcoding at the sample time.") { $0.busyWorkers },
        SeriesDeclaration(key: "tasks_waiting", label: "tasks waiting", unit: .count("tasks"),
                          description: "Tasks queued for a worker at the sample time.") { $0.tasksWaiting },
        SeriesDeclaration(key: "backlog_seconds", label: "backlog", unit: .count("worker-seconds"),
                          description: "Queued work in worker-seconds at the sample time.") { $0.backlogSeconds },
        SeriesDeclaration(key: "uploads_waiting_for_ingest", label: "uploads waiting for ingest", unit: .count("uploads"),
                          description: "Uploads waiting for the ingest tier at the sample time (zero without "
                              + "uploads.ingest_capacity).") { $0.uploadsWaitingForIngest },
    ]
}
