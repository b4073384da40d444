import CGSL
import Foundation

/// A figure estimated from independent replications: the mean and its 95% confidence interval (Student t).
public struct Estimate: Sendable, Codable, Equatable {
    public let mean: Double
    /// Half the width of the 95% confidence interval: the truth lies in mean ± halfWidth with 95% confidence.
    /// Nil with a single replication, where no interval can be computed.
    public let halfWidth: Double?
    public let standardDeviation: Double
    public let replications: Int

    /// Summarises one value per replication.
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "an estimate needs at least one replication")
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        replications = values.count
        guard values.count > 1 else {
            standardDeviation = 0
            halfWidth = nil
            return
        }
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        standardDeviation = variance.squareRoot()
        halfWidth = Self.studentT975(degreesOfFreedom: values.count - 1) * standardDeviation / n.squareRoot()
    }

    /// Whether `value` lies within the 95% confidence interval.
    public func contains(_ value: Double) -> Bool {
        guard let halfWidth else { return value == mean }
        return abs(value - mean) <= halfWidth
    }

    /// The one-sided 95% bound of the mean: the value the true mean stays below (`upper: true`) or above with 95%
    /// confidence (Student t, n - 1 degrees of freedom); the mean itself with one replication.
    public func oneSidedBound(upper: Bool) -> Double {
        guard replications > 1 else { return mean }
        _ = GSLSetup.once
        let half = gsl_cdf_tdist_Pinv(0.95, Double(replications - 1)) * standardDeviation / Double(replications).squareRoot()
        return upper ? mean + half : mean - half
    }

    /// The confidence that the true mean is below `value` (`below: true`) or above it: Student t's distribution
    /// function at the distance in standard errors; nil with one replication. A figure that did not vary gives
    /// 1 or 0.
    public func confidence(_ below: Bool, _ value: Double) -> Double? {
        guard replications > 1 else { return nil }
        let error = standardDeviation / Double(replications).squareRoot()
        guard error > 0 else { return (below ? mean < value : mean > value) ? 1 : 0 }
        _ = GSLSetup.once
        let t = (value - mean) / error
        return below ? gsl_cdf_tdist_P(t, Double(replications - 1)) : gsl_cdf_tdist_Q(t, Double(replications - 1))
    }

    /// The 97.5% quantile of Student's t distribution: GSL's gsl_cdf_tdist_Pinv.
    public static func studentT975(degreesOfFreedom: Int) -> Double {
        _ = GSLSetup.once
        return gsl_cdf_tdist_Pinv(0.975, Double(degreesOfFreedom))
    }
}
