import DequeModule
import VidsimKernel
import VidsimUnits

/// A pool of identical workers, spread over zones, before one queue per priority level: a worker that frees takes
/// the waiting job of the most urgent level (level 0 first), first come first served within a level; a job in
/// service is never interrupted by another (non-preemptive priority, as Cobham's formula assumes), only lost with
/// its worker (a lost zone, a spot interruption), when it goes back to the head of its level.
///
/// A share of the workers launched may be spot (launched so as to keep the spot share of the live pool at its
/// fraction, as the transcode fleet does); the live spot workers are kept densely packed so that an interruption
/// candidate picks one of a fixed number of slots at random (`WorkPools` runs one thinned Poisson process per pool).
///
/// Workers live in contiguous arrays indexed by small integers, reused when freed. Events name a worker by a token
/// (the pool's index, the worker's epoch and index): losing or retiring a worker bumps its epoch, so the events
/// already scheduled for it are recognised as stale and ignored, and no event ever needs cancelling. Jobs are
/// indices into the caller's arrays; the pool keeps which wait at which level and which worker serves which.
struct WorkerPool {
    private enum State: UInt8 { case starting, idle, busy, gone }

    /// The pool's index in the scenario: part of each token.
    let index: Int
    /// The scenario's zone indices the pool's workers run in; empty without zones (one zone that never fails).
    let zones: [Int]
    let startup: TimeSpan

    // Workers.
    private var state: [State] = []
    private var zoneOf: [UInt8] = []
    private var epoch: [UInt32] = []
    private var job: [Int32] = []
    private var freeWorkers: [Int] = []
    /// Idle workers' tokens, most recently idle last; a worker that left is skipped when popped.
    private var idleTokens: [Int] = []
    /// The workers of each launch still to be ready, by batch slot (reused): one event readies a whole launch, so
    /// a thousand workers launched together are one pending event, not a thousand at one instant.
    private var batches: [[Int]] = []
    private var freeBatches: [Int] = []
    private(set) var idleCount = 0
    /// Busy workers, and their integral since the start: the autoscaler's period averages and the mean busy count
    /// since the warm-up both come from it.
    private(set) var busyWorkers = CountIntegral()
    var busy: Int { busyWorkers.count }
    private(set) var starting = 0
    /// Workers alive (starting, idle or busy) in each of `zones` (one entry without zones).
    private var aliveInZone: [Int]
    private(set) var alive = 0

    // Spot workers.
    let spotFraction: Double
    /// An upper bound on live spot workers: the slots interruption candidates pick from.
    let spotSlots: Int
    private var isSpot: [Bool] = []
    /// Live spot workers, densely packed, and each worker's place in that list.
    private var spotList: [Int] = []
    private var spotPosition: [Int32] = []
    private(set) var aliveSpot = 0

    // The queue.
    private var levels: [Deque<Int>]
    private(set) var waiting = 0
    /// Worker-seconds of the jobs waiting.
    private(set) var queuedWork = 0.0

    // Statistics.
    /// Workers alive over time: its mean is what the pool is billed for.
    private(set) var aliveWorkers = TimeWeightedAverage()
    /// Jobs waiting (not in service) over time.
    private(set) var queueLength = TimeWeightedAverage()
    /// Spot workers alive over time: the share billed at the spot price.
    private(set) var spotWorkers = TimeWeightedAverage()
    /// Since the warm-up: workers launched, workers lost with their zone, jobs sent back to the queue by a lost
    /// zone; spot workers interrupted, and the jobs they were serving.
    private(set) var launched = 0
    private(set) var lost = 0
    private(set) var requeued = 0
    private(set) var interruptions = 0
    private(set) var interruptedJobs = 0

    /// `largest`: the most workers the pool may have (its size, or its autoscaler's maximum).
    init(index: Int, workers: Int, zones: [Int], startup: TimeSpan, levels: Int, spotFraction: Double = 0, largest: Int = 0) {
        precondition(workers >= 0 && levels >= 1 && index < 128)
        self.index = index
        self.zones = zones
        self.startup = startup
        self.spotFraction = spotFraction
        spotSlots = spotFraction > 0 ? Int((Double(max(largest, workers)) * spotFraction).rounded(.up)) + 2 : 0
        self.levels = [Deque<Int>](repeating: [], count: levels)
        aliveInZone = [Int](repeating: 0, count: max(zones.count, 1))
    }

    // MARK: Workers

