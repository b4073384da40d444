import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events of the work classes' simulation.
public enum WorkEvent: UInt8, WorkPoolEvents {
    case workArrives
    case sessionJobArrives
    case workDone
    case workerReady
    case poolAutoscale
    case zoneLost
    case zoneBack
    case workSample
    case poolSpotInterrupted
}

/// Work classes and their pools as a simulation of their own: a thin dispatcher to `WorkPools`.
struct WorkModel: SimulationModel {
    var pools: WorkPools<WorkEvent>
    private(set) var warmUpEnd = TimeSpan.zero
    private(set) var endTime = TimeSpan.zero

    mutating func handle(_ event: Event<WorkEvent>, scheduler: inout EventScheduler<WorkEvent>) {
        switch event.kind {
        case .workArrives: pools.arrives(class: event.payload, at: event.time, scheduler: &scheduler)
        case .sessionJobArrives: pools.sessionJobArrives(session: event.payload, at: event.time, scheduler: &scheduler)
        case .workDone: pools.done(token: event.payload, at: event.time, scheduler: &scheduler)
        case .workerReady: pools.workerReady(payload: event.payload, at: event.time, scheduler: &scheduler)
        case .poolAutoscale: pools.autoscale(pool: event.payload, at: event.time, scheduler: &scheduler)
        case .zoneLost: pools.zoneLost(outage: event.payload, at: event.time, scheduler: &scheduler)
        case .zoneBack: pools.zoneBack(outage: event.payload, at: event.time, scheduler: &scheduler)
        case .workSample: pools.sample(event.payload, at: event.time, scheduler: &scheduler)
        case .poolSpotInterrupted: pools.spotInterrupted(pool: event.payload, at: event.time, scheduler: &scheduler)
        }
    }

    mutating func warmUpEnded(at time: TimeSpan) {
        pools.resetStatistics(at: time)
        warmUpEnd = time
    }

    mutating func finish(at time: TimeSpan) { endTime = time }
}

/// What one replication of the work classes measured, after warm-up.
public struct WorkResult: Sendable {
    public struct ClassResult: Sendable {
        /// From arrival to the start of service (the first, for a job a lost zone sent back), and to its end.
        public var wait: LatencySummary
        public var latency: LatencySummary
        /// The latency at the objective's percentile (0 without an objective).
        public var objectiveLatency: Double
        /// Jobs that finished within the objective's latency, of those finished (0 without an objective).
        public var withinObjective: Double
        public var arrivalsPerSecond: Double
        public var completed: Int
        /// Jobs still waiting at the horizon (their waits are not counted).
        public var waitingAtEnd: Int
        /// Jobs served by the overflow pool, of those that arrived.
        public var overflowShare: Double
        /// Sessions open, time average (0 for a class without sessions).
        public var activeSessions: Double
    }

    public struct PoolResult: Sendable {
        /// Workers alive (starting, idle or busy): time average, and the most at once.
        public var meanWorkers: Double
        public var peakWorkers: Double
        public var meanBusy: Double
        /// Busy workers over workers alive, both time averages.
        public var utilisation: Double
        public var meanWaiting: Double
        public var peakWaiting: Double
        /// The mean alive workers at the pool's price, spot workers at the spot price.
        public var costPerDay: Double
        /// The price of an on-demand worker-hour, and the spot discount on it (0 without spot).
        public var pricePerHour: Double
        public var spotDiscount: Double
        public var launched: Int
        /// Workers lost with their zone, and the jobs they were serving, sent back to the queue.
        public var lost: Int
        public var requeued: Int
        /// Spot workers alive, time average; spot workers interrupted, and the jobs they were serving (sent back to
        /// the queue).
        public var meanSpotWorkers: Double
        public var interruptions: Int
        public var interruptedJobs: Int
    }

    public var classes: [ClassResult]
    public var pools: [PoolResult]
    public var observedSeconds: Double
    /// Jobs still waiting at the horizon, and in service.
    public var waitingAtEnd: Int
    public var inServiceAtEnd: Int
    /// Jobs that arrived and finished after the warm-up, all classes.
    public var arrivals: Int
    public var completed: Int
    public var series: WorkSeries
    public var events: Int
}

/// Runs the work classes alone: what they do never reaches the uploads, their transcodes or the viewers (the
/// pools are their own), so this is the same as one simulation holding them all (ContentPathSimulation runs it
/// after the content path, on the same horizon, with its own streams, sampled at the content path's times).
public enum WorkSimulation {
    public static func simulate(_ settings: WorkSettings, zones: ZoneSettings?, horizon: TimeSpan, warmUp: TimeSpan, seeds: StreamSeeds,
                                sampleTimes: [Double] = []) -> WorkResult {
        var model = WorkModel(pools: WorkPools(settings: settings, zones: zones, seeds: seeds, sampleTimes: sampleTimes))
        var scheduler = EventScheduler<WorkEvent>()
        model.pools.start(scheduler: &scheduler)
        model.run(scheduler: &scheduler, until: horizon, warmUp: warmUp)
        let end = model.endTime
        let observed = max(end.seconds - model.warmUpEnd.seconds, 1e-9)
        let work = model.pools
        let waiting = work.waitingByClass
        let classes = settings.classes.indices.map { index in
            let completed = work.completed[index]
            let objective = settings.classes[index].objective
            return WorkResult.ClassResult(
                wait: work.waits[index].summary, latency: work.latencies[index].summary,
                objectiveLatency: objective.map { work.latencies[index].percentile($0.percentile).seconds } ?? 0,
                withinObjective: objective != nil && completed > 0 ? Double(work.withinObjective[index]) / Double(completed) : 0,
                arrivalsPerSecond: Double(work.arrivalCounts[index]) / observed, completed: completed, waitingAtEnd: waiting[index],
                overflowShare: work.arrivalCounts[index] > 0 ? Double(work.overflowed[index]) / Double(work.arrivalCounts[index]) : 0,
                activeSessions: work.activeSessions[index].mean(at: end))
        }
        let pools = settings.pools.indices.map { index in
            let pool = work.pools[index], busy = pool.busyWorkers.mean(at: end), alive = pool.aliveWorkers.mean(at: end)
            let spot = pool.spotFraction > 0 ? pool.spotWorkers.mean(at: end) : 0
            let discount = settings.pools[index].spot?.discount ?? 0
            let price = settings.pools[index].price.dollarsPerBaseUnit
            return WorkResult.PoolResult(meanWorkers: alive, peakWorkers: pool.aliveWorkers.maximum, meanBusy: busy,
                                         utilisation: alive > 0 ? busy / alive : 0,
                                         meanWaiting: pool.queueLength.mean(at: end), peakWaiting: pool.queueLength.maximum,
                                         costPerDay: (alive - spot * discount) * price * 86_400,
                                         pricePerHour: price * 3600, spotDiscount: discount,
                                         launched: pool.launched, lost: pool.lost, requeued: pool.requeued,
                                         meanSpotWorkers: spot, interruptions: pool.interruptions, interruptedJobs: pool.interruptedJobs)
        }
        return WorkResult(classes: classes, pools: pools, observedSeconds: observed, waitingAtEnd: work.waiting,
                          inServiceAtEnd: work.inService, arrivals: work.arrivalCounts.reduce(0, +), completed: work.completed.reduce(0, +),
                          series: work.series, events: scheduler.eventsProcessed)
    }
}
