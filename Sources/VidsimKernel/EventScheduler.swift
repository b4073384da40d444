
import VidsimUnits

/// The simulation clock and its pending-event set.
///
/// Events are kept in `PendingEvents` (a 4-ary heap while few, a calendar queue when many), ordered by
/// (time, sequence), so events at equal times are served deterministically: first scheduled, first served.
/// The clock only moves forward.
///
/// - Complexity: `schedule` and `next` are O(log n) while few events are pending, O(1) amortised when many.
public struct EventScheduler<Kind: EventKindType> {
    @usableFromInline var clock = TimeSpan.zero
    @usableFromInline var pending = PendingEvents<Kind>()
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var processed = 0

    public init() {}

    /// The current simulation time.
    @inlinable public var now: TimeSpan { clock }

    /// How many events have been taken from the pending set so far.
    @inlinable public var eventsProcessed: Int { processed }

    /// The number of events waiting.
    public var pendingCount: Int { pending.count }

    /// The time of the earliest pending event, if any.
    @inlinable public mutating func nextTime() -> TimeSpan? { pending.minTime() }

    /// Schedules `kind` for `payload` at an absolute time, which must not be in the past (nor NaN). An event at
    /// +infinity (a delay that overflowed) is held and never comes before a finite horizon: it never happens.
    @inlinable
    public mutating func schedule(_ kind: Kind, at time: TimeSpan, payload: Int = 0) {
        precondition(time.seconds >= now.seconds, "an event cannot be scheduled in the past")
        pending.insert(Event(time: time, sequence: nextSequence, kind: kind, payload: payload))
        nextSequence &+= 1
    }

    /// Schedules `kind` for `payload` after a delay from now.
    @inlinable
    public mutating func schedule(_ kind: Kind, after delay: TimeSpan, payload: Int = 0) {
        schedule(kind, at: TimeSpan(seconds: now.seconds + delay.seconds), payload: payload)
    }

    /// Removes the earliest event and moves the clock to its time.
    @inlinable
    public mutating func next() -> Event<Kind>? { next(notAfter: TimeSpan(seconds: .infinity)) }

    /// Takes the earliest pending event if its time is `limit` or earlier (else leaves it, and returns nil), and
    /// moves the clock to it: one look at the pending set per event where `nextTime` then `next` take two.
    @inlinable
    public mutating func next(notAfter limit: TimeSpan) -> Event<Kind>? {
        guard let event = pending.popMin(notAfter: limit.seconds) else { return nil }
        clock = event.time
        processed &+= 1
        return event
    }

    /// Moves the clock forward to `time` without an event (the horizon, the end of warm-up).
    public mutating func advance(to time: TimeSpan) {
        precondition(time >= now, "the clock only moves forward")
        clock = time
    }
}

/// A model of some part of a platform, driven by the events it schedules for itself.
public protocol SimulationModel {
    associatedtype EventKind: EventKindType

    /// Reacts to one event, scheduling any that follow from it.
    mutating func handle(_ event: Event<EventKind>, scheduler: inout EventScheduler<EventKind>)
    /// Called once when the warm-up period ends: discard statistics gathered so far.
    mutating func warmUpEnded(at time: TimeSpan)
    /// Called once at the horizon: close time-weighted statistics.
    mutating func finish(at time: TimeSpan)
}

extension SimulationModel {
    /// Runs the model until the horizon: every event at or before `horizon` is handled, in order.
    ///
    /// Statistics gathered before `warmUp` are discarded through `warmUpEnded(at:)`; then `finish(at:)` closes
    /// the run at the horizon. With `progress`, the simulated time reached is reported every 65,536 events as
    /// replication `replication`'s.
    @inlinable
    public mutating func run(
        scheduler: inout EventScheduler<EventKind>, until horizon: TimeSpan, warmUp: TimeSpan = .zero,
        progress: RunProgress? = nil, replication: Int = 0
    ) {
        var warmedUp = warmUp.seconds <= 0
        if warmedUp { warmUpEnded(at: scheduler.now) }
        while let event = scheduler.next(notAfter: horizon) {
            let time = event.time
            if !warmedUp && time.seconds >= warmUp.seconds {
                // The clock is already at the event; the model learns the warm-up's end before handling it.
                warmUpEnded(at: warmUp)
                warmedUp = true
            }
            handle(event, scheduler: &scheduler)
            if scheduler.processed & 0xFFFF == 0, let progress {
                progress.update(replication, fraction: time.seconds / horizon.seconds)
            }
        }
        if !warmedUp {
            scheduler.advance(to: warmUp)
            warmUpEnded(at: warmUp)
        }
        scheduler.advance(to: horizon)
        finish(at: horizon)
        progress?.finish(replication)
    }
}
