import VidsimKernel
import VidsimScenario
import VidsimUnits

/// One upload's journey over the creator's uplink: how long it took and how many bytes were sent.
public struct TransferOutcome: Sendable, Equatable {
    public var duration: TimeSpan
    /// Bytes put on the wire, failed attempts and chunks lost to drops included.
    public var bytesSent: Double
    public var chunks: Int
    public var failedAttempts: Int
    public var drops: Int
}

/// Draws a whole upload's outcome without an event per chunk, exactly for chunk failures.
///
/// With n chunks each failing an attempt independently with probability p, the number of chunks that fail at
/// least j times is N_1 ~ Binomial(n, p), N_(j+1) ~ Binomial(N_j, p): a few draws give every chunk's retry
/// count, so the failed attempts and the backoff they cost (N_j chunks wait the j-th backoff) have exactly the
/// distribution a per-chunk simulation would give. A failed attempt costs the average chunk's bytes and time.
/// Drops are Poisson in the time spent sending at `drops` per hour; each costs the reconnect time and a
/// uniformly distributed part of the chunk in flight.
public struct ChunkedTransfer {
    public let settings: UploadTransfer

    public init(_ settings: UploadTransfer) { self.settings = settings }

    /// The number of chunks a file of `bytes` is cut into.
    public func chunks(for bytes: Double) -> Int { max(1, Int((bytes / settings.chunkSize.bytes).rounded(.up))) }

    public func outcome(bytes: Double, rate: BitRate, failures: RandomStream, drops: RandomStream) -> TransferOutcome {
        let chunks = chunks(for: bytes)
        let averageChunk = bytes / Double(chunks)
        var failed = 0
        var backoff = 0.0
        var atLeast = chunks
        var retry = 1
        while atLeast > 0 {
            atLeast = failures.binomial(trials: atLeast, probability: settings.chunkFailureProbability)
            failed += atLeast
            backoff += Double(atLeast) * settings.backoff.delay(retry: retry).seconds
            retry += 1
        }
        let attempts = chunks + failed
        var bytesSent = bytes + Double(failed) * averageChunk
        let secondsPerByte = 8 / rate.bitsPerSecond
        let sending = bytesSent * secondsPerByte + Double(attempts) * settings.perChunkOverhead.seconds
        let dropCount = drops.poisson(mean: settings.drops.perSecond * sending)
        var lost = 0.0
        for _ in 0..<dropCount { lost += drops.uniform() * averageChunk }
        bytesSent += lost
        let seconds = sending + lost * secondsPerByte + backoff + Double(dropCount) * settings.reconnect.seconds
        return TransferOutcome(duration: TimeSpan(seconds: seconds), bytesSent: bytesSent, chunks: chunks,
                               failedAttempts: failed, drops: dropCount)
    }
}

/// The same journey an event per chunk attempt, for checking the aggregate model and for watching uploads.
///
/// Holds each upload's progress in contiguous arrays; the ingest tier schedules the delay `start` and
/// `attemptFinished` return, and calls `attemptFinished` when it elapses.
public struct PerChunkTransfers {
    public let settings: UploadTransfer
    private var chunksLeft: [Int] = []
    private var retry: [Int] = []
    private var chunkBytes: [Double] = []
    private var lastChunkBytes: [Double] = []
    private var secondsPerByte: [Double] = []
    private var sent: [Double] = []
    private var failed: [Int] = []
    private var dropped: [Int] = []
    private var chunkCount: [Int] = []

    public init(_ settings: UploadTransfer) { self.settings = settings }

    /// Starts an upload in `slot`; returns the time until its first attempt ends.
    public mutating func start(slot: Int, bytes: Double, rate: BitRate, failures: RandomStream, drops: RandomStream) -> TimeSpan {
        let chunks = ChunkedTransfer(settings).chunks(for: bytes)
        while chunksLeft.count <= slot {
            chunksLeft.append(0); retry.append(0); chunkBytes.append(0); lastChunkBytes.append(0)
            secondsPerByte.append(0); sent.append(0); failed.append(0); dropped.append(0); chunkCount.append(0)
        }
        chunksLeft[slot] = chunks
        chunkCount[slot] = chunks
        retry[slot] = 0
        chunkBytes[slot] = min(settings.chunkSize.bytes, bytes)
        lastChunkBytes[slot] = bytes - Double(chunks - 1) * settings.chunkSize.bytes
        secondsPerByte[slot] = 8 / rate.bitsPerSecond
        sent[slot] = 0
        failed[slot] = 0
        dropped[slot] = 0
        return attempt(slot: slot, drops: drops)
    }

    /// The attempt in flight ended: returns the delay until the next attempt ends, or nil when the upload is done.
    public mutating func attemptFinished(slot: Int, failures: RandomStream, drops: RandomStream) -> TimeSpan? {
        if failures.uniform() < settings.chunkFailureProbability {
            failed[slot] += 1
            retry[slot] += 1
            let wait = settings.backoff.delay(retry: retry[slot])
            return wait + attempt(slot: slot, drops: drops)
        }
        chunksLeft[slot] -= 1
        retry[slot] = 0
        guard chunksLeft[slot] > 0 else { return nil }
        return attempt(slot: slot, drops: drops)
    }

    /// The outcome of a finished upload, given how long it took.
    public func outcome(slot: Int, duration: TimeSpan) -> TransferOutcome {
        TransferOutcome(duration: duration, bytesSent: sent[slot], chunks: chunkCount[slot],
                        failedAttempts: failed[slot], drops: dropped[slot])
    }

    /// Sends the current chunk once: its time, plus any drops while it was in flight (each loses part of it).
    private mutating func attempt(slot: Int, drops: RandomStream) -> TimeSpan {
        let bytes = chunksLeft[slot] == 1 ? lastChunkBytes[slot] : chunkBytes[slot]
        let sending = bytes * secondsPerByte[slot] + settings.perChunkOverhead.seconds
        var seconds = sending
        let dropCount = drops.poisson(mean: settings.drops.perSecond * sending)
        for _ in 0..<dropCount {
            let lost = drops.uniform() * bytes
            sent[slot] += lost
            seconds += lost * secondsPerByte[slot] + settings.reconnect.seconds
        }
        dropped[slot] += dropCount
        sent[slot] += bytes
        return TimeSpan(seconds: seconds)
    }
}
