import VidsimUnits
import VidsimPolicies

/// A player's settings: how much it buffers before it starts and after a stall, how much at most, and how the
/// linear QoE weighs stalls and switches.
public struct PlayerSettings: Sendable, Equatable {
    /// Content buffered before playback starts; nil: one segment (Pensieve's and Sabre's players).
    public var startup: TimeSpan?
    /// The most content buffered ahead; the player waits before requesting a segment that would not fit.
    public var maxBuffer: TimeSpan
    /// Content buffered before playback resumes after a stall; nil: one segment.
    public var resume: TimeSpan?
    /// The share of the link's throughput that carries video (Pensieve's 0.95: headers and pauses).
    public var payloadShare: Double
    /// The manifest's bytes, fetched before the first segment.
    public var manifestSize: DataSize
    /// The linear QoE's penalties (Pensieve's QoE_lin): per second of stall, per Mbps of switch.
    public var rebufferPenalty: Double
    public var smoothnessPenalty: Double
    /// Abandoning a download that will stall (dash.js's rule); nil: never.
    public var abandonment: AbandonmentRule?

    public init(startup: TimeSpan? = nil, maxBuffer: TimeSpan = TimeSpan(seconds: 30), resume: TimeSpan? = nil,
                payloadShare: Double = 0.95, manifestSize: DataSize = DataSize(bytes: 2_000),
                rebufferPenalty: Double = 4.3, smoothnessPenalty: Double = 1, abandonment: AbandonmentRule? = nil) {
        self.startup = startup
        self.maxBuffer = maxBuffer
        self.resume = resume
        self.payloadShare = payloadShare
        self.manifestSize = manifestSize
        self.rebufferPenalty = rebufferPenalty
        self.smoothnessPenalty = smoothnessPenalty
        self.abandonment = abandonment
    }

    /// What is wrong with these settings for segments of `segment` duration; nil if nothing.
    public func problem(segment: TimeSpan) -> String? {
        let seconds = segment.seconds
        guard maxBuffer.seconds.isFinite, maxBuffer.seconds >= seconds, maxBuffer.seconds <= 3_600 else {
            return "the maximum buffer must hold at least one segment (\(segment)) and be at most 1 h; found \(maxBuffer)"
        }
        for (name, value) in [("startup", startup), ("resume", resume)] {
            guard let value else { continue }
            guard value.seconds > 0 && value.seconds <= maxBuffer.seconds else {
                return "the \(name) buffer must be above 0 s and at most the maximum buffer (\(maxBuffer)); found \(value)"
            }
        }
        guard payloadShare > 0 && payloadShare <= 1 else {
            return "the payload share must be in (0, 1]; found \(payloadShare)"
        }
        guard manifestSize.bytes >= 0 && manifestSize.bytes <= 1e8 else {
            return "the manifest must be from 0 B to 100 MB; found \(manifestSize)"
        }
        for (name, value) in [("rebuffer penalty", rebufferPenalty), ("smoothness penalty", smoothnessPenalty)] where !(value >= 0 && value <= 1e6) {
            return "the \(name) must be from 0 to 1e6; found \(value)"
        }
        return abandonment?.problem()
    }
}
