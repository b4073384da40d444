import VidsimModels
import VidsimScenario

/// The work classes' and pools' time series (`work:`), at the content path's sample times: each pool's size,
/// busy workers, queue and cost as they stood at the sample time, and each class's queue then and its finished
/// jobs' latency over the interval ending at it, through a zone's outage and back.
public enum WorkSeriesDeclarations {
    public static let all: [SeriesDeclaration] = pools + classes

    private static let interval = "over the sample interval that ends at the sample time (its part after the warm-up; no value "
        + "when no job of the class finished in it)"

    static let pools: [SeriesDeclaration] = [
        .perMember("work_pool_workers.<pool>", "workers alive", .count("workers"),
                   "The pool's workers alive (starting, idle or busy) at the sample time.", of: WorkFigures.pools, applies: WorkFigures.hasWork) {
            samples($0, \.poolWorkers, $1)
        },
        .perMember("work_pool_ready_workers.<pool>", "workers ready", .count("workers"),
                   "The pool's workers ready (idle or busy: started, not lost) at the sample time.", of: WorkFigures.pools,
                   applies: WorkFigures.hasWork) { samples($0, \.poolReady, $1) },
        .perMember("work_pool_busy_workers.<pool>", "busy workers", .count("workers"),
                   "The pool's workers serving a job at the sample time.", of: WorkFigures.pools, applies: WorkFigures.hasWork) {
            samples($0, \.poolBusy, $1)
        },
        .perMember("work_pool_jobs_waiting.<pool>", "jobs waiting", .count("jobs"),
                   "Jobs waiting for one of the pool's workers at the sample time.", of: WorkFigures.pools, applies: WorkFigures.hasWork) {
            samples($0, \.poolWaiting, $1)
        },
        .perMember("work_pool_cost_per_hour.<pool>", "cost", .dollarsPerHour,
                   "The pool's workers alive at the sample time, at its price per hour (spot workers at the spot price).",
                   of: WorkFigures.pools, applies: WorkFigures.hasWork) { result, index in
            let pool = result.work.flatMap { $0.pools.indices.contains(index) ? $0.pools[index] : nil }
            let price = pool?.pricePerHour ?? 0, discount = pool?.spotDiscount ?? 0
            return zip(samples(result, \.poolWorkers, index), samples(result, \.poolSpot, index)).map { ($0 - $1 * discount) * price }
        },
    ]

    static let classes: [SeriesDeclaration] = [
        .perMember("work_class_jobs_waiting.<work_class>", "jobs waiting", .count("jobs"),
                   "The class's jobs waiting for a worker at the sample time.", of: WorkFigures.classes, applies: WorkFigures.hasWork) {
            samples($0, \.classWaiting, $1)
        },
        .perMember("work_class_latency_mean.<work_class>", "latency, mean", .seconds,
                   "The mean latency (arrival to end of service) of the class's jobs that finished \(interval).",
                   of: WorkFigures.classes, applies: WorkFigures.hasWork) { samples($0, \.classLatency, $1) },
        .perMember("work_class_within_objective.<work_class>", "jobs within the objective", .fraction,
                   "The share of the class's jobs finished \(interval) whose latency was at most the objective's (no value "
                       + "without an objective).", of: WorkFigures.classes, applies: WorkFigures.hasWork) {
            samples($0, \.classWithin, $1)
        },
    ]

    /// One member's samples, one per sample time of the result (NaN for any the work simulation did not reach).
    private static func samples(_ result: ContentPathResult, _ column: KeyPath<WorkSeries, [[Double]]>, _ index: Int) -> [Double] {
        let count = result.sampleTimes.count
        guard let columns = result.work?.series[keyPath: column], columns.indices.contains(index) else {
            return [Double](repeating: .nan, count: count)
        }
        let values = columns[index]
        return Array(values.prefix(count)) + [Double](repeating: .nan, count: max(count - values.count, 0))
    }
}
