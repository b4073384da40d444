import Foundation
import VidsimKernel
import VidsimScenario

/// One figure's difference between a variant and the base, replication by replication.
///
/// The variants run with common random numbers (the same seed, so every component draws the same numbers
/// where the variants agree), so replication i of the variant is paired with replication i of the base: the
/// differences d_i = variant_i - base_i have a mean and a paired 95% interval, t(n-1) x sd(d) / sqrt(n), far
/// narrower than the unpaired (Welch) interval when the pairs are correlated. Both are reported.
public struct FigureDifference: Sendable {
    public let declaration: FigureDeclaration
    public let base: Estimate
    public let variant: Estimate
    /// d_i = variant_i - base_i, in replication order.
    public let differences: [Double]
    /// Each replication's value, base and variant, in replication order.
    public let baseValues: [Double]
    public let variantValues: [Double]
    public let mean: Double
    /// Half-width of the paired 95% interval of the mean difference; nil with one replication.
    public let pairedHalfWidth: Double?
    /// Half-width of the unpaired (Welch) 95% interval, for comparison; nil with one replication.
    public let unpairedHalfWidth: Double?

    init(declaration: FigureDeclaration, base: [Double], variant: [Double]) {
        self.declaration = declaration
        self.base = Estimate(base)
        self.variant = Estimate(variant)
        differences = zip(variant, base).map { $0 - $1 }
        baseValues = base
        variantValues = variant
        let paired = Estimate(differences)
        mean = paired.mean
        pairedHalfWidth = paired.halfWidth
        let n = Double(base.count)
        if base.count > 1 {
            let baseVariance = self.base.standardDeviation * self.base.standardDeviation / n
            let variantVariance = self.variant.standardDeviation * self.variant.standardDeviation / n
            let pooled = baseVariance + variantVariance
            // Welch-Satterthwaite degrees of freedom.
            let degrees = pooled > 0
                ? pooled * pooled / ((baseVariance * baseVariance + variantVariance * variantVariance) / (n - 1))
                : n - 1
            unpairedHalfWidth = Estimate.studentT975(degreesOfFreedom: max(1, Int(degrees.rounded(.down))))
                * pooled.squareRoot()
        } else {
            unpairedHalfWidth = nil
        }
    }

    /// Whether the paired interval excludes zero: the variant changes the figure, with 95% confidence.
    public var isSignificant: Bool {
        guard let pairedHalfWidth else { return false }
        return abs(mean) > pairedHalfWidth
    }

    /// Every pair was equal: the variant cannot have changed the figure (common random numbers).
    public var isExactlyZero: Bool { differences.allSatisfy { $0 == 0 } }

    /// The mean difference relative to the base's mean; nil when the base's mean is zero.
    public var relative: Double? { base.mean != 0 ? mean / abs(base.mean) : nil }

    public var key: String { declaration.key }
}

/// A base scenario and its variants, run with common random numbers and compared figure by figure.
public struct Comparison: Sendable {
    public let base: RunMetrics
    public let variants: [RunMetrics]
    /// differences[v]: variant v's differences from the base, for every figure either of the two produces (a
    /// variant that adds spot workers shows its interruptions against the base's zero), in the base's declaration
    /// order. Figures are paired by key: a figure of a family that only one of the two has (a delivery region the
    /// other does not name) has nothing to be paired with and is left out.
    public let differences: [[FigureDifference]]

    public init(base: RunMetrics, variants: [RunMetrics]) {
        self.base = base
        self.variants = variants
        differences = variants.map { variant in
            let variantFigures = Dictionary(variant.everyFigure.map { ($0.key, $0) },
                                            uniquingKeysWith: { first, _ in first })
            return base.everyFigure.compactMap { baseFigure in
                guard let variantFigure = variantFigures[baseFigure.key],
                      base[baseFigure.key] != nil || variant[variantFigure.key] != nil,
                      variantFigure.values.count == baseFigure.values.count else { return nil }
                return FigureDifference(declaration: baseFigure.declaration, base: baseFigure.values,
                                        variant: variantFigure.values)
            }
        }
    }
}
