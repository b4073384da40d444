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
    /// What the key's placeholder ranges over, for a family of series (one per work pool); nil for a single one.
    public let family: FigureFamily?
    /// Whether the scenario produces the series at all (the delivery side's need `delivery:`).
    let applies: @Sendable (Scenario) -> Bool
    /// One replication's samples, one per sample time of its result: on their own, or for one member of the family.
    private let reading: Reading

    private enum Reading: Sendable {
        case single(@Sendable (ContentPathResult) -> [Double])
        case member(@Sendable (ContentPathResult, Int) -> [Double])
    }

    init(key: String, label: String, unit: FigureUnit, description: String,
         applies: @escaping @Sendable (Scenario) -> Bool = { _ in true },
         values: @escaping @Sendable (ContentPathResult) -> [Double]) {
        self.init(key: key, label: label, unit: unit, description: description, family: nil, applies: applies, reading: .single(values))
    }

    private init(key: String, label: String, unit: FigureUnit, description: String, family: FigureFamily?,
                 applies: @escaping @Sendable (Scenario) -> Bool, reading: Reading) {
        self.key = key
        self.label = label
        self.unit = unit
        self.description = description
        self.family = family
        self.applies = applies
        self.reading = reading
    }

    /// A family of series, one for each member of `family` a scenario names (as `FigureDeclaration.perMember`).
    static func perMember(_ key: String, _ label: String, _ unit: FigureUnit, _ description: String, of family: FigureFamily,
                          applies: @escaping @Sendable (Scenario) -> Bool,
                          values: @escaping @Sendable (ContentPathResult, Int) -> [Double]) -> SeriesDeclaration {
        precondition(key.contains(family.token), "a family's key holds its placeholder \(family.token)")
        return SeriesDeclaration(key: key, label: label, unit: unit, description: description, family: family, applies: applies,
                                 reading: .member(values))
    }

    /// One replication's samples (a family's are read per member, after `declarations(for:)`).
    func values(_ result: ContentPathResult) -> [Double] {
        switch reading {
        case let .single(read): return read(result)
        case .member: return []
        }
    }

    /// The series this declaration stands for in `scenario`: none when it does not apply; itself for a single
    /// series; one per member the scenario names for a family, in the scenario's order.
    func declarations(for scenario: Scenario) -> [SeriesDeclaration] {
        guard applies(scenario) else { return [] }
        guard let family, case let .member(read) = reading else { return [self] }
        return family.members(of: scenario).map { member in
            let index = member.index
            return SeriesDeclaration(key: key.replacingOccurrences(of: family.token, with: member.key), label: family.label(label, member: member),
                                     unit: unit, description: description, applies: applies) { read($0, index) }
        }
    }
}

/// Every time series of a run: the content path's, then the delivery side's.
public enum ContentPathSeries {
    public static let all: [SeriesDeclaration] = contentPath + DeliverySeries.all + WorkSeriesDeclarations.all

    /// The series a run of `scenario` samples, families expanded, in declaration order.
    public static func declarations(for scenario: Scenario) -> [SeriesDeclaration] {
        all.flatMap { $0.declarations(for: scenario) }
    }

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
