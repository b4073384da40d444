import CGSL
import Foundation

/// A probability distribution of a real quantity, in the quantity's base unit (seconds, bits per second, ...).
///
/// Sampling calls GSL's generators (gsl_randist) on the component's own `RandomStream`. Parameters are checked
/// when the distribution is made (`DistributionError`), never while sampling.
public enum Distribution: Sendable {
    case constant(Double)
    /// Uniform on [low, high).
    case uniform(low: Double, high: Double)
    case exponential(mean: Double)
    case normal(mean: Double, standardDeviation: Double)
    /// Lognormal with the mean `mu` and standard deviation `sigma` of the variable's logarithm.
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with shape k and scale theta (mean k * theta).
    case gamma(shape: Double, scale: Double)
    /// Weibull with shape k and scale lambda.
    case weibull(shape: Double, scale: Double)
    /// Pareto (type I) with shape alpha and minimum x_m.
    case pareto(shape: Double, minimum: Double)
    /// A table of values with weights, or of bins with weights (uniform within a bin).
    case empirical(EmpiricalTable)

    /// A lognormal given its median and the standard deviation of its logarithm: mu = ln(median).
    public static func lognormal(median: Double, sigma: Double) throws(DistributionError) -> Distribution {
        guard median > 0 else { throw .invalid("a lognormal's median must be positive") }
        guard sigma >= 0 else { throw .invalid("a lognormal's sigma must not be negative") }
        return .lognormal(mu: log(median), sigma: sigma)
    }

    /// A lognormal given its mean and 95th percentile.
    ///
    /// From mean = exp(mu + sigma^2/2) and p95 = exp(mu + z sigma), z = 1.6449: sigma^2/2 - z sigma + ln(p95/mean)
    /// = 0, whose smaller root sigma = z - sqrt(z^2 - 2 ln(p95/mean)) is taken (the larger root puts most of the
    /// mass far below the median, which no duration or bitrate data looks like).
    public static func lognormal(mean: Double, p95: Double) throws(DistributionError) -> Distribution {
        guard mean > 0, p95 > mean else {
            throw .invalid("a lognormal by mean and p95 needs 0 < mean < p95")
        }
        let z = 1.6448536269514722
        let logRatio = log(p95 / mean)
        let discriminant = z * z - 2 * logRatio
        guard discriminant >= 0 else {
            throw .invalid("no lognormal has p95/mean = \(p95 / mean); the ratio can be at most \(exp(z * z / 2))")
        }
        let sigma = z - discriminant.squareRoot()
        return .lognormal(mu: log(mean) - sigma * sigma / 2, sigma: sigma)
    }

    /// Checks parameters: what a scenario file could get wrong. Every parameter must be finite, and so must the
    /// mean and the one-in-a-billion draw (`upperTail`): a Pareto with shape at most 1 has no finite mean, and
    /// a lognormal with sigma 50 or a normal with a standard deviation of 1e300 give draws no simulation can
    /// schedule. Errors name the parameter at fault where one is.
    public func validated() throws(DistributionError) -> Distribution {
        func finite(_ name: String, _ value: Double) throws(DistributionError) {
            guard value.isFinite else { throw .parameter(name, "expected a finite number, found \(value)") }
        }
        switch self {
        case let .constant(value):
            guard value.isFinite else { throw .invalid("a constant must be finite") }
        case let .uniform(low, high):
            try finite("low", low)
            try finite("high", high)
            guard low <= high else { throw .parameter("high", "a uniform's low must not exceed its high") }
        case let .exponential(mean):
            try finite("mean", mean)
            guard mean > 0 else { throw .parameter("mean", "an exponential's mean must be positive") }
        case let .normal(mean, standardDeviation):
            try finite("mean", mean)
            try finite("standard_deviation", standardDeviation)
            guard standardDeviation >= 0 else {
                throw .parameter("standard_deviation", "a normal's standard deviation must not be negative")
            }
        case let .lognormal(mu, sigma):
            try finite("sigma", sigma)
            guard mu.isFinite else { throw .invalid("a lognormal's median must be positive and finite") }
            guard sigma >= 0 else { throw .parameter("sigma", "a lognormal's sigma must not be negative") }
            guard exp(mu + sigma * sigma / 2).isFinite else {
                throw .parameter("sigma", "a lognormal with sigma \(sigma) has a mean too large to represent "
                    + "(exp(mu + sigma²/2) overflows): expected a sigma of a few units at most")
            }
        case let .gamma(shape, scale), let .weibull(shape, scale):
            try finite("shape", shape)
            try finite("scale", scale)
            guard shape > 0 else { throw .parameter("shape", "the shape must be positive, found \(shape)") }
            guard scale > 0 else { throw .parameter("scale", "the scale must be positive") }
        case let .pareto(shape, minimum):
            try finite("shape", shape)
            try finite("minimum", minimum)
            guard shape > 0 else { throw .parameter("shape", "a Pareto's shape must be positive, found \(shape)") }
            guard minimum > 0 else { throw .parameter("minimum", "a Pareto's minimum must be positive") }
            guard shape > 1 else {
                throw .parameter("shape", "a Pareto with shape \(shape) has an infinite mean: expected a shape above 1")
            }
        case .empirical:
            break
        }
        guard mean.isFinite else { throw .invalid("the distribution's mean is not finite (\(mean))") }
        guard upperTail.isFinite else {
            throw .invalid("the distribution's largest draws are too large to represent: its spread is too wide")
        }
        return self
    }

