import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events the content path's components schedule, all together: what a model holding the content path
/// must provide (its own event enum conforms; see ContentPathModel, and VidsimKernel/Components.md).
public protocol ContentPathEvents: UploadArrivalEvents, IngestEvents, TranscodeJobEvents, AutoscalerEvents {
    /// The time series are sampled.
    static var sample: Self { get }
}

/// A video the content path has published: watchable from `time` on.
public struct PublishedVideo: Sendable, Equatable {
    /// Seconds of content.
    public var contentSeconds: Double
    /// The index of its source format in the scenario's `uploads.formats` (0 with a single format).
    public var format: Int
    /// Its content class in the scenario's ladder (0 with a single class).
    public var contentClass: Int
    /// When its last rung was done, seconds from the start.
    public var time: Double
    /// Its number in the order uploads arrived (0 for the first): what its draws on the delivery side are keyed
    /// by, so that a variant publishing in another order gives each upload the same draws.
    public var upload: Int

    public init(contentSeconds: Double, format: Int = 0, contentClass: Int = 0, time: Double, upload: Int = 0) {
        self.contentSeconds = contentSeconds
        self.format = format
        self.contentClass = contentClass
        self.time = time
        self.upload = upload
    }
}

/// The content path: uploads travel from creators to the ingest tier, their raw files are stored, and each
/// becomes transcode tasks served by a fleet of workers that start, get interrupted and autoscale.
///
/// A composition of components, each a client of the kernel generic over the events it needs: the arrival
/// process, the ingest tier, the upload table, the transcode jobs, the fleet and its autoscaler. This type
/// wires them together, one method per event, and keeps the statistics; a model (ContentPathModel alone, or a
/// platform model that also holds a delivery path) owns the scheduler and dispatches its events here.
public struct ContentPath<Events: ContentPathEvents> {
    private var arrivals: UploadArrivals<Events>
    private(set) var ingest: IngestTier<Events>
    private var uploads = UploadTable()
    private var jobs: TranscodeJobs<Events>
    private(set) var fleet: TranscodeFleet<Events>
    private var autoscaler: FleetAutoscaler<Events>?
    private var zones: ZoneOutages
    private let startingWorkers: Int
    private let sampleInterval: TimeSpan

    private(set) var statistics: ContentPathStatistics
    private(set) var warmUpEnd = TimeSpan.zero

    /// Videos published since the holder last took them (kept only when `keepsPublications`): how a delivery
    /// path in the same simulation learns that a video is watchable, at the time it becomes so.
    private(set) var publications: [PublishedVideo] = []
    public var keepsPublications = false

    public init(scenario: Scenario, seeds: StreamSeeds) {
        arrivals = UploadArrivals(scenario: scenario, seeds: seeds)
        ingest = IngestTier(uploads: scenario.uploads, seeds: seeds)
        jobs = TranscodeJobs(scenario: scenario, formats: arrivals.formats)
        zones = ZoneOutages(scenario.zones)
        fleet = TranscodeFleet(settings: scenario.transcode, zones: scenario.zones, rungQueues: Self.rungQueues(scenario.ladder),
                               interruptionStream: seeds.stream(for: "transcode.spot_interruptions"))
        autoscaler = scenario.transcode.autoscaling.map { FleetAutoscaler(settings: $0) }
        startingWorkers = scenario.transcode.workers
        sampleInterval = scenario.run.sampleInterval
        statistics = ContentPathStatistics(sampleInterval: sampleInterval)
    }

    /// The queue of each rung with low-rungs-first priority, and last of an analysis task: the analysis first (it
    /// holds back every rung of its upload), then each class's rungs by their place in the class's ladder.
    private static func rungQueues(_ ladder: BitrateLadder) -> [Int] {
        var queues = [Int](repeating: 0, count: ladder.rungs.count + 1)
        for contentClass in ladder.classes {
            for (position, rung) in contentClass.rungs.enumerated() { queues[rung] = position + 1 }
        }
        return queues
    }

    /// Schedules what starts the path at time zero: the starting fleet, spot interruptions, the first upload,
    /// the first sample and the first autoscaling evaluation.
    public mutating func start(scheduler: inout EventScheduler<Events>) {
        fleet.launch(startingWorkers, immediately: true, zoneUp: zones.up, at: .zero, scheduler: &scheduler)
        fleet.scheduleInterruptions(scheduler: &scheduler)
        arrivals.scheduleNext(after: .zero, scheduler: &scheduler)
        scheduler.schedule(.sample, at: .zero)
        autoscaler?.start(at: .zero, scheduler: &scheduler)
        zones.schedule(scheduler: &scheduler)
    }

    // MARK: Events

    /// A creator starts an upload: draw it, then send it (or, with no transfer modelled, it is there).
    public mutating func uploadArrives(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let upload = arrivals.draw()
        statistics.recordStart(contentSeconds: upload.contentSeconds, rawBytes: upload.fileBytes,
                               renditionBytes: jobs.renditionBytes(plan: upload.plan, contentSeconds: upload.contentSeconds))
        let slot = uploads.allocate(upload, at: time.seconds)
        if ingest.modelsTransfers {
            ingest.start(slot: slot, bytes: upload.fileBytes, at: time, scheduler: &scheduler)
        } else {
            uploaded(slot: slot, outcome: nil, at: time, scheduler: &scheduler)
        }
        arrivals.scheduleNext(after: time, scheduler: &scheduler)
    }

