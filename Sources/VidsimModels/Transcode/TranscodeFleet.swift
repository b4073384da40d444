import DequeModule
import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events a transcode fleet schedules for itself. Payloads: a worker token for the first two.
public protocol TranscodeFleetEvents: ZoneOutageEvents {
    /// A worker finished its task.
    static var taskDone: Self { get }
    /// A launched worker finished starting and takes tasks.
    static var workerReady: Self { get }
    /// A spot interruption candidate (one thinned process for the whole fleet).
    static var spotInterrupted: Self { get }
}

/// The transcode fleet: workers (VMs or containers, on-demand or spot) that start, take tasks from a queue,
/// get interrupted and are scaled up and down, spread over zones (`transcode.zones`): each launched in the zone up
/// where the fleet has the fewest, all of a zone's taken back when it is lost (their tasks back to the head of
/// their queues) and, in a fixed fleet, replaced at once in the zones up.
///
/// Workers live in contiguous arrays indexed by small integers, reused when freed; a task is a value in its queue,
/// then in its worker's record. Events name a worker by a token (index and epoch): interrupting or retiring a
/// worker bumps its epoch, so the completion event already scheduled for it is recognised as stale and ignored,
/// and no event ever needs cancelling.
///
/// Spot interruptions are one thinned Poisson process for the whole fleet rather than a pending event per
/// spot worker: candidates come at rate λ x (an upper bound B on spot workers), each picks one of B slots at
/// random and interrupts the live spot worker in it, if any. Each live spot worker is then interrupted at rate
/// λ exactly (superposition and memorylessness), and the pending-event set stays small.
///
/// A component of the kernel (see VidsimKernel/Components.md): generic over the events it schedules, so any
/// model whose event enum provides `TranscodeFleetEvents` can hold a fleet, and the compiler specialises it.
struct TranscodeFleet<Events: TranscodeFleetEvents> {
    private enum State: UInt8 { case starting, idle, busy, gone }

    /// What a task's completion reads of its worker, in 12 bytes: one record per worker (separate arrays per field
    /// cost a cache miss each), the running task's upload slot and rung in it. A task lives in its queue until a
    /// worker takes it, then in its worker's record; the completion reads no task record written minutes earlier,
    /// one of hundreds of thousands with a backlog (that read was 15% of the YouTube day's time). The task's
    /// worker-seconds are apart (`services`): a 24-byte record holding them, tried, took 5% fewer instructions but
    /// more second-level cache misses (twice the bytes per worker), and was no faster on the YouTube day.
    private struct Worker {
        var state: State
        var spot: Bool
        /// The running task's rung (the ladder has at most `BitrateLadder.mostRungs`).
        var rung: UInt16
        var epoch: UInt32
        /// The running task's upload slot.
        var slot: Int32
    }

    /// Where a worker runs, read only when workers come and go: its zone (its place in `zones`) and its place in
    /// the list of live spot workers (-1 if none).
    private struct Placement {
        var zone: UInt8
        var spotPosition: Int32
    }

    /// A finished task: the upload slot and rung it was for, and the worker-seconds it took if its rung was the one
    /// asked about (most completions need not read them: a cache miss saved).
    struct FinishedTask {
        var slot: Int
        var rung: Int
        var service: Double?
    }

    /// A task waiting in its queue: which upload and rung, how long a worker needs, since when it waits (32 bytes,
    /// held in the queue itself, which a worker reads in order).
    struct Task {
        var slot: Int
        var rung: Int
        var service: Double
        var queuedAt: Double
    }

    // Settings.
    let vcpus: Double
    private let startup: TimeSpan
    private let scaleUpDelay: TimeSpan
    private let spotFraction: Double
    private let interruptionRate: Double
    private let replaceInterrupted: Bool
    /// An upper bound on live spot workers: the slots interruption candidates pick from.
    private let spotSlots: Int
    /// Live spot workers, densely packed (each worker's record has its place in it).
    private var spotList: [Int] = []
    private let queueCount: Int
    private let rungQueues: [Int]
    private let interruptionStream: RandomStream
    /// The scenario's zone indices the fleet runs in (empty without zones: one zone that never fails; a worker's
    /// record has its place in this list), and the workers alive in each.
    private let zones: [Int]
    private var aliveInZone: [Int]
    /// A fixed fleet's size: what it refills to after a zone's loss (nil when it autoscales).
    private let fixedSize: Int?

