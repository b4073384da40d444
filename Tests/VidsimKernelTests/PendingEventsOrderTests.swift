import Foundation
import XCTest
import VidsimKernel
import VidsimUnits

/// The pending-event set against the definition of its order: whatever the mix of delays (zero, tiny, far),
/// and across the heap-to-calendar hand-over, the calendar's resizes and its width re-estimations, events come
/// out in (time, sequence) order and each exactly once.
final class PendingEventsOrderTests: XCTestCase {
    enum Kind: UInt8 { case tick }

    private func check(seed: UInt64, steps: Int, target: Int) {
        var generator = SplitMix(seed: seed)
        var scheduler = EventScheduler<Kind>()
        var scheduled = 0
        var seen = Set<Int>()
        var last: (time: Double, sequence: UInt64)?
        func scheduleOne() {
            let u = generator.uniform()
            // Mostly short delays (task completions), some zero, a few far off (uploads finishing hours later).
            let delay = u < 0.25 ? 0 : u < 0.5 ? generator.uniform() * 1e-6 : u < 0.95 ? generator.uniform() * 300
                : generator.uniform() * 86_400
            scheduler.schedule(.tick, after: TimeSpan(seconds: delay), payload: scheduled)
            scheduled += 1
        }
        for _ in 0..<target { scheduleOne() }
        for step in 0..<steps {
            // The pending count swings between a twentieth and twice the target, again and again, across the
            // heap-calendar hand-overs (4,096 and 1,024 events) and the calendar's resizes; events scheduled
            // right after a re-bucketing, before the next is taken, are the ones a wrong search would serve late.
            let phase = Double(step) / Double(steps)
            let wanted = Double(target) * (1.0 + 0.95 * sin(phase * 120))
            if Double(scheduler.pendingCount) < wanted { for _ in 0..<3 { scheduleOne() } }
            guard let event = scheduler.next() else { break }
            if let last {
                XCTAssertTrue(last.time < event.time.seconds || (last.time == event.time.seconds && last.sequence < event.sequence),
                              "seed \(seed), step \(step): event at \(event.time.seconds) after one at \(last.time)")
                if last.time > event.time.seconds { return }
            }
            last = (event.time.seconds, event.sequence)
            XCTAssertTrue(seen.insert(event.payload).inserted, "event \(event.payload) served twice")
        }
        while let event = scheduler.next() {
            XCTAssertTrue(seen.insert(event.payload).inserted)
            if let last { XCTAssertGreaterThanOrEqual(event.time.seconds, last.time) }
            last = (event.time.seconds, event.sequence)
        }
        XCTAssertEqual(seen.count, scheduled, "every event served once")
    }

    /// Takes every event from `scheduler`, failing at the first that does not come after the one before in (time,
    /// sequence) order, and on any served twice; `afterEach(step, &scheduler)` may schedule more. Returns the
    /// payloads served, or nil after an event out of order.
    private func takeAll(_ scheduler: inout EventScheduler<Kind>,
                         afterEach: (Int, inout EventScheduler<Kind>) -> Void) -> Set<Int>? {
        var seen = Set<Int>()
        var last: (time: Double, sequence: UInt64)?
        var step = 0
        while let event = scheduler.next() {
            if let last {
                guard last.time < event.time.seconds || (last.time == event.time.seconds && last.sequence < event.sequence) else {
                    XCTFail("step \(step): event \(event.sequence) at \(event.time.seconds) after \(last.sequence) at \(last.time)")
                    return nil
                }
            }
            last = (event.time.seconds, event.sequence)
            XCTAssertTrue(seen.insert(event.payload).inserted, "event \(event.payload) served twice")
            afterEach(step, &scheduler)
            step += 1
        }
        return seen
    }

    func testOrderHoldsThroughResizesAndRebucketing() {
        for seed: UInt64 in 1...4 { check(seed: seed, steps: 60_000, target: 5_000) }
    }

    /// Crowded buckets: many events due at the same few moments, scheduled in random order, so that buckets fill
    /// several blocks of unsorted events, are served as many interleaved runs to merge, and take new events into
    /// the bucket being served (before, among and after its events), while events are taken all along.
    func testOrderHoldsWhenBucketsOverflowIntoBlocks() {
        var generator = SplitMix(seed: 11)
        var scheduler = EventScheduler<Kind>()
        var scheduled = 0
        func scheduleOne(_ scheduler: inout EventScheduler<Kind>) {
            // 40 moments a millisecond apart, mostly; now and then a moment between them or far off.
            let u = generator.uniform()
            let delay = u < 0.9 ? Double(Int(generator.uniform() * 40)) * 1e-3 : u < 0.97 ? generator.uniform() * 0.04
                : 1 + generator.uniform() * 100
            scheduler.schedule(.tick, after: TimeSpan(seconds: delay), payload: scheduled)
            scheduled += 1
        }
        for _ in 0..<20_000 { scheduleOne(&scheduler) }
        guard let seen = takeAll(&scheduler, afterEach: { step, scheduler in
            if step < 200_000 { scheduleOne(&scheduler) }
        }) else { return }
        XCTAssertEqual(seen.count, scheduled, "every event served once")
        XCTAssertEqual(scheduled, 220_000)
    }

