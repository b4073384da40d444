import VidsimCalibration

/// What encoding one clip into one rung cost and gave.
public struct RungMeasurement: Sendable, Codable, Equatable {
    public var rung: String
    public var codec: VideoCodec
    public var preset: String
    /// The rendition's real size in pixels: the source fitted inside the rung's box, keeping its shape.
    public var width: Int
    public var height: Int
    public var frames: Int
    public var contentSeconds: Double
    /// CPU seconds spent in the encoder (user plus system).
    public var encodeCPUSeconds: Double
    /// CPU seconds spent scaling the source to this rung's size.
    public var scaleCPUSeconds: Double
    /// Wall seconds spent scaling and encoding this rung.
    public var wallSeconds: Double
    /// (encode + scale) CPU seconds per content second: what the transcode fleet model needs.
    public var cpuSecondsPerContentSecond: Double
    public var bytes: Int
    /// Output bytes x 8 / content seconds.
    public var bitsPerSecond: Double
    /// PSNR in dB from the mean MSE over frames (the ffmpeg psnr filter's "average"), all planes and luma only.
    public var psnr: Double?
    public var psnrLuma: Double?
    /// Mean SSIM over frames (the ffmpeg ssim filter's "All"), all planes and luma only.
    public var ssim: Double?
    public var ssimLuma: Double?
    /// "thread" when every encoder kept its work on the measuring thread, whose clock then charges each rung
    /// exactly; "process, own pass" when the rung was encoded in a pass of its own and charged the process's
    /// CPU time for it less the source's decode.
    public var cpuAttribution: String
}

/// What encoding one clip into every rung cost and gave.
public struct ClipMeasurement: Sendable, Codable, Equatable {
    public var clip: String
    public var width: Int
    public var height: Int
    public var frameRate: Double
    public var frames: Int
    public var contentSeconds: Double
    /// CPU seconds spent decoding (or generating) the source once for all rungs.
    public var decodeCPUSeconds: Double
    /// CPU seconds the process spent on other threads during the encoding pass while rungs were timed on the
    /// encoding thread's clock: work no rung was charged for (a decoder's or an encoder's own threads).
    /// Near zero when every encoder kept to one thread.
    public var unattributedCPUSeconds: Double
    public var rungs: [RungMeasurement]
    /// Rungs taller than the source, which are not encoded (no upscaling), with the reason.
    public var skippedRungs: [String]
}
