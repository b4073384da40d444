/// The bytes of every segment of a video at every rung, in one contiguous array (segment-major).
///
/// Built from the ladder's nominal bit rates (constant bit rate: bit rate x segment duration), or from
/// measured segments (the HLS segments `vidsim bench --keep` writes, with their real VBR sizes).
public struct SegmentSizes: Sendable, Equatable {
    public let segments: Int
    public let rungs: Int
    /// Each segment's duration in seconds.
    public let durations: [Double]
    @usableFromInline let bytes: [Double]

    /// Sizes from bit rates: each segment `segmentSeconds` long except a shorter last one, so that the
    /// segments cover `duration` seconds.
    public init(bitrates: [Double], duration: Double, segmentSeconds: Double) {
        precondition(duration > 0 && segmentSeconds > 0 && !bitrates.isEmpty, "a video and a ladder")
        let count = max(1, Int((duration / segmentSeconds).rounded(.up)))
        var durations = [Double](repeating: segmentSeconds, count: count)
        durations[count - 1] = duration - Double(count - 1) * segmentSeconds
        if durations[count - 1] <= 1e-9 { durations[count - 1] = segmentSeconds }
        var bytes = [Double]()
        bytes.reserveCapacity(count * bitrates.count)
        for seconds in durations {
            for rate in bitrates { bytes.append(rate * seconds / 8) }
        }
        self.init(durations: durations, rungs: bitrates.count, bytes: bytes)
    }

    /// Measured sizes: `bytes[segment][rung]`.
    public init(durations: [Double], perSegment: [[Double]]) {
        precondition(durations.count == perSegment.count && !durations.isEmpty, "one row of sizes per segment")
        let rungs = perSegment[0].count
        precondition(perSegment.allSatisfy { $0.count == rungs }, "every segment has every rung")
        self.init(durations: durations, rungs: rungs, bytes: perSegment.flatMap { $0 })
    }

    init(durations: [Double], rungs: Int, bytes: [Double]) {
        self.segments = durations.count
        self.rungs = rungs
        self.durations = durations
        self.bytes = bytes
    }

    /// Bytes of `segment` at `rung`.
    @inlinable public func bytes(segment: Int, rung: Int) -> Double { bytes[segment &* rungs &+ rung] }

    /// The same segments with only the lowest `count` rungs (a device cap).
    public func lowest(_ count: Int) -> SegmentSizes {
        guard count < rungs else { return self }
        var kept = [Double]()
        kept.reserveCapacity(segments * count)
        for segment in 0..<segments {
            for rung in 0..<count { kept.append(bytes(segment: segment, rung: rung)) }
        }
        return SegmentSizes(durations: durations, rungs: count, bytes: kept)
    }

    /// The whole video's duration in seconds.
    public var totalSeconds: Double { durations.reduce(0, +) }
}
