import VidsimModels

/// A time series a run samples every `run.sample_interval`, declared once like a figure.
public struct SeriesDeclaration: Sendable {
    /// report.json's key under time_series.columns, and report.csv's `series` column.
    public let key: String
    public let label: String
    public let unit: FigureUnit
    let values: @Sendable (ContentPathResult) -> [Double]
}

/// The content path's time series.
public enum ContentPathSeries {
    public static let all: [SeriesDeclaration] = [
        SeriesDeclaration(key: "alive_workers", label: "workers alive", unit: .count("workers"), values: { $0.aliveWorkers }),
        SeriesDeclaration(key: "busy_workers", label: "busy workers", unit: .count("workers"), values: { $0.busyWorkers }),
        SeriesDeclaration(key: "tasks_waiting", label: "tasks waiting", unit: .count("tasks"), values: { $0.tasksWaiting }),
        SeriesDeclaration(key: "backlog_seconds", label: "backlog", unit: .count("worker-seconds"),
                          values: { $0.backlogSeconds }),
        SeriesDeclaration(key: "uploads_waiting_for_ingest", label: "uploads waiting for ingest", unit: .count("uploads"),
                          values: { $0.uploadsWaitingForIngest }),
    ]
}
