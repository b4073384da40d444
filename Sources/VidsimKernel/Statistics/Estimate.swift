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

    /// The 97.5% quantile of Student's t distribution: GSL's gsl_cdf_tdist_Pinv.
    public static func studentT975(degreesOfFreedom: Int) -> Double {
        _ = GSLSetup.once
        return gsl_cdf_tdist_Pinv(0.975, Double(degreesOfFreedom))
    }
}
