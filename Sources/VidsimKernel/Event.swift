import VidsimUnits

/// One pending event: a small value ordered by (time, sequence).
///
/// `kind` says what happens (a model's own small enum) and `payload` which entity it happens to, as an index
/// into the model's contiguous arrays. No closure and no class instance is allocated per event.
public struct Event<Kind>: Comparable {
    /// When the event happens, counted from the start of the simulation.
    public let time: TimeSpan
    /// The order in which events were scheduled: events at equal times are served first scheduled, first served.
    public let sequence: UInt64
    public let kind: Kind
    public let payload: Int

    @inlinable
    public init(time: TimeSpan, sequence: UInt64, kind: Kind, payload: Int) {
        self.time = time
        self.sequence = sequence
        self.kind = kind
        self.payload = payload
    }

    @inlinable
    public static func < (lhs: Event, rhs: Event) -> Bool {
        lhs.time.seconds < rhs.time.seconds
            || (lhs.time.seconds == rhs.time.seconds && lhs.sequence < rhs.sequence)
    }

    @inlinable
    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.time.seconds == rhs.time.seconds && lhs.sequence == rhs.sequence
    }
}
