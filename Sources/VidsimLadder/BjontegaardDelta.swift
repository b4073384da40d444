import CGSL
import Foundation
import VidsimKernel

/// The Bjontegaard delta rate: the average difference in bit rate between two rate-quality curves at equal
/// quality, over the qualities both reach, as a percentage of the anchor's rate (negative: the test needs less).
///
/// Both curves are interpolated as log10(bit rate) against quality and integrated over the overlap of their
/// quality ranges; the mean log difference d gives (10^d - 1) x 100 %. Two interpolations, as the `bjontegaard`
/// package (Herglotz et al.) has them:
/// - `cubic`: VCEG-M33 (Bjontegaard, 2001): one cubic polynomial fitted by least squares to each curve's points
///   (GSL's multifit), integrated exactly. At least four points a curve.
/// - `pchip`: JCTVC-L1100 (2013): a piecewise cubic Hermite interpolant through the points, shape-preserving
///   (Fritsch and Carlson's derivatives, the ends as scipy's PchipInterpolator has them), integrated piece by
///   piece. At least two points a curve; no wiggles between points, so it is the safer of the two.
/// When the overlap is under `minimumOverlap` (75 %, the package's default) of the span both curves cover, the
/// result carries a warning: the average then speaks for a small part of the curves.
public enum BjontegaardDelta {
    public enum Method: String, Sendable, CaseIterable, Codable {
        case cubic, pchip

        /// Where the method comes from, for reports.
        public var reference: String {
            switch self {
            case .cubic: "cubic fit of VCEG-M33"
            case .pchip: "piecewise cubic interpolation of JCTVC-L1100"
            }
        }
    }

    /// A BD-rate and how far the curves overlap.
    public struct Result: Sendable, Equatable, Codable {
        public var method: Method
        /// The test's bit rate against the anchor's at equal quality, in percent (-20: a fifth less).
        public var percent: Double
        /// The qualities both curves reach, over the span either reaches (0 to 1).
        public var overlap: Double
        /// The overlapping qualities.
        public var lowQuality: Double
        public var highQuality: Double

        /// Set when the overlap is small: the figure then speaks for little of the curves.
        public var warning: String? {
            overlap < BjontegaardDelta.minimumOverlap
                ? "the curves overlap over \(String(format: "%.0f", overlap * 100))% of their qualities (under "
                    + "\(String(format: "%.0f", BjontegaardDelta.minimumOverlap * 100))%): the BD-rate speaks for little of them"
                : nil
        }
    }

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Overlap below which a result carries a warning.
    public static let minimumOverlap = 0.75

    /// The BD-rate of `test` against `anchor`, each a list of (bit rate, quality) points in any order.
    /// `anchorName` and `testName` name the curves in messages ("the fixed ladder").
    public static func rate(anchor: [(bitsPerSecond: Double, quality: Double)], test: [(bitsPerSecond: Double, quality: Double)],
                            method: Method, anchorName: String = "the anchor", testName: String = "the test") throws(Failure) -> Result {
        let a = try Curve(anchor, name: anchorName, method: method)
        let t = try Curve(test, name: testName, method: method)
        let low = max(a.qualities.first!, t.qualities.first!), high = min(a.qualities.last!, t.qualities.last!)
        let span = max(a.qualities.last!, t.qualities.last!) - min(a.qualities.first!, t.qualities.first!)
        guard high > low else {
            throw Failure(description: "the curves do not overlap in quality (\(anchorName) from \(shown(a.qualities.first!)) to "
                + "\(shown(a.qualities.last!)), \(testName) from \(shown(t.qualities.first!)) to \(shown(t.qualities.last!))): "
                + "no BD-rate")
        }
        let difference = (try t.integral(from: low, to: high) - a.integral(from: low, to: high)) / (high - low)
        return Result(method: method, percent: (pow(10, difference) - 1) * 100, overlap: (high - low) / span,
                      lowQuality: low, highQuality: high)
    }

    private static func shown(_ value: Double) -> String { String(format: "%.3f", value) }

    /// One curve: its points as log10(bit rate) against quality, ascending in quality.
    private struct Curve {
        let qualities: [Double]
        let logRates: [Double]
        let method: Method

        init(_ points: [(bitsPerSecond: Double, quality: Double)], name: String, method: Method) throws(Failure) {
            let needed = method == .cubic ? 4 : 2
            guard points.count >= needed else {
                throw Failure(description: "\(name) has \(points.count) point\(points.count == 1 ? "" : "s"); the \(method.reference) "
                    + "needs at least \(needed)")
            }
            for point in points where !(point.bitsPerSecond > 0 && point.bitsPerSecond.isFinite && point.quality.isFinite) {
                throw Failure(description: "\(name) has a point of \(point.bitsPerSecond) bit/s at quality \(point.quality): "
                    + "expected a positive bit rate and a finite quality")
            }
            let sorted = points.sorted { $0.quality < $1.quality }
            for (lower, upper) in zip(sorted, sorted.dropFirst()) where upper.quality <= lower.quality {
                throw Failure(description: "\(name) has two points of quality \(lower.quality): expected distinct qualities")
            }
            qualities = sorted.map(\.quality)
            logRates = sorted.map { log10($0.bitsPerSecond) }
            self.method = method
        }

        /// The integral of the interpolated log10 rate over [low, high], within the curve's qualities.
        func integral(from low: Double, to high: Double) throws(Failure) -> Double {
            switch method {
            case .cubic: return try CubicFit(qualities, logRates).integral(from: low, to: high)
            case .pchip: return PiecewiseCubicHermite(qualities, logRates).integral(from: low, to: high)
            }
        }
    }
}

