import VidsimUnits

/// The pending-event set as a calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue
/// implementation for the simulation event set problem", CACM 31(10), 1988) that sorts a bucket only when its turn
/// comes, as the ladder queue does (W. T. Tang, R. S. M. Goh, I. L.-J. Thng, "Ladder queue: an O(1) priority
/// queue structure for large-scale discrete event simulation", ACM TOMACS 15(3), 2005).
///
/// Time is cut into buckets of a width (`1 / inverseWidth` seconds); a year of `bucketCount` buckets, numbered
/// `base ..< base + bucketCount`, lies round a ring. Events live in one of three places:
/// - `near`: the events of the bucket being served (number `current`) and any scheduled since that fall in it or
///   before it, sorted in (time, sequence) order; the next event is its first;
/// - the ring: events of the year's later buckets (`current + 1 ..< base + bucketCount`), each bucket an
///   unsorted list, appended to in blocks of ten events (`EventBlock`, 240 bytes) chained from the bucket's head
///   (`BucketHead`, 16 bytes);
/// - `later`: events past the year, unsorted, appended to.
/// When `near` runs out, the next bucket with events is copied into it and sorted; when the year runs out, the
/// next one starts at the earliest later event's bucket and takes the later events that fall in it.
///
/// Why lazily sorted buckets. A task completion is scheduled seconds or minutes ahead, into a bucket tens of
/// thousands of events away. A calendar that keeps each bucket sorted on insertion reads that bucket's line (a
/// cache miss on a structure of megabytes) and often its last events (a second); on the YouTube day, with about
/// 75,000 pending events, that was a third of the run. Here an insertion appends to the tail of its bucket's
/// list: the heads (16 bytes each) and the few lines where the lists end fit in the processor's cache, and the
/// events of a bucket are read back together, ten to a block, when their turn comes. Sorting a bucket of a dozen
/// or two events is cheap, and the batches a fleet makes (an upload's equal segments finishing together) arrive
/// already in order: a bucket is a few runs, merged.
///
/// The width follows the events: a bucket should hold about `eventsPerBucket` events when it is served, so every
/// `checkInterval` events taken, the width is set to that many mean gaps between the events taken if it is off by
/// more than a factor of two; the ring has about one bucket for every four pending events (a power of two,
/// doubled or halved as the count changes), so a year spans about four times the events pending, and later
/// events are seldom looked at; when they are looked at far more often than events are taken, the width grows
/// (`startYear`). Any change of width or size moves every event once. What this cannot serve well, `PendingEvents`
/// notices from `extraWork` and serves from its heap for a while.
///
/// Measured on the YouTube day's first hour (cachegrind, with the same commit's trims of the fleet's completion
/// path): the sorted-bucket calendar this replaced, 1,061 instructions per event; this one, 893, and 16% fewer
/// misses of a simulated 2 MB second-level cache (38% fewer read misses).
///
/// - Complexity: `insert` and `popMin` O(1) amortised for the event patterns of a simulation.
@usableFromInline
struct CalendarQueue<Kind: EventKindType> {
    /// The bucket heads', blocks' and links' memory (its bases cached in `heads`, `blocks` and `links`).
    @usableFromInline var memory: CalendarMemory
    @usableFromInline var heads: UnsafeMutablePointer<BucketHead>
    @usableFromInline var blocks: UnsafeMutablePointer<StoredEvent>
    @usableFromInline var links: UnsafeMutablePointer<Int32>
    @usableFromInline var bucketCount: Int
    /// Blocks handed out so far (the rest of `memory.blockCapacity` is unused), and those freed since.
    @usableFromInline var blocksUsed = 0
    @usableFromInline var freeBlocks: [Int32] = []
    @usableFromInline var inverseWidth: Double
    @usableFromInline var count = 0
    /// The number of the bucket served: its events, and any scheduled since at or before it, are in `near`.
    @usableFromInline var current: Int
    /// The year's first bucket number: the ring holds buckets `current + 1 ..< base + bucketCount`.
    @usableFromInline var base: Int
    /// The events of the bucket served, in order from `nearStart` (those before it are taken).
    @usableFromInline var near: [StoredEvent] = []
    @usableFromInline var nearStart = 0
    /// Events past the year, in no order.
    @usableFromInline var later: [StoredEvent] = []
    /// Where `sortNear` keeps the runs it found and merges them (kept to spare an allocation per bucket).
    @usableFromInline var runBounds: [Int] = []
    @usableFromInline var sortScratch: [StoredEvent] = []
    /// Work beyond an event's usual path (events looked at again when a year starts, moved by a rebuild or to make
    /// room in `near`, sorted, buckets walked), counted so that `PendingEvents` can tell a pattern of times this
    /// queue serves badly (its owner resets it).
    @usableFromInline var extraWork = 0
    /// Events taken since the year started.
    @usableFromInline var takenThisYear = 0
    /// Events taken since the width was last checked, and the time of the first of them.
    @usableFromInline var popsSinceCheck = 0
    @usableFromInline var timeAtCheck = 0.0