    // Workers.
    private var workers: [Worker] = []
    private var placements: [Placement] = []
    /// The worker-seconds of each busy worker's task, read when it goes back to its queue or, for the one rung
    /// asked about, when it finishes.
    private var services: [Double] = []
    private var freeWorkers: [Int] = []
    /// Idle workers' tokens, most recently idle last. A worker that leaves while idle is not searched for and
    /// removed: its stale token is skipped when popped (`popIdle`), so an interruption costs O(1).
    private var idleTokens: [Int] = []
    private(set) var idleCount = 0
    /// Busy workers, and their integral since the start (never reset): the mean busy count since the warm-up and
    /// the autoscaler's period averages both come from it, so a task costs no time-weighted update.
    private(set) var busyWorkers = CountIntegral()
    @inline(__always) var busyCount: Int { busyWorkers.count }
    private(set) var startingCount = 0
    private(set) var aliveOnDemand = 0
    private(set) var aliveSpot = 0

    // Tasks.
    private var queues: [Deque<Task>]
    private(set) var queuedTasks = 0
    private(set) var queuedWork = 0.0

    // Statistics since the last reset.
    private(set) var waits = LatencyRecorder()
    private(set) var active = TimeWeightedAverage()
    private(set) var onDemandAlive = TimeWeightedAverage()
    private(set) var spotAlive = TimeWeightedAverage()
    /// Every worker alive, on-demand and spot: its maximum is the fleet's peak (the two kinds' maxima need not
    /// coincide, so their sum would overstate it).
    private(set) var alive = TimeWeightedAverage()
    private(set) var queueLength = TimeWeightedAverage()
    private(set) var backlog = TimeWeightedAverage()
    private(set) var tasksSubmitted = 0
    private(set) var interruptions = 0
    private(set) var launched = 0
    /// Workers alive in a zone when it was lost, and the tasks they were running (back to their queues).
    private(set) var lostToZones = 0
    private(set) var tasksRequeuedByZones = 0

    /// `rungQueues`: with low-rungs-first priority, the queue each task's rung number goes to (lower first).
    init(settings: TranscodeSettings, zones: ZoneSettings?, rungQueues: [Int], interruptionStream: RandomStream) {
        self.zones = zones?.indices(of: settings.zones ?? []) ?? []
        aliveInZone = [Int](repeating: 0, count: max(self.zones.count, 1))
        fixedSize = settings.autoscaling == nil ? settings.workers : nil
        vcpus = settings.worker.vcpus
        startup = settings.worker.startup
        scaleUpDelay = settings.autoscaling?.scaleUpDelay ?? .zero
        spotFraction = settings.spot?.fraction ?? 0
        interruptionRate = settings.spot?.interruptions.perSecond ?? 0
        replaceInterrupted = settings.autoscaling == nil
        let largestFleet = settings.autoscaling?.maximum ?? settings.workers
        spotSlots = Int((Double(largestFleet) * spotFraction).rounded(.up)) + 2
        queueCount = settings.priority == .lowRungsFirst ? (rungQueues.max() ?? 0) + 1 : 1
        self.rungQueues = rungQueues
        queues = Array(repeating: Deque<Task>(), count: queueCount)
        self.interruptionStream = interruptionStream
    }

    @inline(__always) var activeCount: Int { idleCount + busyCount }
    @inline(__always) var aliveCount: Int { aliveOnDemand + aliveSpot }

    // MARK: Workers

