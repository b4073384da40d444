/// The video a player streams, as an ABR algorithm sees it when a session starts.
///
/// Rungs are in ascending bit rate, already capped to what the device plays (a phone's player never sees the
/// 2160p rung). Figures are plain numbers in base units (bits per second, seconds, bytes): they are read per
/// segment in the players' inner loop, so the typed units stay at the edge where they were parsed.
public struct ABRStream: Sendable {
    /// Each rung's nominal bit rate in bits per second, ascending.
    public let bitrates: [Double]
    /// Each segment's bytes at each rung.
    public let sizes: SegmentSizes
    /// The nominal segment duration in seconds (the last segment may be shorter).
    public let segmentSeconds: Double
    /// The most content the player buffers, in seconds.
    public let maxBufferSeconds: Double

    public init(bitrates: [Double], sizes: SegmentSizes, segmentSeconds: Double, maxBufferSeconds: Double) {
        precondition(!bitrates.isEmpty && bitrates.count == sizes.rungs, "one bit rate per rung")
        self.bitrates = bitrates
        self.sizes = sizes
        self.segmentSeconds = segmentSeconds
        self.maxBufferSeconds = maxBufferSeconds
    }

    public var rungCount: Int { bitrates.count }

    /// The most content the player holds when it decides: the maximum buffer less one segment (a segment is
    /// requested only when it fits).
    public var decisionBufferSeconds: Double { max(maxBufferSeconds - segmentSeconds, 0) }

    /// The highest rung whose bit rate is at most `throughput` (bits per second), or the lowest.
    @inlinable public func highestRung(atMost throughput: Double) -> Int {
        var rung = 0
        while rung + 1 < bitrates.count && bitrates[rung + 1] <= throughput { rung += 1 }
        return rung
    }
}

/// What the player knows when it asks for the next segment.
public struct PlayerState: Sendable {
    /// The segment about to be requested, from 0.
    public var segment: Int
    /// Content buffered ahead of the playhead, in seconds.
    public var bufferSeconds: Double
    /// The rung of the previous segment; nil before the first.
    public var lastRung: Int?
    /// Whether playback is running (false while starting up and while stalled).
    public var playing: Bool
    /// How long the player waited, its buffer full, between the previous download and this decision (seconds).
    public var waitedSeconds: Double
    /// Whether playback stalled since the previous decision (dash.js's BUFFER_EMPTY event).
    public var stalled: Bool

    public init(segment: Int, bufferSeconds: Double, lastRung: Int?, playing: Bool, waitedSeconds: Double = 0, stalled: Bool = false) {
        self.segment = segment
        self.bufferSeconds = bufferSeconds
        self.lastRung = lastRung
        self.playing = playing
        self.waitedSeconds = waitedSeconds
        self.stalled = stalled
    }
}

/// One finished segment download, as the player measured it.
public struct SegmentDownload: Sendable {
    public var segment: Int
    public var rung: Int
    public var bytes: Double
    /// From the request to the last byte, round trips included (as dash.js and Pensieve measure it).
    public var seconds: Double
    /// How long the player waited before requesting the next segment (its buffer was full, or the algorithm
    /// asked it to wait), in seconds; 0 when it asked at once.
    public var idleSeconds: Double
    /// The player dropped this download (it would have stalled) after `bytes` arrived, and fetches the segment
    /// again at a lower rung without asking the algorithm: its throughput is a measurement all the same.
    public var abandoned: Bool

    public init(segment: Int, rung: Int, bytes: Double, seconds: Double, idleSeconds: Double = 0, abandoned: Bool = false) {
        self.segment = segment
        self.rung = rung
        self.bytes = bytes
        self.seconds = seconds
        self.idleSeconds = idleSeconds
        self.abandoned = abandoned
    }

    /// The throughput the player saw, in bits per second.
    @inlinable public var throughput: Double { bytes * 8 / seconds }
}

/// An algorithm's choice for the next segment: the rung, and how long to wait before asking for it.
public struct ABRDecision: Sendable, Equatable {
    public var rung: Int
    /// Seconds to wait before the request (BOLA waits rather than overfill its buffer with low rungs).
    public var delaySeconds: Double

    public init(rung: Int, delaySeconds: Double = 0) {
        self.rung = rung
        self.delaySeconds = delaySeconds
    }
}

/// An adaptive-bitrate algorithm: picks the rung of each segment from what the player measured.
///
/// One value plays one session: `start` resets it for a stream, `decide` is asked before each segment and
/// `observe` told of each finished download. The player's inner loop is generic over the algorithm, so a
/// session runs the member's own specialised code, not an existential call per segment.
///
/// To add an algorithm: write one file with a type conforming to this protocol, holding its parameters,
/// decoded from the mapping that names it (`abr: { algorithm: NAME, <its parameters> }`), add its `member` to
/// `ABRAlgorithms.registry`, and document it in docs/players.md (a test checks).
public protocol ABRAlgorithm: Sendable {
    /// The name a scenario writes.
    static var name: String { get }
    /// One line for docs and `validate`.
    static var summary: String { get }
    /// The parameters it takes.
    static var parameters: [PolicyParameter] { get }
    /// Reads the algorithm's parameters; out-of-range values throw `PolicyParameterError`.
    init(from decoder: Decoder) throws
    /// What is wrong with these parameters for a player that holds at most `bufferSeconds` of content when it
    /// decides (its maximum buffer less one segment: a segment is requested only when it fits) and a ladder of
    /// `rungs` rungs; nil if nothing.
    func problem(bufferSeconds: Double, rungs: Int) -> String?
    /// Resets the algorithm for a new session of this stream.
    mutating func start(_ stream: ABRStream)
    /// The rung of the next segment, and how long to wait before requesting it.
    mutating func decide(_ state: PlayerState) -> ABRDecision
    /// A segment finished downloading.
    mutating func observe(_ download: SegmentDownload)
    /// One core's time per decision over `rungs` rungs (seconds), for the run-size check.
    func decisionSeconds(rungs: Int) -> Double
}

extension ABRAlgorithm {
    public func problem(bufferSeconds: Double, rungs: Int) -> String? { nil }

    /// One core's time per decision over `rungs` rungs, for the run-size check and `rate: auto`: about 0.2 us
    /// for the rate-, buffer- and BOLA-based algorithms (scripts/bench-players.sh: 26,000 to 39,000 sessions of
    /// 150 segments a second on the project's machine, link integration included).
    public func decisionSeconds(rungs: Int) -> Double { 0.2e-6 }

    /// This algorithm as a registry member.
    public static var member: PolicyRegistry<any ABRAlgorithm>.Member {
        .init(name: name, summary: summary, parameters: parameters, decode: { try Self(from: $0) })
    }

    /// The algorithm's registered name, from a value.
    public var name: String { Self.name }
}

/// Every ABR algorithm vidsim knows, by name.
public enum ABRAlgorithms {
    public static let registry = PolicyRegistry<any ABRAlgorithm>(
        familyName: "ABR algorithm",
        members: [RateBasedABR.member, BBAABR.member, BOLAABR.member, BOLAEABR.member, RobustMPCABR.member])
}
