import VidsimKernel
import VidsimScenario
import VidsimUnits

extension ContentPathModel {
    /// The next arrival time: Poisson, thinned to the rate profile (Lewis and Shedler, 1979), or evenly spaced.
    mutating func nextArrival(after time: TimeSpan) -> TimeSpan {
        arrivalsScheduled += 1
        switch arrivals {
        case .deterministic:
            // The k-th arrival at k / rate exactly: repeated addition of 1 / rate would drift.
            return TimeSpan(seconds: Double(arrivalsScheduled) / arrivalRate)
        case .poisson:
            guard !profile.isFlat else {
                return TimeSpan(seconds: time.seconds + Distribution.exponential(mean: 1 / arrivalRate).sample(arrivalStream))
            }
            // Thinning against a bound that is constant between burst boundaries; a candidate past the boundary
            // restarts from it with the next stretch's bound (the exponential gap is memoryless).
            var candidate = time.seconds
            while true {
                let (bound, until) = profile.majorant(at: TimeSpan(seconds: candidate))
                let next = candidate + Distribution.exponential(mean: 1 / (arrivalRate * bound)).sample(arrivalStream)
                if next >= until {
                    candidate = until
                    continue
                }
                candidate = next
                if thinningStream.uniform() * bound <= profile.multiplier(at: TimeSpan(seconds: candidate)) {
                    return TimeSpan(seconds: candidate)
                }
            }
        }
    }

    /// A creator starts an upload: draw its content, then send it (or, with no transfer modelled, it is there).
    mutating func uploadArrives(at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        // A draw below zero (a normal's tail) is taken as one millisecond of content.
        let seconds = max(duration.sample(durationStream), 0.001)
        let format = formatTable.map { Int($0.sample(formatStream)) } ?? 0
        let bitrate = max(formats[format].bitrate.sample(bitrateStream), 0)
        let slot = allocateSlot(at: time.seconds, contentSeconds: seconds, format: format)
        fileBytes[slot] = seconds * bitrate / 8
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
    func admits(uplink: Double) -> Bool {
        guard let ingestCapacity else { return true }
        let free = ingestCapacity - ingestDemand.value
        return free >= min(uplink, ingestCapacity / Double(uploadsInFlight + 1)) && free > 0
    }

    /// Sends an admitted upload at its uplink rate, or the bandwidth the ingest tier has free if less.
    mutating func startTransfer(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
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

    mutating func chunkAttemptDone(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        if let delay = perChunk!.attemptFinished(slot: slot, failures: chunkFailureStream, drops: dropStream) {
            scheduler.schedule(.chunkAttemptDone, after: delay, payload: slot)
        } else {
            let outcome = perChunk!.outcome(slot: slot, duration: TimeSpan(seconds: time.seconds - startedAt[slot]))
            uploaded(slot: slot, outcome: outcome, at: time, scheduler: &scheduler)
        }
    }

    /// The file is on the platform: store it, admit waiting uploads, and queue its transcode tasks.
    mutating func uploaded(slot: Int, outcome: TransferOutcome?, at time: TimeSpan,
                           scheduler: inout EventScheduler<EventKind>) {
        if let outcome {
            uploadsInFlight -= 1
            ingestDemand.update(to: uploadsInFlight == 0 ? 0 : max(ingestDemand.value - transferRate[slot], 0), at: time)
            statistics.recordTransfer(outcome, fileBytes: fileBytes[slot])
            while let next = ingestQueue.first, admits(uplink: transferRate[next]) {
                ingestQueue.removeFirst()
                startTransfer(slot: next, at: time, scheduler: &scheduler)
            }
        }
        arrivedAt[slot] = time.seconds
        statistics.recordUpload(contentSeconds: contentSeconds[slot], rawBytes: fileBytes[slot],
                                renditionBytes: contentSeconds[slot] * formats[uploadFormat[slot]].ladderBitsPerSecond / 8)
        submitTasks(slot: slot, at: time, scheduler: &scheduler)
    }
}