    /// How many events a bucket should hold when it is served.
    @usableFromInline static var eventsPerBucket: Double { 16 }
    /// Pending events per bucket of the ring, between which it keeps its size (halving below the first, doubling
    /// above the second).
    @usableFromInline static var fewestPerBucket: Int { 1 }
    @usableFromInline static var mostPerBucket: Int { 8 }
    @usableFromInline static var fewestBuckets: Int { 256 }
    /// The most later events per event taken in a year before the width grows (see `startYear`).
    @usableFromInline static var mostLaterPerEvent: Int { 32 }
    @usableFromInline static var mostBuckets: Int { 1 << 22 }

    /// A queue holding `events`, which must be in (time, sequence) order; its width is estimated from their
    /// spacing.
    @usableFromInline
    init(sorted events: [StoredEvent]) {
        bucketCount = Self.fewestBuckets
        memory = CalendarMemory(buckets: Self.fewestBuckets, blocks: 16)
        heads = memory.heads
        blocks = memory.events
        links = memory.links
        inverseWidth = 1
        current = -1
        base = 0
        let sample = events.prefix(512)
        var span = (sample.last?.time ?? 0) - (sample.first?.time ?? 0)
        var gaps = Double(sample.count - 1)
        if !(span > 0) {
            span = (events.last?.time ?? 0) - (events.first?.time ?? 0)
            gaps = Double(events.count - 1)
        }
        let inverse = gaps / (Self.eventsPerBucket * span)
        count = events.count
        timeAtCheck = events.first?.time ?? 0
        rebuild(events, bucketCount: Self.buckets(for: events.count),
                inverseWidth: inverse > 0 && inverse.isFinite ? inverse : 1)
    }

    /// The ring's size for `count` pending events: about one bucket per four.
    @inlinable
    static func buckets(for count: Int) -> Int {
        var size = fewestBuckets
        while size < mostBuckets && size * 4 < count { size *= 2 }
        return size
    }

    @inlinable var mask: Int { bucketCount - 1 }

    /// The count above which the ring doubles (no limit at its largest).
    @inlinable var growthLimit: Int { bucketCount < Self.mostBuckets ? Self.mostPerBucket * bucketCount : Int.max }

    /// Events taken between checks of the width.
    @inlinable var checkInterval: Int { Swift.max(4096, 2 * bucketCount) }

    /// The bucket number of a time: capped so that no time, however far off, overflows (such events share far
    /// buckets).
    @inlinable
    func number(of time: Double) -> Int { Int(Swift.min(time * inverseWidth, 4e18)) }

    @inlinable
    func block(_ index: Int32) -> EventBlock {
        EventBlock(events: blocks + Int(index) &* EventBlock.capacity, link: links + Int(index))
    }

    /// Schedules an event. The usual case, inlined where it is called: the event falls in a bucket of the year
    /// whose last block has room, and is written there.
    @inlinable @inline(__always)
    mutating func insert(_ event: Event<Kind>) {
        let stored = StoredEvent(time: event.time.seconds, order: event.order, payload: event.payload)
        let number = number(of: stored.time)
        count &+= 1
        if number > current && number < base &+ bucketCount && count <= growthLimit {
            let head = heads + (number & mask)
            let end = Int(head.pointee.lastEnd)
            if head.pointee.count > 0 && end < EventBlock.capacity && isKnownUniquelyReferenced(&memory) {
                blocks[Int(head.pointee.last) &* EventBlock.capacity &+ end] = stored
                head.pointee.lastEnd = Int32(truncatingIfNeeded: end &+ 1)
                head.pointee.count &+= 1
                return
            }
        }
        insertElsewhere(stored, number: number)
    }

