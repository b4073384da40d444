import DequeModule
import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events the ingest tier schedules. Payload: the upload's slot.
public protocol IngestEvents: EventKindType {
    /// The attempt at a chunk in flight ends (per-chunk transfers).
    static var chunkAttemptDone: Self { get }
    /// The whole file has reached the ingest tier (aggregate transfers).
    static var uploadFinished: Self { get }
}

/// Files travelling from creators to the platform over their uplinks, through an ingest tier of limited
/// bandwidth.
///
/// Each upload draws its creator's uplink rate. The tier admits an upload when it has bandwidth free for its
/// whole uplink rate, or at least a fair share of its capacity; the rest wait first come, first served. An
/// admitted upload is sent at its uplink rate or the bandwidth free, whichever is less, in chunks that fail and
/// are retried with backoff, over a connection that drops now and then: drawn whole (`ChunkedTransfer`, exact
/// binomial thinning) or an event per chunk attempt (`PerChunkTransfers`). Without a transfer model the file is
/// there as soon as the upload starts.
struct IngestTier<Events: IngestEvents> {
    private let transfer: UploadTransfer?
    private let capacity: Double?
    private var perChunk: PerChunkTransfers?
    private let uplinkStream: RandomStream
    private let chunkFailureStream: RandomStream
    private let dropStream: RandomStream

    private(set) var uploadsInFlight = 0
    /// Bandwidth the uploads in flight use, bits per second: its time average and peak are reported.
    private(set) var demand = TimeWeightedAverage()
    /// Uploads waiting for bandwidth, first come, first served.
    private(set) var waiting = Deque<Int>()

    // By slot: the file's size, when its creator pressed upload, its rate, and an aggregate transfer's outcome.
    private var fileBytes: [Double] = []
    private var startedAt: [Double] = []
    private var rate: [Double] = []
    private var pendingOutcome: [TransferOutcome?] = []

    init(uploads: UploadSettings, seeds: StreamSeeds) {
        transfer = uploads.transfer
        capacity = uploads.ingestCapacity?.bitsPerSecond
        perChunk = uploads.transfer.flatMap { $0.model == .perChunk ? PerChunkTransfers($0) : nil }
        uplinkStream = seeds.stream(for: "uploads.uplink")
        chunkFailureStream = seeds.stream(for: "uploads.chunk_failures")
        dropStream = seeds.stream(for: "uploads.drops")
    }

    /// Whether files travel over an uplink at all; without, they are on the platform when the upload starts.
    var modelsTransfers: Bool { transfer != nil }

    /// A creator starts sending the file in `slot`: sent now if the tier has bandwidth for it, else queued.
    mutating func start(slot: Int, bytes: Double, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        guard let transfer else { return }
        while fileBytes.count <= slot {
            fileBytes.append(0); startedAt.append(0); rate.append(0); pendingOutcome.append(nil)
        }
        fileBytes[slot] = bytes
        startedAt[slot] = time.seconds
        rate[slot] = max(transfer.uplink.distribution.sample(uplinkStream), 1)
        if waiting.isEmpty && admits(uplink: rate[slot]) {
            send(slot: slot, at: time, scheduler: &scheduler)
        } else {
            waiting.append(slot)
        }
    }

    /// A chunk attempt ended: the next is scheduled, or, when it was the last chunk, the outcome is returned.
    mutating func chunkAttemptDone(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) -> TransferOutcome? {
        if let delay = perChunk!.attemptFinished(slot: slot, failures: chunkFailureStream, drops: dropStream) {
            scheduler.schedule(.chunkAttemptDone, after: delay, payload: slot)
            return nil
        }
        return perChunk!.outcome(slot: slot, duration: TimeSpan(seconds: time.seconds - startedAt[slot]))
    }

    /// An aggregate transfer ended: its outcome, drawn when it started.
    mutating func uploadFinished(slot: Int) -> TransferOutcome {
        let outcome = pendingOutcome[slot]!
        pendingOutcome[slot] = nil
        return outcome
    }

    /// The file in `slot` is on the platform: its bandwidth is freed and waiting uploads are admitted.
    mutating func release(slot: Int, at time: TimeSpan) {
        uploadsInFlight -= 1
        demand.update(to: uploadsInFlight == 0 ? 0 : max(demand.value - rate[slot], 0), at: time)
    }

    /// Sends waiting uploads while the tier has bandwidth for the first of them.
    mutating func admitWaiting(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        while let next = waiting.first, admits(uplink: rate[next]) {
            waiting.removeFirst()
            send(slot: next, at: time, scheduler: &scheduler)
        }
    }

    /// Whether the tier has bandwidth for an upload now: its whole uplink rate, or at least a fair share.
    private func admits(uplink: Double) -> Bool {
        guard let capacity else { return true }
        let free = capacity - demand.value
        return free >= min(uplink, capacity / Double(uploadsInFlight + 1)) && free > 0
    }

    /// Sends an admitted upload at its uplink rate, or the bandwidth the tier has free if less.
    private mutating func send(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        guard let transfer else { return }
        if let capacity { rate[slot] = min(rate[slot], capacity - demand.value) }
        uploadsInFlight += 1
        demand.update(to: demand.value + rate[slot], at: time)
        let bytes = fileBytes[slot]
        if perChunk != nil {
            // Mutated in place: a copy would duplicate every upload's progress arrays.
            let first = perChunk!.start(slot: slot, bytes: bytes, rate: BitRate(bitsPerSecond: rate[slot]),
                                        failures: chunkFailureStream, drops: dropStream)
            scheduler.schedule(.chunkAttemptDone, after: first, payload: slot)
        } else {
            var outcome = ChunkedTransfer(transfer).outcome(bytes: bytes, rate: BitRate(bitsPerSecond: rate[slot]),
                                                            failures: chunkFailureStream, drops: dropStream)
            scheduler.schedule(.uploadFinished, after: outcome.duration, payload: slot)
            // The creator's upload time counts from pressing upload, waiting for the ingest tier included.
            outcome.duration = TimeSpan(seconds: time.seconds + outcome.duration.seconds - startedAt[slot])
            pendingOutcome[slot] = outcome
        }
    }

    /// Forgets the demand's history before `time` (the end of warm-up).
    mutating func resetStatistics(at time: TimeSpan) { demand.reset(at: time) }
}
