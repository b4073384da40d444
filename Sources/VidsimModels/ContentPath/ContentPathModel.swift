import DequeModule
import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The content path: uploads travel from creators to the ingest tier, their raw files are stored, and each
/// becomes transcode tasks (one per rung, or one per segment of each rung with split-and-stitch) served by a
/// fleet of workers that start, get interrupted and autoscale. An upload is playable when its lowest rung is
/// done and published when its whole ladder is.
///
/// Per-upload state lives in contiguous arrays indexed by a slot reused once the upload is published; events
/// carry only that slot, a task or a worker token as their payload. The upload side is in
/// ContentPathModel+Uploads.swift, the transcode side in ContentPathModel+Transcode.swift.
public struct ContentPathModel: SimulationModel {
    public enum EventKind: UInt8 {
        /// A creator starts an upload (the file reaches the platform later, if a transfer is modelled).
        case uploadArrives
        /// The attempt at a chunk in flight ends (per-chunk transfers). Payload: slot.
        case chunkAttemptDone
        /// The whole file has reached the ingest tier (aggregate transfers). Payload: slot.
        case uploadFinished
        /// A worker finished its task. Payload: worker token.
        case taskDone
        /// A launched worker is ready. Payload: worker token.
        case workerReady
        /// A spot interruption candidate (one thinned process for the fleet).
        case spotInterrupted
        /// A rung's segments are stitched. Payload: slot * rungCount + rung.
        case rungStitched
        /// The autoscaler evaluates its policy.
        case autoscale
        case sample
    }

    /// What one source format gets: its bit rate, the rungs no taller than it, and what those add up to.
    struct FormatPlan {
        let bitrate: Distribution
        let eligible: [Bool]
        let rungCount: Int32
        let ladderBitsPerSecond: Double
        /// The rung whose completion makes the video playable: the lowest bit rate among its rungs.
        let playableRung: Int
    }

    // Settings, in base units.
    let arrivalRate: Double
    let arrivals: UploadSettings.Arrivals
    let profile: RateProfile
    let duration: Distribution
    let rungCosts: [Double]
    let formats: [FormatPlan]
    /// Draws a format index by weight; nil with a single format.
    let formatTable: EmpiricalTable?
    let sampleInterval: TimeSpan
    let segmentSeconds: Double?
    let stitchSeconds: Double

    // One random stream per component, named.
    let arrivalStream: RandomStream
    let thinningStream: RandomStream
    let durationStream: RandomStream
    let bitrateStream: RandomStream
    let formatStream: RandomStream
    let uplinkStream: RandomStream
    let chunkFailureStream: RandomStream
    let dropStream: RandomStream

    // Transfers from creators to the ingest tier.
    let transfer: UploadTransfer?
    let ingestCapacity: Double?
    var perChunk: PerChunkTransfers?
    var uploadsInFlight = 0
    var ingestDemand = TimeWeightedAverage()
    /// Uploads waiting for the ingest tier to have bandwidth for them, first come, first served.
    var ingestQueue = Deque<Int>()
    var arrivalsScheduled = 0

    // The fleet and its autoscaler.
    var fleet: TranscodeFleet
    var autoscaler: Autoscaler?
    let autoscaleInterval: TimeSpan

    // The uploads in flight, by slot.
    var startedAt: [Double] = []
    var arrivedAt: [Double] = []
    var contentSeconds: [Double] = []
    var fileBytes: [Double] = []
    var uploadFormat: [Int] = []
    var transferRate: [Double] = []
    var pendingOutcome: [TransferOutcome?] = []
    var rungsLeft: [Int32] = []
    /// Segments (or whole-rung tasks) still to transcode, by slot * rungCount + rung.
    var segmentsLeft: [Int32] = []
    var freeSlots: [Int] = []

    // Statistics since the end of warm-up.
    var statistics: ContentPathStatistics
    var warmUpEnd = TimeSpan.zero
    var endTime = TimeSpan.zero

