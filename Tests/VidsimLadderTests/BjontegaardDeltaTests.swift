import Foundation
import XCTest
import VidsimLadder

/// BD-rate against worked examples and a reference implementation.
final class BjontegaardDeltaTests: XCTestCase {
    private typealias Points = [(bitsPerSecond: Double, quality: Double)]

    private func points(_ rates: [Double], _ qualities: [Double]) -> Points {
        zip(rates, qualities).map { (bitsPerSecond: $0, quality: $1) }
    }

    /// Two curves offset by a constant factor in bit rate: exactly that factor, by both methods.
    func testConstantFactorGivesThatFactor() throws {
        let anchor = points([500e3, 1e6, 2e6, 4e6, 8e6], [32, 35.5, 38, 40, 41.2])
        let test = anchor.map { (bitsPerSecond: $0.bitsPerSecond * 0.8, quality: $0.quality) }
        for method in BjontegaardDelta.Method.allCases {
            let result = try BjontegaardDelta.rate(anchor: anchor, test: test, method: method)
            XCTAssertEqual(result.percent, -20, accuracy: 1e-9, "\(method)")
            XCTAssertEqual(result.overlap, 1, accuracy: 1e-12)
            XCTAssertNil(result.warning)
        }
    }

    /// Values from the `bjontegaard` package on PyPI (v1.3, Herglotz et al.): bd_rate(..., method='cubic' or
    /// 'pchip'), which fit with numpy's polyfit and scipy's PchipInterpolator. Within 0.01 percentage point.
    func testAgreesWithTheReferenceImplementation() throws {
        let cases: [(anchor: Points, test: Points, cubic: Double, pchip: Double)] = [
            // The package's README example (rates in kbit/s).
            (points([9487.76, 4593.60, 2258.59, 1101.85], [40.037, 38.615, 36.845, 34.851]),
             points([9787.80, 4469.00, 2150.90, 1042.40], [40.121, 38.651, 36.970, 34.987]),
             -7.0838100968833135, -6.999659233817058),
            // Five points, partial overlap.
            (points([300, 700, 1500, 3000, 6000], [31.2, 34.0, 36.9, 39.1, 41.0]),
             points([250, 520, 1100, 2300, 4800], [31.9, 34.8, 37.6, 39.9, 41.6]),
             -39.592321597300426, -39.80075746093106),
            // Uneven curves where the cubic fit wiggles and the piecewise cubic does not.
            (points([200, 400, 800, 1600], [30, 36, 37, 42]),
             points([180, 390, 700, 1500, 3000], [29.5, 35, 37.5, 41, 43]),
             18.444629779608945, -0.7548395791224016),
        ]
        for (index, example) in cases.enumerated() {
            let cubic = try BjontegaardDelta.rate(anchor: example.anchor, test: example.test, method: .cubic)
            let pchip = try BjontegaardDelta.rate(anchor: example.anchor, test: example.test, method: .pchip)
            XCTAssertEqual(cubic.percent, example.cubic, accuracy: 0.01, "case \(index) cubic")
            XCTAssertEqual(pchip.percent, example.pchip, accuracy: 0.01, "case \(index) pchip")
        }
    }

    /// Little overlap: a warning; none: an error; too few points or equal qualities: clear messages.
    func testOverlapWarningsAndBadCurves() throws {
        let anchor = points([500e3, 1e6, 2e6, 4e6], [30, 33, 36, 38])
        let shifted = points([500e3, 1e6, 2e6, 4e6], [36, 38, 40, 42])
        let result = try BjontegaardDelta.rate(anchor: anchor, test: shifted, method: .pchip)
        XCTAssertEqual(result.overlap, 2.0 / 12, accuracy: 1e-12)
        XCTAssertTrue(result.warning?.contains("overlap over 17%") == true, result.warning ?? "none")
        XCTAssertThrowsError(try BjontegaardDelta.rate(anchor: anchor, test: points([1e6, 2e6], [40, 41]), method: .pchip)) {
            XCTAssertTrue("\($0)".contains("do not overlap"), "\($0)")
        }
        XCTAssertThrowsError(try BjontegaardDelta.rate(anchor: anchor, test: points([1e6, 2e6, 3e6], [31, 34, 37]), method: .cubic)) {
            XCTAssertTrue("\($0)".contains("needs at least 4"), "\($0)")
        }
        XCTAssertThrowsError(try BjontegaardDelta.rate(anchor: anchor, test: points([1e6, 2e6, 3e6], [31, 34, 34]), method: .pchip)) {
            XCTAssertTrue("\($0)".contains("distinct qualities"), "\($0)")
        }
        XCTAssertThrowsError(try BjontegaardDelta.rate(anchor: anchor, test: points([0, 2e6, 3e6], [31, 34, 35]), method: .pchip)) {
            XCTAssertTrue("\($0)".contains("positive bit rate"), "\($0)")
        }
    }
}
