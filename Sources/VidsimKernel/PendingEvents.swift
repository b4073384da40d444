import VidsimUnits

/// The pending-event set: a 4-ary heap while it is small, a calendar queue once it is large.
///
/// Both hand out events in the same (time, sequence) order, so which one holds them never changes a run. A heap
/// of a few dozen events stays in cache and beats any bucket walk (the M/M/10 kernel bench: 9.0 against 6.1
/// million customers/s); tens of thousands of pending completions (the YouTube day: about 75,000) make every
/// heap level a cache miss, where a calendar queue touches a few lines (a day of it: 48-52 s against 57-64 s).
/// The set moves to the calendar above 4,096 events and back below 1,024; a move re-inserts every event once.
@usableFromInline
struct PendingEvents<Kind: EventKindType> {
    @usableFromInline var heap = EventQueue<Kind>()
    @usableFromInline var calendar = CalendarQueue<Kind>()
    @usableFromInline var usesCalendar = false

    @usableFromInline static var toCalendar: Int { 4096 }
    @usableFromInline static var toHeap: Int { 1024 }

    @inlinable init() {}

    @inlinable var count: Int { usesCalendar ? calendar.count : heap.count }

    @inlinable
    mutating func insert(_ event: Event<Kind>) {
        if usesCalendar {
            calendar.insert(event)
        } else {
            heap.insert(event)
            if heap.count > Self.toCalendar { moveToCalendar() }
        }
    }

    @inlinable
    mutating func minTime() -> TimeSpan? {
        usesCalendar ? calendar.minTime() : heap.min?.time
    }

    @inlinable
    mutating func popMin() -> Event<Kind>? {
        guard usesCalendar else { return heap.popMin() }
        let event = calendar.popMin()
        if calendar.count < Self.toHeap { moveToHeap() }
        return event
    }

    @usableFromInline
    mutating func moveToCalendar() {
        calendar = CalendarQueue()
        while let event = heap.popMin() { calendar.insert(event) }
        usesCalendar = true
    }

    @usableFromInline
    mutating func moveToHeap() {
        heap = EventQueue()
        while let event = calendar.popMin() { heap.insert(event) }
        usesCalendar = false
    }
}