    /// Schedules an event that goes in `near`, starts a bucket or a block, or falls past the year; grows the ring
    /// when it holds too many events per bucket.
    @usableFromInline @inline(never)
    mutating func insertElsewhere(_ stored: StoredEvent, number: Int) {
        if number <= current {
            insertNear(stored)
        } else if number < base &+ bucketCount {
            append(stored, to: number & mask)
        } else {
            later.append(stored)
        }
        if count > growthLimit {
            // Growth is paid for by the insertions (each doubling moves the events once), not by the events taken,
            // against which `extraWork` is weighed: it is not counted.
            let work = extraWork
            rebuild(allEvents(), bucketCount: Self.buckets(for: count), inverseWidth: inverseWidth)
            extraWork = work
        }
    }

    /// Puts an event among the bucket being served's, after every event that precedes it: the usual case is at
    /// the end (due later than those already there) or near the front (due at once).
    @inlinable
    mutating func insertNear(_ event: StoredEvent) {
        if nearStart == near.count {
            near.removeAll(keepingCapacity: true)
            nearStart = 0
            near.append(event)
            return
        }
        var low = nearStart
        var high = near.count
        near.withUnsafeBufferPointer { held in
            while low < high {
                let middle = (low &+ high) >> 1
                if held[middle].precedes(event) { low = middle &+ 1 } else { high = middle }
            }
        }
        if low == near.count {
            near.append(event)
        } else if nearStart > 0 && low - nearStart <= near.count - low {
            extraWork &+= low &- nearStart
            // Nearer the front: the earlier events move down a slot into a taken one.
            let start = nearStart
            near.withUnsafeMutableBufferPointer { held in
                for slot in start..<low { held[slot &- 1] = held[slot] }
                held[low &- 1] = event
            }
            nearStart -= 1
        } else {
            extraWork &+= near.count &- low
            near.insert(event, at: low)
        }
    }

    /// Appends an event to a bucket of the ring.
    @inlinable
    mutating func append(_ event: StoredEvent, to index: Int) {
        makeUnique()
        if freeBlocks.isEmpty && blocksUsed == memory.blockCapacity { growBlocks() }
        let head = heads + index
        if head.pointee.count == 0 {
            let fresh = newBlock()
            head.pointee = BucketHead(count: 1, first: fresh, last: fresh, lastEnd: 1)
            block(fresh).setEvent(0, event)
            return
        }
        var end = Int(head.pointee.lastEnd)
        var last = head.pointee.last
        if end == EventBlock.capacity {
            let fresh = newBlock()
            block(last).next = fresh
            last = fresh
            end = 0
            head.pointee.last = fresh
        }
        block(last).setEvent(end, event)
        head.pointee.lastEnd = Int32(truncatingIfNeeded: end &+ 1)
        head.pointee.count &+= 1
    }

    @inlinable
    mutating func newBlock() -> Int32 {
        if let free = freeBlocks.popLast() { return free }
        blocksUsed += 1
        return Int32(truncatingIfNeeded: blocksUsed - 1)
    }

    @usableFromInline
    mutating func growBlocks() {
        memory = memory.copy(blockCapacity: 2 * memory.blockCapacity)
        heads = memory.heads
        blocks = memory.events
        links = memory.links
    }

    /// The time of the earliest event, if any.
    @inlinable
    mutating func minTime() -> TimeSpan? {
        guard count > 0 else { return nil }
        if nearStart == near.count { fillNear() }
        return TimeSpan(seconds: near[nearStart].time)
    }

    @inlinable
    mutating func popMin() -> Event<Kind>? { popMin(notAfter: .infinity) }

    /// The earliest event, taken out, if its time is `limit` or earlier; nil (and nothing taken) otherwise.
    @inlinable
    mutating func popMin(notAfter limit: Double) -> Event<Kind>? {
        guard count > 0 else { return nil }
        if nearStart == near.count { fillNear() }
        let event = near[nearStart]
        guard event.time <= limit else { return nil }
        nearStart += 1
        count -= 1
        takenThisYear &+= 1
        popsSinceCheck += 1
        if popsSinceCheck >= checkInterval {
            checkWidth(now: event.time)
        } else if count < Self.fewestPerBucket * bucketCount && bucketCount > Self.fewestBuckets {
            rebuild(allEvents(), bucketCount: Self.buckets(for: count), inverseWidth: inverseWidth)
        }
        return Event(time: TimeSpan(seconds: event.time), order: event.order, payload: event.payload)
    }

