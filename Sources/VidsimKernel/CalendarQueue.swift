import VidsimUnits

/// The pending-event set as a calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue
/// implementation for the simulation event set problem", CACM 31(10), 1988), with its buckets laid out for the
/// cache.
///
/// Time is cut into buckets of a width (`1 / inverseWidth` seconds) laid round a year of `bucketCount` buckets; an
/// event goes into the bucket of its time, and each bucket keeps its events in (time, sequence) order. The next
/// event is found by walking the buckets from the last one taken, looking at each bucket's first event only: the
/// first bucket whose first event falls in the current year holds the earliest. The earliest event, once found, is
/// remembered until the next insertion, so the scheduler's peek-then-take costs one search.
///
/// Buckets are cache lines, not list heads. Each bucket is one 64-byte line (`BucketLine`) that holds its first
/// two events itself; a bucket's later events go, in order, into blocks of ten (`EventBlock`, 256 bytes) chained
/// from it, an unrolled list. Taking events reads the buckets one after the other, sequential memory the processor
/// fetches ahead, and a bucket's later events ten to a block; an insertion reads and writes its bucket's line and,
/// past two events, the last block, which a batch of insertions keeps in cache. Batches are the usual case: a
/// fleet with idle workers starts an upload's segments of a rung together, and equal segments finish together
/// (on the YouTube day, 27 of 44 million insertions joined a bucket already holding an event at the same time).
/// With a linked list of single events per bucket, each event taken was a cache miss on a node written tens of
/// thousands of events earlier and each insertion a second miss on the list's last node (on the YouTube day's
/// first four hours, 41% of the run's time by perf).
///
/// The width follows the events: every `4 x bucketCount` events taken, if searches cost many steps (buckets looked
/// at, and blocks an insertion walked past), the width becomes `widthPerGap` mean gaps between the events taken,
/// and the queue is re-bucketed. It resizes (doubling or halving) as the number of pending events changes.
///
/// - Complexity: `insert` and `popMin` O(1) amortised for the event patterns of a simulation.
@usableFromInline
struct CalendarQueue<Kind: EventKindType> {
    /// The buckets' and blocks' memory (its two bases cached in `buckets` and `blocks`).
    @usableFromInline var memory: CalendarMemory
    @usableFromInline var buckets: UnsafeMutableRawPointer
    @usableFromInline var blocks: UnsafeMutableRawPointer
    @usableFromInline var bucketCount: Int
    /// Blocks handed out so far (the rest of `memory.blockCapacity` is unused), and those freed since.
    @usableFromInline var blocksUsed = 0
    @usableFromInline var freeBlocks: [Int32] = []
    @usableFromInline var inverseWidth: Double = 1
    @usableFromInline var count = 0
    /// The bucket number the search resumes from: that of the last event taken.
    @usableFromInline var current = 0
    /// The bucket whose first event is the earliest, while no insertion has happened since it was found.
    @usableFromInline var cachedMinimum = -1
    /// Work the searches did since the last check (buckets walked and blocks passed), the searches, the events
    /// taken and the time of the first of them. When searches cost many steps, the width no longer fits the events
    /// (their spread drifts through a simulated day), and it is set anew from the spacing of the events taken.
    @usableFromInline var searchSteps = 0
    @usableFromInline var searches = 0
    @usableFromInline var popsSinceCheck = 0
    @usableFromInline var timeAtCheck = 0.0

    /// A bucket's width in mean gaps between the events taken (Brown's rule is 3).
    @usableFromInline static var widthPerGap: Double { 3 }

    @inlinable
    init() {
        bucketCount = 16
        memory = CalendarMemory(buckets: 16, blocks: 16)
        buckets = memory.buckets
        blocks = memory.blocks
    }

    @inlinable var mask: Int { bucketCount - 1 }

    /// The bucket number of a time: capped so that no time, however far off, overflows (such events share far
    /// buckets).
    @inlinable
    func number(of time: Double) -> Int { Int(Swift.min(time * inverseWidth, 4e18)) }

