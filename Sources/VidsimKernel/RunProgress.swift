import Foundation

/// How far a multi-replication run has got: each replication's simulated time as a fraction of its horizon,
/// written by the replications' threads now and then (every 65,536 events), read by whoever shows progress.
///
/// Shared between threads behind a lock; the event loop touches it once per 65,536 events, so it costs nothing
/// measurable.
public final class RunProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var fractions: [Double]
    private var finished: [Bool]

    public init(replications: Int) {
        fractions = Array(repeating: 0, count: max(replications, 0))
        finished = Array(repeating: false, count: max(replications, 0))
    }

    /// Replication `replication` has simulated `fraction` (0 to 1) of its horizon.
    public func update(_ replication: Int, fraction: Double) {
        lock.lock()
        if fractions.indices.contains(replication) { fractions[replication] = min(max(fraction, 0), 1) }
        lock.unlock()
    }

    /// Replication `replication` is done.
    public func finish(_ replication: Int) {
        lock.lock()
        if fractions.indices.contains(replication) {
            fractions[replication] = 1
            finished[replication] = true
        }
        lock.unlock()
    }

    /// The whole run's fraction simulated (the mean over replications), the replications finished, and their
    /// number.
    public func snapshot() -> (done: Double, finished: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let total = fractions.count
        let done = total == 0 ? 1 : fractions.reduce(0, +) / Double(total)
        return (done, finished.filter { $0 }.count, total)
    }
}