    /// Launches `count` workers: ready at once (`immediately`, the starting fleet) or after provisioning and
    /// start-up. Spot workers are launched so as to keep the spot share of the live fleet at its fraction. Each
    /// goes to the zone up (of `zoneUp`) where the fleet has the fewest; none when every zone of the fleet is down.
    mutating func launch(_ count: Int, immediately: Bool, spotOnly: Bool? = nil, zoneUp: [Bool], at time: TimeSpan,
                         scheduler: inout EventScheduler<Events>) {
        for _ in 0..<count {
            guard let zone = ZoneOutages.launchZone(zones: zones, aliveInZone: aliveInZone, zoneUp: zoneUp) else { break }
            let isSpot = spotOnly ?? (Double(aliveSpot) < spotFraction * Double(aliveCount + 1) - 1e-9)
            let worker: Int
            var record = Worker(state: .starting, spot: isSpot, rung: 0, epoch: 0, slot: -1)
            var placement = Placement(zone: UInt8(zone), spotPosition: -1)
            if let reused = freeWorkers.popLast() {
                worker = reused
                record.epoch = workers[worker].epoch &+ 1
            } else {
                worker = workers.count
                workers.append(record)
                placements.append(placement)
                services.append(0)
            }
            if isSpot {
                placement.spotPosition = Int32(spotList.count)
                spotList.append(worker)
            }
            workers[worker] = record
            placements[worker] = placement
            aliveInZone[zone] += 1
            launched += 1
            if isSpot { aliveSpot += 1 } else { aliveOnDemand += 1 }
            startingCount += 1
            if immediately {
                ready(worker, at: time, scheduler: &scheduler)
            } else {
                scheduler.schedule(.workerReady, after: scaleUpDelay + startup, payload: token(worker))
            }
        }
        updateAlive(at: time)
    }

    /// A worker finished starting: it takes work, and if spot, its interruption is drawn.
    mutating func workerReady(token: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        guard let worker = live(token), workers[worker].state == .starting else { return }
        ready(worker, at: time, scheduler: &scheduler)
    }

    private mutating func ready(_ worker: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        startingCount -= 1
        makeIdle(worker)
        dispatch(at: time, scheduler: &scheduler)
        active.update(to: Double(activeCount), at: time)
    }

    /// Schedules the first interruption candidate, if spot workers can be interrupted at all.
    func scheduleInterruptions(scheduler: inout EventScheduler<Events>) {
        guard interruptionRate > 0 && spotFraction > 0 else { return }
        scheduler.schedule(.spotInterrupted, after: nextCandidate())
    }

    private func nextCandidate() -> TimeSpan {
        TimeSpan(seconds: Distribution.exponential(mean: 1 / (interruptionRate * Double(spotSlots))).sample(interruptionStream))
    }

    /// An interruption candidate: the spot worker in a random slot, if there is one, is taken back.
    mutating func interruptionCandidate(zoneUp: [Bool], at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduler.schedule(.spotInterrupted, after: nextCandidate())
        let slot = min(Int(interruptionStream.uniform() * Double(spotSlots)), spotSlots - 1)
        guard slot < spotList.count else { return }
        interrupt(spotList[slot], zoneUp: zoneUp, at: time, scheduler: &scheduler)
    }

    /// A spot worker is taken back: its task returns to the head of its queue.
    private mutating func interrupt(_ worker: Int, zoneUp: [Bool], at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        interruptions += 1
        takeBack(worker, at: time)
        if replaceInterrupted { launch(1, immediately: false, spotOnly: true, zoneUp: zoneUp, at: time, scheduler: &scheduler) }
        dispatch(at: time, scheduler: &scheduler)
    }

    /// Zone `zone` (the scenario's index; `zoneUp` already says it is down) is lost: every worker of the fleet in
    /// it is taken back, their tasks to the head of their queues; a fixed fleet launches as many in its zones up.
    mutating func loseZone(_ zone: Int, zoneUp: [Bool], at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        guard let local = zones.firstIndex(of: zone), aliveInZone[local] > 0 else { return }
        var lost = 0
        // The zone's idle and starting workers first, so that the busy ones' tasks go to workers elsewhere; each
        // task is dispatched as it is put back (an idle worker elsewhere takes it at once), so the queue never
        // holds more than it would.
        for pass in 0..<2 {
            for worker in workers.indices where workers[worker].state != .gone && Int(placements[worker].zone) == local
                && (pass == 1 || workers[worker].state != .busy) {
                if workers[worker].state == .busy { tasksRequeuedByZones += 1 }
                takeBack(worker, at: time)
                lost += 1
                if pass == 1 { dispatch(at: time, scheduler: &scheduler) }
            }
        }
        lostToZones += lost
        refill(zoneUp: zoneUp, at: time, scheduler: &scheduler)
    }