    @inlinable
    func bucket(_ index: Int) -> BucketLine { BucketLine(buckets + index &* BucketLine.stride) }

    @inlinable
    func block(_ index: Int32) -> EventBlock { EventBlock(blocks + Int(index) &* EventBlock.stride) }

    @inlinable
    mutating func insert(_ event: Event<Kind>) {
        precondition(event.time.seconds.isFinite, "an event needs a finite time")
        makeUnique()
        let stored = StoredEvent(time: event.time.seconds, order: event.order, payload: event.payload)
        let number = number(of: stored.time)
        place(stored, in: number & mask)
        count += 1
        // The search starts at `current`, which must not be past any pending event's bucket: after a re-bucketing
        // it is the earliest pending event's, and an event scheduled before that one (at or after the clock)
        // would otherwise be found only after later ones.
        if number < current { current = number }
        if cachedMinimum >= 0 && stored.precedes(bucket(cachedMinimum).event(0)) { cachedMinimum = number & mask }
        if count > 2 * bucketCount { resize(to: bucketCount * 2) }
    }

    /// Puts an event into a bucket after every event that precedes it: among the bucket's own two (the second then
    /// moves to the front of the blocks) or into its blocks, at the end of the last (the usual case: a new event's
    /// sequence is the highest yet, so events due at the same moment always go last).
    @inlinable
    mutating func place(_ event: StoredEvent, in index: Int) {
        // A placement takes at most one new block; growing the memory first keeps `line` valid.
        if freeBlocks.isEmpty && blocksUsed == memory.blockCapacity { growBlocks() }
        let line = bucket(index)
        let held = line.count
        if held < BucketLine.capacity {
            line.insertHeld(event, count: held)
        } else {
            let last = line.event(BucketLine.capacity - 1)
            if event.precedes(last) {
                line.insertHeld(event, count: BucketLine.capacity - 1)
                pushFront(last, on: line, listed: held - BucketLine.capacity)
            } else {
                append(event, on: line, listed: held - BucketLine.capacity)
            }
        }
        line.count = held + 1
    }

    @inlinable
    mutating func newBlock() -> Int32 {
        if let free = freeBlocks.popLast() { return free }
        blocksUsed += 1
        return Int32(blocksUsed - 1)
    }

    @usableFromInline
    mutating func growBlocks() {
        memory = memory.copy(blockCapacity: 2 * memory.blockCapacity)
        buckets = memory.buckets
        blocks = memory.blocks
    }

    /// A new first event of a bucket's blocks (`listed`: how many they hold).
    @inlinable
    mutating func pushFront(_ event: StoredEvent, on line: BucketLine, listed: Int) {
        if listed > 0 {
            let head = block(line.head)
            if head.start > 0 {
                head.start -= 1
                head.setEvent(head.start, event)
                return
            }
            if head.end < EventBlock.capacity {
                head.insert(event, at: 0)
                return
            }
        }
        let index = newBlock()
        block(index).reset(holding: event, next: listed > 0 ? line.head : -1)
        line.head = index
        if listed == 0 { line.tail = index }
    }

    /// An event due at or after the bucket's second: at the end of the last block, or walked to its place.
    @inlinable
    mutating func append(_ event: StoredEvent, on line: BucketLine, listed: Int) {
        guard listed > 0 else {
            let index = newBlock()
            block(index).reset(holding: event, next: -1)
            line.head = index
            line.tail = index
            return
        }
        let tail = block(line.tail)
        if !event.precedes(tail.event(tail.end - 1)) {
            if tail.end < EventBlock.capacity {
                tail.setEvent(tail.end, event)
                tail.end += 1
            } else {
                let index = newBlock()
                block(index).reset(holding: event, next: -1)
                tail.next = index
                line.tail = index
            }
            return
        }
        // Due before the last block's last event: the first block whose last event it precedes takes it.
        var index = line.head
        var steps = 0
        while !event.precedes(block(index).event(block(index).end - 1)) {
            index = block(index).next
            steps += 1
        }
        searchSteps &+= steps
        let target = block(index)
        var slot = target.start
        while !event.precedes(target.event(slot)) { slot += 1 }
        if target.end < EventBlock.capacity {
            target.insert(event, at: slot - target.start)
        } else if target.start > 0 {
            target.shiftDown(before: slot)
            target.setEvent(slot - 1, event)
        } else {
            // A full block splits: the second half moves to a new block after it.
            let half = EventBlock.capacity / 2
            let split = newBlock()
            let second = block(split)
            second.start = 0
            second.end = EventBlock.capacity - half
            for moved in half..<EventBlock.capacity { second.setEvent(moved - half, target.event(moved)) }
            second.next = target.next
            target.next = split
            target.end = half
            if line.tail == index { line.tail = split }
            if slot < half { target.insert(event, at: slot) } else { second.insert(event, at: slot - half) }
        }
    }

