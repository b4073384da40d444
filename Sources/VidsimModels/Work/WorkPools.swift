import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events work classes and their pools schedule.
public protocol WorkPoolEvents: ZoneOutageEvents {
    /// A job of a class arrives, or with sessions a session starts (bringing its first job). Payload: the class.
    static var workArrives: Self { get }
    /// A session's next job arrives, a think time after its previous one finished. Payload: the session.
    static var sessionJobArrives: Self { get }
    /// A worker finished a job. Payload: the worker's token.
    static var workDone: Self { get }
    /// A launch's workers finished starting. Payload: the pool (top 7 bits) and the launch's batch.
    static var workerReady: Self { get }
    /// A pool's autoscaler evaluates its policy. Payload: the pool.
    static var poolAutoscale: Self { get }
    /// The time series are sampled. Payload: the sample's index.
    static var workSample: Self { get }
    /// A spot interruption candidate of a pool (one thinned Poisson process per pool). Payload: the pool.
    static var poolSpotInterrupted: Self { get }
}

/// Work besides the uploads (`WorkSettings`): classes of jobs arriving by Poisson processes (thinned to each
/// class's day), each served by a pool of workers, with non-preemptive priorities between the classes sharing a
/// pool and overflow to a second pool when every worker of the first is busy and one of the second is free.
/// Pools are fixed or autoscaled (`AutoscalingController`, the transcode fleet's rules) and spread over zones: a
/// lost zone takes its workers, their jobs go back to the head of their queues, and the pool refills its other
/// zones (a fixed pool at once, after its start-up; an autoscaled one at its next evaluations).
///
/// A class's jobs arrive on their own (a Poisson process), or in sessions: a session starts by a Poisson process,
/// brings its first job at once, and each next one a think time after the previous finished, until a geometric
/// number of jobs with the class's mean (a closed loop: a user waits for an edit before making the next).
///
/// Each class draws its arrivals, thinning and service times from streams named after it
/// (`work.<class>.arrivals`, …), and a job's service time when it arrives, so variants that agree on a class see
/// the same jobs, whichever pool serves them and when (common random numbers); a session's continuations and
/// think times come from `work.<class>.sessions`. A draw below zero (a normal's tail) counts as zero. A job sent
/// back by a lost zone is served again from the start, for the same time. A measured service (an editing operation
/// on a length of video) is drawn in the time of the class's own pool; on its overflow pool it takes that pool's
/// time (the draw times the ratio of the pools' capacities).
struct WorkPools<Events: WorkPoolEvents> {
    /// A class as the simulation uses it.
    struct ClassPlan {
        var rate: Double
        var profile: RateProfile
        var service: Distribution
        /// Worker-seconds per unit drawn from `service` on the class's own pool (1 unless measured), and the time on
        /// its overflow pool relative to its own.
        var serviceScale: Double
        var overflowRatio: Double
        /// The class's priority level in every pool (0 is served first).
        var level: Int
        var pool: Int
        var overflow: Int?
        var objectiveSeconds: Double?
        /// With sessions: the chance a session brings another job after each, and the think time before it.
        var continuation: Double?
        var thinkTime: Distribution
        var arrivals: RandomStream
        var sessionDraws: RandomStream
        var thinning: RandomStream
        var services: RandomStream
    }

    private(set) var classes: [ClassPlan]
    private(set) var pools: [WorkerPool]
    /// Each pool's autoscaler (nil: a fixed size, `targets`).
    private var autoscalers: [AutoscalingController?]
    private let targets: [Int]
    private let scaleUpDelays: [TimeSpan]
    /// Per pool: spot interruptions per spot worker-second (0: none), and the stream of its candidates' times and
    /// slots (`work.pool.<pool>.spot`).
    private let interruptionRates: [Double]
    private let interruptionStreams: [RandomStream?]
    private var zones: ZoneOutages
    private let sampleTimes: [Double]

    // Jobs in the system, by slot (slots are reused).
    private var jobClass: [Int32] = []
    private var jobArrival: [Double] = []
    private var jobService: [Double] = []
    private var jobStarted: [Bool] = []
    /// The session a job belongs to (-1: none).
    private var jobSession: [Int32] = []
    private var freeSlots: [Int] = []
    /// Sessions open, by slot (reused): their class.
    private var sessionClass: [Int32] = []
    private var freeSessions: [Int] = []
    /// Each class's sessions open over time.
    private(set) var activeSessions: [TimeWeightedAverage]
    private var openSessions: [Int]
    private(set) var waitingByClass: [Int]

