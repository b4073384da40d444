import DequeModule
import VidsimKernel
import VidsimUnits

/// A pool of `servers` identical servers in front of one first-come, first-served queue: the M/G/c station of
/// the M/M/c validation model (`MMcQueueModel`, checked against Erlang C) and of `vidsim kernel-bench`. The
/// transcode fleet keeps its own queues, since its workers start, stop and are interrupted.
///
/// Jobs are integer indices into the caller's own arrays; the queue keeps only (job, time enqueued) pairs in a
/// ring buffer. The caller schedules service completions itself, since only it knows service times.
public struct MultiServerQueue {
    public let servers: Int
    public private(set) var busy = 0
    private var waiting = Deque<(job: Int, since: Double)>()
    /// Time from arrival to start of service.
    public private(set) var waits = LatencyRecorder()
    /// Busy servers over time: its mean divided by `servers` is the utilisation.
    public private(set) var busyServers = TimeWeightedAverage()
    /// Jobs waiting (not in service) over time.
    public private(set) var queueLength = TimeWeightedAverage()
    /// Arrivals since the last reset.
    public private(set) var arrivals = 0

    public init(servers: Int) {
        precondition(servers >= 1)
        self.servers = servers
    }

    /// A job arrives. Returns true if it starts service at once (the caller schedules its completion).
    public mutating func arrive(_ job: Int, at time: TimeSpan) -> Bool {
        arrivals += 1
        if busy < servers {
            busy += 1
            busyServers.update(to: Double(busy), at: time)
            waits.record(.zero)
            return true
        }
        waiting.append((job, time.seconds))
        queueLength.update(to: Double(waiting.count), at: time)
        return false
    }

    /// A server finishes its job. Returns the next job to start on it, if one is waiting.
    public mutating func complete(at time: TimeSpan) -> Int? {
        if let next = waiting.popFirst() {
            queueLength.update(to: Double(waiting.count), at: time)
            waits.record(TimeSpan(seconds: time.seconds - next.since))
            return next.job
        }
        busy -= 1
        busyServers.update(to: Double(busy), at: time)
        return nil
    }

    /// Discards statistics before `time` (warm-up), keeping the queue's state.
    public mutating func resetStatistics(at time: TimeSpan) {
        waits.reset()
        busyServers.reset(at: time)
        queueLength.reset(at: time)
        arrivals = 0
    }

    /// Mean busy servers over mean capacity, since the last reset.
    public func utilisation(at time: TimeSpan) -> Double {
        busyServers.mean(at: time) / Double(servers)
    }
}