    /// Moves the next bucket with events into `near` (which is empty) and sorts it; when the year has none left,
    /// starts the next year first.
    @usableFromInline
    mutating func fillNear() {
        near.removeAll(keepingCapacity: true)
        nearStart = 0
        makeUnique()
        while true {
            let end = base &+ bucketCount
            while current &+ 1 < end {
                current &+= 1
                extraWork &+= 1
                let head = heads + (current & mask)
                if head.pointee.count > 0 {
                    take(head)
                    sortNear()
                    return
                }
            }
            startYear()
        }
    }

    /// Copies a bucket's events to `near` and frees its blocks.
    @inlinable
    mutating func take(_ head: UnsafeMutablePointer<BucketHead>) {
        near.reserveCapacity(Int(head.pointee.count))
        var index = head.pointee.first
        let last = head.pointee.last
        while index != last {
            let full = block(index)
            near.append(contentsOf: full.events(EventBlock.capacity))
            freeBlocks.append(index)
            index = full.next
        }
        near.append(contentsOf: block(last).events(Int(head.pointee.lastEnd)))
        freeBlocks.append(last)
        head.pointee.count = 0
    }

    /// Sorts `near` in (time, sequence) order. A bucket's events are a few runs already in order (batches: events
    /// due at one moment are scheduled in sequence), so the runs are found and merged pairwise, `log2(runs)`
    /// passes through a scratch array; a small bucket is sorted by insertion.
    @usableFromInline
    mutating func sortNear() {
        let total = near.count
        extraWork &+= total
        guard total > 1 else { return }
        var bounds: [Int] = []
        swap(&bounds, &runBounds)
        defer { swap(&bounds, &runBounds) }
        bounds.removeAll(keepingCapacity: true)
        bounds.append(0)
        near.withUnsafeBufferPointer { held in
            for index in 1..<total where held[index].precedes(held[index &- 1]) { bounds.append(index) }
        }
        guard bounds.count > 1 else { return }
        bounds.append(total)
        if total <= 16 {
            near.withUnsafeMutableBufferPointer { held in
                for next in 1..<total {
                    let event = held[next]
                    var slot = next
                    while slot > 0 && event.precedes(held[slot &- 1]) {
                        held[slot] = held[slot &- 1]
                        slot &-= 1
                    }
                    held[slot] = event
                }
            }
            return
        }
        var spare: [StoredEvent] = []
        swap(&spare, &sortScratch)
        defer { swap(&spare, &sortScratch) }
        if spare.count < total { spare = Array(repeating: near[0], count: total) }
        near.withUnsafeMutableBufferPointer { held in
            spare.withUnsafeMutableBufferPointer { other in
                var source = held.baseAddress!
                var target = other.baseAddress!
                while bounds.count > 2 {
                    var kept = 0
                    var run = 0
                    while run &+ 1 < bounds.count {
                        let low = bounds[run]
                        if run &+ 2 < bounds.count {
                            Self.merge(source, low, bounds[run &+ 1], bounds[run &+ 2], into: target)
                        } else {
                            (target + low).update(from: source + low, count: bounds[run &+ 1] &- low)
                        }
                        bounds[kept] = low
                        kept &+= 1
                        run &+= 2
                    }
                    bounds[kept] = total
                    bounds.removeLast(bounds.count &- kept &- 1)
                    swap(&source, &target)
                }
                if source != held.baseAddress! { held.baseAddress!.update(from: source, count: total) }
            }
        }
    }

    /// Merges the runs `source[low..<middle]` and `source[middle..<high]` into `target[low..<high]`.
    @inlinable
    static func merge(_ source: UnsafeMutablePointer<StoredEvent>, _ low: Int, _ middle: Int, _ high: Int,
                      into target: UnsafeMutablePointer<StoredEvent>) {
        var left = low
        var right = middle
        var out = low
        while left < middle && right < high {
            if source[right].precedes(source[left]) {
                target[out] = source[right]
                right &+= 1
            } else {
                target[out] = source[left]
                left &+= 1
            }
            out &+= 1
        }
        if left < middle { (target + out).update(from: source + left, count: middle &- left) }
        if right < high { (target + out).update(from: source + right, count: high &- right) }
    }

