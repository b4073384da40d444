import VidsimModels
import VidsimScenario

/// What a CDN outage did, phase by phase: the same length of time before it, during it and after it. The measures
/// are declared once here and read two ways: `delivery.outages.<phase>.*` adds every outage's phases up, and, when a
/// scenario has two or more outages, `delivery.outage.<outage>.<phase>.*` gives each its own (outages of different
/// regions or lengths can pull the same figure different ways, which the sum hides).
public enum DeliveryOutageFigures {
    /// The phases, in their order in the model's counts.
    static let phases = ["before", "during", "after"]

    /// One measure of a phase: its key's last part, label, unit, description (given the phase's name) and value
    /// (given the phase's counts and its seconds within the run).
    struct Measure {
        let key: String
        let label: String
        let unit: FigureUnit
        let description: @Sendable (String) -> String
        let value: @Sendable (DeliveryStatistics.PhaseCounts, Double) -> Double
    }

    static let measures: [Measure] = [
        Measure(key: "edge_hit_ratio", label: "edge hit ratio", unit: .fraction,
                description: { "The share of requests an edge site served from its cache, \($0) the outage (each phase as long as its outage)." },
                value: { counts, _ in counts.edgeHitRatio }),
        Measure(key: "origin_requests_per_second", label: "origin requests", unit: .count("requests/s", digits: 4),
                description: { "Requests per second fetched from the origin, \($0) the outage." },
                value: { counts, seconds in seconds > 0 ? counts.requests[2] / seconds : 0 }),
        Measure(key: "first_byte_latency", label: "first-byte latency", unit: .seconds,
                description: { "Mean first-byte latency, \($0) the outage." },
                value: { counts, _ in counts.meanFirstByte }),
        Measure(key: "rerouted_share", label: "requests rerouted", unit: .fraction,
                description: { "The share of requests served away from their region's own sites (its failover region, or the "
                    + "origin when no site was up), \($0) the outage." },
                value: { counts, _ in counts.totalRequests > 0 ? counts.rerouted / counts.totalRequests : 0 }),
    ]

    /// The outages of `delivery.outages`, numbered from 1 in the scenario's order; none unless there are two or more.
    public static let outages = FigureFamily(
        placeholder: "outage",
        documentation: "one figure per outage of `delivery.outages`, numbered from 1 in the scenario's order, when the "
            + "scenario has two or more (with one, `delivery.outages.*` are its figures).",
        names: { scenario in
            let count = scenario.delivery?.outages.count ?? 0
            return count >= 2 ? (1...count).map(String.init) : []
        })

    /// Each outage's phases: `delivery.outage.<outage>.<phase>.<measure>`.
    public static let all: [FigureDeclaration] = phases.enumerated().flatMap { phase, name in
        measures.map { measure in
            FigureDeclaration.perMember("delivery.outage.<outage>.\(name).\(measure.key)", "\(measure.label) \(name) outage", measure.unit,
                                        measure.description(name), of: outages,
                                        applies: { $0.delivery != nil }) { view, outage in
                guard let s = view.result.delivery?.statistics, s.outages.indices.contains(outage),
                      let seconds = phaseSeconds(view, outage: outage, phase: phase) else { return 0 }
                return measure.value(s.phase(phase, ofOutage: outage), seconds)
            }
        }
    }

    /// The seconds phase `phase` (0 before, 1 during, 2 after) of outage `outage` lasted within the run (from its
    /// start, warm-up included: an outage's counts are not reset by it).
    static func phaseSeconds(_ view: ReplicationView, outage: Int, phase: Int) -> Double? {
        guard let d = view.result.delivery, d.statistics.outages.indices.contains(outage) else { return nil }
        let horizon = d.statistics.since + d.measuredSeconds
        let window = d.statistics.outages[outage]
        let length = window.end - window.start
        let start = window.start + Double(phase - 1) * length
        return max(0, min(start + length, horizon) - max(start, 0))
    }

    /// One table per measure for report.md and report.html: a row per outage (its number, region and start) and
    /// its value before, during and after. Empty with fewer than two outages.
    public static func tables(_ metrics: RunMetrics) -> [(caption: String, header: [String], rows: [[String]])] {
        let settings = metrics.scenario.delivery?.outages ?? []
        return measures.compactMap { measure in
            let declarations = all.filter { $0.key.hasSuffix(".\(measure.key)") }
            let table = outages.table(metrics, declarations)
            guard !table.rows.isEmpty else { return nil }
            let rows = table.rows.map { row -> [String] in
                guard let number = Int(row[0]), settings.indices.contains(number - 1) else { return row }
                let outage = settings[number - 1]
                let place = outage.sites.map { counted($0, "site") + " of \(outage.region)" } ?? "all of \(outage.region)"
                return ["\(number): \(place) at \(outage.start)"] + row.dropFirst()
            }
            return (measure.label.prefix(1).uppercased() + measure.label.dropFirst(), ["outage"] + phases, rows)
        }
    }
}
