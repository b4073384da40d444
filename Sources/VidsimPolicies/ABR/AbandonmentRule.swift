import VidsimUnits

/// Abandoning a segment download that will stall, as dash.js's AbandonRequestsRule does: while a segment
/// downloads, the player measures the throughput since its first byte; when the whole download would take more
/// than `multiplier` segment durations and finishing it would outlast the buffer, it drops the download and asks
/// at once for the same segment at the highest rung the measured throughput carries (times `safety`), if that
/// whole segment is smaller than what is left of this one.
///
/// dash.js checks on each progress event of the transfer; the player here checks every `interval` of transfer
/// after `grace` (dash.js's 500 ms grace time), which with a piecewise-constant link finds the same moment to
/// within one interval. A segment is abandoned at most once (dash.js keeps a dictionary of abandoned requests);
/// the bytes received before are wasted, counted as traffic but not as content. Nothing is judged before the
/// first bits arrive (a link in a dead spot waits, as dash.js waits for progress samples).
public struct AbandonmentRule: Sendable, Equatable {
    /// Seconds after the first byte before the first check.
    public var grace: TimeSpan
    /// The download must be estimated to take more than this many segment durations.
    public var multiplier: Double
    /// The share of the measured throughput the replacement's rung may use.
    public var safety: Double
    /// Seconds of transfer between checks.
    public var interval: TimeSpan

    public init(grace: TimeSpan = TimeSpan(seconds: 0.5), multiplier: Double = 1.8, safety: Double = 0.9,
                interval: TimeSpan = TimeSpan(seconds: 0.25)) {
        self.grace = grace
        self.multiplier = multiplier
        self.safety = safety
        self.interval = interval
    }

    /// What is wrong with this rule; nil if nothing.
    public func problem() -> String? {
        guard grace.seconds >= 0 && grace.seconds <= 60 else { return "the grace time must be from 0 to 60 s; found \(grace)" }
        guard multiplier >= 0 && multiplier <= 100 else { return "the multiplier must be from 0 to 100; found \(multiplier)" }
        guard safety > 0 && safety <= 1 else { return "the safety factor must be in (0, 1]; found \(safety)" }
        guard interval.seconds >= 0.01 && interval.seconds <= 60 else {
            return "the interval between checks must be from 10 ms to 60 s; found \(interval)"
        }
        return nil
    }

    /// The rung to fetch instead, or nil to go on: `rung` is the download's, `sinceFirstByte` the seconds of
    /// transfer so far, `loadedBits` and `totalBits` what arrived and the segment's size, `bufferSeconds` what
    /// is left to play (0 when playback has not started or has stalled: the viewer is already waiting).
    public func replacement(rung: Int, bitrates: [Double], segmentSeconds: Double, sinceFirstByte: Double,
                            loadedBits: Double, totalBits: Double, bufferSeconds: Double) -> Int? {
        // Progress is needed to measure (dash.js waits for progress samples): nothing yet, nothing to judge by.
        guard rung > 0, sinceFirstByte > 0, sinceFirstByte >= grace.seconds - 1e-12, loadedBits > 0, loadedBits < totalBits else {
            return nil
        }
        let measured = loadedBits / max(sinceFirstByte, 1e-12)
        let remainingBits = totalBits - loadedBits
        // dash.js: the whole download at the measured rate must take more than `multiplier` segments.
        guard totalBits > measured * multiplier * segmentSeconds else { return nil }
        // And finishing it must outlast the buffer: the segment would stall playback (or delay its start).
        guard remainingBits > measured * bufferSeconds else { return nil }
        var replacement = 0
        while replacement + 1 < rung && bitrates[replacement + 1] <= measured * safety { replacement += 1 }
        // A whole segment at the replacement's rung must be smaller than what is left of this one.
        let replacementBits = totalBits * bitrates[replacement] / bitrates[rung]
        return replacementBits < remainingBits ? replacement : nil
    }
}
