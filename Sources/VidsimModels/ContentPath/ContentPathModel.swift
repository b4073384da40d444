import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The content path, first slice: uploads arrive, their raw bytes are stored, and each becomes one transcode
/// task per rung of a fixed ladder, served first come, first served by a fleet of identical workers. An upload
/// is published when its last rung is done.
///
/// Per-upload state lives in contiguous arrays indexed by a slot number that is reused once the upload is
/// published; events carry only that index (and the rung) as their payload.
public struct ContentPathModel: SimulationModel {
    public enum EventKind: UInt8 {
        case uploadArrives
        /// Payload: slot * rungCount + rung.
        case transcodeDone
        case sample
    }

    // Settings, in base units.
    private let arrivalRate: Double
    private let arrivals: UploadSettings.Arrivals
    private let diurnal: DiurnalProfile?
    private let duration: Distribution
    private let sourceBitrate: Distribution
    private let rungBitrates: [Double]
    private let rungCosts: [Double]
    private let ladderBitsPerSecond: Double
    private let sampleInterval: TimeSpan

    // One random stream per component, named.
    private let arrivalStream: RandomStream
    private let thinningStream: RandomStream
    private let durationStream: RandomStream
    private let bitrateStream: RandomStream

    // The fleet, and the uploads in flight.
    public private(set) var fleet: MultiServerQueue
    private var arrivalsScheduled = 0
    private var arrivedAt: [Double] = []
    private var contentSeconds: [Double] = []
    private var rungsLeft: [Int32] = []
    private var freeSlots: [Int] = []

    // Statistics since the end of warm-up.
    private var warmUpEnd = TimeSpan.zero
    private var endTime = TimeSpan.zero
    private var uploads = 0
    private var published = 0
    private var tasksDone = 0
    private var contentUploaded = 0.0
    private var rawBytes = 0.0
    private var renditionBytes = 0.0
    private var timeToPublish = LatencyRecorder()
    private var queueSeries: TimeSeries
    private var busySeries: TimeSeries

    public init(scenario: Scenario, seeds: StreamSeeds) {
        let upload = scenario.uploads
        arrivalRate = upload.arrivalRate.perSecond
        arrivals = upload.arrivals
        diurnal = upload.diurnal
        duration = upload.duration.distribution
        sourceBitrate = upload.sourceBitrate.distribution
        rungBitrates = scenario.ladder.rungs.map(\.bitrate.bitsPerSecond)
        rungCosts = scenario.transcode.costs(for: scenario.ladder)
        ladderBitsPerSecond = scenario.ladder.totalBitrate.bitsPerSecond
        sampleInterval = scenario.run.sampleInterval
        arrivalStream = seeds.stream(for: "uploads.arrivals")
        thinningStream = seeds.stream(for: "uploads.diurnal")
        durationStream = seeds.stream(for: "uploads.duration")
        bitrateStream = seeds.stream(for: "uploads.source_bitrate")
        fleet = MultiServerQueue(servers: scenario.transcode.workers)
        queueSeries = TimeSeries(name: "tasks waiting", interval: sampleInterval)
        busySeries = TimeSeries(name: "busy workers", interval: sampleInterval)
    }

    /// Runs one replication of `scenario`.
    public static func simulate(_ scenario: Scenario, replication: Int) -> ContentPathResult {
        let seeds = StreamSeeds(scenarioSeed: scenario.seed, replication: replication)
        var model = ContentPathModel(scenario: scenario, seeds: seeds)
        var scheduler = EventScheduler<EventKind>()
        scheduler.schedule(.uploadArrives, at: model.nextArrival(after: .zero))
        scheduler.schedule(.sample, at: .zero)
        model.run(scheduler: &scheduler, until: scenario.run.horizon, warmUp: scenario.run.warmUp)
        return model.result(events: scheduler.eventsProcessed)
    }

    public mutating func handle(_ event: Event<EventKind>, scheduler: inout EventScheduler<EventKind>) {
        switch event.kind {
        case .uploadArrives:
            uploadArrives(at: event.time, scheduler: &scheduler)
            scheduler.schedule(.uploadArrives, at: nextArrival(after: event.time))
        case .transcodeDone:
            transcodeDone(task: event.payload, at: event.time, scheduler: &scheduler)
        case .sample:
            queueSeries.append(Double(fleet.waitingCount), at: event.time)
            busySeries.append(Double(fleet.busy), at: event.time)
            scheduler.schedule(.sample, after: sampleInterval)
        }
    }