    /// Launches up to `count` workers, each in the healthy zone of the pool's where it has the fewest alive:
    /// ready at once (`after` nil, the starting pool) or after `after`; spot while the live pool's spot share is below
    /// its fraction. Returns how many it launched (fewer when every zone of the pool is down).
    mutating func launch<Events: WorkPoolEvents>(_ count: Int, after delay: TimeSpan?, zoneUp: [Bool], at time: TimeSpan,
                                                 scheduler: inout EventScheduler<Events>) -> Int {
        var started = 0
        var batch: [Int] = []
        while started < count, let local = ZoneOutages.launchZone(zones: zones, aliveInZone: aliveInZone, zoneUp: zoneUp) {
            let worker: Int
            if let reused = freeWorkers.popLast() {
                worker = reused
                epoch[worker] &+= 1
            } else {
                worker = state.count
                state.append(.starting)
                zoneOf.append(0)
                epoch.append(0)
                job.append(-1)
                isSpot.append(false)
                spotPosition.append(-1)
            }
            let spot = spotFraction > 0 && Double(aliveSpot) < spotFraction * Double(alive + 1) - 1e-9
            isSpot[worker] = spot
            if spot {
                spotPosition[worker] = Int32(spotList.count)
                spotList.append(worker)
                aliveSpot += 1
            }
            state[worker] = .starting
            zoneOf[worker] = UInt8(local)
            job[worker] = -1
            aliveInZone[local] += 1
            alive += 1
            starting += 1
            launched += 1
            started += 1
            if delay != nil { batch.append(token(worker)) } else { becomeReady(worker) }
        }
        if let delay, !batch.isEmpty {
            let slot: Int
            if let free = freeBatches.popLast() {
                slot = free
                batches[slot] = batch
            } else {
                slot = batches.count
                batches.append(batch)
            }
            scheduler.schedule(.workerReady, after: delay, payload: index << 56 | slot)
        }
        updateAlive(at: time)
        return started
    }

    private mutating func updateAlive(at time: TimeSpan) {
        aliveWorkers.update(to: Double(alive), at: time)
        if spotFraction > 0 { spotWorkers.update(to: Double(aliveSpot), at: time) }
    }

    /// A launch's start-up is over (the event's payload): its workers still starting (not lost meanwhile) become
    /// idle. Returns how many did.
    mutating func batchReady(payload: Int) -> Int {
        let slot = payload & 0xFF_FFFF
        var ready = 0
        for token in batches[slot] {
            guard let worker = live(token), state[worker] == .starting else { continue }
            becomeReady(worker)
            ready += 1
        }
        batches[slot] = []
        freeBatches.append(slot)
        return ready
    }

    private mutating func becomeReady(_ worker: Int) {
        starting -= 1
        makeIdle(worker)
    }

    private mutating func makeIdle(_ worker: Int) {
        state[worker] = .idle
        job[worker] = -1
        idleTokens.append(token(worker))
        idleCount += 1
    }

    /// The most recently idle worker still idle, taken out of the idle set.
    mutating func popIdle() -> Int? {
        while let token = idleTokens.popLast() {
            if let worker = live(token), state[worker] == .idle {
                idleCount -= 1
                return worker
            }
        }
        return nil
    }

    /// Retires up to `count` idle workers (busy ones finish their jobs first; a later evaluation retries).
    mutating func remove(_ count: Int, at time: TimeSpan) {
        for _ in 0..<min(count, idleCount) {
            guard let worker = popIdle() else { break }
            retire(worker)
        }
        updateAlive(at: time)
    }

    /// An interruption candidate picked `slot` (of `spotSlots`): the live spot worker in it, if any, is taken back.
    /// Returns whether one was, and the job it was serving (for the caller to put back at the head of its level).
    mutating func interrupt(slot: Int, at time: TimeSpan) -> (interrupted: Bool, job: Int?) {
        guard slot < spotList.count else { return (false, nil) }
        let worker = spotList[slot]
        var lostJob: Int?
        switch state[worker] {
        case .busy:
            lostJob = Int(job[worker])
            busyWorkers.set(busy - 1, at: time)
            interruptedJobs += 1
        case .idle: idleCount -= 1
        case .starting: starting -= 1
        case .gone: break
        }
        interruptions += 1
        retire(worker)
        updateAlive(at: time)
        return (true, lostJob)
    }