    /// The probability of a draw beyond `upperTail`: one in a billion.
    public static let upperTailProbability = 1e-9

    /// The draw exceeded once in a billion draws (the 1 - 1e-9 quantile; the largest value for a constant, a
    /// uniform or an empirical table): what a run of millions of draws can meet, so what the model must be able
    /// to represent. Loaders compare it with the largest value a field accepts.
    public var upperTail: Double {
        let q = Self.upperTailProbability
        switch self {
        case let .constant(value): return value
        case let .uniform(_, high): return high
        case let .exponential(mean): return -log(q) * mean
        case let .normal(mean, standardDeviation): return mean + gsl_cdf_ugaussian_Qinv(q) * standardDeviation
        case let .lognormal(mu, sigma): return exp(mu + gsl_cdf_ugaussian_Qinv(q) * sigma)
        case let .gamma(shape, scale):
            _ = GSLSetup.once
            let quantile = gsl_cdf_gamma_Qinv(q, shape, scale)
            // GSL's inversion can fail for extreme shapes; the mean plus 40 standard deviations bounds the
            // quantile for any shape (Cantelli's inequality gives 1 / (1 + 40^2) only, but a gamma's tail is
            // exponential beyond its mean, so this is generous).
            return quantile.isFinite ? quantile : (shape + 40 * shape.squareRoot() + 40) * scale
        case let .weibull(shape, scale): return scale * pow(-log(q), 1 / shape)
        case let .pareto(shape, minimum): return minimum * pow(q, -1 / shape)
        case let .empirical(table): return table.largest
        }
    }

    /// One draw.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        switch self {
        case let .constant(value): return value
        case let .uniform(low, high): return gsl_ran_flat(stream.pointer, low, high)
        case let .exponential(mean): return gsl_ran_exponential(stream.pointer, mean)
        case let .normal(mean, standardDeviation):
            return mean + gsl_ran_gaussian_ziggurat(stream.pointer, standardDeviation)
        case let .lognormal(mu, sigma): return gsl_ran_lognormal(stream.pointer, mu, sigma)
        case let .gamma(shape, scale): return gsl_ran_gamma(stream.pointer, shape, scale)
        case let .weibull(shape, scale): return gsl_ran_weibull(stream.pointer, scale, shape)
        case let .pareto(shape, minimum): return gsl_ran_pareto(stream.pointer, shape, minimum)
        case let .empirical(table): return table.sample(stream)
        }
    }

    /// The distribution's mean (infinite for a Pareto with shape at most 1).
    public var mean: Double {
        switch self {
        case let .constant(value): return value
        case let .uniform(low, high): return (low + high) / 2
        case let .exponential(mean): return mean
        case let .normal(mean, _): return mean
        case let .lognormal(mu, sigma): return exp(mu + sigma * sigma / 2)
        case let .gamma(shape, scale): return shape * scale
        case let .weibull(shape, scale): return scale * tgamma(1 + 1 / shape)
        case let .pareto(shape, minimum): return shape > 1 ? shape * minimum / (shape - 1) : .infinity
        case let .empirical(table): return table.mean
        }
    }
}

