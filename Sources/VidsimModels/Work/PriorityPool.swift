import DequeModule
import VidsimKernel
import VidsimUnits

/// A pool of identical workers before one queue per priority level: a worker that frees takes the waiting job
/// of the most urgent level (level 0 first), first come first served within a level; a job in service is never
/// interrupted (non-preemptive priority, as Cobham's formula assumes).
///
/// Jobs are indices into the caller's arrays; the pool keeps only which wait at which level. The caller draws
/// service times and schedules completions, since only it knows the job's class.
struct PriorityPool {
    let workers: Int
    private(set) var busy = 0
    private var levels: [Deque<Int>]
    private(set) var waiting = 0
    /// Busy workers over time: its mean over `workers` is the utilisation.
    private(set) var busyWorkers = TimeWeightedAverage()
    /// Jobs waiting (not in service) over time.
    private(set) var queueLength = TimeWeightedAverage()

    init(workers: Int, levels: Int) {
        precondition(workers >= 1 && levels >= 1)
        self.workers = workers
        self.levels = [Deque<Int>](repeating: [], count: levels)
    }

    var hasFreeWorker: Bool { busy < workers }

    /// A job starts on a free worker.
    mutating func start(at time: TimeSpan) {
        busy += 1
        busyWorkers.update(to: Double(busy), at: time)
    }

    /// A job waits at `level` for a worker.
    mutating func enqueue(_ job: Int, level: Int, at time: TimeSpan) {
        levels[level].append(job)
        waiting += 1
        queueLength.update(to: Double(waiting), at: time)
    }

    /// A worker finished its job: the next job it starts (it stays busy), or nil (it idles).
    mutating func workerFreed(at time: TimeSpan) -> Int? {
        if waiting > 0 {
            for level in levels.indices where !levels[level].isEmpty {
                waiting -= 1
                queueLength.update(to: Double(waiting), at: time)
                return levels[level].removeFirst()
            }
        }
        busy -= 1
        busyWorkers.update(to: Double(busy), at: time)
        return nil
    }

    /// The jobs waiting, most urgent level first.
    var queuedJobs: [Int] { levels.flatMap { Array($0) } }

    /// Discards statistics before `time` (warm-up), keeping the pool's state.
    mutating func resetStatistics(at time: TimeSpan) {
        busyWorkers.reset(at: time)
        queueLength.reset(at: time)
    }
}