    // Statistics per class, since the warm-up.
    private(set) var waits: [LatencyRecorder]
    private(set) var latencies: [LatencyRecorder]
    private(set) var arrivalCounts: [Int]
    private(set) var completed: [Int]
    private(set) var overflowed: [Int]
    private(set) var withinObjective: [Int]
    /// Per class, since the last sample: jobs finished, their latencies' sum, those within the objective.
    private var intervalFinished: [Int]
    private var intervalLatency: [Double]
    private var intervalWithin: [Int]
    /// The sampled series.
    private(set) var series: WorkSeries

    init(settings: WorkSettings, zones: ZoneSettings?, seeds: StreamSeeds, sampleTimes: [Double]) {
        // Priority levels: the distinct priorities of all classes, most urgent first.
        let priorities = Array(Set(settings.classes.map(\.priority))).sorted()
        let routes = settings.poolIndices
        classes = zip(settings.classes, routes).map { workClass, route in
            ClassPlan(rate: workClass.sessions?.rate.perSecond ?? workClass.rate.perSecond,
                      profile: workClass.profile,
                      service: workClass.service.distribution,
                      serviceScale: workClass.serviceScale, overflowRatio: workClass.overflowServiceRatio,
                      level: priorities.firstIndex(of: workClass.priority)!,
                      pool: route.pool, overflow: route.overflow,
                      objectiveSeconds: workClass.objective?.latency.seconds,
                      continuation: workClass.sessions.map { 1 - 1 / $0.jobs },
                      thinkTime: workClass.sessions?.thinkTime.distribution ?? .constant(0),
                      arrivals: seeds.stream(for: "work.\(workClass.name).arrivals"),
                      sessionDraws: seeds.stream(for: "work.\(workClass.name).sessions"),
                      thinning: seeds.stream(for: "work.\(workClass.name).diurnal"),
                      services: seeds.stream(for: "work.\(workClass.name).service"))
        }
        pools = settings.pools.enumerated().map { index, pool in
            WorkerPool(index: index, workers: pool.workers, zones: zones?.indices(of: pool.zones ?? []) ?? [],
                       startup: pool.startup, levels: priorities.count, spotFraction: pool.spot?.fraction ?? 0,
                       largest: pool.autoscaling?.maximum ?? pool.workers)
        }
        interruptionRates = settings.pools.map { ($0.spot?.fraction ?? 0) > 0 ? $0.spot?.interruptions.perSecond ?? 0 : 0 }
        interruptionStreams = zip(settings.pools, interruptionRates).map { pool, rate in
            rate > 0 ? seeds.stream(for: "work.pool.\(pool.name).spot") : nil
        }
        autoscalers = settings.pools.map { pool in pool.autoscaling.map { AutoscalingController(settings: $0, startingSize: pool.workers) } }
        targets = settings.pools.map(\.workers)
        scaleUpDelays = settings.pools.map { $0.autoscaling?.scaleUpDelay ?? .zero }
        self.zones = ZoneOutages(zones)
        self.sampleTimes = sampleTimes
        let count = settings.classes.count
        waits = [LatencyRecorder](repeating: LatencyRecorder(), count: count)
        latencies = waits
        arrivalCounts = [Int](repeating: 0, count: count)
        completed = arrivalCounts
        overflowed = arrivalCounts
        withinObjective = arrivalCounts
        waitingByClass = arrivalCounts
        openSessions = arrivalCounts
        activeSessions = [TimeWeightedAverage](repeating: TimeWeightedAverage(), count: count)
        intervalFinished = arrivalCounts
        intervalWithin = arrivalCounts
        intervalLatency = [Double](repeating: 0, count: count)
        series = WorkSeries(classes: count, pools: settings.pools.count)
    }

    /// Starts each pool at its size, and schedules each class's first arrival, the autoscalers' first
    /// evaluations, the zones' outages and the first sample.
    mutating func start(scheduler: inout EventScheduler<Events>) {
        for index in pools.indices {
            _ = pools[index].launch(targets[index], after: nil, zoneUp: zones.up, at: .zero, scheduler: &scheduler)
            if autoscalers[index] != nil { scheduler.schedule(.poolAutoscale, at: .zero, payload: index) }
            if interruptionStreams[index] != nil { scheduler.schedule(.poolSpotInterrupted, after: nextCandidate(index), payload: index) }
        }
        for index in classes.indices { scheduleArrival(of: index, after: .zero, scheduler: &scheduler) }
        zones.schedule(scheduler: &scheduler)
        if let first = sampleTimes.first { scheduler.schedule(.workSample, at: TimeSpan(seconds: first), payload: 0) }
    }