    /// A fixed fleet launches what it lacks of its size in its zones up (after a zone's loss, or when a zone is
    /// back after every zone of the fleet was lost).
    mutating func refill(zoneUp: [Bool], at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        guard let fixedSize, aliveCount < fixedSize else { return }
        launch(fixedSize - aliveCount, immediately: false, zoneUp: zoneUp, at: time, scheduler: &scheduler)
    }

    /// A worker leaves (a spot interruption, a lost zone): its task, if any, returns to the head of its queue.
    private mutating func takeBack(_ worker: Int, at time: TimeSpan) {
        switch workers[worker].state {
        case .busy:
            // The task waits anew from now: its wait is counted per stint in the queue, and the re-queue is an
            // arrival, so Little's law holds on the queue.
            let record = workers[worker]
            let task = Task(slot: Int(record.slot), rung: Int(record.rung), service: services[worker], queuedAt: time.seconds)
            busyWorkers.set(busyCount - 1, at: time)
            queues[queueIndex(rung: task.rung)].prepend(task)
            tasksSubmitted += 1
            queuedTasks += 1
            queuedWork += task.service
            queueLength.update(to: Double(queuedTasks), at: time)
            backlog.update(to: queuedWork, at: time)
        case .idle:
            idleCount -= 1
        case .starting:
            startingCount -= 1
        case .gone:
            break
        }
        retire(worker, at: time)
    }

    /// Removes up to `count` idle workers (busy ones finish their tasks first; a later evaluation retries).
    mutating func remove(_ count: Int, at time: TimeSpan) {
        for _ in 0..<min(count, idleCount) {
            guard let worker = popIdle() else { break }
            retire(worker, at: time)
        }
    }

    private mutating func makeIdle(_ worker: Int) { makeIdle(worker, token: token(worker)) }

    /// `token`: the worker's current token.
    private mutating func makeIdle(_ worker: Int, token: Int) {
        workers[worker].state = .idle
        idleTokens.append(token)
        idleCount += 1
    }

    /// The most recently idle worker still idle, skipping tokens of workers that left or changed since.
    private mutating func popIdle() -> Int? {
        while let token = idleTokens.popLast() {
            if let worker = live(token), workers[worker].state == .idle {
                idleCount -= 1
                return worker
            }
        }
        return nil
    }

    private mutating func retire(_ worker: Int, at time: TimeSpan) {
        workers[worker].state = .gone
        workers[worker].epoch &+= 1
        let placement = placements[worker]
        if workers[worker].spot {
            // Swap-remove from the dense list of live spot workers.
            let position = Int(placement.spotPosition), last = spotList.removeLast()
            if last != worker {
                spotList[position] = last
                placements[last].spotPosition = Int32(position)
            }
            placements[worker].spotPosition = -1
            aliveSpot -= 1
        } else {
            aliveOnDemand -= 1
        }
        aliveInZone[Int(placement.zone)] -= 1
        freeWorkers.append(worker)
        updateAlive(at: time)
        active.update(to: Double(activeCount), at: time)
    }

    // The small non-mutating helpers are inlined: a call to a method of the fleet passes the whole struct (then
    // 640 bytes) by value, which profiling showed as a memcpy per task (4.5% of the YouTube day's instructions).
    @inline(__always)
    private func token(_ worker: Int) -> Int { worker | (Int(workers[worker].epoch) << 32) }

    /// The worker a token names, if the token is still current.
    @inline(__always)
    private func live(_ token: Int) -> Int? {
        let worker = token & 0xFFFF_FFFF
        let record = workers[worker]
        return UInt32(truncatingIfNeeded: token >> 32) == record.epoch && record.state != .gone ? worker : nil
    }

    private mutating func updateAlive(at time: TimeSpan) {
        onDemandAlive.update(to: Double(aliveOnDemand), at: time)
        spotAlive.update(to: Double(aliveSpot), at: time)
        alive.update(to: Double(aliveCount), at: time)
    }