/// A distribution's parameters are impossible.
public enum DistributionError: Error, CustomStringConvertible, Equatable {
    case invalid(String)
    /// A problem with one named parameter (as a scenario writes it: "sigma", "standard_deviation").
    case parameter(String, String)

    public var description: String {
        switch self {
        case let .invalid(message): return message
        case let .parameter(_, message): return message
        }
    }

    /// The parameter at fault, if the error concerns one.
    public var parameter: String? {
        if case let .parameter(name, _) = self { return name }
        return nil
    }
}

/// An empirical distribution: discrete values with weights (GSL's Walker alias table, gsl_ran_discrete), or
/// bins given by their edges with weights, uniform within each bin (gsl_histogram_pdf).
///
/// The table is read-only once made, so one instance can be shared by streams on different threads.
public final class EmpiricalTable: @unchecked Sendable {
    private enum Storage {
        case discrete(UnsafeMutablePointer<gsl_ran_discrete_t>, values: [Double])
        case bins(UnsafeMutablePointer<gsl_histogram_pdf>, UnsafeMutablePointer<gsl_histogram>)
    }
    private let storage: Storage
    public let mean: Double
    /// The largest value a draw can take: the largest value with a positive weight, or the last bin's edge.
    public let largest: Double

    /// Discrete values, each drawn with probability proportional to its weight.
    public init(values: [Double], weights: [Double]) throws(DistributionError) {
        try Self.check(weights: weights, count: values.count, what: "values")
        _ = GSLSetup.once
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) })
        else { throw .invalid("the empirical table could not be built (weights must be non-negative)") }
        storage = .discrete(table, values: values)
        largest = zip(values, weights).filter { $0.1 > 0 }.map(\.0).max() ?? 0
        let total = weights.reduce(0, +)
        mean = zip(values, weights).map { $0 * $1 }.reduce(0, +) / total
    }

    /// Bins between consecutive `edges` (one more edge than weights), uniform within each bin.
    public init(edges: [Double], weights: [Double]) throws(DistributionError) {
        try Self.check(weights: weights, count: edges.count - 1, what: "bins")
        guard zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalid("bin edges must increase")
        }
        _ = GSLSetup.once
        let histogram = gsl_histogram_alloc(weights.count)!
        _ = edges.withUnsafeBufferPointer { gsl_histogram_set_ranges(histogram, $0.baseAddress, $0.count) }
        for (index, weight) in weights.enumerated() { histogram.pointee.bin[index] = weight }
        let pdf = gsl_histogram_pdf_alloc(weights.count)!
        guard gsl_histogram_pdf_init(pdf, histogram) == GSL_SUCCESS else {
            gsl_histogram_pdf_free(pdf)
            gsl_histogram_free(histogram)
            throw .invalid("the empirical bins could not be built")
        }
        storage = .bins(pdf, histogram)
        largest = edges.last ?? 0
        let total = weights.reduce(0, +)
        mean = weights.indices.map { weights[$0] * (edges[$0] + edges[$0 + 1]) / 2 }.reduce(0, +) / total
    }

    private static func check(weights: [Double], count: Int, what: String) throws(DistributionError) {
        guard count > 0, weights.count == count else {
            throw .invalid("an empirical table needs one weight for each of its \(what), and at least one")
        }
        guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.contains(where: { $0 > 0 }) else {
            throw .parameter("weights", "empirical weights must be non-negative and finite, and not all zero")
        }
        guard weights.reduce(0, +).isFinite else {
            throw .parameter("weights", "expected weights whose sum is finite: their sum is too large to represent")
        }
    }

    deinit {
        switch storage {
        case let .discrete(table, _): gsl_ran_discrete_free(table)
        case let .bins(pdf, histogram):
            gsl_histogram_pdf_free(pdf)
            gsl_histogram_free(histogram)
        }
    }

    public func sample(_ stream: RandomStream) -> Double {
        switch storage {
        case let .discrete(table, values):
            return values[gsl_ran_discrete(stream.pointer, table)]
        case let .bins(pdf, _):
            return gsl_histogram_pdf_sample(pdf, stream.uniform())
        }
    }
}
