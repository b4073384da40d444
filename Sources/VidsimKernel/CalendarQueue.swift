import VidsimUnits

/// The pending-event set as a calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue
/// implementation for the simulation event set problem", CACM 31(10), 1988).
///
/// Time is cut into buckets of a width (`1 / inverseWidth` seconds) laid round a year of `buckets.count` buckets;
/// an event goes into the bucket of its time, in (time, sequence) order on a singly linked list threaded through
/// one flat array of nodes, and the next event is found by walking the buckets from the last one taken, looking at each bucket's
/// first event only: the first bucket whose first event falls in the current year holds the earliest. Keeping
/// each list sorted costs nothing for an event due after its bucket's last (appended at the tail: the usual case,
/// and always for events due at the same moment, such as an upload's segments finishing together) and otherwise a
/// walk past the events due before it; an unsorted list cost a walk of the whole bucket on every search, a cache
/// miss per event (32% of the YouTube day's time). The earliest event, once found, is remembered until the next
/// insertion, so the scheduler's peek-then-take costs one search. With a few events per bucket both operations are
/// O(1) on average and touch a few cache lines, where a heap's pop walks log n levels of a large array. The queue
/// resizes (doubling or halving, re-estimating the width from the gaps between the earliest events) as the
/// number of pending events changes.
///
/// - Complexity: `insert` and `popMin` O(1) amortised for the event patterns of a simulation.
/// One pending event in its bucket's list: the event's parts, the bucket number (time / width) it falls in, so a
/// search compares integers, and the next event of its bucket: 40 bytes with padding, so a walk touches one cache
/// line per event it looks at (three separate arrays took three). Not generic, so no type metadata is looked up at
/// run time.
@usableFromInline
struct CalendarNode {
    @usableFromInline var time: Double
    /// The event's sequence << 8 | kind: with `time`, its place in the order.
    @usableFromInline var order: UInt64
    @usableFromInline var payload: Int
    @usableFromInline var number: Int
    @usableFromInline var next: Int32

    @inlinable
    init(time: Double, order: UInt64, payload: Int) {
        self.time = time
        self.order = order
        self.payload = payload
        number = 0
        next = -1
    }

    /// Whether this node's event comes before `other`'s: (time, sequence) order.
    @inlinable
    func precedes(_ other: CalendarNode) -> Bool {
        time < other.time || (time == other.time && order < other.order)
    }
}

/// A bucket's list: its first event (the next to leave) and its last (where most insertions go).
@usableFromInline
struct BucketEnds {
    @usableFromInline var head: Int32
    @usableFromInline var tail: Int32

    @inlinable
    init(head: Int32, tail: Int32) {
        self.head = head
        self.tail = tail
    }
}

@usableFromInline
struct CalendarQueue<Kind: EventKindType> {
    @usableFromInline var nodes: [CalendarNode] = []
    @usableFromInline var freeSlots: [Int32] = []
    /// Each bucket's first and last event (-1 when empty), side by side so that one cache line has both.
    @usableFromInline var buckets: [BucketEnds]
    @usableFromInline var inverseWidth: Double = 1
    @usableFromInline var count = 0
    /// The bucket number the search resumes from: that of the last event taken.
    @usableFromInline var current = 0
    /// The earliest event's slot, while no insertion has happened since it was found.
    @usableFromInline var cachedMinimum: Int32 = -1
    /// Work the searches did since the last check (buckets walked and nodes looked at), the searches, the
    /// events taken and the time of the first of them. When searches cost many steps, the width no longer fits
    /// the events (their spread drifts through a simulated day), and the width is set anew from the spacing of
    /// the events actually taken: three times the mean gap, Brown's rule on what the queue served.
    @usableFromInline var searchSteps = 0
    @usableFromInline var searches = 0
    @usableFromInline var popsSinceCheck = 0
    @usableFromInline var timeAtCheck = 0.0

    /// A bucket's width in mean gaps between the events taken (Brown's rule is 3).
    @usableFromInline static var widthPerGap: Double { 3 }

    /// The most buckets a re-bucketing makes per pending event. Eight (when an insertion walked its whole bucket)
    /// and one measured alike on the YouTube day since insertions append at the tail; one takes an eighth of the
    /// memory (a million buckets were 8 MB, twice the L2 cache).
    @usableFromInline static var bucketsPerEvent: Int { 1 }

