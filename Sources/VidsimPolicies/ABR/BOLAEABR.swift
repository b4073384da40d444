import VidsimUnits

/// BOLA-E (Spiteri, Sitaraman and Sparacio, "From theory to practice: improving bitrate adaptation in the DASH
/// reference player", MMSys'18), as dash.js's BolaRule implements it:
/// - startup: the rung the throughput allows (harmonic mean of the last 3 segments times `safety`), until the
///   buffer holds a segment; then a placeholder buffer is set so that BOLA keeps that rung;
/// - the placeholder grows by the time the player waited with a full buffer, and is dropped after a stall;
/// - BOLA-O: BOLA may not climb above both the last rung and the rung the throughput sustains (no oscillation
///   when the link lies between two rungs);
/// - rather than overfill the buffer with a low rung, it waits (placeholder first);
/// - dash.js's InsufficientBufferRule, a separate rule whose cap the player takes when lower (dash.js takes the
///   lowest of its rules' choices): no rung above rebuffer_safety x throughput x buffer / segment duration, the
///   lowest when the buffer is empty. BOLA's own state (its last rung, its wait) is BOLA's choice, as in dash.js.
public struct BOLAEABR: ABRAlgorithm {
    public static let name = "bola-e"
    public static let summary = "BOLA-E (MMSys'18) as in dash.js: placeholder buffer, BOLA-O, insufficient-buffer rule"
    public static let parameters = BOLAParameters.common + [
        PolicyParameter("safety", .number, default: "0.9", "the share of the throughput estimate used at startup (dash.js bandwidthSafetyFactor)"),
        PolicyParameter("rebuffer_safety", .number, default: "0.5",
                        "the insufficient-buffer rule's factor: no rung above it x throughput x buffer / segment duration"),
        PolicyParameter("throughput_window", .integer, default: "3", "segments the throughput's harmonic mean is taken over"),
    ]

    public let minimumBuffer: TimeSpan
    public let bufferPerRung: TimeSpan
    public let bufferTarget: TimeSpan?
    public let safety: Double
    public let rebufferSafety: Double
    public let throughputWindow: Int

    private var control: BOLAParameters?
    private var segmentSeconds = 4.0
    private var steady = false
    private var placeholder = 0.0
    private var lastRung = 0
    private var recent: ThroughputWindow

    public init(minimumBuffer: TimeSpan = TimeSpan(seconds: 10), bufferPerRung: TimeSpan = TimeSpan(seconds: 2),
                bufferTarget: TimeSpan? = nil, safety: Double = 0.9, rebufferSafety: Double = 0.5, throughputWindow: Int = 3) {
        self.minimumBuffer = minimumBuffer
        self.bufferPerRung = bufferPerRung
        self.bufferTarget = bufferTarget
        self.safety = safety
        self.rebufferSafety = rebufferSafety
        self.throughputWindow = throughputWindow
        recent = ThroughputWindow(capacity: throughputWindow)
    }

    public init(from decoder: Decoder) throws {
        let (minimum, perRung, target) = try BOLAParameters.decode(from: decoder)
        let container = try decoder.container(keyedBy: PolicyKey.self)
        let safety = try container.decodeIfPresent(Double.self, forKey: PolicyKey("safety")) ?? 0.9
        let rebufferSafety = try container.decodeIfPresent(Double.self, forKey: PolicyKey("rebuffer_safety")) ?? 0.5
        let window = try container.decodeIfPresent(Int.self, forKey: PolicyKey("throughput_window")) ?? 3
        for (field, value) in [("safety", safety), ("rebuffer_safety", rebufferSafety)] where !(value > 0 && value <= 1) {
            throw decoder.parameterError("expected a number in (0, 1], found \(value)", field: field)
        }
        guard (1...100).contains(window) else {
            throw decoder.parameterError("expected a whole number from 1 to 100, found \(window)", field: "throughput_window")
        }
        self.init(minimumBuffer: minimum, bufferPerRung: perRung, bufferTarget: target, safety: safety,
                  rebufferSafety: rebufferSafety, throughputWindow: window)
    }

