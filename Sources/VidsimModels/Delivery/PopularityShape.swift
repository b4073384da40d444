import Foundation

/// How a video's views rise and fall with its age: the pulse of a shot-noise model (Traverso et al., "Temporal
/// locality in today's content caching", CCR 2013), scaled by each video's own volume.
///
///     h(a) = (1 - e^(-a / rise)) * (floor + (1 - floor) * 2^(-a / halfLife))     for age a >= 0
///
/// It rises from 0 at publication with time constant `rise` (instantly when 0), falls with `halfLife` and
/// settles at `floor` of its peak: the long tail of an old video that is still found now and then. Every term
/// is an exponential, so its mean over an interval has a closed form: the delivery path re-weights its
/// catalogue by those means, one interval at a time.
public struct PopularityShape: Sendable, Equatable {
    public var rise: Double
    public var halfLife: Double
    public var floor: Double

    /// seconds; `halfLife` > 0 (infinity: no decay), `floor` in [0, 1].
    public init(rise: Double, halfLife: Double, floor: Double) {
        self.rise = rise
        self.halfLife = halfLife
        self.floor = floor
    }

    /// Constant popularity: every video at its volume for ever.
    public static let constant = PopularityShape(rise: 0, halfLife: .infinity, floor: 1)

    public var isConstant: Bool { rise == 0 && (floor == 1 || halfLife == .infinity) }

    /// h at age `age` seconds (0 before publication).
    public func level(at age: Double) -> Double {
        guard age >= 0 else { return 0 }
        let rising = rise > 0 ? 1 - exp(-age / rise) : 1
        let decay = halfLife.isFinite ? exp(-age * M_LN2 / halfLife) : 1
        return rising * (floor + (1 - floor) * decay)
    }

    /// The mean of h over ages [from, to] (from < to; the part before publication counts as 0).
    public func meanLevel(from: Double, to: Double) -> Double {
        guard to > from else { return level(at: from) }
        let start = max(from, 0)
        guard to > start else { return 0 }
        // h = floor + (1 - floor) e^(-d a) - floor e^(-a / rise) - (1 - floor) e^(-(d + 1 / rise) a), d = ln 2 / halfLife.
        let d = halfLife.isFinite ? M_LN2 / halfLife : 0
        var integral = floor * (to - start) + (1 - floor) * Self.integral(rate: d, from: start, to: to)
        if rise > 0 {
            integral -= floor * Self.integral(rate: 1 / rise, from: start, to: to)
            integral -= (1 - floor) * Self.integral(rate: d + 1 / rise, from: start, to: to)
        }
        return max(0, integral / (to - from))
    }

    /// The integral of e^(-k a) over [from, to].
    private static func integral(rate k: Double, from: Double, to: Double) -> Double {
        guard k > 0 else { return to - from }
        // -expm1 keeps the precision of short intervals and small rates.
        return exp(-k * from) * -expm1(-k * (to - from)) / k
    }
}
