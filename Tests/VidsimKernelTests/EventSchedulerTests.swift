import XCTest
import VidsimKernel
import VidsimUnits

final class EventSchedulerTests: XCTestCase {
    /// Records the order events were handled in.
    struct Recorder: SimulationModel {
        enum EventKind: UInt8 { case tick }
        var handled: [(time: Double, payload: Int)] = []
        var warmUpAt: Double?
        var finishedAt: Double?

        mutating func handle(_ event: Event<EventKind>, scheduler: inout EventScheduler<EventKind>) {
            handled.append((event.time.seconds, event.payload))
        }
        mutating func warmUpEnded(at time: TimeSpan) { warmUpAt = time.seconds }
        mutating func finish(at time: TimeSpan) { finishedAt = time.seconds }
    }

    func testEqualTimesAreServedInSchedulingOrder() {
        var scheduler = EventScheduler<Recorder.EventKind>()
        for payload in 0..<1000 {
            scheduler.schedule(.tick, at: TimeSpan(seconds: Double(payload % 3)), payload: payload)
        }
        var model = Recorder()
        model.run(scheduler: &scheduler, until: TimeSpan(seconds: 10))
        let expected = (0..<3).flatMap { time in (0..<1000).filter { $0 % 3 == time } }
        XCTAssertEqual(model.handled.map(\.payload), expected)
        XCTAssertEqual(scheduler.eventsProcessed, 1000)
    }

    func testEventsAfterTheHorizonAreNotHandled() {
        var scheduler = EventScheduler<Recorder.EventKind>()
        for t in [1.0, 5.0, 10.0, 10.5, 20.0] { scheduler.schedule(.tick, at: TimeSpan(seconds: t)) }
        var model = Recorder()
        model.run(scheduler: &scheduler, until: TimeSpan(seconds: 10), warmUp: TimeSpan(seconds: 3))
        XCTAssertEqual(model.handled.map(\.time), [1, 5, 10])
        XCTAssertEqual(model.warmUpAt, 3)
        XCTAssertEqual(model.finishedAt, 10)
        XCTAssertEqual(scheduler.now.seconds, 10)
        XCTAssertEqual(scheduler.pendingCount, 2)
    }

    /// The same with enough events for the calendar queue: the run takes the first event past the horizon out of
    /// neither set, the warm-up ends before the first event at or after it is handled, and what is left still comes
    /// out in order.
    func testTheHorizonLeavesLaterEventsPendingInTheCalendarToo() {
        struct WarmUpWatcher: SimulationModel {
            typealias EventKind = Recorder.EventKind
            var handled: [Double] = []
            var handledAtWarmUp: Int?
            mutating func handle(_ event: Event<EventKind>, scheduler: inout EventScheduler<EventKind>) {
                handled.append(event.time.seconds)
            }
            mutating func warmUpEnded(at time: TimeSpan) { handledAtWarmUp = handled.count }
            mutating func finish(at time: TimeSpan) {}
        }
        var scheduler = EventScheduler<Recorder.EventKind>()
        for t in (0..<10_000).reversed() { scheduler.schedule(.tick, at: TimeSpan(seconds: Double(t)), payload: t) }
        var model = WarmUpWatcher()
        model.run(scheduler: &scheduler, until: TimeSpan(seconds: 5_000.5), warmUp: TimeSpan(seconds: 100))
        XCTAssertEqual(model.handled, (0...5_000).map(Double.init))
        XCTAssertEqual(model.handledAtWarmUp, 100)
        XCTAssertEqual(scheduler.now.seconds, 5_000.5)
        XCTAssertEqual(scheduler.pendingCount, 4_999)
        XCTAssertNil(scheduler.next(notAfter: TimeSpan(seconds: 5_000.9)))
        XCTAssertEqual(scheduler.now.seconds, 5_000.5)
        var rest: [Int] = []
        while let event = scheduler.next() { rest.append(event.payload) }
        XCTAssertEqual(rest, Array(5_001..<10_000))
    }

    /// A horizon exactly on an event's time handles that event; the next event is far off, so the calendar goes
    /// looking for it (past the bucket being served) before it says no; events then scheduled between the horizon
    /// and that far event come out first, in order.
    func testAHorizonOnAnEventAndAGapAfterIt() {
        var scheduler = EventScheduler<Recorder.EventKind>()
        let times = Array(0...5_000) + Array(20_000...25_000)
        for t in times.reversed() { scheduler.schedule(.tick, at: TimeSpan(seconds: Double(t)), payload: t) }
        var model = Recorder()
        model.run(scheduler: &scheduler, until: TimeSpan(seconds: 5_000))
        XCTAssertEqual(model.handled.map(\.payload), Array(0...5_000))
        XCTAssertEqual(scheduler.pendingCount, 5_001)
        XCTAssertNil(scheduler.next(notAfter: TimeSpan(seconds: 19_999.5)))
        for t in stride(from: 10_010, through: 10_000, by: -1) { scheduler.schedule(.tick, at: TimeSpan(seconds: Double(t)), payload: t) }
        var rest: [Int] = []
        while let event = scheduler.next() { rest.append(event.payload) }
        XCTAssertEqual(rest, Array(10_000...10_010) + Array(20_000...25_000))
    }