    public func problem(bufferSeconds: Double, rungs: Int) -> String? {
        BOLAParameters.problem(minimum: minimumBuffer, perRung: bufferPerRung, target: bufferTarget, bufferSeconds: bufferSeconds,
                               rungs: rungs)
    }

    public mutating func start(_ stream: ABRStream) {
        control = BOLAParameters(bitrates: stream.bitrates, minimumBuffer: minimumBuffer.seconds,
                                 bufferPerRung: bufferPerRung.seconds,
                                 bufferTarget: bufferTarget?.seconds ?? stream.decisionBufferSeconds)
        segmentSeconds = stream.segmentSeconds
        steady = false
        placeholder = 0
        lastRung = 0
        recent.removeAll()
    }

    public mutating func decide(_ state: PlayerState) -> ABRDecision {
        guard let control else { return ABRDecision(rung: 0) }
        let buffer = state.bufferSeconds
        let throughput = recent.harmonicMean ?? 0
        if buffer <= 0.1 || state.stalled { placeholder = 0 }
        placeholder = max(0, placeholder + state.waitedSeconds)
        let effective = buffer + placeholder
        var rung = control.best(buffer: effective).rung

        if !steady {
            // Startup: follow the throughput until two segments are buffered.
            let quality = throughput > 0 ? highestRung(control.bitrates, atMost: throughput * safety) : 0
            if buffer >= segmentSeconds {
                steady = true
                // The least effective buffer at which BOLA prefers `quality` to every lower rung.
                var wanted = 0.0
                for lower in 0..<quality {
                    let bitrates = control.bitrates, utilities = control.utilities
                    let level = control.v * (control.gammaP + (bitrates[quality] * utilities[lower] - bitrates[lower] * utilities[quality])
                        / (bitrates[quality] - bitrates[lower]))
                    wanted = max(wanted, level)
                }
                if wanted > buffer { placeholder = wanted - buffer }
            }
            lastRung = quality
            return ABRDecision(rung: min(quality, insufficientBufferCap(control.bitrates, buffer: buffer, throughput: throughput)))
        }

        // BOLA-O: do not climb above the last rung to one the throughput cannot sustain.
        if rung > lastRung {
            let sustained = highestRung(control.bitrates, atMost: throughput)
            if rung > sustained { rung = max(sustained, lastRung) }
        }
        // Rather than overfill the buffer with a low rung: spend the placeholder, then wait.
        var delay = effective - control.zeroScoreBuffer(rung)
        if delay > 0 {
            if delay > placeholder {
                delay -= placeholder
                placeholder = 0
            } else {
                placeholder -= delay
                delay = 0
            }
        }
        if delay <= 0 || rung == control.bitrates.count - 1 { delay = 0 }
        lastRung = rung
        return ABRDecision(rung: min(rung, insufficientBufferCap(control.bitrates, buffer: buffer, throughput: throughput)),
                           delaySeconds: delay)
    }

    /// dash.js's InsufficientBufferRule: the lowest rung with an empty buffer; otherwise the highest rung at most
    /// rebuffer_safety x throughput x buffer / segment duration (every rung before any throughput is measured).
    private func insufficientBufferCap(_ bitrates: [Double], buffer: Double, throughput: Double) -> Int {
        if buffer <= 0 { return 0 }
        guard throughput > 0 else { return bitrates.count - 1 }
        return highestRung(bitrates, atMost: rebufferSafety * throughput * buffer / segmentSeconds)
    }

    public mutating func observe(_ download: SegmentDownload) {
        recent.add(download.throughput)
    }

    private func highestRung(_ bitrates: [Double], atMost throughput: Double) -> Int {
        var rung = 0
        while rung + 1 < bitrates.count && bitrates[rung + 1] <= throughput { rung += 1 }
        return rung
    }
}
