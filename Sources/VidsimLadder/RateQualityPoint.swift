/// One encode of a clip: its resolution and setting, the bit rate it took and the quality it reached, measured at
/// the source's size (PSNR or SSIM, as the analysis chose).
public struct RateQualityPoint: Sendable, Equatable, Codable {
    public var width: Int
    public var height: Int
    /// The encoder's setting that produced it, for people: "crf 27", or a fixed rung's name.
    public var setting: String
    /// The constant rate factor it was encoded at, when it was.
    public var crf: Double?
    public var bitsPerSecond: Double
    public var quality: Double

    public init(width: Int, height: Int, setting: String, bitsPerSecond: Double, quality: Double) {
        self.width = width
        self.height = height
        self.setting = setting
        self.bitsPerSecond = bitsPerSecond
        self.quality = quality
    }

    /// An encode at a constant rate factor.
    public init(width: Int, height: Int, crf: Double, bitsPerSecond: Double, quality: Double) {
        self.init(width: width, height: height, setting: "crf \(Self.shown(crf))", bitsPerSecond: bitsPerSecond, quality: quality)
        self.crf = crf
    }

    /// A CRF as people write it: 23, 27.5.
    public static func shown(_ crf: Double) -> String {
        crf == crf.rounded() && abs(crf) < 1e6 ? String(Int(crf)) : "\(crf)"
    }

    /// "720p crf 27".
    public var label: String { "\(height)p \(setting)" }
}