/// A cubic polynomial fitted by least squares (GSL's gsl_multifit_linear), in a centred and scaled variable so
/// the fit is well conditioned whatever the qualities' magnitude.
struct CubicFit {
    /// p(u) = c0 + c1 u + c2 u^2 + c3 u^3, u = (x - centre) / scale.
    private var coefficients = [0.0, 0, 0, 0]
    private let centre: Double
    private let scale: Double

    init(_ x: [Double], _ y: [Double]) throws(BjontegaardDelta.Failure) {
        _ = GSLSetup.once
        centre = (x.first! + x.last!) / 2
        scale = max((x.last! - x.first!) / 2, 1e-300)
        let n = x.count
        let design = GSLMatrix(rows: n, columns: 4), values = GSLVector(n), fitted = GSLVector(4)
        let covariance = GSLMatrix(rows: 4, columns: 4)
        for row in 0..<n {
            let u = (x[row] - centre) / scale
            var power = 1.0
            for column in 0..<4 {
                gsl_matrix_set(design.pointer, row, column, power)
                power *= u
            }
            gsl_vector_set(values.pointer, row, y[row])
        }
        guard let workspace = gsl_multifit_linear_alloc(n, 4) else {
            throw BjontegaardDelta.Failure(description: "GSL could not allocate a least-squares workspace")
        }
        defer { gsl_multifit_linear_free(workspace) }
        var chiSquared = 0.0
        do {
            try GSLError.check(gsl_multifit_linear(design.pointer, values.pointer, fitted.pointer, covariance.pointer, &chiSquared, workspace),
                               "fitting a cubic to the rate-quality points")
        } catch {
            throw BjontegaardDelta.Failure(description: "\(error)")
        }
        for index in 0..<4 { coefficients[index] = gsl_vector_get(fitted.pointer, index) }
    }

    /// The exact integral over [low, high].
    func integral(from low: Double, to high: Double) -> Double {
        func antiderivative(_ x: Double) -> Double {
            let u = (x - centre) / scale
            return scale * u * (coefficients[0] + u * (coefficients[1] / 2 + u * (coefficients[2] / 3 + u * coefficients[3] / 4)))
        }
        return antiderivative(high) - antiderivative(low)
    }
}

/// A GSL matrix, freed with its owner.
private final class GSLMatrix {
    let pointer: UnsafeMutablePointer<gsl_matrix>
    init(rows: Int, columns: Int) { pointer = gsl_matrix_alloc(rows, columns) }
    deinit { gsl_matrix_free(pointer) }
}

/// A GSL vector, freed with its owner.
private final class GSLVector {
    let pointer: UnsafeMutablePointer<gsl_vector>
    init(_ size: Int) { pointer = gsl_vector_alloc(size) }
    deinit { gsl_vector_free(pointer) }
}

/// The shape-preserving piecewise cubic Hermite interpolant (Fritsch and Carlson, 1980) through points with
/// increasing x: the derivatives at interior points are weighted harmonic means of the neighbouring slopes (0
/// where the slopes change sign), at the ends a three-point estimate kept monotone, as scipy's
/// PchipInterpolator computes them. Two points: the straight line.
struct PiecewiseCubicHermite {
    private let x: [Double]
    private let y: [Double]
    private var derivatives: [Double]

    init(_ x: [Double], _ y: [Double]) {
        self.x = x
        self.y = y
        let n = x.count
        let h = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
        let slopes = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
        guard n > 2 else {
            derivatives = [slopes[0], slopes[0]]
            return
        }
        var d = [Double](repeating: 0, count: n)
        for k in 1..<(n - 1) {
            let before = slopes[k - 1], after = slopes[k]
            guard before != 0, after != 0, (before > 0) == (after > 0) else { continue }
            let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
            d[k] = (w1 + w2) / (w1 / before + w2 / after)
        }
        d[0] = Self.end(h[0], h[1], slopes[0], slopes[1])
        d[n - 1] = Self.end(h[n - 2], h[n - 3], slopes[n - 2], slopes[n - 3])
        derivatives = d
    }

    /// A derivative at an end: the three-point estimate, zero if its sign differs from the end slope's, and at
    /// most three times that slope where the slopes change sign.
    private static func end(_ h0: Double, _ h1: Double, _ m0: Double, _ m1: Double) -> Double {
        let d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
        if signum(d) != signum(m0) { return 0 }
        if signum(m0) != signum(m1) && abs(d) > abs(3 * m0) { return 3 * m0 }
        return d
    }

    /// -1, 0 or 1, as numpy's sign.
    private static func signum(_ value: Double) -> Int { value > 0 ? 1 : value < 0 ? -1 : 0 }

    /// The exact integral over [low, high], both within [x.first, x.last].
    func integral(from low: Double, to high: Double) -> Double {
        integralFromStart(high) - integralFromStart(low)
    }

    /// The integral from x.first to `value`.
    private func integralFromStart(_ value: Double) -> Double {
        var total = 0.0
        for k in 0..<(x.count - 1) {
            let h = x[k + 1] - x[k]
            if value >= x[k + 1] {
                total += h * (y[k] + y[k + 1]) / 2 + h * h * (derivatives[k] - derivatives[k + 1]) / 12
                continue
            }
            if value > x[k] {
                // The Hermite basis integrated from 0 to t of the piece.
                let t = (value - x[k]) / h, t2 = t * t, t3 = t2 * t, t4 = t3 * t
                total += h * (y[k] * (t - t3 + t4 / 2) + h * derivatives[k] * (t2 / 2 - 2 * t3 / 3 + t4 / 4)
                              + y[k + 1] * (t3 - t4 / 2) + h * derivatives[k + 1] * (t4 / 4 - t3 / 3))
            }
            break
        }
        return total
    }
}