    /// Starts the next year at the earliest later event's bucket (the ring and `near` are empty) and moves the
    /// later events of that year into the ring.
    ///
    /// Every year looks at every later event once. When there are many more of them than events were taken in the
    /// year just ended (`mostLaterPerEvent` times, and thousands), the buckets are narrow for how far ahead events
    /// lie, and each year would look at them all again for few events: the width is then multiplied by four and
    /// the queue rebuilt (the width check narrows it again if the events taken call for it).
    @usableFromInline
    mutating func startYear(mayWiden: Bool = true) {
        precondition(!later.isEmpty, "a calendar with pending events has some in its ring, near or later")
        if mayWiden && later.count >= 4096 && later.count > Self.mostLaterPerEvent * Swift.max(takenThisYear, 1) {
            takenThisYear = 0
            rebuild(allEvents(), bucketCount: bucketCount, inverseWidth: inverseWidth / 4)
            return
        }
        takenThisYear = 0
        var first = Int.max
        for event in later { first = Swift.min(first, number(of: event.time)) }
        base = first
        current = first &- 1
        distributeLater()
    }

    /// Moves the later events that fall in the year into the ring's buckets, keeping the others.
    @usableFromInline
    mutating func distributeLater() {
        let end = base &+ bucketCount
        extraWork &+= later.count
        var kept = 0
        for index in later.indices {
            let event = later[index]
            let number = number(of: event.time)
            if number < end {
                append(event, to: number & mask)
            } else {
                later[kept] = event
                kept += 1
            }
        }
        later.removeLast(later.count - kept)
    }

    /// Copies the memory before changing it if another copy of this queue shares it (value semantics).
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&memory) {
            memory = memory.copy(blockCapacity: memory.blockCapacity)
            heads = memory.heads
            blocks = memory.events
            links = memory.links
        }
    }

    /// Every `checkInterval` events taken: if the width is more than twice or less than half `eventsPerBucket`
    /// mean gaps between the events taken since the last check, sets it to that and re-buckets.
    @usableFromInline
    mutating func checkWidth(now: Double) {
        let elapsed = now - timeAtCheck
        if elapsed > 0 && elapsed.isFinite {
            let inverse = Double(popsSinceCheck) / (Self.eventsPerBucket * elapsed)
            let ratio = inverse / inverseWidth
            if inverse.isFinite && inverse > 0 && (ratio > 2 || ratio < 0.5) {
                rebuild(allEvents(), bucketCount: Self.buckets(for: count), inverseWidth: inverse)
            }
        }
        popsSinceCheck = 0
        timeAtCheck = now
    }

    /// Every pending event, in no particular order.
    @usableFromInline
    func allEvents() -> [StoredEvent] {
        var events: [StoredEvent] = []
        events.reserveCapacity(count)
        events.append(contentsOf: near[nearStart...])
        events.append(contentsOf: later)
        let start = current &+ 1
        let end = base &+ bucketCount
        var number = start
        while number < end {
            let head = heads[number & mask]
            number &+= 1
            guard head.count > 0 else { continue }
            var index = head.first
            while index != head.last {
                for slot in 0..<EventBlock.capacity { events.append(block(index).event(slot)) }
                index = block(index).next
            }
            for slot in 0..<Int(head.lastEnd) { events.append(block(head.last).event(slot)) }
        }
        return events
    }

    /// Puts `events` (every pending one) in a ring of `bucketCount` buckets of width 1 / `inverseWidth`, the year
    /// starting at the earliest event's bucket.
    @usableFromInline
    mutating func rebuild(_ events: consuming [StoredEvent], bucketCount size: Int, inverseWidth inverse: Double) {
        inverseWidth = inverse
        bucketCount = size
        extraWork &+= events.count
        // Blocks for the events (ten each) and a part-filled last block per bucket, more as needed.
        memory = CalendarMemory(buckets: size, blocks: Swift.max(16, events.count / 8 + size / 2))
        heads = memory.heads
        blocks = memory.events
        links = memory.links
        blocksUsed = 0
        freeBlocks.removeAll(keepingCapacity: true)
        near.removeAll(keepingCapacity: true)
        nearStart = 0
        later = consume events
        if later.isEmpty {
            base = current &+ 1
        } else {
            startYear(mayWiden: false)
        }
    }
}

