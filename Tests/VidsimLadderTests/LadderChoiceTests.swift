import XCTest
import VidsimLadder

/// Ladders chosen along a hull by the rules.
final class LadderChoiceTests: XCTestCase {
    /// A hull with a point every 1.25x from 200 Kbps: quality rising 3 dB per doubling, flattening at 44 dB.
    private let hull: [RateQualityPoint] = (0..<20).map { index in
        let kbps = 200 * pow(1.25, Double(index))
        let quality = min(30 + 3 * log2(kbps / 200), 44 + 0.001 * Double(index))
        return RateQualityPoint(width: 1280, height: 720, setting: "p\(index)", bitsPerSecond: kbps * 1e3, quality: quality)
    }

    func testStepsStayWithinTheRangeFromTheTopDown() throws {
        let choice = try LadderChoice.choose(along: hull, rules: LadderRules())
        let rates = choice.rungs.map(\.bitsPerSecond)
        XCTAssertEqual(rates.last, hull.last!.bitsPerSecond, "no ceiling: the best point")
        XCTAssertLessThan(try XCTUnwrap(rates.first) / hull.first!.bitsPerSecond, 1.5, "down to within a step of the hull's bottom")
        for (lower, upper) in zip(rates, rates.dropFirst()) {
            XCTAssertGreaterThanOrEqual(upper / lower, 1.5 - 1e-9)
            XCTAssertLessThanOrEqual(upper / lower, 2 + 1e-9)
        }
        XCTAssertEqual(choice.gaps, [])
        XCTAssertTrue(choice.rungs.allSatisfy { point in hull.contains(point) }, "every rung a hull point")
    }

    func testCeilingMinimumGainAndBounds() throws {
        // The ceiling: the cheapest point at 42 dB or more is the top.
        let capped = try LadderChoice.choose(along: hull, rules: LadderRules(ceiling: 42))
        let top = try XCTUnwrap(capped.rungs.last)
        XCTAssertGreaterThanOrEqual(top.quality, 42)
        XCTAssertLessThan(hull[hull.firstIndex(of: top)! - 1].quality, 42)
        // A minimum gain of 2.5 dB: every neighbouring pair at least that apart.
        let gained = try LadderChoice.choose(along: hull, rules: LadderRules(minimumGain: 2.5))
        for (lower, upper) in zip(gained.rungs, gained.rungs.dropFirst()) {
            XCTAssertGreaterThanOrEqual(upper.quality - lower.quality, 2.5)
        }
        // Bounds: within 400 Kbps to 3 Mbps.
        let bounded = try LadderChoice.choose(along: hull, rules: LadderRules(minimumBitrate: 400e3, maximumBitrate: 3e6))
        XCTAssertTrue(bounded.rungs.allSatisfy { $0.bitsPerSecond >= 400e3 && $0.bitsPerSecond <= 3e6 })
        // At most four rungs: top and bottom kept.
        let full = try LadderChoice.choose(along: hull, rules: LadderRules())
        let four = try LadderChoice.choose(along: hull, rules: LadderRules(rungs: 4))
        XCTAssertEqual(four.rungs.count, 4)
        XCTAssertEqual(four.rungs.first, full.rungs.first)
        XCTAssertEqual(four.rungs.last, full.rungs.last)
    }

    /// A hull too sparse for the steps: the gap is reported.
    func testGapsAreReported() throws {
        let sparse = [hull[0], hull[12], hull[19]]
        let choice = try LadderChoice.choose(along: sparse, rules: LadderRules())
        XCTAssertEqual(choice.rungs.count, 3)
        XCTAssertEqual(choice.gaps.count, 2, "19 -> 12 is a step of 1.25^7 = 4.77x, 12 -> 0 one of 1.25^12 = 14.55x")
        XCTAssertTrue(choice.gaps[0].contains("4.77x"), choice.gaps[0])
        XCTAssertTrue(choice.gaps[1].contains("14.55x"), choice.gaps[1])
    }

    /// Rules no ladder satisfies, and rules wrong before any clip: clear messages.
    func testImpossibleAndWrongRules() throws {
        XCTAssertThrowsError(try LadderChoice.choose(along: hull, rules: LadderRules(maximumBitrate: 150e3))) { error in
            XCTAssertTrue("\(error)".contains("no point of the clip's hull is at or below the maximum bit rate (150 Kbps)"), "\(error)")
            XCTAssertTrue("\(error)".contains("its lowest point is 200 Kbps"), "\(error)")
        }
        // Content so easy its best encode is under the minimum: that one rung.
        let easy = try LadderChoice.choose(along: hull, rules: LadderRules(minimumBitrate: 50e6, maximumBitrate: 60e6))
        XCTAssertEqual(easy.rungs, [hull.last!])
        XCTAssertNotNil(LadderRules(stepLow: 2, stepHigh: 1.5).problem())
        XCTAssertNotNil(LadderRules(rungs: 0).problem())
        XCTAssertNotNil(LadderRules(minimumBitrate: 5e6, maximumBitrate: 1e6).problem())
        XCTAssertNil(LadderRules().problem())
    }
}
