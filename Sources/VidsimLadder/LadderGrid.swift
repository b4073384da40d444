/// The encodes an exhaustive per-title analysis makes of one clip: every resolution from the source's height
/// down, each at every point of a constant-quality (CRF) scale.
public struct LadderGrid: Sendable, Equatable {
    /// Picture heights a ladder is made of, tallest first.
    public static let standardHeights = [2160, 1440, 1080, 720, 480, 360, 240, 144, 108, 72]
    /// x264's and x265's CRF points: 18 (visually lossless for most content) to 43 (blocky), 5 apart.
    public static let defaultCRFs: [Double] = [18, 23, 28, 33, 38, 43]

    public var heights: [Int]
    public var crfs: [Double]

    /// The grid for a source `sourceHeight` lines tall: the source's own height, then each standard height
    /// below it down to 240p (a 4K source: 2160p to 240p; a 720p one: 720p to 240p); a source too short to
    /// have three heights from 240p up takes the three tallest it has (176x144: 144p, 108p and 72p).
    public init(sourceHeight: Int, crfs: [Double] = LadderGrid.defaultCRFs) {
        let top = sourceHeight - sourceHeight % 2
        let below = Self.standardHeights.filter { $0 < top }
        var heights = [top]
        for height in below where height >= 240 { heights.append(height) }
        if heights.count < 3 {
            heights += below.filter { $0 < 240 }.prefix(3 - heights.count)
        }
        self.heights = heights
        self.crfs = crfs
    }

    /// The shortest source the grid takes, in lines.
    public static let smallestHeight = 16

    /// Encodes the grid takes.
    public var count: Int { heights.count * crfs.count }
}
