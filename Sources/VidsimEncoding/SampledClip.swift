import CFFmpeg

/// A clip seen through a few short windows: the frames of `windows` evenly spaced samples of `windowFrames`
/// each, the whole clip when it is no longer than that. A fast per-title search encodes these samples instead
/// of the whole clip (the scenes it samples stand for the rest). The source is still decoded whole; only the
/// frames within the windows are passed on, the same ones on every pass.
public final class SampledClip: FrameSource {
    public let source: FrameSource
    /// The first frame of each window, and the frames in each.
    public let starts: [Int]
    public let windowFrames: Int

    /// Samples `source` of `totalFrames` frames in `windows` windows of `windowFrames`.
    public init(_ source: FrameSource, totalFrames: Int, windows: Int, windowFrames: Int) {
        self.source = source
        let length = max(1, windowFrames)
        if windows <= 1 || totalFrames <= windows * length {
            starts = [0]
            self.windowFrames = max(totalFrames, length)
        } else {
            let span = Double(totalFrames - length)
            starts = (0..<windows).map { Int((Double($0) * span / Double(windows - 1)).rounded()) }
            self.windowFrames = length
        }
    }

    public var name: String { source.name }
    public var width: Int32 { source.width }
    public var height: Int32 { source.height }
    public var frameRate: AVRational { source.frameRate }
    /// Whether every frame passes (the clip is no longer than its samples).
    public var isWhole: Bool { starts == [0] }

    public func forEachFrame(_ body: (Frame) throws -> Void) throws {
        var index = 0
        var window = 0
        try source.forEachFrame { frame in
            defer { index += 1 }
            while window < starts.count && index >= starts[window] + windowFrames { window += 1 }
            guard window < starts.count, index >= starts[window] else { return }
            try body(frame)
        }
    }
}
