import Foundation
import XCTest
import VidsimLadder

/// The hull against hand-made points.
final class RateQualityHullTests: XCTestCase {
    private func point(_ height: Int, _ kbps: Double, _ quality: Double) -> RateQualityPoint {
        RateQualityPoint(width: height * 16 / 9, height: height, setting: "at \(kbps) Kbps", bitsPerSecond: kbps * 1e3, quality: quality)
    }

    private func rates(_ hull: [RateQualityPoint]) -> [Double] { hull.map { $0.bitsPerSecond / 1e3 } }

    /// Dominated points (more bits, less quality) and points under a chord go; the rest rise and flatten.
    func testDominatedAndUnderTheChordDropped() {
        let points = [
            point(360, 400, 32), point(360, 800, 35), point(360, 1600, 36.5),
            point(720, 800, 33),       // dominated: 360p gives more at the same rate
            point(720, 1200, 35.5),    // under the chord from 800 (35) to 1600 (38): 36.5 there; dropped
            point(720, 1600, 38), point(720, 3200, 40),
            point(360, 3000, 37),      // dominated by 720p at 1600
        ]
        let hull = RateQualityHull.upper(points)
        XCTAssertEqual(rates(hull), [400, 800, 1600, 3200])
        XCTAssertEqual(hull.map(\.height), [360, 360, 720, 720])
        // Each step buys less quality per bit than the one below.
        let slopes = zip(hull, hull.dropFirst()).map { ($1.quality - $0.quality) / ($1.bitsPerSecond - $0.bitsPerSecond) }
        XCTAssertEqual(slopes, slopes.sorted(by: >))
    }

    /// Two resolutions' curves crossing: the lower resolution is on the hull below the crossing, the higher
    /// above it. 480p at 1200 Kbps (35.5) stays: the chord from 600 (33.5) to 1080p's 2400 (38) passes 35.0 there.
    func testCrossingCurvesSwitchResolution() {
        let low = [point(480, 300, 30), point(480, 600, 33.5), point(480, 1200, 35.5), point(480, 2400, 36.5)]
        let high = [point(1080, 600, 29), point(1080, 1200, 34.5), point(1080, 2400, 38), point(1080, 4800, 40.5)]
        let hull = RateQualityHull.upper(low + high)
        XCTAssertEqual(rates(hull), [300, 600, 1200, 2400, 4800])
        XCTAssertEqual(hull.map(\.height), [480, 480, 480, 1080, 1080])
    }

    /// At equal bit rates the better quality stays; equal points once; collinear middles go.
    func testEqualBitRatesAndCollinearPoints() {
        let hull = RateQualityHull.upper([point(720, 1000, 36), point(1080, 1000, 37), point(480, 500, 33), point(480, 500, 33),
                                          point(1080, 2000, 39), point(1080, 3000, 41)])
        // 1000 (37) lies on the line from 500 (33)... no: slope 8/Mbps, then 2/Mbps; 2000 (39) lies on the chord
        // from 1000 (37) to 3000 (41): collinear, dropped.
        XCTAssertEqual(rates(hull), [500, 1000, 3000])
        XCTAssertEqual(hull[1].height, 1080)
    }

    /// Not-finite and non-positive values are left out; one point is its own hull; none gives none.
    func testDegenerateInputs() {
        XCTAssertEqual(RateQualityHull.upper([]), [])
        XCTAssertEqual(rates(RateQualityHull.upper([point(240, 100, 25)])), [100])
        XCTAssertEqual(rates(RateQualityHull.upper([point(240, 100, 25), point(240, 0, 20), point(240, 200, .nan),
                                                    point(240, .infinity, 50)])), [100])
    }
}
