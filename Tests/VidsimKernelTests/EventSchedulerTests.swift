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

    func testWarmUpEndsEvenWithoutEventsAfterIt() {
        var scheduler = EventScheduler<Recorder.EventKind>()
        scheduler.schedule(.tick, at: TimeSpan(seconds: 1))
        var model = Recorder()
        model.run(scheduler: &scheduler, until: TimeSpan(seconds: 10), warmUp: TimeSpan(seconds: 5))
        XCTAssertEqual(model.warmUpAt, 5)
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
