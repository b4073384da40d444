/// The bytes of every segment of a video at every rung.
///
/// Either from the ladder's nominal bit rates (constant bit rate: bit rate x segment duration, computed on
/// demand, so a session of a long video allocates nothing), or measured (the HLS segments `vidsim bench --keep`
/// writes, with their real VBR sizes), in one contiguous array, segment-major.
public struct SegmentSizes: Sendable, Equatable {
    public let segments: Int
    public let rungs: Int
    /// Nominal bits per second per rung (constant bit rate); empty when measured.
    @usableFromInline let bitrates: [Double]
    @usableFromInline let segmentSeconds: Double
    @usableFromInline let lastSeconds: Double
    /// Measured: bytes per segment and rung, and each segment's duration; empty at constant bit rate.
    @usableFromInline let measured: [Double]
    @usableFromInline let measuredDurations: [Double]

    /// Sizes from bit rates: each segment `segmentSeconds` long except a shorter last one, so that the
    /// segments cover `duration` seconds.
    public init(bitrates: [Double], duration: Double, segmentSeconds: Double) {
        precondition(duration > 0 && segmentSeconds > 0 && !bitrates.isEmpty, "a video and a ladder")
        var count = max(1, Int((duration / segmentSeconds).rounded(.up)))
        var last = duration - Double(count - 1) * segmentSeconds
        // 0.3 / 0.1 is 3.0000000000000004: a last piece of rounding error is no segment.
        if last <= 1e-9 * segmentSeconds && count > 1 {
            count -= 1
            last = segmentSeconds
        }
        self.segments = count
        self.rungs = bitrates.count
        self.bitrates = bitrates
        self.segmentSeconds = segmentSeconds
        self.lastSeconds = min(last, segmentSeconds)
        measured = []
        measuredDurations = []
    }

    /// Measured sizes: `bytes[segment][rung]`.
    public init(durations: [Double], perSegment: [[Double]]) {
        precondition(durations.count == perSegment.count && !durations.isEmpty, "one row of sizes per segment")
        let rungs = perSegment[0].count
        precondition(perSegment.allSatisfy { $0.count == rungs }, "every segment has every rung")
        segments = durations.count
        self.rungs = rungs
        bitrates = []
        segmentSeconds = durations[0]
        lastSeconds = durations[durations.count - 1]
        measured = perSegment.flatMap { $0 }
        measuredDurations = durations
    }

    /// A segment's duration in seconds.
    @inlinable public func duration(of segment: Int) -> Double {
        if !measuredDurations.isEmpty { return measuredDurations[segment] }
        return segment == segments - 1 ? lastSeconds : segmentSeconds
    }

    /// Bytes of `segment` at `rung`.
    @inlinable public func bytes(segment: Int, rung: Int) -> Double {
        if measured.isEmpty { return bitrates[rung] * duration(of: segment) / 8 }
        return measured[segment &* rungs &+ rung]
    }

    /// The whole video's duration in seconds.
    public var totalSeconds: Double {
        measuredDurations.isEmpty ? Double(segments - 1) * segmentSeconds + lastSeconds : measuredDurations.reduce(0, +)
    }
}
