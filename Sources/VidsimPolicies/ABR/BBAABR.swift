import VidsimUnits

/// BBA-0, buffer-based (Huang, Johari, McKeown, Trunnell and Watson, "A buffer-based approach to rate
/// adaptation", SIGCOMM'14, Algorithm 1).
///
/// Below the reservoir the lowest rung, above reservoir + cushion the highest; between them the rate map
/// f(B) rises linearly from the lowest to the highest bit rate, and the rung changes only when f(B) passes the
/// next rung up (to the highest rung below f(B)) or the next rung down (to the lowest rung above f(B)).
/// The paper's player buffers 240 s with a 90 s reservoir and a 126 s cushion: by default the reservoir and
/// cushion are those shares (37.5% and 52.5%) of the most the player holds when it decides (its maximum buffer
/// less one segment), so that the highest rung is within reach. Pensieve's simulator uses 5 s and 10 s.
public struct BBAABR: ABRAlgorithm {
    public static let name = "bba"
    public static let summary = "BBA-0 (SIGCOMM'14): rung from the buffer level through a linear rate map"
    public static let parameters = [
        PolicyParameter("reservoir", .measure("a duration"), default: "37.5% of max_buffer less a segment",
                        "below this buffer level the lowest rung"),
        PolicyParameter("cushion", .measure("a duration"), default: "52.5% of max_buffer less a segment",
                        "over this much more buffer the rate map rises from the lowest to the highest rung"),
    ]

    /// The paper's reservoir and cushion as shares of its 240 s buffer.
    public static let reservoirShare = 90.0 / 240
    public static let cushionShare = 126.0 / 240

    public let reservoir: TimeSpan?
    public let cushion: TimeSpan?

    private var bitrates: [Double] = []
    private var reservoirSeconds = 0.0
    private var cushionSeconds = 1.0

    public init(reservoir: TimeSpan? = nil, cushion: TimeSpan? = nil) {
        self.reservoir = reservoir
        self.cushion = cushion
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PolicyKey.self)
        let reservoir = try container.decodeIfPresent(TimeSpan.self, forKey: PolicyKey("reservoir"))
        let cushion = try container.decodeIfPresent(TimeSpan.self, forKey: PolicyKey("cushion"))
        if let reservoir, !(reservoir.seconds >= 0 && reservoir.seconds <= 3_600) {
            throw decoder.parameterError("expected a duration from 0 s to 1 h, found \(reservoir)", field: "reservoir")
        }
        if let cushion, !(cushion.seconds > 0 && cushion.seconds <= 3_600) {
            throw decoder.parameterError("expected a duration in (0 s, 1 h], found \(cushion)", field: "cushion")
        }
        self.init(reservoir: reservoir, cushion: cushion)
    }

    public func problem(bufferSeconds: Double, rungs: Int) -> String? {
        let total = (reservoir?.seconds ?? Self.reservoirShare * bufferSeconds)
            + (cushion?.seconds ?? Self.cushionShare * bufferSeconds)
        guard total < bufferSeconds else {
            return "BBA's reservoir and cushion (\(TimeSpan(seconds: total)) together) must be less than the most the player "
                + "holds when it decides (\(TimeSpan(seconds: bufferSeconds)): the maximum buffer less a segment), or the "
                + "highest rung is out of reach"
        }
        return nil
    }

    public mutating func start(_ stream: ABRStream) {
        bitrates = stream.bitrates
        reservoirSeconds = reservoir?.seconds ?? Self.reservoirShare * stream.decisionBufferSeconds
        cushionSeconds = max(cushion?.seconds ?? Self.cushionShare * stream.decisionBufferSeconds, 1e-9)
    }

    public mutating func decide(_ state: PlayerState) -> ABRDecision {
        let top = bitrates.count - 1
        let previous = state.lastRung ?? 0
        let buffer = state.bufferSeconds
        if buffer <= reservoirSeconds { return ABRDecision(rung: 0) }
        if buffer >= reservoirSeconds + cushionSeconds { return ABRDecision(rung: top) }
        let rate = bitrates[0] + (bitrates[top] - bitrates[0]) * (buffer - reservoirSeconds) / cushionSeconds
        let up = min(previous + 1, top)
        let down = max(previous - 1, 0)
        if rate >= bitrates[up] {
            // The highest rung strictly below f(B).
            var rung = previous
            while rung + 1 <= top && bitrates[rung + 1] < rate { rung += 1 }
            return ABRDecision(rung: rung)
        }
        if rate <= bitrates[down] {
            // The lowest rung strictly above f(B).
            var rung = previous
            while rung - 1 >= 0 && bitrates[rung - 1] > rate { rung -= 1 }
            return ABRDecision(rung: rung)
        }
        return ABRDecision(rung: previous)
    }

    public mutating func observe(_ download: SegmentDownload) {}
}