    /// The zone `zone` (the scenario's index) is lost: every worker of the pool in it goes, and the jobs they were
    /// serving are returned, oldest worker first, for the caller to put back at the head of their levels.
    mutating func loseZone(_ zone: Int, at time: TimeSpan) -> [Int] {
        guard let local = zones.firstIndex(of: zone), aliveInZone[local] > 0 else { return [] }
        var jobs: [Int] = []
        for worker in state.indices where state[worker] != .gone && Int(zoneOf[worker]) == local {
            switch state[worker] {
            case .busy:
                jobs.append(Int(job[worker]))
                busyWorkers.set(busy - 1, at: time)
            case .idle: idleCount -= 1
            case .starting: starting -= 1
            case .gone: break
            }
            lost += 1
            retire(worker)
        }
        requeued += jobs.count
        updateAlive(at: time)
        return jobs
    }

    private mutating func retire(_ worker: Int) {
        state[worker] = .gone
        epoch[worker] &+= 1
        job[worker] = -1
        aliveInZone[Int(zoneOf[worker])] -= 1
        alive -= 1
        freeWorkers.append(worker)
        if isSpot[worker] {
            // The last spot worker takes the leaver's place in the dense list.
            let place = Int(spotPosition[worker]), last = spotList.removeLast()
            if last != worker {
                spotList[place] = last
                spotPosition[last] = Int32(place)
            }
            spotPosition[worker] = -1
            isSpot[worker] = false
            aliveSpot -= 1
        }
    }

    /// A token: the pool's index in the top 7 bits, the worker's epoch in the next 32, the worker in the low 24.
    @inline(__always)
    private func token(_ worker: Int) -> Int { index << 56 | Int(epoch[worker]) << 24 | worker }

    /// The pool a token names.
    @inline(__always)
    static func pool(of token: Int) -> Int { token >> 56 }

    /// The worker a token names, if the token is still current.
    @inline(__always)
    private func live(_ token: Int) -> Int? {
        let worker = token & 0xFF_FFFF
        guard worker < state.count else { return nil }
        return UInt32(truncatingIfNeeded: token >> 24) == epoch[worker] && state[worker] != .gone ? worker : nil
    }

    // MARK: Jobs

    /// `job` starts on `worker` (taken from the idle set, or just freed); returns the token its completion names.
    mutating func start(_ job: Int, on worker: Int, at time: TimeSpan) -> Int {
        // A worker that just finished a job is still busy: the busy count changes only when a worker idles.
        if state[worker] != .busy { busyWorkers.set(busy + 1, at: time) }
        state[worker] = .busy
        self.job[worker] = Int32(job)
        return token(worker)
    }

    /// A completion event's token: the job it finished and its worker, or nil if the event is stale (the worker
    /// was lost with its zone meanwhile). The worker stays busy: the caller gives it the next job or idles it.
    mutating func finished(token: Int) -> (job: Int, worker: Int)? {
        guard let worker = live(token), state[worker] == .busy else { return nil }
        return (Int(job[worker]), worker)
    }

    /// A worker that finished has nothing to take: it idles.
    mutating func idle(_ worker: Int, at time: TimeSpan) {
        busyWorkers.set(busy - 1, at: time)
        makeIdle(worker)
    }

    /// A job waits at `level` for a worker: at the back, or at the head when it was sent back by a lost zone.
    mutating func enqueue(_ job: Int, level: Int, work: Double, atHead: Bool = false, at time: TimeSpan) {
        if atHead { levels[level].prepend(job) } else { levels[level].append(job) }
        waiting += 1
        queuedWork += work
        queueLength.update(to: Double(waiting), at: time)
    }

    /// The most urgent job waiting, taken out of the queue; `work` holds each job's worker-seconds.
    mutating func dequeue(at time: TimeSpan, work: [Double]) -> Int? {
        guard waiting > 0, let level = levels.firstIndex(where: { !$0.isEmpty }) else { return nil }
        let job = levels[level].removeFirst()
        waiting -= 1
        queuedWork = waiting == 0 ? 0 : queuedWork - work[job]
        queueLength.update(to: Double(waiting), at: time)
        return job
    }


    // MARK: Statistics

    /// Discards statistics before `time` (warm-up), keeping the pool's state.
    mutating func resetStatistics(at time: TimeSpan) {
        busyWorkers.reset(at: time)
        aliveWorkers.reset(at: time)
        spotWorkers.reset(at: time)
        queueLength.reset(at: time)
        launched = 0
        lost = 0
        requeued = 0
        interruptions = 0
        interruptedJobs = 0
    }
}