    /// Takes a bucket's first event: the bucket's second moves up, and the first event of its blocks, if any,
    /// takes the second's place (only the earliest event ever leaves, so the blocks need no backward links).
    @inlinable
    mutating func takeFirst(of index: Int) -> StoredEvent {
        let line = bucket(index)
        let held = line.count
        let first = line.event(0)
        if held > 1 { line.setEvent(0, line.event(1)) }
        if held > BucketLine.capacity {
            let headIndex = line.head
            let head = block(headIndex)
            line.setEvent(1, head.event(head.start))
            head.start += 1
            if head.start == head.end {
                line.head = head.next
                freeBlocks.append(headIndex)
            }
        }
        line.count = held - 1
        return first
    }

    /// The time of the earliest event, if any (found once, then remembered).
    @inlinable
    mutating func minTime() -> TimeSpan? {
        guard count > 0 else { return nil }
        if cachedMinimum < 0 { cachedMinimum = locateMinimum() }
        return TimeSpan(seconds: bucket(cachedMinimum).event(0).time)
    }

    @inlinable
    mutating func popMin() -> Event<Kind>? {
        guard count > 0 else { return nil }
        makeUnique()
        let index = cachedMinimum >= 0 ? cachedMinimum : locateMinimum()
        cachedMinimum = -1
        let event = takeFirst(of: index)
        count -= 1
        current = number(of: event.time)
        if count < bucketCount / 32 && bucketCount > 16 {
            resize(to: bucketCount / 2)
        } else {
            popsSinceCheck += 1
            if popsSinceCheck >= 4 * bucketCount { checkWidth(now: event.time) }
        }
        return Event(time: TimeSpan(seconds: event.time), order: event.order, payload: event.payload)
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
        for _ in 0..<bucketCount {
            let line = bucket(number & mask)
            steps += 1
            if line.count > 0 && self.number(of: line.event(0).time) == number { return number & mask }
            number += 1
        }
        var best = -1
        for index in 0..<bucketCount where bucket(index).count > 0 {
            if best < 0 || bucket(index).event(0).precedes(bucket(best).event(0)) { best = index }
        }
        steps += bucketCount
        return best
    }

