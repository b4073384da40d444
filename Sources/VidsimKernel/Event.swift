import VidsimUnits

/// What a model's events can be: a small enum whose cases fit in a byte.
public typealias EventKindType = RawRepresentable<UInt8>

/// One pending event: a 24-byte value ordered by (time, sequence).
///
/// `kind` says what happens (a model's own small enum) and `payload` which entity it happens to, as an index
/// into the model's contiguous arrays. No closure and no class instance is allocated per event. The kind
/// shares a word with the sequence number (sequence in the high 56 bits), which keeps the event at 24 bytes:
/// more of a large pending set stays in cache.
public struct Event<Kind: EventKindType>: Comparable {
    /// When the event happens, counted from the start of the simulation.
    public let time: TimeSpan
    /// sequence << 8 | kind.
    @usableFromInline let order: UInt64
    public let payload: Int

    @inlinable
    public init(time: TimeSpan, sequence: UInt64, kind: Kind, payload: Int) {
        self.time = time
        order = sequence << 8 | UInt64(kind.rawValue)
        self.payload = payload
    }

    /// An event from its parts as `CalendarQueue` stores them.
    @inlinable
    init(time: TimeSpan, order: UInt64, payload: Int) {
        self.time = time
        self.order = order
        self.payload = payload
    }

    /// The order in which events were scheduled: events at equal times are served first scheduled, first served.
    @inlinable public var sequence: UInt64 { order >> 8 }

    @inlinable public var kind: Kind { Kind(rawValue: UInt8(truncatingIfNeeded: order))! }

    @inlinable
    public static func < (lhs: Event, rhs: Event) -> Bool {
        lhs.time.seconds < rhs.time.seconds || (lhs.time.seconds == rhs.time.seconds && lhs.order < rhs.order)
    }

    @inlinable
    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.time.seconds == rhs.time.seconds && lhs.order == rhs.order
    }
}