    // MARK: Tasks

    /// Queues a task for upload `slot`, rung `rung`, needing `serviceSeconds` of a worker; starts it if a worker
    /// is idle.
    mutating func submit(slot: Int, rung: Int, serviceSeconds: Double, at time: TimeSpan,
                         scheduler: inout EventScheduler<Events>) {
        let task = Task(slot: slot, rung: rung, service: serviceSeconds, queuedAt: time.seconds)
        tasksSubmitted += 1
        if idleCount > 0, let worker = popIdle() {
            start(task, on: worker, at: time, scheduler: &scheduler)
        } else {
            queues[queueIndex(rung: rung)].append(task)
            queuedTasks += 1
            queuedWork += serviceSeconds
            queueLength.update(to: Double(queuedTasks), at: time)
            backlog.update(to: queuedWork, at: time)
        }
    }

    /// A worker finished its task: returns what the task was for (with its worker-seconds when its rung is
    /// `serviceRung`), or nil if the event is stale (the worker was interrupted meanwhile).
    mutating func taskDone(token: Int, serviceRung: Int, at time: TimeSpan,
                           scheduler: inout EventScheduler<Events>) -> FinishedTask? {
        // One read of the record: the token's epoch still current and the worker busy (so not gone).
        let worker = token & 0xFFFF_FFFF
        let record = workers[worker]
        guard UInt32(truncatingIfNeeded: token >> 32) == record.epoch && record.state == .busy else { return nil }
        let rung = Int(record.rung)
        let finished = FinishedTask(slot: Int(record.slot), rung: rung, service: rung == serviceRung ? services[worker] : nil)
        busyWorkers.set(busyCount - 1, at: time)
        makeIdle(worker, token: token)
        dispatch(at: time, scheduler: &scheduler)
        return finished
    }

    @inline(__always)
    private func queueIndex(rung: Int) -> Int { queueCount == 1 ? 0 : rungQueues[rung] }

    /// Gives queued tasks to idle workers, from the first non-empty queue.
    private mutating func dispatch(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        while queuedTasks > 0, idleCount > 0, let worker = popIdle() {
            var index = 0
            while queues[index].isEmpty { index += 1 }
            let task = queues[index].removeFirst()
            queuedTasks -= 1
            queuedWork -= task.service
            if queuedTasks == 0 { queuedWork = 0 }
            queueLength.update(to: Double(queuedTasks), at: time)
            backlog.update(to: queuedWork, at: time)
            start(task, on: worker, at: time, scheduler: &scheduler)
        }
    }

    private mutating func start(_ task: Task, on worker: Int, at time: TimeSpan,
                                scheduler: inout EventScheduler<Events>) {
        // Slot numbers are bounded by the run-size check (far below 2^31 uploads in memory), rung numbers by the
        // ladder's limit.
        var record = workers[worker]
        record.state = .busy
        record.slot = Int32(truncatingIfNeeded: task.slot)
        record.rung = UInt16(truncatingIfNeeded: task.rung)
        workers[worker] = record
        services[worker] = task.service
        busyWorkers.set(busyCount + 1, at: time)
        waits.record(TimeSpan(seconds: time.seconds - task.queuedAt))
        scheduler.schedule(.taskDone, after: TimeSpan(seconds: task.service), payload: token(worker))
    }

    // MARK: Statistics

    /// Busy worker-seconds from the start to `time`.
    @inline(__always)
    func busyIntegral(at time: TimeSpan) -> Double { busyWorkers.integral(at: time) }

    /// Mean busy workers since the last reset.
    func meanBusy(at time: TimeSpan) -> Double { busyWorkers.mean(at: time) }

    mutating func resetStatistics(at time: TimeSpan) {
        waits.reset()
        busyWorkers.reset(at: time)
        for average in [\TranscodeFleet.active, \.onDemandAlive, \.spotAlive, \.alive, \.queueLength, \.backlog] {
            self[keyPath: average].reset(at: time)
        }
        tasksSubmitted = 0
        interruptions = 0
        launched = 0
        lostToZones = 0
        tasksRequeuedByZones = 0
    }
}