    private mutating func scheduleArrival(of index: Int, after time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let next = classes[index].profile.nextArrival(after: time, rate: classes[index].rate, gaps: classes[index].arrivals,
                                                      thinning: classes[index].thinning)
        scheduler.schedule(.workArrives, at: next, payload: index)
    }

    // MARK: Jobs

    /// A job of class `index` arrives, or with sessions a session starts and brings its first job.
    mutating func arrives(class index: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduleArrival(of: index, after: time, scheduler: &scheduler)
        var session = -1
        if classes[index].continuation != nil {
            if let free = freeSessions.popLast() {
                session = free
                sessionClass[session] = Int32(index)
            } else {
                session = sessionClass.count
                sessionClass.append(Int32(index))
            }
            openSessions[index] += 1
            activeSessions[index].update(to: Double(openSessions[index]), at: time)
        }
        newJob(of: index, session: session, at: time, scheduler: &scheduler)
    }

    /// A session's next job arrives.
    mutating func sessionJobArrives(session: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        newJob(of: Int(sessionClass[session]), session: session, at: time, scheduler: &scheduler)
    }

    /// A job of class `index` arrives: it starts on a free worker of its pool, else of its overflow pool, else it
    /// waits in its pool at its class's level.
    private mutating func newJob(of index: Int, session: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        arrivalCounts[index] += 1
        // The class's fields read in place: a copy of its plan would retain its streams on every job.
        let service = max(classes[index].service.sample(classes[index].services), 0) * classes[index].serviceScale
        let pool = classes[index].pool
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            jobClass[slot] = Int32(index)
            jobArrival[slot] = time.seconds
            jobService[slot] = service
            jobStarted[slot] = false
            jobSession[slot] = Int32(session)
        } else {
            slot = jobClass.count
            jobClass.append(Int32(index))
            jobArrival.append(time.seconds)
            jobService.append(service)
            jobStarted.append(false)
            jobSession.append(Int32(session))
        }
        if let worker = pools[pool].popIdle() {
            begin(slot, on: worker, of: pool, at: time, scheduler: &scheduler)
        } else if let overflow = classes[index].overflow, let worker = pools[overflow].popIdle() {
            overflowed[index] += 1
            begin(slot, on: worker, of: overflow, at: time, scheduler: &scheduler)
        } else {
            wait(slot, in: pool, atHead: false, at: time)
        }
    }

    private mutating func wait(_ slot: Int, in pool: Int, atHead: Bool, at time: TimeSpan) {
        let index = Int(jobClass[slot])
        waitingByClass[index] += 1
        pools[pool].enqueue(slot, level: classes[index].level, work: jobService[slot], atHead: atHead, at: time)
    }

    /// A job starts on a worker of `pool` (idle, or just freed): its wait ends at its first start, its completion
    /// is scheduled.
    private mutating func begin(_ slot: Int, on worker: Int, of pool: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        if !jobStarted[slot] {
            jobStarted[slot] = true
            waits[Int(jobClass[slot])].record(TimeSpan(seconds: time.seconds - jobArrival[slot]))
        }
        let token = pools[pool].start(slot, on: worker, at: time)
        let index = Int(jobClass[slot])
        // A job's time is drawn for its own pool; on the overflow pool, a measured service takes that pool's time.
        let seconds = pool == classes[index].pool ? jobService[slot] : jobService[slot] * classes[index].overflowRatio
        scheduler.schedule(.workDone, after: TimeSpan(seconds: seconds), payload: token)
    }

    /// A worker with nothing to do takes the next job waiting in its pool, or idles.
    private mutating func takeNext(_ worker: Int, of pool: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        if let next = pools[pool].dequeue(at: time, work: jobService) {
            waitingByClass[Int(jobClass[next])] -= 1
            begin(next, on: worker, of: pool, at: time, scheduler: &scheduler)
        } else {
            pools[pool].idle(worker, at: time)
        }
    }

    /// A worker finished a job: its latency is counted, and the worker takes the next job waiting in its pool.
    /// A stale token (the worker was lost with its zone) is ignored.
    mutating func done(token: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let pool = WorkerPool.pool(of: token)
        guard let (slot, worker) = pools[pool].finished(token: token) else { return }
        let index = Int(jobClass[slot])
        let latency = time.seconds - jobArrival[slot]
        latencies[index].record(TimeSpan(seconds: latency))
        completed[index] += 1
        intervalFinished[index] += 1
        intervalLatency[index] += latency
        if let objective = classes[index].objectiveSeconds, latency <= objective {
            withinObjective[index] += 1
            intervalWithin[index] += 1
        }
        freeSlots.append(slot)
        let session = Int(jobSession[slot])
        if session >= 0 { sessionGoesOn(session, of: index, at: time, scheduler: &scheduler) }
        takeNext(worker, of: pool, at: time, scheduler: &scheduler)
    }

    /// A session's job finished: the session brings another after a think time, or ends.
    private mutating func sessionGoesOn(_ session: Int, of index: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        if classes[index].sessionDraws.uniform() < classes[index].continuation ?? 0 {
            let think = max(classes[index].thinkTime.sample(classes[index].sessionDraws), 0)
            scheduler.schedule(.sessionJobArrives, after: TimeSpan(seconds: think), payload: session)
        } else {
            openSessions[index] -= 1
            activeSessions[index].update(to: Double(openSessions[index]), at: time)
            freeSessions.append(session)
        }
    }

    // MARK: Workers

    /// A launch's workers are ready: they take the jobs waiting.
    mutating func workerReady(payload: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let pool = WorkerPool.pool(of: payload)
        guard pools[pool].batchReady(payload: payload) > 0 else { return }
        dispatch(pool, at: time, scheduler: &scheduler)
    }

    /// Gives the pool's idle workers the jobs waiting.
    private mutating func dispatch(_ pool: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        while pools[pool].waiting > 0, pools[pool].idleCount > 0, let worker = pools[pool].popIdle(),
              let next = pools[pool].dequeue(at: time, work: jobService) {
            waitingByClass[Int(jobClass[next])] -= 1
            begin(next, on: worker, of: pool, at: time, scheduler: &scheduler)
        }
    }

    /// An autoscaler's evaluation: launches what its policy wants beyond the live pool, or retires idle workers
    /// once it has wanted fewer for long enough; then schedules the next.
    mutating func autoscale(pool: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        guard var controller = autoscalers[pool] else { return }
        let state = pools[pool]
        let desired = controller.desiredSize(busyIntegral: state.busyWorkers.integral(at: time), busyNow: state.busy, queuedTasks: state.waiting,
                                             queuedWorkSeconds: state.queuedWork, alive: state.alive, at: time)
        if desired > state.alive {
            _ = pools[pool].launch(desired - state.alive, after: scaleUpDelays[pool] + state.startup, zoneUp: zones.up, at: time,
                                   scheduler: &scheduler)
        }
        let removals = controller.removals(desired: desired, alive: pools[pool].alive, at: time)
        if removals > 0 { pools[pool].remove(removals, at: time) }
        autoscalers[pool] = controller
        scheduler.schedule(.poolAutoscale, after: controller.interval, payload: pool)
    }

    /// A zone is lost: each pool's workers in it go, their jobs back to the head of their levels (in the order
    /// they started), served by the pool's other workers; a fixed pool launches replacements in its other zones.
    mutating func zoneLost(outage: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let zone = zones.lost(outage)
        var lost: [Int] = []
        for pool in pools.indices where pools[pool].zones.contains(zone) {
            lost += pools[pool].loseZone(zone, at: time)
        }
        reroute(lost, at: time, scheduler: &scheduler)
        for pool in pools.indices where pools[pool].zones.contains(zone) { refill(pool, at: time, scheduler: &scheduler) }
    }

    /// Jobs whose worker was lost go where an arriving job of their class would: a free worker of the class's
    /// pool, else of its overflow pool, else the head of its own pool's queue (those put back last first, so that
    /// the first lost is served first). A job that had overflowed thus returns to its own pool.
    private mutating func reroute(_ lost: [Int], at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        var waiting: [Int] = []
        for slot in lost {
            let plan = classes[Int(jobClass[slot])]
            if let worker = pools[plan.pool].popIdle() {
                begin(slot, on: worker, of: plan.pool, at: time, scheduler: &scheduler)
            } else if let overflow = plan.overflow, let worker = pools[overflow].popIdle() {
                begin(slot, on: worker, of: overflow, at: time, scheduler: &scheduler)
            } else {
                waiting.append(slot)
            }
        }
        for slot in waiting.reversed() {
            let pool = classes[Int(jobClass[slot])].pool
            wait(slot, in: pool, atHead: true, at: time)
        }
    }

    /// The time to a pool's next interruption candidate: candidates come at the interruption rate times the pool's
    /// spot slots, each picks a slot at random, so each live spot worker is interrupted at the rate.
    private func nextCandidate(_ pool: Int) -> TimeSpan {
        TimeSpan(seconds: Distribution.exponential(mean: 1 / (interruptionRates[pool] * Double(pools[pool].spotSlots)))
            .sample(interruptionStreams[pool]!))
    }

    /// A spot interruption candidate: the spot worker in a random slot, if any, is taken back, its job rerouted as a
    /// lost zone's; a fixed pool launches a replacement (ready after its start-up), an autoscaled one waits for its
    /// next evaluation.
    mutating func spotInterrupted(pool: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduler.schedule(.poolSpotInterrupted, after: nextCandidate(pool), payload: pool)
        let slots = pools[pool].spotSlots
        let slot = min(Int(interruptionStreams[pool]!.uniform() * Double(slots)), slots - 1)
        let (interrupted, job) = pools[pool].interrupt(slot: slot, at: time)
        guard interrupted else { return }
        if let job { reroute([job], at: time, scheduler: &scheduler) }
        refill(pool, at: time, scheduler: &scheduler)
    }

    /// A zone is back: fixed pools that could not refill elsewhere (every zone of theirs down) launch what they lack.
    mutating func zoneBack(outage: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let zone = zones.back(outage)
        for pool in pools.indices where pools[pool].zones.contains(zone) { refill(pool, at: time, scheduler: &scheduler) }
    }

    /// A fixed pool launches what it lacks of its size, each ready after the pool's start-up.
    private mutating func refill(_ pool: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        guard autoscalers[pool] == nil, pools[pool].alive < targets[pool] else { return }
        _ = pools[pool].launch(targets[pool] - pools[pool].alive, after: pools[pool].startup, zoneUp: zones.up(after: time), at: time,
                               scheduler: &scheduler)
    }

    // MARK: Statistics

    /// Samples every pool's and class's state, and each class's jobs finished since the previous sample.
    mutating func sample(_ index: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        if index + 1 < sampleTimes.count {
            scheduler.schedule(.workSample, at: TimeSpan(seconds: sampleTimes[index + 1]), payload: index + 1)
        }
        for pool in pools.indices {
            series.poolWorkers[pool].append(Double(pools[pool].alive))
            series.poolReady[pool].append(Double(pools[pool].alive - pools[pool].starting))
            series.poolBusy[pool].append(Double(pools[pool].busy))
            series.poolWaiting[pool].append(Double(pools[pool].waiting))
            series.poolSpot[pool].append(Double(pools[pool].aliveSpot))
        }
        for index in classes.indices {
            let finished = intervalFinished[index]
            series.classWaiting[index].append(Double(waitingByClass[index]))
            series.classLatency[index].append(finished > 0 ? intervalLatency[index] / Double(finished) : .nan)
            series.classWithin[index].append(finished > 0 && classes[index].objectiveSeconds != nil
                                             ? Double(intervalWithin[index]) / Double(finished) : .nan)
            intervalFinished[index] = 0
            intervalLatency[index] = 0
            intervalWithin[index] = 0
        }
    }

    /// Jobs waiting in every pool now.
    var waiting: Int { pools.reduce(0) { $0 + $1.waiting } }

    /// Jobs in service in every pool now.
    var inService: Int { pools.reduce(0) { $0 + $1.busy } }

    mutating func resetStatistics(at time: TimeSpan) {
        for index in classes.indices {
            waits[index].reset()
            latencies[index].reset()
            arrivalCounts[index] = 0
            completed[index] = 0
            overflowed[index] = 0
            withinObjective[index] = 0
            intervalFinished[index] = 0
            intervalLatency[index] = 0
            intervalWithin[index] = 0
        }
        for index in pools.indices { pools[index].resetStatistics(at: time) }
        for index in activeSessions.indices { activeSessions[index].reset(at: time) }
    }
}

/// The work classes' and pools' samples at the content path's sample times (after the warm-up).
public struct WorkSeries: Sendable {
    /// Per pool: workers alive (starting, idle or busy), ready (idle or busy), busy, and jobs waiting, at the
    /// sample time.
    public var poolWorkers: [[Double]]
    public var poolReady: [[Double]]
    public var poolBusy: [[Double]]
    public var poolWaiting: [[Double]]
    /// Per pool: spot workers alive at the sample time (0 without spot).
    public var poolSpot: [[Double]]
    /// Per class: jobs waiting at the sample time; over the interval ending at it, the finished jobs' mean latency
    /// and the share within the objective (NaN when none finished, or the class has no objective).
    public var classWaiting: [[Double]]
    public var classLatency: [[Double]]
    public var classWithin: [[Double]]

    init(classes: Int, pools: Int) {
        poolWorkers = [[Double]](repeating: [], count: pools)
        poolReady = poolWorkers
        poolBusy = poolWorkers
        poolWaiting = poolWorkers
        poolSpot = poolWorkers
        classWaiting = [[Double]](repeating: [], count: classes)
        classLatency = classWaiting
        classWithin = classWaiting
    }
}