    /// Copies the memory before changing it if another copy of this queue shares it (value semantics).
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&memory) {
            memory = memory.copy(blockCapacity: memory.blockCapacity)
            buckets = memory.buckets
            blocks = memory.blocks
        }
    }

    /// Every 4 x buckets events taken: if searches averaged more than 6 steps (buckets looked at, and blocks an
    /// insertion walked past), sets the width to `widthPerGap` mean gaps between the events taken since the last
    /// check, and re-buckets with enough buckets for a year to span the pending events (up to one per event).
    /// Events of later years cost little: a search reads only each bucket's first event.
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

    /// Every pending event, in (time, sequence) order.
    @usableFromInline
    func sortedEvents() -> [StoredEvent] {
        var events: [StoredEvent] = []
        events.reserveCapacity(count)
        for index in 0..<bucketCount {
            let line = bucket(index)
            let held = line.count
            for slot in 0..<Swift.min(held, BucketLine.capacity) { events.append(line.event(slot)) }
            var next = held > BucketLine.capacity ? line.head : -1
            while next >= 0 {
                let listed = block(next)
                for slot in listed.start..<listed.end { events.append(listed.event(slot)) }
                next = listed.next
            }
        }
        events.sort { $0.precedes($1) }
        return events
    }

    /// Rebuilds with `size` buckets and a width of `widthPerGap` mean gaps between the earliest events.
    @usableFromInline
    mutating func resize(to size: Int) {
        let events = sortedEvents()
        let sample = events.prefix(Swift.min(events.count, 64))
        var inverse = inverseWidth
        if sample.count > 1, sample.last!.time > sample.first!.time {
            inverse = Double(sample.count - 1) / (Self.widthPerGap * (sample.last!.time - sample.first!.time))
        }
        rebuild(events, inverseWidth: inverse, size: size)
    }

    /// Puts every live event in buckets of width 1 / `inverseWidth`: `size` of them, or with no size enough (a power
    /// of two) for a year to span the pending events, between 16 and one per event.
    @usableFromInline
    mutating func rebucket(inverseWidth inverse: Double, size: Int?) {
        rebuild(sortedEvents(), inverseWidth: inverse, size: size)
    }

    @usableFromInline
    mutating func rebuild(_ events: [StoredEvent], inverseWidth inverse: Double, size: Int?) {
        inverseWidth = inverse
        // Bucket numbers must stay representable: a width so small that the furthest event's number overflows
        // is widened.
        if let furthest = events.last?.time, furthest * inverseWidth >= 4e18 {
            inverseWidth = 4e18 / Swift.max(furthest, 1)
        }
        var newCount = size ?? 16
        if size == nil, let earliest = events.first?.time, let furthest = events.last?.time {
            let wanted = Swift.min((furthest - earliest) * inverseWidth, Double(Swift.max(count, 2)))
            while Double(newCount) < wanted { newCount *= 2 }
        }
        // Blocks for a tenth of the events (they hold ten each, placed in order), more as needed.
        memory = CalendarMemory(buckets: newCount, blocks: Swift.max(16, count / 10))
        buckets = memory.buckets
        blocks = memory.blocks
        bucketCount = newCount
        blocksUsed = 0
        freeBlocks.removeAll(keepingCapacity: true)
        // Placed in order, each event goes after its bucket's last: re-bucketing walks no block, and its work is
        // not the searches' that the width check weighs.
        let steps = searchSteps
        for event in events { place(event, in: number(of: event.time) & mask) }
        searchSteps = steps
        current = events.first.map { number(of: $0.time) } ?? 0
        cachedMinimum = -1
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

/// A bucket's line or a block: three Int32 fields at 0, 4 and 8, then events of 24 bytes from 16.
@usableFromInline
protocol EventSlots {
    var pointer: UnsafeMutableRawPointer { get }
}

extension EventSlots {
    @inlinable
    func field(_ index: Int) -> Int32 { pointer.load(fromByteOffset: 4 &* index, as: Int32.self) }

    @inlinable
    func setField(_ index: Int, _ value: Int32) { pointer.storeBytes(of: value, toByteOffset: 4 &* index, as: Int32.self) }

    @inlinable
    func event(_ slot: Int) -> StoredEvent {
        pointer.load(fromByteOffset: 16 + slot &* 24, as: StoredEvent.self)
    }

    @inlinable
    func setEvent(_ slot: Int, _ event: StoredEvent) {
        pointer.storeBytes(of: event, toByteOffset: 16 + slot &* 24, as: StoredEvent.self)
    }
}

/// One bucket in its 64-byte cache line: how many events it has (Int32 at 0), its first and last block (Int32 at
/// 4 and 8, meaningful with more than two events), and its first two events in order (24 bytes each, at 16 and 40).
@usableFromInline
struct BucketLine: EventSlots {
    @usableFromInline let pointer: UnsafeMutableRawPointer

    @inlinable init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }

    @inlinable static var stride: Int { 64 }
    /// The events a bucket holds in its own line.
    @inlinable static var capacity: Int { 2 }

    @inlinable
    var count: Int {
        get { Int(field(0)) }
        nonmutating set { setField(0, Int32(truncatingIfNeeded: newValue)) }
    }

    @inlinable
    var head: Int32 {
        get { field(1) }
        nonmutating set { setField(1, newValue) }
    }

    @inlinable
    var tail: Int32 {
        get { field(2) }
        nonmutating set { setField(2, newValue) }
    }

    /// Inserts `event` among the first `count` held events (count < capacity) after every one that precedes it.
    @inlinable
    func insertHeld(_ event: StoredEvent, count: Int) {
        var slot = count
        while slot > 0 {
            let previous = self.event(slot - 1)
            guard event.precedes(previous) else { break }
            setEvent(slot, previous)
            slot -= 1
        }
        setEvent(slot, event)
    }
}