    /// Delays over twelve orders of magnitude (a microsecond to eleven days, log-uniform, and a few up to 10^15 s),
    /// in batches due at one moment, with peeks at the next event between insertions: events land in the bucket being served (before,
    /// among and after its events, also right after a peek moved it on), in later buckets of the year, and past the
    /// year, which new years then take in; the width and the ring's size change as the mix drifts.
    func testOrderHoldsAcrossYearsAndTheBucketBeingServed() {
        var generator = SplitMix(seed: 23)
        var scheduler = EventScheduler<Kind>()
        var scheduled = 0
        func scheduleBatch(_ scheduler: inout EventScheduler<Kind>) {
            // A few events are so far off (up to 10^15 s) that their bucket numbers reach the calendar's cap.
            let u = generator.uniform()
            let delay = u < 0.1 ? 0 : u < 0.12 ? 1e12 + 1e15 * generator.uniform() : pow(10, -6 + 12 * generator.uniform())
            let size = 1 + Int(generator.uniform() * 12)
            for _ in 0..<size {
                scheduler.schedule(.tick, after: TimeSpan(seconds: delay), payload: scheduled)
                scheduled += 1
            }
        }
        for _ in 0..<3_000 { scheduleBatch(&scheduler) }
        guard let seen = takeAll(&scheduler, afterEach: { step, scheduler in
            guard step < 150_000 && step % 2 == 0 else { return }
            scheduleBatch(&scheduler)
            _ = scheduler.nextTime()
            if generator.uniform() < 0.3 { scheduleBatch(&scheduler) }
        }) else { return }
        XCTAssertEqual(seen.count, scheduled, "every event served once")
        XCTAssertGreaterThan(scheduled, 200_000)
    }

    /// A copied scheduler is a value: taking and adding events in one leaves the other's events as they were
    /// (the calendar's buckets are shared memory until one of the two changes them).
    func testACopiedSchedulerKeepsItsOwnEvents() {
        func filled() -> EventScheduler<Kind> {
            var generator = SplitMix(seed: 5)
            var scheduler = EventScheduler<Kind>()
            for payload in 0..<10_000 {
                scheduler.schedule(.tick, after: TimeSpan(seconds: Double(Int(generator.uniform() * 50)) * 1e-3), payload: payload)
            }
            for _ in 0..<3_000 { _ = scheduler.next() }
            return scheduler
        }
        var reference = filled()
        var expected: [Int] = []
        while let event = reference.next() { expected.append(event.payload) }
        XCTAssertEqual(expected.count, 7_000)

        var original = filled()
        var copy = original
        _ = copy.nextTime()
        var fromOriginal: [Int] = []
        for added in 0..<2_000 {
            fromOriginal.append(original.next()!.payload)
            original.schedule(.tick, after: .zero, payload: 100_000 + added)
        }
        while let event = original.next() { fromOriginal.append(event.payload) }
        var fromCopy: [Int] = []
        while let event = copy.next() { fromCopy.append(event.payload) }
        XCTAssertEqual(fromCopy, expected, "the copy serves its own events, untouched by the original's")
        XCTAssertEqual(fromOriginal.filter { $0 < 100_000 }, expected)
        XCTAssertEqual(fromOriginal.count, 9_000)
    }

    /// A copy that schedules events of its own (in the bucket being served, later in the year and past it, both
    /// right after the copy and after taking some) leaves the original's events as they were: every write to the
    /// calendar's shared memory first copies it.
    func testACopyThatSchedulesAheadLeavesTheOriginalAlone() {
        func filled() -> EventScheduler<Kind> {
            var generator = SplitMix(seed: 7)
            var scheduler = EventScheduler<Kind>()
            for payload in 0..<10_000 {
                scheduler.schedule(.tick, after: TimeSpan(seconds: generator.uniform() * 50), payload: payload)
            }
            for _ in 0..<3_000 { _ = scheduler.next() }
            return scheduler
        }
        var reference = filled()
        var expected: [Int] = []
        while let event = reference.next() { expected.append(event.payload) }

        let original = filled()
        var copy = original
        var generator = SplitMix(seed: 8)
        for added in 0..<4_000 {
            if added % 4 == 3 { _ = copy.next() }
            let delay = pow(10, -4 + 8 * generator.uniform())
            copy.schedule(.tick, after: TimeSpan(seconds: delay), payload: 100_000 + added)
        }
        var fromOriginal: [Int] = []
        var untouched = original
        while let event = untouched.next() { fromOriginal.append(event.payload) }
        XCTAssertEqual(fromOriginal, expected, "the original serves its own events, untouched by the copy's")
        var last = -1.0
        var served = 0
        while let event = copy.next() {
            XCTAssertGreaterThanOrEqual(event.time.seconds, last)
            last = event.time.seconds
            served += 1
        }
        XCTAssertEqual(served, 7_000 + 4_000 - 1_000)
    }

    /// A small, fast generator for the test's own draws (the kernel's streams are not what is tested).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }
}
