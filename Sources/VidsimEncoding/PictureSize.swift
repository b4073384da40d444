/// A picture's size in pixels.
public struct PictureSize: Sendable, Hashable, CustomStringConvertible {
    public var width: Int32
    public var height: Int32

    public init(width: Int32, height: Int32) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }

    /// This picture scaled to fit inside a box of `maxWidth` x `maxHeight` pixels (no width bound when nil),
    /// keeping its aspect ratio, as platforms fit an upload into a rung: a 640x272 clip in the 426x240 box is
    /// 426x182, not stretched to 426x240. Each side is rounded to the nearest even number (4:2:0 chroma is
    /// subsampled by two each way), never beyond the box and never below 2. The scale may exceed 1: whether
    /// to upscale is the caller's decision.
    public func fitted(maxWidth: Int32?, maxHeight: Int32) -> PictureSize {
        let heightScale = Double(maxHeight) / Double(height)
        let scale = maxWidth.map { min(Double($0) / Double(width), heightScale) } ?? heightScale
        return PictureSize(width: Self.even(Double(width) * scale, atMost: maxWidth ?? .max),
                           height: Self.even(Double(height) * scale, atMost: maxHeight))
    }

    /// `exact` rounded to the nearest even number, between 2 and `limit` rounded down to an even number.
    private static func even(_ exact: Double, atMost limit: Int32) -> Int32 {
        let ceiling = max(2, limit - limit % 2)
        guard exact.isFinite else { return ceiling }
        let nearest = (exact / 2).rounded() * 2
        return Int32(min(max(nearest, 2), Double(ceiling)))
    }
}