/// A block of up to ten of a bucket's events past its first two, in 256 bytes (four cache lines): the events held
/// are slots `start..<end` (Int32 at 0 and 4), in order; the bucket's next block (Int32 at 8, -1 after the last);
/// the events from 16, 24 bytes each.
@usableFromInline
struct EventBlock: EventSlots {
    @usableFromInline let pointer: UnsafeMutableRawPointer

    @inlinable init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }

    @inlinable static var stride: Int { 256 }
    @inlinable static var capacity: Int { 10 }

    @inlinable
    var start: Int {
        get { Int(field(0)) }
        nonmutating set { setField(0, Int32(truncatingIfNeeded: newValue)) }
    }

    @inlinable
    var end: Int {
        get { Int(field(1)) }
        nonmutating set { setField(1, Int32(truncatingIfNeeded: newValue)) }
    }

    @inlinable
    var next: Int32 {
        get { field(2) }
        nonmutating set { setField(2, newValue) }
    }

    /// Makes this a block of one event.
    @inlinable
    func reset(holding event: StoredEvent, next: Int32) {
        start = 0
        end = 1
        self.next = next
        setEvent(0, event)
    }

    /// Inserts `event` as the `offset`-th of the events held (end < capacity): the later ones move up a slot.
    @inlinable
    func insert(_ event: StoredEvent, at offset: Int) {
        var slot = end
        while slot > start + offset {
            setEvent(slot, self.event(slot - 1))
            slot -= 1
        }
        setEvent(slot, event)
        end += 1
    }

    /// Moves the events held before `slot` down a slot (start > 0), freeing `slot - 1`.
    @inlinable
    func shiftDown(before slot: Int) {
        for moved in start..<slot { setEvent(moved - 1, event(moved)) }
        start -= 1
    }
}

/// The calendar's memory: its buckets (zeroed: every bucket empty) and `blockCapacity` blocks (zeroed too, so that
/// a copy reads no uninitialised byte), aligned on cache lines and freed with the last queue holding them.
@usableFromInline
final class CalendarMemory {
    @usableFromInline let buckets: UnsafeMutableRawPointer
    @usableFromInline let bucketCount: Int
    @usableFromInline let blocks: UnsafeMutableRawPointer
    @usableFromInline let blockCapacity: Int

    @usableFromInline
    init(buckets: Int, blocks: Int) {
        bucketCount = buckets
        blockCapacity = blocks
        let bytes = buckets * BucketLine.stride
        self.buckets = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        self.buckets.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        self.blocks = UnsafeMutableRawPointer.allocate(byteCount: blocks * EventBlock.stride, alignment: 64)
        self.blocks.initializeMemory(as: UInt8.self, repeating: 0, count: blocks * EventBlock.stride)
    }

    /// A copy with room for `blockCapacity` blocks (at least as many as this one has).
    @usableFromInline
    func copy(blockCapacity: Int) -> CalendarMemory {
        let copy = CalendarMemory(buckets: bucketCount, blocks: blockCapacity)
        copy.buckets.copyMemory(from: buckets, byteCount: bucketCount * BucketLine.stride)
        copy.blocks.copyMemory(from: blocks, byteCount: self.blockCapacity * EventBlock.stride)
        return copy
    }

    deinit {
        buckets.deallocate()
        blocks.deallocate()
    }
}
