import VidsimUnits

/// The pending-event set as a calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue
/// implementation for the simulation event set problem", CACM 31(10), 1988).
///
/// Time is cut into buckets of `width` seconds laid round a year of `bucketCount` buckets; an event goes into
/// the bucket of its time, on a doubly linked list threaded through flat slot arrays, and the next event is
/// found by walking the buckets from the last one taken, picking the earliest event of the current year in
/// each (time, then sequence). The earliest event, once found, is remembered until the next insertion, so the
/// scheduler's peek-then-take costs one search. With a few events per bucket both operations are O(1) on
/// average and touch a few cache lines, where a heap's pop walks log n levels of a large array. The queue
/// resizes (doubling or halving, re-estimating the width from the gaps between the earliest events) as the
/// number of pending events changes.
///
/// - Complexity: `insert` and `popMin` O(1) amortised for the event patterns of a simulation.
@usableFromInline
struct CalendarQueue<Kind: EventKindType> {
    // Event slots.
    @usableFromInline var events: [Event<Kind>] = []
    /// The bucket number (time / width) each slot's event falls in, so a search compares integers.
    @usableFromInline var yearBucket: [Int] = []
    @usableFromInline var nextInBucket: [Int32] = []
    @usableFromInline var previousInBucket: [Int32] = []
    @usableFromInline var freeSlots: [Int32] = []
    // Buckets.
    @usableFromInline var heads: [Int32]
    @usableFromInline var inverseWidth: Double = 1
    @usableFromInline var count = 0
    /// The bucket number the search resumes from: that of the last event taken.
    @usableFromInline var current = 0
    /// The earliest event's slot, while no insertion has happened since it was found.
    @usableFromInline var cachedMinimum: Int32 = -1

    @inlinable
    init() {
        heads = Array(repeating: -1, count: 16)
    }

    @inlinable var mask: Int { heads.count - 1 }

    @inlinable
    mutating func insert(_ event: Event<Kind>) {
        precondition(event.time.seconds.isFinite, "an event needs a finite time")
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
            events[slot] = event
        } else {
            slot = events.count
            events.append(event)
            yearBucket.append(0)
            nextInBucket.append(-1)
            previousInBucket.append(-1)
        }
        link(slot)
        count += 1
        if cachedMinimum >= 0 && event < events[Int(cachedMinimum)] { cachedMinimum = Int32(slot) }
        if count > 2 * heads.count { resize(to: heads.count * 2) }
    }

    @inlinable
    mutating func link(_ slot: Int) {
        let number = Int(events[slot].time.seconds * inverseWidth)
        yearBucket[slot] = number
        let bucket = number & mask
        let head = heads[bucket]
        nextInBucket[slot] = head
        previousInBucket[slot] = -1
        if head >= 0 { previousInBucket[Int(head)] = Int32(slot) }
        heads[bucket] = Int32(slot)
    }

    @inlinable
    mutating func unlink(_ slot: Int) {
        let next = nextInBucket[slot], previous = previousInBucket[slot]
        if previous >= 0 { nextInBucket[Int(previous)] = next } else { heads[yearBucket[slot] & mask] = next }
        if next >= 0 { previousInBucket[Int(next)] = previous }
    }

    /// The time of the earliest event, if any (found once, then remembered).
    @inlinable
    mutating func minTime() -> TimeSpan? {
        guard count > 0 else { return nil }
        if cachedMinimum < 0 { cachedMinimum = Int32(locateMinimum()) }
        return events[Int(cachedMinimum)].time
    }

    @inlinable
    mutating func popMin() -> Event<Kind>? {
        guard count > 0 else { return nil }
        let slot = cachedMinimum >= 0 ? Int(cachedMinimum) : locateMinimum()
        cachedMinimum = -1
        unlink(slot)
        freeSlots.append(Int32(slot))
        count -= 1
        current = yearBucket[slot]
        let event = events[slot]
        if count < heads.count / 4 && heads.count > 16 { resize(to: heads.count / 2) }
        return event
    }

    /// Walks the year from the current bucket; if a whole year holds nothing (every event is further off),
    /// searches every slot in use directly.
    @inlinable
    func locateMinimum() -> Int {
        var number = current
        for _ in 0..<heads.count {
            var best = -1
            var slot = Int(heads[number & mask])
            while slot >= 0 {
                if yearBucket[slot] == number && (best < 0 || events[slot] < events[best]) { best = slot }
                slot = Int(nextInBucket[slot])
            }
            if best >= 0 { return best }
            number += 1
        }
        var best = -1
        for bucket in heads.indices {
            var slot = Int(heads[bucket])
            while slot >= 0 {
                if best < 0 || events[slot] < events[best] { best = slot }
                slot = Int(nextInBucket[slot])
            }
        }
        return best
    }

    /// Rebuilds with `size` buckets and a width of three times the mean gap between the earliest events
    /// (Brown's rule), which keeps a few events in each bucket near the present.
    @usableFromInline
    mutating func resize(to size: Int) {
        var live: [Int] = []
        live.reserveCapacity(count)
        for bucket in heads.indices {
            var slot = Int(heads[bucket])
            while slot >= 0 {
                live.append(slot)
                slot = Int(nextInBucket[slot])
            }
        }
        let times = live.map { events[$0].time.seconds }.sorted()
        let sample = times.prefix(Swift.min(times.count, 64))
        if sample.count > 1, sample.last! > sample.first! {
            inverseWidth = Double(sample.count - 1) / (3 * (sample.last! - sample.first!))
        }
        heads = Array(repeating: -1, count: size)
        for slot in live { link(slot) }
        current = times.first.map { Int($0 * inverseWidth) } ?? 0
        cachedMinimum = -1
    }
}
