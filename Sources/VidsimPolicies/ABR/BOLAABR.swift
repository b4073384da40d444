import VidsimUnits

/// BOLA, basic (Spiteri, Urgaonkar and Sitaraman, INFOCOM'16): the rung maximising (V (v_m + gamma p) - Q) / S_m
/// for the buffer level Q; when every rung's objective is negative (the buffer is above what the highest rung
/// wants) it waits until the highest rung's objective reaches zero. V and gamma p as dash.js sets them
/// (`BOLAParameters`). Uses no throughput estimate at all.
public struct BOLAABR: ABRAlgorithm {
    public static let name = "bola"
    public static let summary = "BOLA (INFOCOM'16): Lyapunov buffer-based choice, no throughput estimate"
    public static let parameters = BOLAParameters.common

    public let minimumBuffer: TimeSpan
    public let bufferPerRung: TimeSpan
    /// nil: the player's maximum buffer less a segment (the most it holds when it decides).
    public let bufferTarget: TimeSpan?

    private var control: BOLAParameters?

    public init(minimumBuffer: TimeSpan = TimeSpan(seconds: 10), bufferPerRung: TimeSpan = TimeSpan(seconds: 2),
                bufferTarget: TimeSpan? = nil) {
        self.minimumBuffer = minimumBuffer
        self.bufferPerRung = bufferPerRung
        self.bufferTarget = bufferTarget
    }

    public init(from decoder: Decoder) throws {
        let (minimum, perRung, target) = try BOLAParameters.decode(from: decoder)
        self.init(minimumBuffer: minimum, bufferPerRung: perRung, bufferTarget: target)
    }

    public func problem(bufferSeconds: Double, rungs: Int) -> String? {
        BOLAParameters.problem(minimum: minimumBuffer, perRung: bufferPerRung, target: bufferTarget, bufferSeconds: bufferSeconds,
                               rungs: rungs)
    }

    public mutating func start(_ stream: ABRStream) {
        control = BOLAParameters(bitrates: stream.bitrates, minimumBuffer: minimumBuffer.seconds,
                                 bufferPerRung: bufferPerRung.seconds,
                                 bufferTarget: bufferTarget?.seconds ?? stream.decisionBufferSeconds)
    }

    public mutating func decide(_ state: PlayerState) -> ABRDecision {
        guard let control else { return ABRDecision(rung: 0) }
        let (rung, score) = control.best(buffer: state.bufferSeconds)
        guard score < 0 else { return ABRDecision(rung: rung) }
        return ABRDecision(rung: rung, delaySeconds: state.bufferSeconds - control.zeroScoreBuffer(rung))
    }

    public mutating func observe(_ download: SegmentDownload) {}
}
