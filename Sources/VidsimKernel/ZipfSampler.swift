import Foundation

/// Zipf's law over the ranks 1...N: P(k) is proportional to k^-s, for any exponent s > 0.
///
/// Rejection-inversion sampling (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates from
/// monotone discrete distributions", ACM TOMACS 6(3), 1996), as in Apache Commons RNG's
/// RejectionInversionZipfSampler: O(1) memory and expected O(1) time whatever N, so a catalogue of a billion
/// videos costs nothing to set up.
public struct ZipfSampler: Sendable {
    public let items: Int
    public let exponent: Double
    private let hIntegralX1: Double
    private let hIntegralItems: Double
    private let squeeze: Double

    public init(items: Int, exponent: Double) throws(DistributionError) {
        guard items >= 1 else { throw .invalid("a Zipf distribution needs at least one item") }
        guard exponent > 0, exponent.isFinite else { throw .invalid("a Zipf exponent must be positive") }
        self.items = items
        self.exponent = exponent
        hIntegralX1 = Self.hIntegral(1.5, exponent) - 1
        hIntegralItems = Self.hIntegral(Double(items) + 0.5, exponent)
        squeeze = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, exponent) - Self.h(2, exponent), exponent)
    }

    /// A rank in 1...items; rank 1 is the most popular.
    public func sample(_ stream: RandomStream) -> Int {
        while true {
            let u = hIntegralItems + stream.uniform() * (hIntegralX1 - hIntegralItems)
            let x = Self.hIntegralInverse(u, exponent)
            var k = Int(x + 0.5)
            if k < 1 { k = 1 } else if k > items { k = items }
            if Double(k) - x <= squeeze || u >= Self.hIntegral(Double(k) + 0.5, exponent) - Self.h(Double(k), exponent) {
                return k
            }
        }
    }

    /// The exact probability of rank k, for tests and reports: k^-s / H(N, s).
    public func probability(ofRank k: Int) -> Double {
        var normaliser = 0.0
        for i in 1...items { normaliser += pow(Double(i), -exponent) }
        return pow(Double(k), -exponent) / normaliser
    }

    /// The sum of k^-s for k = 1 ... n: exact up to 10^6 terms, the rest by the Euler-Maclaurin formula (the
    /// integral plus the end correction), accurate to far below a part in a million.
    public static func harmonic(_ n: Int, exponent s: Double) -> Double {
        guard n >= 1 else { return 0 }
        let exact = min(n, 1_000_000)
        var sum = 0.0
        for k in stride(from: exact, through: 1, by: -1) { sum += pow(Double(k), -s) }
        guard n > exact else { return sum }
        let a = Double(exact), b = Double(n)
        let integral = abs(s - 1) < 1e-12 ? log(b / a) : (pow(b, 1 - s) - pow(a, 1 - s)) / (1 - s)
        // sum_{k=a+1}^{b} f(k) ~ integral_a^b f + (f(b) - f(a)) / 2
        return sum + integral + (pow(b, -s) - pow(a, -s)) / 2
    }

    /// H(x) = (x^(1-s) - 1) / (1 - s), written to stay accurate as s approaches 1 (where it tends to ln x).
    private static func hIntegral(_ x: Double, _ s: Double) -> Double {
        let logX = log(x)
        return helper2((1 - s) * logX) * logX
    }

    private static func h(_ x: Double, _ s: Double) -> Double { exp(-s * log(x)) }

    private static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
        var t = x * (1 - s)
        if t < -1 { t = -1 }
        return exp(helper1(t) * x)
    }

    /// log(1 + x) / x, and its limit 1 at x = 0.
    private static func helper1(_ x: Double) -> Double { abs(x) > 1e-8 ? log1p(x) / x : 1 - x / 2 + x * x / 3 }
    /// (exp(x) - 1) / x, and its limit 1 at x = 0.
    private static func helper2(_ x: Double) -> Double { abs(x) > 1e-8 ? expm1(x) / x : 1 + x / 2 + x * x / 6 }
}
