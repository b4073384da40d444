import Foundation
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// What a sweep measured: for each point (a combination of the varied fields' values) and each replication,
/// the value of every chosen figure. The sweep's reports are written from this alone, so a sweep run in one
/// process and one merged from shards give the same bytes.
public struct SweepResults: Sendable {
    public let name: String
    public let scenarioName: String
    public let seed: UInt64
    public let replications: Int
    public let mode: SweepDefinition.Mode
    /// The varied fields' paths, in the sweep file's order.
    public let fields: [String]
    /// For each point, each field's value as written ("(scenario)" where the scenario's own stands).
    public let pointLabels: [[String]]
    public let figures: [FigureDeclaration]
    /// values[figure][point][replication]
    public let values: [[[Double]]]

    public init(name: String, scenarioName: String, seed: UInt64, replications: Int, mode: SweepDefinition.Mode, fields: [String],
                pointLabels: [[String]], figures: [FigureDeclaration], values: [[[Double]]]) {
        self.name = name
        self.scenarioName = scenarioName
        self.seed = seed
        self.replications = replications
        self.mode = mode
        self.fields = fields
        self.pointLabels = pointLabels
        self.figures = figures
        self.values = values
    }

    /// The mean and 95% interval of `figure` at `point` over its replications.
    public func estimate(figure: Int, point: Int) -> Estimate { Estimate(values[figure][point]) }

    /// The figures `keys` names, as declared for the first of `scenarios`, or the first key that names none or
    /// that no point produces (with the keys the scenario has, for a suggestion). A figure some points do not
    /// produce (one needing a part only others model) is kept: those points report it as n/a.
    public static func figures(_ keys: [String], for scenarios: [Scenario]) -> Result<[FigureDeclaration], UnknownFigure> {
        let declared = ContentPathFigures.all.flatMap { $0.declarations(for: scenarios[0]) }
        var chosen: [FigureDeclaration] = []
        for (index, key) in keys.enumerated() {
            guard let declaration = declared.first(where: { $0.key == key }) else {
                let close = declared.map(\.key).filter { $0.hasPrefix(key.split(separator: ".").first.map(String.init) ?? key) }
                return .failure(UnknownFigure(index: index, key: key, known: close.isEmpty ? Array(declared.map(\.key).prefix(12)) : close))
            }
            guard scenarios.contains(where: { declaration.applies($0) }) else {
                return .failure(UnknownFigure(index: index, key: key, known: [], notApplicable: true))
            }
            chosen.append(declaration)
        }
        return .success(chosen)
    }

    /// The figures a sweep reports when its file names none: those of `defaultKeys` the scenario produces.
    public static func defaultFigures(for scenario: Scenario) -> [FigureDeclaration] {
        let declared = ContentPathFigures.all.flatMap { $0.declarations(for: scenario) }.filter { $0.applies(scenario) }
        return defaultKeys.compactMap { key in declared.first { $0.key == key } }
    }

    public static let defaultKeys = [
        "transcode.time_to_publish.p95", "transcode.queue_wait.mean", "transcode.utilisation", "transcode.mean_workers",
        "storage.total_bytes_per_day", "delivery.edge.hit_ratio", "delivery.egress.edge_per_day", "players.rebuffer_ratio",
        "players.startup.mean", "cost.first_month_total",
    ]

    /// One replication's values of `figures` for a scenario: what a unit of a sweep keeps.
    /// A figure this scenario does not produce is NaN (n/a in the reports), not the zero the model left in it.
    public static func values(of figures: [FigureDeclaration], scenario: Scenario, result: ContentPathResult) -> [Double] {
        let metrics = RunMetrics(scenario: scenario, results: [result])
        return figures.map { figure in metrics[figure.key]?.values[0] ?? .nan }
    }

    public struct UnknownFigure: Error, Sendable {
        public let index: Int
        public let key: String
        public let known: [String]
        public var notApplicable = false

        public var message: String {
            notApplicable ? "the scenario does not produce the figure \(key) (it needs a part the scenario does not model)"
                : "no figure is called '\(key)'; vidsim figures lists them all" + (known.isEmpty ? "" : ", among them " + known.prefix(8).joined(separator: ", "))
        }
    }
}