    @inlinable
    init() {
        buckets = Array(repeating: BucketEnds(head: -1, tail: -1), count: 16)
    }

    @inlinable var mask: Int { buckets.count - 1 }

    @inlinable
    mutating func insert(_ event: Event<Kind>) {
        precondition(event.time.seconds.isFinite, "an event needs a finite time")
        let node = CalendarNode(time: event.time.seconds, order: event.order, payload: event.payload)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
            nodes[slot] = node
        } else {
            slot = nodes.count
            nodes.append(node)
        }
        link(slot)
        count += 1
        // The search starts at `current`, which must not be past any pending event's bucket: after a re-bucketing
        // it is the earliest pending event's, and an event scheduled before that one (at or after the clock)
        // would otherwise be found only after later ones.
        if nodes[slot].number < current { current = nodes[slot].number }
        if cachedMinimum >= 0 && node.precedes(nodes[Int(cachedMinimum)]) { cachedMinimum = Int32(slot) }
        if count > 2 * buckets.count { resize(to: buckets.count * 2) }
    }

    /// Puts `slot` into its bucket's list after every event that precedes it. An event due after the list's last
    /// one (the common case: a new event's sequence is the highest yet, so events due at the same moment, such as
    /// the segments of one upload finishing together, always go last) is appended at the tail without a walk;
    /// walking past such a batch cost a quarter of the YouTube day's time.
    @inlinable
    mutating func link(_ slot: Int) {
        // Capped so that no time, however far off, overflows a bucket number (such events share far buckets).
        let number = Int(Swift.min(nodes[slot].time * inverseWidth, 4e18))
        let bucket = number & mask
        nodes[slot].number = number
        nodes[slot].next = -1
        let ends = buckets[bucket]
        if ends.tail < 0 {
            buckets[bucket] = BucketEnds(head: Int32(slot), tail: Int32(slot))
            return
        }
        let node = nodes[slot]
        if !node.precedes(nodes[Int(ends.tail)]) {
            nodes[Int(ends.tail)].next = Int32(slot)
            buckets[bucket].tail = Int32(slot)
            return
        }
        // Due before the tail: the walk ends before it, so the tail stays.
        var previous: Int32 = -1
        var next = ends.head
        var steps = 0
        while nodes[Int(next)].precedes(node) {
            previous = next
            next = nodes[Int(next)].next
            steps += 1
        }
        searchSteps &+= steps
        nodes[slot].next = next
        if previous >= 0 { nodes[Int(previous)].next = Int32(slot) } else { buckets[bucket].head = Int32(slot) }
    }

    /// Takes the earliest event out of its bucket: the first of its list (lists are sorted, and only the earliest
    /// event ever leaves), so the lists need no backward links, and an insertion writes no node but its own and
    /// the one before it, which the walk just read.
    @inlinable
    mutating func unlink(_ slot: Int) {
        let bucket = nodes[slot].number & mask
        assert(buckets[bucket].head == Int32(slot), "only the first event of a bucket leaves it")
        let next = nodes[slot].next
        buckets[bucket].head = next
        if next < 0 { buckets[bucket].tail = -1 }
    }

    /// The time of the earliest event, if any (found once, then remembered).
    @inlinable
    mutating func minTime() -> TimeSpan? {
        guard count > 0 else { return nil }
        if cachedMinimum < 0 { cachedMinimum = Int32(locateMinimum()) }
        return TimeSpan(seconds: nodes[Int(cachedMinimum)].time)
    }

    @inlinable
    mutating func popMin() -> Event<Kind>? {
        guard count > 0 else { return nil }
        let slot = cachedMinimum >= 0 ? Int(cachedMinimum) : locateMinimum()
        cachedMinimum = -1
        unlink(slot)
        freeSlots.append(Int32(slot))
        count -= 1
        let node = nodes[slot]
        current = node.number
        if count < buckets.count / 32 && buckets.count > 16 {
            resize(to: buckets.count / 2)
        } else {
            popsSinceCheck += 1
            if popsSinceCheck >= 4 * buckets.count { checkWidth(now: node.time) }
        }
        return Event(time: TimeSpan(seconds: node.time), order: node.order, payload: node.payload)
    }

    /// Walks the year from the current bucket, looking at each bucket's first event: the first that falls in the
    /// year's bucket being looked at is the earliest of all (an earlier event would sit in an earlier bucket of the
    /// year, or first in this one). If a whole year holds nothing (every event is further off), the earliest of
    /// the buckets' first events.
    @inlinable
    mutating func locateMinimum() -> Int {
        searches += 1
        var number = current
        var steps = 0
        defer { searchSteps &+= steps }
        for _ in 0..<buckets.count {
            let head = Int(buckets[number & mask].head)
            steps += 1
            if head >= 0 && nodes[head].number == number { return head }
            number += 1
        }
        var best = -1
        for bucket in buckets.indices {
            let head = Int(buckets[bucket].head)
            if head >= 0 && (best < 0 || nodes[head].precedes(nodes[best])) { best = head }
        }
        steps += buckets.count
        return best
    }

    /// Every 4 x buckets events taken: if searches averaged more than 6 steps (buckets looked at, and events an
    /// insertion walked past), sets the width to three times the
    /// mean gap between the events taken since the last check, and re-buckets with enough buckets for a year to
    /// span the pending events (up to `bucketsPerEvent` per event). Events of later years cost little: a search
    /// reads only each bucket's first event, and an insertion due after them appends at the tail.
    @usableFromInline
    mutating func checkWidth(now: Double) {
        let elapsed = now - timeAtCheck
        if searchSteps > 6 * max(searches, 1) && elapsed > 0 && elapsed.isFinite {
            let width = Self.widthPerGap * elapsed / Double(popsSinceCheck)
            if width > 0 && width.isFinite { rebucket(inverseWidth: 1 / width, size: nil) }
        }
        popsSinceCheck = 0
        timeAtCheck = now
        searches = 0
        searchSteps = 0
    }

    /// Rebuilds with `size` buckets and a width of three times the mean gap between the earliest events
    /// (Brown's rule), which keeps a few events in each bucket near the present.
    @usableFromInline
    mutating func resize(to size: Int) {
        var times: [Double] = []
        times.reserveCapacity(count)
        for bucket in buckets.indices {
            var slot = Int(buckets[bucket].head)
            while slot >= 0 {
                times.append(nodes[slot].time)
                slot = Int(nodes[slot].next)
            }
        }
        times.sort()
        let sample = times.prefix(Swift.min(times.count, 64))
        var inverse = inverseWidth
        if sample.count > 1, sample.last! > sample.first! {
            inverse = Double(sample.count - 1) / (Self.widthPerGap * (sample.last! - sample.first!))
        }
        rebucket(inverseWidth: inverse, size: size)
    }

    /// Puts every live event in `size` buckets of width 1 / `inverseWidth`; with no size, in enough buckets (a
    /// power of two) for a year to span the pending events, between 16 and `bucketsPerEvent` per event.
    @usableFromInline
    mutating func rebucket(inverseWidth inverse: Double, size: Int?) {
        var live: [Int] = []
        live.reserveCapacity(count)
        var earliest = Double.infinity
        for bucket in buckets.indices {
            var slot = Int(buckets[bucket].head)
            while slot >= 0 {
                live.append(slot)
                earliest = Swift.min(earliest, nodes[slot].time)
                slot = Int(nodes[slot].next)
            }
        }
        // Bucket numbers must stay representable: a width so small that the furthest event's number overflows
        // is widened.
        inverseWidth = inverse
        if let furthest = live.map({ nodes[$0].time }).max(), furthest * inverseWidth >= 4e18 {
            inverseWidth = 4e18 / Swift.max(furthest, 1)
        }
        var bucketCount = size ?? 16
        if size == nil, let furthest = live.map({ nodes[$0].time }).max(), earliest.isFinite {
            let wanted = Swift.min((furthest - earliest) * inverseWidth, Double(Self.bucketsPerEvent * Swift.max(count, 2)))
            while Double(bucketCount) < wanted { bucketCount *= 2 }
        }
        buckets = Array(repeating: BucketEnds(head: -1, tail: -1), count: bucketCount)
        // Re-linking walks the new lists; that is not the searches' work the width check weighs.
        let steps = searchSteps
        for slot in live { link(slot) }
        searchSteps = steps
        current = earliest.isFinite ? Int(earliest * inverseWidth) : 0
        cachedMinimum = -1
    }
}
