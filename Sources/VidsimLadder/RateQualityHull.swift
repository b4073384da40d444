/// The upper convex hull of a clip's rate-quality points across resolutions: the encodes a per-title ladder
/// chooses from (Netflix's per-title encoding, 2015).
///
/// A point is on the hull when no mix of two other encodes gives more quality for its bit rate: points another
/// encode beats at the same or a lower bit rate (dominated) go first, then points under the chord between their
/// neighbours (Andrew's monotone chain). What is left rises in quality with bit rate, each step buying less
/// quality per bit than the one below it. Collinear points are dropped.
///
/// Bit rate is on a linear axis, as Netflix drew it. (On a log axis the hull would keep fewer points, never
/// more: between two encodes, the chord in log rate lies above the chord in rate, ln being concave; quality
/// grows about linearly in log rate, so most points would be nearly collinear there.)
public enum RateQualityHull {
    /// The hull's vertices in ascending bit rate (and quality). Points with a bit rate that is not positive and
    /// finite, or a quality that is not finite, are left out.
    public static func upper(_ points: [RateQualityPoint]) -> [RateQualityPoint] {
        let valid = points.filter { $0.bitsPerSecond > 0 && $0.bitsPerSecond.isFinite && $0.quality.isFinite }
        // Ascending bit rate; at equal bit rates the better quality first, so the worse is dominated.
        let sorted = valid.sorted {
            $0.bitsPerSecond != $1.bitsPerSecond ? $0.bitsPerSecond < $1.bitsPerSecond : $0.quality > $1.quality
        }
        var front: [RateQualityPoint] = []
        for point in sorted where front.last.map({ point.quality > $0.quality }) ?? true {
            front.append(point)
        }
        var hull: [RateQualityPoint] = []
        for point in front {
            while hull.count >= 2 && !isAboveChord(hull[hull.count - 1], from: hull[hull.count - 2], to: point) {
                hull.removeLast()
            }
            hull.append(point)
        }
        return hull
    }

    /// Whether `middle` lies strictly above the chord from `left` to `right` (so it stays on the upper hull).
    private static func isAboveChord(_ middle: RateQualityPoint, from left: RateQualityPoint, to right: RateQualityPoint) -> Bool {
        // The cross product of (middle - left) and (right - left): negative when middle is above the chord.
        let cross = (middle.bitsPerSecond - left.bitsPerSecond) * (right.quality - left.quality)
            - (middle.quality - left.quality) * (right.bitsPerSecond - left.bitsPerSecond)
        return cross < 0
    }
}
