import Foundation
import XCTest
import VidsimKernel

final class DistributionTests: XCTestCase {
    /// Sample mean and the standard error of the mean.
    private func sampleMean(_ distribution: Distribution, n: Int = 200_000, seed: UInt32 = 11) -> (mean: Double, standardError: Double, values: [Double]) {
        let stream = RandomStream(seed: seed)
        let values = (0..<n).map { _ in distribution.sample(stream) }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        return (mean, (variance / Double(n)).squareRoot(), values)
    }

    /// Each distribution's sample mean lies within five standard errors of its analytic mean.
    func testSampleMeansMatchAnalyticMeans() throws {
        let cases: [(String, Distribution)] = [
            ("constant", .constant(7)),
            ("uniform", .uniform(low: 2, high: 10)),
            ("exponential", .exponential(mean: 3)),
            ("normal", .normal(mean: 5, standardDeviation: 2)),
            ("lognormal", try .lognormal(median: 240, sigma: 1)),
            ("gamma", .gamma(shape: 2.5, scale: 4)),
            ("weibull", .weibull(shape: 1.5, scale: 10)),
            ("pareto", .pareto(shape: 3.5, minimum: 2)),
            ("empirical values", .empirical(try EmpiricalTable(values: [1, 10, 100], weights: [6, 3, 1]))),
            ("empirical bins", .empirical(try EmpiricalTable(edges: [0, 60, 600, 7200], weights: [5, 4, 1]))),
        ]
        for (name, distribution) in cases {
            let (mean, standardError, _) = sampleMean(distribution)
            XCTAssertEqual(mean, distribution.mean, accuracy: max(5 * standardError, 1e-12), name)
        }
    }

    func testLognormalByMedianAndSigma() throws {
        let (_, _, values) = sampleMean(try .lognormal(median: 240, sigma: 1.2))
        let sorted = values.sorted()
        XCTAssertEqual(sorted[sorted.count / 2], 240, accuracy: 240 * 0.02)
    }

    /// A lognormal given by mean and p95 has that mean and that 95th percentile.
    func testLognormalByMeanAndP95() throws {
        let distribution = try Distribution.lognormal(mean: 702, p95: 2400)
        XCTAssertEqual(distribution.mean, 702, accuracy: 1e-9)
        guard case let .lognormal(mu, sigma) = distribution else { return XCTFail() }
        XCTAssertEqual(exp(mu + 1.6448536269514722 * sigma), 2400, accuracy: 1e-6)
        let sorted = sampleMean(distribution).values.sorted()
        XCTAssertEqual(sorted[Int(Double(sorted.count) * 0.95)], 2400, accuracy: 2400 * 0.03)
        XCTAssertThrowsError(try Distribution.lognormal(mean: 10, p95: 5))
        XCTAssertThrowsError(try Distribution.lognormal(mean: 1, p95: 1000))
    }

    func testEmpiricalDiscreteFrequencies() throws {
        let table = try EmpiricalTable(values: [1, 2, 3], weights: [0.5, 0.3, 0.2])
        let stream = RandomStream(seed: 5)
        var counts = [Double: Int]()
        let n = 100_000
        for _ in 0..<n { counts[table.sample(stream), default: 0] += 1 }
        XCTAssertEqual(Double(counts[1]!) / Double(n), 0.5, accuracy: 0.01)
        XCTAssertEqual(Double(counts[2]!) / Double(n), 0.3, accuracy: 0.01)
        XCTAssertEqual(Double(counts[3]!) / Double(n), 0.2, accuracy: 0.01)
        XCTAssertThrowsError(try EmpiricalTable(values: [1, 2], weights: [1]))
        XCTAssertThrowsError(try EmpiricalTable(values: [1, 2], weights: [0, 0]))
        XCTAssertThrowsError(try EmpiricalTable(edges: [0, 2, 1], weights: [1, 1]))
    }

    func testInvalidParametersAreRefused() {
        XCTAssertThrowsError(try Distribution.exponential(mean: -1).validated())
        XCTAssertThrowsError(try Distribution.uniform(low: 3, high: 1).validated())
        XCTAssertThrowsError(try Distribution.gamma(shape: 0, scale: 1).validated())
        XCTAssertThrowsError(try Distribution.lognormal(median: -3, sigma: 1))
        XCTAssertEqual(Distribution.pareto(shape: 1, minimum: 1).mean, .infinity)
    }

    /// Zipf frequencies against the exact probabilities, for exponents below, at and above 1.
    func testZipfMatchesItsProbabilities() throws {
        for exponent in [0.6, 1.0, 1.2] {
            let zipf = try ZipfSampler(items: 1000, exponent: exponent)
            let stream = RandomStream(seed: 17)
            var counts = [Int](repeating: 0, count: 1001)
            let n = 300_000
            for _ in 0..<n {
                let rank = zipf.sample(stream)
                XCTAssertTrue((1...1000).contains(rank))
                counts[rank] += 1
            }
            for rank in [1, 2, 3, 10, 100] {
                let p = zipf.probability(ofRank: rank)
                let standardError = (p * (1 - p) / Double(n)).squareRoot()
                XCTAssertEqual(Double(counts[rank]) / Double(n), p, accuracy: 5 * standardError, "s=\(exponent) rank \(rank)")
            }
        }
    }

    /// A catalogue of a billion items costs nothing to set up and still favours rank 1.
    func testZipfOverAHugeCatalogue() throws {
        let zipf = try ZipfSampler(items: 1_000_000_000, exponent: 0.8)
        let stream = RandomStream(seed: 1)
        let ranks = (0..<10_000).map { _ in zipf.sample(stream) }
        XCTAssertTrue(ranks.allSatisfy { (1...1_000_000_000).contains($0) })
        XCTAssertGreaterThan(ranks.filter { $0 == 1 }.count, 0)
        XCTAssertThrowsError(try ZipfSampler(items: 0, exponent: 1))
        XCTAssertThrowsError(try ZipfSampler(items: 10, exponent: 0))
    }
}