    /// The next arrival time: Poisson, thinned to the diurnal profile (Lewis and Shedler, 1979), or evenly spaced.
    private mutating func nextArrival(after time: TimeSpan) -> TimeSpan {
        arrivalsScheduled += 1
        switch arrivals {
        case .deterministic:
            // The k-th arrival at k / rate exactly: repeated addition of 1 / rate would drift.
            return TimeSpan(seconds: Double(arrivalsScheduled) / arrivalRate)
        case .poisson:
            guard let diurnal else {
                return TimeSpan(seconds: time.seconds + gslExponential(mean: 1 / arrivalRate))
            }
            let peak = diurnal.maximum
            var candidate = time
            repeat {
                candidate = TimeSpan(seconds: candidate.seconds + gslExponential(mean: 1 / (arrivalRate * peak)))
            } while thinningStream.uniform() * peak > diurnal.multiplier(at: candidate)
            return candidate
        }
    }

    private func gslExponential(mean: Double) -> Double {
        Distribution.exponential(mean: mean).sample(arrivalStream)
    }

    private mutating func uploadArrives(at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        // A draw below zero (a normal's tail) is taken as one millisecond of content.
        let seconds = max(duration.sample(durationStream), 0.001)
        let bitrate = max(sourceBitrate.sample(bitrateStream), 0)
        let slot = allocateSlot(arrivedAt: time.seconds, contentSeconds: seconds)
        uploads += 1
        contentUploaded += seconds
        rawBytes += seconds * bitrate / 8
        renditionBytes += seconds * ladderBitsPerSecond / 8
        let rungCount = rungCosts.count
        for rung in 0..<rungCount {
            let task = slot * rungCount + rung
            if fleet.arrive(task, at: time) {
                scheduler.schedule(.transcodeDone, after: serviceTime(task: task), payload: task)
            }
        }
    }

    private mutating func transcodeDone(task: Int, at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        tasksDone += 1
        let slot = task / rungCosts.count
        rungsLeft[slot] -= 1
        if rungsLeft[slot] == 0 {
            // Uploads that arrived during warm-up are still counted when published after it: the fleet's
            // latency is what is measured from then on.
            timeToPublish.record(TimeSpan(seconds: time.seconds - arrivedAt[slot]))
            published += 1
            freeSlots.append(slot)
        }
        if let next = fleet.complete(at: time) {
            scheduler.schedule(.transcodeDone, after: serviceTime(task: next), payload: next)
        }
    }

    /// Content duration times the rung's cost in worker-seconds per content second.
    private func serviceTime(task: Int) -> TimeSpan {
        let rungCount = rungCosts.count
        return TimeSpan(seconds: contentSeconds[task / rungCount] * rungCosts[task % rungCount])
    }

    private mutating func allocateSlot(arrivedAt time: Double, contentSeconds seconds: Double) -> Int {
        let rungs = Int32(rungCosts.count)
        if let slot = freeSlots.popLast() {
            arrivedAt[slot] = time
            contentSeconds[slot] = seconds
            rungsLeft[slot] = rungs
            return slot
        }
        arrivedAt.append(time)
        contentSeconds.append(seconds)
        rungsLeft.append(rungs)
        return arrivedAt.count - 1
    }

    public mutating func warmUpEnded(at time: TimeSpan) {
        warmUpEnd = time
        fleet.resetStatistics(at: time)
        uploads = 0
        published = 0
        tasksDone = 0
        contentUploaded = 0
        rawBytes = 0
        renditionBytes = 0
        timeToPublish.reset()
        queueSeries.removeAll()
        busySeries.removeAll()
    }

    public mutating func finish(at time: TimeSpan) {
        endTime = time
    }

    private func result(events: Int) -> ContentPathResult {
        let observed = endTime.seconds - warmUpEnd.seconds
        let perDay = 86_400 / observed
        return ContentPathResult(
            observedSeconds: observed,
            uploads: uploads,
            published: published,
            tasksCompleted: tasksDone,
            contentHoursPerDay: contentUploaded / 3600 * perDay,
            rawBytesPerDay: rawBytes * perDay,
            renditionBytesPerDay: renditionBytes * perDay,
            utilisation: fleet.utilisation(at: endTime),
            meanBusyWorkers: fleet.busyServers.mean(at: endTime),
            meanTasksWaiting: fleet.queueLength.mean(at: endTime),
            maxTasksWaiting: fleet.queueLength.maximum,
            tasksWaitingAtEnd: fleet.waitingCount,
            queueWait: fleet.waits.summary,
            timeToPublish: timeToPublish.summary,
            taskArrivalRate: Double(fleet.arrivals) / observed,
            events: events,
            sampleTimes: queueSeries.times.map(\.seconds),
            tasksWaiting: queueSeries.values,
            busyWorkers: busySeries.values)
    }
}