    /// An event at +infinity (a delay that overflowed) is held, never handled before a finite horizon, and does not
    /// disturb the others: in the heap (few events) and in the calendar (many), where it shares the last bucket.
    func testEventsAtInfinityNeverHappen() {
        for finite in [10, 10_000] {
            var scheduler = EventScheduler<Recorder.EventKind>()
            for t in 0..<finite {
                scheduler.schedule(.tick, at: TimeSpan(seconds: Double(t)), payload: t)
                if t % 100 == 0 { scheduler.schedule(.tick, after: TimeSpan(seconds: .infinity), payload: -1) }
            }
            var model = Recorder()
            model.run(scheduler: &scheduler, until: TimeSpan(seconds: 1e300))
            XCTAssertEqual(model.handled.map(\.payload), Array(0..<finite), "\(finite) finite events")
            XCTAssertEqual(scheduler.pendingCount, (finite + 99) / 100)
            XCTAssertEqual(model.finishedAt, 1e300)
        }
    }

    func testWarmUpEndsEvenWithoutEventsAfterIt() {
        var scheduler = EventScheduler<Recorder.EventKind>()
        scheduler.schedule(.tick, at: TimeSpan(seconds: 1))
        var model = Recorder()
        model.run(scheduler: &scheduler, until: TimeSpan(seconds: 10), warmUp: TimeSpan(seconds: 5))
        XCTAssertEqual(model.warmUpAt, 5)
    }

    /// Interleaved inserts and pops, equal times, far-future events, growth past the hand-over to the calendar
    /// queue and back: the pending set hands events out exactly in (time, sequence) order, as a sorted
    /// reference does.
    func testPendingSetMatchesASortedReferenceUnderChurn() {
        let stream = RandomStream(seed: 99)
        var scheduler = EventScheduler<Recorder.EventKind>()
        // The reference, sorted descending by (time, payload): the next event is its last element.
        var reference: [(time: Double, payload: Int)] = []
        func insertReference(_ entry: (time: Double, payload: Int)) {
            var low = 0, high = reference.count
            while low < high {
                let middle = (low + high) / 2
                if (reference[middle].time, reference[middle].payload) > (entry.time, entry.payload) { low = middle + 1 } else { high = middle }
            }
            reference.insert(entry, at: low)
        }
        var payload = 0, now = 0.0, peak = 0
        func schedule() {
            let draw = stream.uniform()
            // Mostly near the present, some ties on a coarse grid, a few far in the future.
            let delay = draw < 0.05 ? 1e5 * stream.uniform() : (draw < 0.3 ? Double(Int(stream.uniform() * 4)) : stream.uniform() * 10)
            scheduler.schedule(.tick, at: TimeSpan(seconds: now + delay), payload: payload)
            insertReference((now + delay, payload))
            payload += 1
        }
        func takeAndCheck() -> Bool {
            guard let event = scheduler.next() else { return false }
            let expected = reference.removeLast()
            XCTAssertEqual(event.time.seconds, expected.time)
            XCTAssertEqual(event.payload, expected.payload)
            now = event.time.seconds
            return event.payload == expected.payload
        }
        // Grow to 12,000 pending (the calendar takes over above 4,096) ...
        while reference.count < 12_000 {
            schedule()
            schedule()
            guard takeAndCheck() else { return }
            peak = max(peak, reference.count)
        }
        // ... then drain through the hand-over back to the heap (below 1,024) to empty.
        var round = 0
        while !reference.isEmpty {
            if round % 3 == 0 && payload < 200_000 { schedule() }
            guard takeAndCheck() else { return }
            round += 1
        }
        XCTAssertNil(scheduler.next())
        XCTAssertEqual(peak, 12_000)
    }

    /// A heap of random times pops in (time, sequence) order.
    func testRandomSchedulesPopInOrder() {
        let stream = RandomStream(seed: 7)
        var scheduler = EventScheduler<Recorder.EventKind>()
        for payload in 0..<10_000 {
            scheduler.schedule(.tick, at: TimeSpan(seconds: (stream.uniform() * 100).rounded()), payload: payload)
        }
        var previous: (Double, Int) = (-1, -1)
        while let event = scheduler.next() {
            XCTAssertTrue(event.time.seconds > previous.0 || (event.time.seconds == previous.0 && event.payload > previous.1))
            previous = (event.time.seconds, event.payload)
        }
    }
}
