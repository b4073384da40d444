import VidsimModels
import VidsimScenario

/// The figures of `databases:`, one family per database under `database.<database>.`: the queries the model's
/// events bring it, on average and at the peak, and the shards, nodes and cost they need.
public enum DatabaseFigures {
    public static let databases = FigureFamily(
        placeholder: "database",
        documentation: "one figure per database of `databases`, in the scenario's order, its name made a key as a region's is.",
        names: { $0.databases.map(\.name) })

    public static let all: [FigureDeclaration] = [
        member("mean_queries_per_second", "queries, mean", .count("queries/s", digits: 5),
               "Reads and writes per second the events bring, mean over the observed window (each write counted once).") {
            $0.meanReadsPerSecond + $0.meanWritesPerSecond
        },
        member("peak_reads_per_second", "reads at the peak", .count("reads/s", digits: 5),
               "Reads per second at the peak: each event's peak rate times its reads, added up.") { $0.peakReadsPerSecond },
        member("peak_writes_per_second", "writes at the peak", .count("writes/s", digits: 5),
               "Writes per second at the peak, each counted once (every copy of its shard takes it).") { $0.peakWritesPerSecond },
        member("peak_queries_per_second", "queries at the peak, every node", .count("queries/s", digits: 5),
               "Queries every node together serves at the peak: the reads, and each write once per copy.") { $0.peakQueriesPerSecond },
        member("shards", "shards", .count("shards"),
               "(Peak writes + peak reads / replication) / (node capacity x target utilisation), rounded up.") { Double($0.shards) },
        member("nodes", "nodes", .count("nodes"), "Shards x replication: each node holds one copy of one shard.") { Double($0.nodes) },
        member("cost_per_day", "cost", .dollarsPerDay, "The nodes at the database's price, per day.") { $0.costPerDay },
        FigureDeclaration("cost.databases_per_day", "databases", .dollarsPerDay,
                          "Every database's nodes at its price, per day.", applies: hasDatabases) { costPerDay($0) },
    ]

    private static func member(_ key: String, _ label: String, _ unit: FigureUnit, _ description: String,
                               _ read: @escaping @Sendable (DatabaseLoad) -> Double) -> FigureDeclaration {
        .perMember("database.<database>.\(key)", label, unit, description, of: databases, applies: hasDatabases) { view, index in
            view.derived.databases.indices.contains(index) ? read(view.derived.databases[index]) : 0
        }
    }

    static func hasDatabases(_ scenario: Scenario) -> Bool { !scenario.databases.isEmpty }

    /// Every database's cost per day (0 without databases): part of the first month's total.
    static func costPerDay(_ view: ReplicationView) -> Double { view.derived.databases.reduce(0) { $0 + $1.costPerDay } }

    /// The table of report.md and report.html: a row per database, named with its kind.
    public static func table(_ metrics: RunMetrics) -> (header: [String], rows: [[String]]) {
        var table = databases.table(metrics, Array(all.dropLast()))
        for (row, database) in zip(table.rows.indices, metrics.scenario.databases) {
            table.rows[row][0] += " (\(database.kind.rawValue))"
        }
        return table
    }
}