/// One pending event as the calendar stores it: its time, its sequence << 8 | kind, and its payload (24 bytes).
@usableFromInline
struct StoredEvent {
    @usableFromInline var time: Double
    @usableFromInline var order: UInt64
    @usableFromInline var payload: Int

    @inlinable
    init(time: Double, order: UInt64, payload: Int) {
        self.time = time
        self.order = order
        self.payload = payload
    }

    /// Whether this event comes before `other`: (time, sequence) order.
    @inlinable
    func precedes(_ other: StoredEvent) -> Bool {
        time < other.time || (time == other.time && order < other.order)
    }
}

/// A bucket of the ring: how many events it holds, its first and last block, and how many of the last block's
/// slots are used (16 bytes; all zero: empty).
@usableFromInline
struct BucketHead {
    @usableFromInline var count: Int32
    @usableFromInline var first: Int32
    @usableFromInline var last: Int32
    @usableFromInline var lastEnd: Int32

    @inlinable
    init(count: Int32, first: Int32, last: Int32, lastEnd: Int32) {
        self.count = count
        self.first = first
        self.last = last
        self.lastEnd = lastEnd
    }
}

/// A block of ten of a bucket's events, in the order they were scheduled (240 bytes), and the number of the
/// bucket's next block, kept apart in an array of links.
@usableFromInline
struct EventBlock {
    @usableFromInline let events: UnsafeMutablePointer<StoredEvent>
    @usableFromInline let link: UnsafeMutablePointer<Int32>

    @inlinable
    init(events: UnsafeMutablePointer<StoredEvent>, link: UnsafeMutablePointer<Int32>) {
        self.events = events
        self.link = link
    }

    @inlinable static var capacity: Int { 10 }

    @inlinable
    var next: Int32 {
        get { link.pointee }
        nonmutating set { link.pointee = newValue }
    }

    @inlinable
    func event(_ slot: Int) -> StoredEvent { events[slot] }

    @inlinable
    func setEvent(_ slot: Int, _ event: StoredEvent) { events[slot] = event }

    /// The block's first `count` events.
    @inlinable
    func events(_ count: Int) -> UnsafeBufferPointer<StoredEvent> { UnsafeBufferPointer(start: events, count: count) }
}

/// The calendar's memory: its bucket heads (zeroed: every bucket empty), `blockCapacity` blocks of events and
/// their links (zeroed too, so that a copy reads no uninitialised byte), freed with the last queue holding them.
@usableFromInline
final class CalendarMemory {
    @usableFromInline let heads: UnsafeMutablePointer<BucketHead>
    @usableFromInline let bucketCount: Int
    @usableFromInline let events: UnsafeMutablePointer<StoredEvent>
    @usableFromInline let links: UnsafeMutablePointer<Int32>
    @usableFromInline let blockCapacity: Int

    @usableFromInline
    init(buckets: Int, blocks: Int) {
        bucketCount = buckets
        blockCapacity = blocks
        heads = UnsafeMutablePointer.allocate(capacity: buckets)
        heads.initialize(repeating: BucketHead(count: 0, first: 0, last: 0, lastEnd: 0), count: buckets)
        events = UnsafeMutablePointer.allocate(capacity: blocks * EventBlock.capacity)
        events.initialize(repeating: StoredEvent(time: 0, order: 0, payload: 0), count: blocks * EventBlock.capacity)
        links = UnsafeMutablePointer.allocate(capacity: blocks)
        links.initialize(repeating: 0, count: blocks)
    }

    /// A copy with room for `blockCapacity` blocks (at least as many as this one has).
    @usableFromInline
    func copy(blockCapacity: Int) -> CalendarMemory {
        let copy = CalendarMemory(buckets: bucketCount, blocks: blockCapacity)
        copy.heads.update(from: heads, count: bucketCount)
        copy.events.update(from: events, count: self.blockCapacity * EventBlock.capacity)
        copy.links.update(from: links, count: self.blockCapacity)
        return copy
    }

    deinit {
        heads.deallocate()
        events.deallocate()
        links.deallocate()
    }
}
