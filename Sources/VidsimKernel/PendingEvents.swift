import VidsimUnits

/// The pending-event set: a 4-ary heap while it is small, a calendar queue once it is large.
///
/// Both hand out events in the same (time, sequence) order, so which one holds them never changes a run. A heap
/// of a few dozen events stays in cache and beats any bucket walk (the M/M/10 kernel bench: 9.0 against 6.1
/// million customers/s); tens of thousands of pending completions (the YouTube day: about 75,000) make every
/// heap level a cache miss, where a calendar queue touches a few lines (a day of it: 48-52 s against 57-64 s).
/// The set moves to the calendar above 4,096 events and back below 1,024; a move re-inserts every event once. A
/// calendar that works too hard for the pattern of times at hand hands over to the heap for a while
/// (`checkCalendarWork`).
@usableFromInline
struct PendingEvents<Kind: EventKindType> {
    @usableFromInline var heap = EventQueue<Kind>()
    @usableFromInline var calendar = CalendarQueue<Kind>(sorted: [])
    @usableFromInline var usesCalendar = false

    @usableFromInline static var toCalendar: Int { 4096 }
    @usableFromInline static var toHeap: Int { 1024 }
    /// Events taken between looks at the calendar's extra work; the most extra work per event taken it may do
    /// (its usual is 2 to 4); the events then taken from the heap before the calendar is tried again (at least;
    /// four times the events pending if more).
    @usableFromInline static var window: Int { 1 << 16 }
    @usableFromInline static var mostWorkPerEvent: Int { 32 }
    @usableFromInline static var heapSpell: Int { 1 << 20 }

    /// Events taken from the calendar since its work was last looked at.
    @usableFromInline var takenInWindow = 0
    /// Events still to take from the heap, after the calendar proved costly, before it may be used again.
    @usableFromInline var heapPopsLeft = 0

    @inlinable init() {}

    @inlinable var count: Int { usesCalendar ? calendar.count : heap.count }

    @inlinable @inline(__always)
    mutating func insert(_ event: Event<Kind>) {
        if usesCalendar {
            calendar.insert(event)
        } else {
            heap.insert(event)
            if heap.count > Self.toCalendar && heapPopsLeft == 0 { moveToCalendar() }
        }
    }

    @inlinable
    mutating func minTime() -> TimeSpan? {
        usesCalendar ? calendar.minTime() : heap.min?.time
    }

    @inlinable
    mutating func popMin() -> Event<Kind>? { popMin(notAfter: .infinity) }

    /// The earliest event, taken out, if its time is `limit` or earlier; nil (and nothing taken) otherwise.
    @inlinable
    mutating func popMin(notAfter limit: Double) -> Event<Kind>? {
        guard usesCalendar else {
            guard let first = heap.min, first.time.seconds <= limit else { return nil }
            if heapPopsLeft > 0 { heapPopsLeft -= 1 }
            return heap.popMin()
        }
        guard let event = calendar.popMin(notAfter: limit) else { return nil }
        takenInWindow &+= 1
        if calendar.count < Self.toHeap {
            moveToHeap()
        } else if takenInWindow == Self.window {
            checkCalendarWork()
        }
        return event
    }

    /// A calendar queue is O(1) for the time patterns of simulations, but a pattern whose spread changes faster
    /// than it re-estimates its width (delays over many orders of magnitude, say) makes it move events again and
    /// again. If it did more than `mostWorkPerEvent` units of extra work per event taken over the last window, the
    /// events go to the heap (O(log n) whatever the pattern) for `heapSpell` events; then the calendar is tried
    /// again. The order of events is the same either way.
    @usableFromInline
    mutating func checkCalendarWork() {
        if calendar.extraWork > Self.mostWorkPerEvent * takenInWindow {
            moveToHeap()
            // Long enough for the two moves (each O(n)) to cost little beside the events taken meanwhile.
            heapPopsLeft = Swift.max(Self.heapSpell, 4 * heap.count)
        }
        calendar.extraWork = 0
        takenInWindow = 0
    }

    @usableFromInline
    mutating func moveToCalendar() {
        var events: [StoredEvent] = []
        events.reserveCapacity(heap.count)
        while let event = heap.popMin() {
            events.append(StoredEvent(time: event.time.seconds, order: event.order, payload: event.payload))
        }
        calendar = CalendarQueue(sorted: events)
        calendar.extraWork = 0
        takenInWindow = 0
        usesCalendar = true
    }

    @usableFromInline
    mutating func moveToHeap() {
        heap = EventQueue()
        for event in calendar.allEvents() {
            heap.insert(Event(time: TimeSpan(seconds: event.time), order: event.order, payload: event.payload))
        }
        calendar = CalendarQueue(sorted: [])
        usesCalendar = false
    }
}
