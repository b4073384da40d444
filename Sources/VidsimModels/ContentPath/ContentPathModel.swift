import DequeModule
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
        /// A creator starts an upload (the file reaches the platform later, if a transfer is modelled).
        case uploadArrives
        /// The attempt at a chunk in flight ends (per-chunk transfers). Payload: slot.
        case chunkAttemptDone
        /// The whole file has reached the ingest tier (aggregate transfers). Payload: slot.
        case uploadFinished
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
    private let uplinkStream: RandomStream
    private let chunkFailureStream: RandomStream
    private let dropStream: RandomStream

    // Transfers from creators to the ingest tier.
    private let transfer: UploadTransfer?
    private let ingestCapacity: Double?
    private var perChunk: PerChunkTransfers?
    private var startedAt: [Double] = []
    private var fileBytes: [Double] = []
    private var transferRate: [Double] = []
    private var pendingOutcome: [TransferOutcome?] = []
    private var uploadsInFlight = 0
    private var ingestDemand = TimeWeightedAverage()
    /// Uploads waiting for the ingest tier to have bandwidth for them, first come, first served.
    private var ingestQueue = Deque<Int>()

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
    private var uploadTime = LatencyRecorder()
    private var creatorWait = LatencyRecorder()
    private var bytesSent = 0.0
    private var bytesTransferred = 0.0
    private var failedAttempts = 0
    private var drops = 0
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
        uplinkStream = seeds.stream(for: "uploads.uplink")
        chunkFailureStream = seeds.stream(for: "uploads.chunk_failures")
        dropStream = seeds.stream(for: "uploads.drops")
        transfer = upload.transfer
        ingestCapacity = upload.ingestCapacity?.bitsPerSecond
        perChunk = upload.transfer.flatMap { $0.model == .perChunk ? PerChunkTransfers($0) : nil }
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
        case .chunkAttemptDone:
            if let delay = perChunk!.attemptFinished(slot: event.payload, failures: chunkFailureStream, drops: dropStream) {
                scheduler.schedule(.chunkAttemptDone, after: delay, payload: event.payload)
            } else {
                let started = startedAt[event.payload]
                let outcome = perChunk!.outcome(slot: event.payload, duration: TimeSpan(seconds: event.time.seconds - started))
                uploaded(slot: event.payload, outcome: outcome, at: event.time, scheduler: &scheduler)
            }
        case .uploadFinished:
            let outcome = pendingOutcome[event.payload]!
            pendingOutcome[event.payload] = nil
            uploaded(slot: event.payload, outcome: outcome, at: event.time, scheduler: &scheduler)
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

    /// A creator starts an upload: draw its content, then send it (or, with no transfer modelled, it is there).
    private mutating func uploadArrives(at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        // A draw below zero (a normal's tail) is taken as one millisecond of content.
        let seconds = max(duration.sample(durationStream), 0.001)
        let bitrate = max(sourceBitrate.sample(bitrateStream), 0)
        let slot = allocateSlot(arrivedAt: time.seconds, contentSeconds: seconds)
        let bytes = seconds * bitrate / 8
        startedAt[slot] = time.seconds
        fileBytes[slot] = bytes
        guard let transfer else {
            uploaded(slot: slot, outcome: nil, at: time, scheduler: &scheduler)
            return
        }
        transferRate[slot] = max(transfer.uplink.distribution.sample(uplinkStream), 1)
        if ingestQueue.isEmpty && admits(uplink: transferRate[slot]) {
            startTransfer(slot: slot, at: time, scheduler: &scheduler)
        } else {
            ingestQueue.append(slot)
        }
    }

    /// Whether the ingest tier has bandwidth for an upload now: its whole uplink rate, or at least a fair share.
    private func admits(uplink: Double) -> Bool {
        guard let ingestCapacity else { return true }
        let free = ingestCapacity - ingestDemand.value
        return free >= min(uplink, ingestCapacity / Double(uploadsInFlight + 1)) && free > 0
    }

    /// Sends an admitted upload at its uplink rate, or the bandwidth the ingest tier has free if less.
    private mutating func startTransfer(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        guard let transfer else { return }
        var rate = transferRate[slot]
        if let ingestCapacity { rate = min(rate, ingestCapacity - ingestDemand.value) }
        transferRate[slot] = rate
        uploadsInFlight += 1
        ingestDemand.update(to: ingestDemand.value + rate, at: time)
        let bytes = fileBytes[slot]
        if perChunk != nil {
            // Mutated in place: a copy would duplicate every upload's progress arrays.
            let first = perChunk!.start(slot: slot, bytes: bytes, rate: BitRate(bitsPerSecond: rate),
                                        failures: chunkFailureStream, drops: dropStream)
            scheduler.schedule(.chunkAttemptDone, after: first, payload: slot)
        } else {
            var outcome = ChunkedTransfer(transfer).outcome(bytes: bytes, rate: BitRate(bitsPerSecond: rate),
                                                            failures: chunkFailureStream, drops: dropStream)
            scheduler.schedule(.uploadFinished, after: outcome.duration, payload: slot)
            // The creator's upload time counts from pressing upload, waiting for the ingest tier included.
            outcome.duration = TimeSpan(seconds: time.seconds + outcome.duration.seconds - startedAt[slot])
            pendingOutcome[slot] = outcome
        }
    }

    /// The file is on the platform: store it, and queue one transcode task per rung.
    private mutating func uploaded(slot: Int, outcome: TransferOutcome?, at time: TimeSpan,
                                   scheduler: inout EventScheduler<EventKind>) {
        let seconds = contentSeconds[slot]
        if let outcome {
            uploadsInFlight -= 1
            ingestDemand.update(to: uploadsInFlight == 0 ? 0 : max(ingestDemand.value - transferRate[slot], 0), at: time)
            while let next = ingestQueue.first, admits(uplink: transferRate[next]) {
                ingestQueue.removeFirst()
                startTransfer(slot: next, at: time, scheduler: &scheduler)
            }
            uploadTime.record(outcome.duration)
            bytesSent += outcome.bytesSent
            bytesTransferred += fileBytes[slot]
            failedAttempts += outcome.failedAttempts
            drops += outcome.drops
        }
        arrivedAt[slot] = time.seconds
        uploads += 1
        contentUploaded += seconds
        rawBytes += fileBytes[slot]
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
            creatorWait.record(TimeSpan(seconds: time.seconds - startedAt[slot]))
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
        startedAt.append(time)
        fileBytes.append(0)
        transferRate.append(0)
        pendingOutcome.append(nil)
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
        uploadTime.reset()
        creatorWait.reset()
        bytesSent = 0
        bytesTransferred = 0
        failedAttempts = 0
        drops = 0
        ingestDemand.reset(at: time)
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
            uploadTime: uploadTime.summary,
            creatorWait: creatorWait.summary,
            bytesSentPerDay: bytesSent * perDay,
            retransmittedFraction: bytesTransferred > 0 ? bytesSent / bytesTransferred - 1 : 0,
            failedChunkAttemptsPerDay: Double(failedAttempts) * perDay,
            dropsPerDay: Double(drops) * perDay,
            meanIngestBitsPerSecond: ingestDemand.mean(at: endTime),
            peakIngestBitsPerSecond: ingestDemand.maximum,
            taskArrivalRate: Double(fleet.arrivals) / observed,
            events: events,
            sampleTimes: queueSeries.times.map(\.seconds),
            tasksWaiting: queueSeries.values,
            busyWorkers: busySeries.values)
    }
}