    public init(scenario: Scenario, seeds: StreamSeeds) {
        let upload = scenario.uploads
        arrivalRate = upload.arrivalRate.perSecond
        arrivals = upload.arrivals
        profile = upload.profile
        duration = upload.duration.distribution
        rungCosts = scenario.transcode.costs(for: scenario.ladder)
        let rungs = scenario.ladder.rungs
        func plan(height: Int?, bitrate: Distribution) -> FormatPlan {
            let eligible = rungs.map { rung in height.map { rung.height == nil || rung.height! <= $0 } ?? true }
            let bitrates = rungs.indices.map { eligible[$0] ? rungs[$0].bitrate.bitsPerSecond : .infinity }
            return FormatPlan(
                bitrate: bitrate, eligible: eligible, rungCount: Int32(eligible.filter { $0 }.count),
                ladderBitsPerSecond: bitrates.filter(\.isFinite).reduce(0, +),
                playableRung: bitrates.firstIndex(of: bitrates.min()!)!)
        }
        if let mix = upload.formats {
            formats = mix.map { plan(height: $0.height, bitrate: $0.bitrate.distribution) }
            formatTable = try? EmpiricalTable(values: mix.indices.map(Double.init), weights: mix.map(\.weight))
        } else {
            formats = [plan(height: nil, bitrate: upload.sourceBitrate.distribution)]
            formatTable = nil
        }
        sampleInterval = scenario.run.sampleInterval
        segmentSeconds = scenario.transcode.split?.segment.seconds
        stitchSeconds = scenario.transcode.split?.stitch.seconds ?? 0
        arrivalStream = seeds.stream(for: "uploads.arrivals")
        thinningStream = seeds.stream(for: "uploads.diurnal")
        durationStream = seeds.stream(for: "uploads.duration")
        bitrateStream = seeds.stream(for: "uploads.source_bitrate")
        formatStream = seeds.stream(for: "uploads.format")
        uplinkStream = seeds.stream(for: "uploads.uplink")
        chunkFailureStream = seeds.stream(for: "uploads.chunk_failures")
        dropStream = seeds.stream(for: "uploads.drops")
        transfer = upload.transfer
        ingestCapacity = upload.ingestCapacity?.bitsPerSecond
        perChunk = upload.transfer.flatMap { $0.model == .perChunk ? PerChunkTransfers($0) : nil }
        fleet = TranscodeFleet(settings: scenario.transcode, rungCount: scenario.ladder.rungs.count,
                               interruptionStream: seeds.stream(for: "transcode.spot_interruptions"))
        autoscaler = scenario.transcode.autoscaling.map(Autoscaler.init)
        autoscaleInterval = scenario.transcode.autoscaling?.interval ?? .zero
        statistics = ContentPathStatistics(sampleInterval: sampleInterval)
    }

    /// Runs one replication of `scenario`.
    public static func simulate(_ scenario: Scenario, replication: Int) -> ContentPathResult {
        let seeds = StreamSeeds(scenarioSeed: scenario.seed, replication: replication)
        var model = ContentPathModel(scenario: scenario, seeds: seeds)
        var scheduler = EventScheduler<EventKind>()
        model.fleet.launch(scenario.transcode.workers, immediately: true, at: .zero, scheduler: &scheduler)
        model.fleet.scheduleInterruptions(scheduler: &scheduler)
        scheduler.schedule(.uploadArrives, at: model.nextArrival(after: .zero))
        scheduler.schedule(.sample, at: .zero)
        if model.autoscaler != nil { scheduler.schedule(.autoscale, at: .zero) }
        model.run(scheduler: &scheduler, until: scenario.run.horizon, warmUp: scenario.run.warmUp)
        return model.result(scenario: scenario, events: scheduler.eventsProcessed)
    }

    public mutating func handle(_ event: Event<EventKind>, scheduler: inout EventScheduler<EventKind>) {
        switch event.kind {
        case .uploadArrives:
            uploadArrives(at: event.time, scheduler: &scheduler)
            scheduler.schedule(.uploadArrives, at: nextArrival(after: event.time))
        case .chunkAttemptDone:
            chunkAttemptDone(slot: event.payload, at: event.time, scheduler: &scheduler)
        case .uploadFinished:
            let outcome = pendingOutcome[event.payload]!
            pendingOutcome[event.payload] = nil
            uploaded(slot: event.payload, outcome: outcome, at: event.time, scheduler: &scheduler)
        case .taskDone:
            if let task = fleet.taskDone(token: event.payload, at: event.time, scheduler: &scheduler) {
                taskDone(task, at: event.time, scheduler: &scheduler)
            }
        case .workerReady:
            fleet.workerReady(token: event.payload, at: event.time, scheduler: &scheduler)
        case .spotInterrupted:
            fleet.interruptionCandidate(at: event.time, scheduler: &scheduler)
        case .rungStitched:
            rungDone(slot: event.payload / rungCosts.count, rung: event.payload % rungCosts.count, at: event.time)
        case .autoscale:
            autoscale(at: event.time, scheduler: &scheduler)
            scheduler.schedule(.autoscale, after: autoscaleInterval)
        case .sample:
            statistics.sample(fleet: fleet, ingestQueue: ingestQueue.count, at: event.time)
            scheduler.schedule(.sample, after: sampleInterval)
        }
    }

    /// A slot for a new upload of format `format`, reusing a published one's.
    mutating func allocateSlot(at time: Double, contentSeconds seconds: Double, format: Int) -> Int {
        let rungs = rungCosts.count
        if let slot = freeSlots.popLast() {
            startedAt[slot] = time
            arrivedAt[slot] = time
            contentSeconds[slot] = seconds
            uploadFormat[slot] = format
            rungsLeft[slot] = formats[format].rungCount
            return slot
        }
        startedAt.append(time)
        arrivedAt.append(time)
        contentSeconds.append(seconds)
        uploadFormat.append(format)
        fileBytes.append(0)
        transferRate.append(0)
        pendingOutcome.append(nil)
        rungsLeft.append(formats[format].rungCount)
        segmentsLeft.append(contentsOf: repeatElement(0, count: rungs))
        return startedAt.count - 1
    }

    public mutating func warmUpEnded(at time: TimeSpan) {
        warmUpEnd = time
        fleet.resetStatistics(at: time)
        ingestDemand.reset(at: time)
        statistics.reset()
    }

    public mutating func finish(at time: TimeSpan) {
        endTime = time
    }
}
