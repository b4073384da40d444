import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events work classes and their pools schedule.
public protocol WorkPoolEvents: EventKindType {
    /// A job of a class arrives. Payload: the class.
    static var workArrives: Self { get }
    /// A worker finished a job. Payload: the job's slot.
    static var workDone: Self { get }
}

/// Work besides the uploads (`WorkSettings`): classes of jobs arriving by Poisson processes (thinned to each
/// class's day), each served by a pool of workers, with non-preemptive priorities between the classes sharing a
/// pool and overflow to a second pool when every worker of the first is busy and one of the second is free.
///
/// Each class draws its arrivals, thinning and service times from streams named after it
/// (`work.<class>.arrivals`, …), and a job's service time when it arrives, so variants that agree on a class see
/// the same jobs, whichever pool serves them and when (common random numbers). A draw below zero (a normal's
/// tail) counts as zero.
struct WorkPools<Events: WorkPoolEvents> {
    /// A class as the simulation uses it.
    struct ClassPlan {
        var rate: Double
        var profile: RateProfile
        var service: Distribution
        /// The class's priority level in every pool (0 is served first).
        var level: Int
        var pool: Int
        var overflow: Int?
        var objectiveSeconds: Double?
        var arrivals: RandomStream
        var thinning: RandomStream
        var services: RandomStream
    }

    private(set) var classes: [ClassPlan]
    private(set) var pools: [PriorityPool]

    // Jobs in the system, by slot (slots are reused).
    private var jobClass: [Int32] = []
    private var jobPool: [Int32] = []
    private var jobArrival: [Double] = []
    private var jobService: [Double] = []
    private var freeSlots: [Int] = []

    // Statistics per class, since the warm-up.
    private(set) var waits: [LatencyRecorder]
    private(set) var latencies: [LatencyRecorder]
    private(set) var arrivalCounts: [Int]
    private(set) var completed: [Int]
    private(set) var overflowed: [Int]
    private(set) var withinObjective: [Int]

    init(settings: WorkSettings, seeds: StreamSeeds) {
        // Priority levels: the distinct priorities of all classes, most urgent first.
        let priorities = Array(Set(settings.classes.map(\.priority))).sorted()
        let routes = settings.poolIndices
        classes = zip(settings.classes, routes).map { workClass, route in
            ClassPlan(rate: workClass.rate.perSecond,
                      profile: RateProfile(diurnal: workClass.diurnal, weekly: nil, bursts: []),
                      service: workClass.service.distribution,
                      level: priorities.firstIndex(of: workClass.priority)!,
                      pool: route.pool, overflow: route.overflow,
                      objectiveSeconds: workClass.objective?.latency.seconds,
                      arrivals: seeds.stream(for: "work.\(workClass.name).arrivals"),
                      thinning: seeds.stream(for: "work.\(workClass.name).diurnal"),
                      services: seeds.stream(for: "work.\(workClass.name).service"))
        }
        pools = settings.pools.map { PriorityPool(workers: $0.workers, levels: priorities.count) }
        let count = settings.classes.count
        waits = [LatencyRecorder](repeating: LatencyRecorder(), count: count)
        latencies = waits
        arrivalCounts = [Int](repeating: 0, count: count)
        completed = arrivalCounts
        overflowed = arrivalCounts
        withinObjective = arrivalCounts
    }

    /// Schedules each class's first arrival.
    mutating func start(scheduler: inout EventScheduler<Events>) {
        for index in classes.indices { scheduleArrival(of: index, after: .zero, scheduler: &scheduler) }
    }

    private mutating func scheduleArrival(of index: Int, after time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let plan = classes[index]
        let next = plan.profile.nextArrival(after: time, rate: plan.rate, gaps: plan.arrivals, thinning: plan.thinning)
        scheduler.schedule(.workArrives, at: next, payload: index)
    }

    /// A job of class `index` arrives: it starts on a free worker of its pool, else of its overflow pool, else it
    /// waits in its pool at its class's level.
    mutating func arrives(class index: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduleArrival(of: index, after: time, scheduler: &scheduler)
        arrivalCounts[index] += 1
        let plan = classes[index]
        let service = max(plan.service.sample(plan.services), 0)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            jobClass[slot] = Int32(index)
            jobArrival[slot] = time.seconds
            jobService[slot] = service
        } else {
            slot = jobClass.count
            jobClass.append(Int32(index))
            jobPool.append(0)
            jobArrival.append(time.seconds)
            jobService.append(service)
        }
        if pools[plan.pool].hasFreeWorker {
            begin(slot, on: plan.pool, at: time, scheduler: &scheduler)
        } else if let overflow = plan.overflow, pools[overflow].hasFreeWorker {
            overflowed[index] += 1
            begin(slot, on: overflow, at: time, scheduler: &scheduler)
        } else {
            jobPool[slot] = Int32(plan.pool)
            pools[plan.pool].enqueue(slot, level: plan.level, at: time)
        }
    }

    /// A job starts on a free worker of `pool`.
    private mutating func begin(_ slot: Int, on pool: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        jobPool[slot] = Int32(pool)
        pools[pool].start(at: time)
        startService(slot, at: time, scheduler: &scheduler)
    }

    /// The job's wait ends: its completion is scheduled.
    private mutating func startService(_ slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        waits[Int(jobClass[slot])].record(TimeSpan(seconds: time.seconds - jobArrival[slot]))
        scheduler.schedule(.workDone, after: TimeSpan(seconds: jobService[slot]), payload: slot)
    }

    /// A job ends: its latency is counted, its worker takes the next job waiting in its pool.
    mutating func done(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let index = Int(jobClass[slot]), pool = Int(jobPool[slot])
        let latency = time.seconds - jobArrival[slot]
        latencies[index].record(TimeSpan(seconds: latency))
        completed[index] += 1
        if let objective = classes[index].objectiveSeconds, latency <= objective { withinObjective[index] += 1 }
        freeSlots.append(slot)
        if let next = pools[pool].workerFreed(at: time) { startService(next, at: time, scheduler: &scheduler) }
    }

    /// Jobs waiting in every pool now.
    var waiting: Int { pools.reduce(0) { $0 + $1.waiting } }

    /// Jobs of each class waiting now (for the end of a run).
    var waitingByClass: [Int] {
        var counts = [Int](repeating: 0, count: classes.count)
        for pool in pools {
            for slot in pool.queuedJobs { counts[Int(jobClass[slot])] += 1 }
        }
        return counts
    }

    mutating func resetStatistics(at time: TimeSpan) {
        for index in classes.indices {
            waits[index].reset()
            latencies[index].reset()
        }
        for index in arrivalCounts.indices {
            arrivalCounts[index] = 0
            completed[index] = 0
            overflowed[index] = 0
            withinObjective[index] = 0
        }
        for index in pools.indices { pools[index].resetStatistics(at: time) }
    }
}
