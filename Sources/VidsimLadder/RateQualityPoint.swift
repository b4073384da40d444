/// One encode of a clip: its resolution and setting, the bit rate it took and the quality it reached, measured at
/// the source's size (PSNR or SSIM, as the analysis chose).
public struct RateQualityPoint: Sendable, Equatable, Codable {
    public var width: Int
    public var height: Int
    /// The encoder's setting that produced it, for people: "crf 27".
    public var setting: String
    public var bitsPerSecond: Double
    public var quality: Double

    public init(width: Int, height: Int, setting: String, bitsPerSecond: Double, quality: Double) {
        self.width = width
        self.height = height
        self.setting = setting
        self.bitsPerSecond = bitsPerSecond
        self.quality = quality
    }

    /// "720p crf 27".
    public var label: String { "\(height)p \(setting)" }
}