    public mutating func chunkAttemptDone(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        if let outcome = ingest.chunkAttemptDone(slot: slot, at: time, scheduler: &scheduler) {
            uploaded(slot: slot, outcome: outcome, at: time, scheduler: &scheduler)
        }
    }

    public mutating func uploadFinished(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        uploaded(slot: slot, outcome: ingest.uploadFinished(slot: slot), at: time, scheduler: &scheduler)
    }

    public mutating func taskDone(token: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        guard let finished = fleet.taskDone(token: token, serviceRung: jobs.analysisRung, at: time, scheduler: &scheduler)
        else { return }
        let slot = finished.slot, rung = finished.rung
        statistics.tasksCompleted += 1
        if rung == jobs.analysisRung {
            // The upload's ladder is known: its rungs can be encoded.
            statistics.analysisWorkerSeconds += finished.service ?? 0
            jobs.submitRungs(slot: slot, contentSeconds: uploads.contentSeconds[slot], plan: uploads.plan[slot], at: time,
                             fleet: &fleet, scheduler: &scheduler)
            return
        }
        // The upload's plan is read only when a rung is done: most tasks are one segment among many.
        if jobs.taskDone(slot: slot, rung: rung, scheduler: &scheduler) {
            rungDone(slot: slot, jobs.rungDone(slot: slot, rung: rung, plan: uploads.plan[slot]), at: time)
        }
    }

    public mutating func workerReady(token: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        fleet.workerReady(token: token, at: time, scheduler: &scheduler)
    }

    public mutating func spotInterrupted(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        fleet.interruptionCandidate(zoneUp: zones.up, at: time, scheduler: &scheduler)
    }

    public mutating func rungStitched(payload: Int, at time: TimeSpan) {
        let (slot, rung) = jobs.stitched(payload)
        rungDone(slot: slot, jobs.rungDone(slot: slot, rung: rung, plan: uploads.plan[slot]), at: time)
    }

    public mutating func autoscale(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        autoscaler?.evaluate(fleet: &fleet, zoneUp: zones.up, at: time, scheduler: &scheduler)
    }

    /// A zone is lost: the fleet's workers in it are taken back (a fixed fleet replaces them in its other zones).
    public mutating func zoneLost(outage: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let zone = zones.lost(outage)
        fleet.loseZone(zone, zoneUp: zones.up(after: time), at: time, scheduler: &scheduler)
    }

    /// A zone is back: a fixed fleet that could not refill elsewhere launches what it lacks.
    public mutating func zoneBack(outage: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        _ = zones.back(outage)
        fleet.refill(zoneUp: zones.up(after: time), at: time, scheduler: &scheduler)
    }

    public mutating func sample(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        statistics.sample(fleet: fleet, ingestQueue: ingest.waiting.count, at: time)
        scheduler.schedule(.sample, after: sampleInterval)
    }

    // MARK: Between components

    /// The file is on the platform: its bandwidth goes to waiting uploads, and its transcode tasks are queued.
    private mutating func uploaded(slot: Int, outcome: TransferOutcome?, at time: TimeSpan,
                                   scheduler: inout EventScheduler<Events>) {
        if let outcome {
            ingest.release(slot: slot, at: time)
            statistics.recordTransfer(outcome, fileBytes: uploads.fileBytes[slot])
            ingest.admitWaiting(at: time, scheduler: &scheduler)
        }
        uploads.arrivedAt[slot] = time.seconds
        let seconds = uploads.contentSeconds[slot], plan = uploads.plan[slot]
        statistics.recordUpload(contentSeconds: seconds, rawBytes: uploads.fileBytes[slot],
                                renditionBytes: jobs.renditionBytes(plan: plan, contentSeconds: seconds))
        jobs.submit(slot: slot, contentSeconds: seconds, plan: plan, at: time, fleet: &fleet, scheduler: &scheduler)
    }

    /// A rung is ready to play; the upload is published when every rung is.
    private mutating func rungDone(slot: Int, _ completion: RungCompletion, at time: TimeSpan) {
        if completion.playable {
            statistics.timeToFirstPlayable.record(TimeSpan(seconds: time.seconds - uploads.arrivedAt[slot]))
        }
        guard completion.published else { return }
        statistics.recordPublished(arrived: uploads.arrivedAt[slot], started: uploads.startedAt[slot], at: time)
        if keepsPublications {
            let plan = uploads.plan[slot], formats = arrivals.formats
            publications.append(PublishedVideo(contentSeconds: uploads.contentSeconds[slot], format: formats.format(ofPlan: plan),
                                               contentClass: formats.contentClass(ofPlan: plan), time: time.seconds,
                                               upload: uploads.serial[slot]))
        }
        uploads.release(slot)
    }

    /// Hands over the videos published since the last call.
    public mutating func takePublications() -> [PublishedVideo] {
        defer { publications.removeAll(keepingCapacity: true) }
        return publications
    }

    // MARK: Warm-up

    public mutating func warmUpEnded(at time: TimeSpan) {
        warmUpEnd = time
        fleet.resetStatistics(at: time)
        ingest.resetStatistics(at: time)
        statistics.reset()
    }
}
