import Foundation
import VidsimReports
import XCTest

/// How figures read for people: an interval's half-width written like the value it qualifies, and counts with
/// their noun in the singular for exactly one.
final class FigureFormattingTests: XCTestCase {
    // MARK: "value ± spread" with the value's decimal places

    /// The README's comparison lines that used to read "+84.6 events ± 15.64694" and "-$0.06 per content hour
    /// ± $0.00".
    func testADifferencesSpreadHasTheDifferencesDecimalPlaces() {
        let events = FigureUnit.count("events", digits: 7)
        XCTAssertEqual(events.formatDifference(84.6), "+84.6 events")
        XCTAssertEqual(events.formatDifferenceSpread(15.64694, of: 84.6), "15.6")
        let vcpuHours = FigureUnit.count("vCPU-hours/day")
        XCTAssertEqual(vcpuHours.formatDifference(-436.18), "-436.18 vCPU-hours/day")
        XCTAssertEqual(vcpuHours.formatDifferenceSpread(3.6472, of: -436.18), "3.65")
        XCTAssertEqual(FigureUnit.count("workers/day", digits: 4).formatDifferenceSpread(1.216, of: 1.6), "1.2")
        XCTAssertEqual(FigureUnit.dollarsPerDay.formatDifference(-12.07), "-$12.07/day")
        XCTAssertEqual(FigureUnit.dollarsPerDay.formatDifferenceSpread(0.1234, of: -12.07), "$0.12")
        // Fractions differ in points with two decimals, and so does their spread.
        XCTAssertEqual(FigureUnit.fraction.formatDifference(0.0123), "+1.23 points")
        XCTAssertEqual(FigureUnit.fraction.formatDifferenceSpread(0.004, of: 0.0123), "0.40 points")
        // A duration's spread is in the difference's unit.
        XCTAssertEqual(FigureUnit.seconds.formatDifference(93), "+1.55 min")
        XCTAssertEqual(FigureUnit.seconds.formatDifferenceSpread(3, of: 93), "0.05 min")
    }

    /// A spread the value's last digit would round to zero keeps two significant digits instead of "± $0.00".
    func testASpreadMuchSmallerThanTheLastDigitKeepsTwoSignificantDigits() {
        let perHour = FigureUnit.dollarsPerContentHour
        XCTAssertEqual(perHour.formatDifference(-0.06), "-$0.06 per content hour")
        XCTAssertEqual(perHour.formatDifferenceSpread(0.001234, of: -0.06), "$0.0012")
        XCTAssertEqual(perHour.formatDifferenceSpread(0.004, of: -0.06), "$0.004")
        XCTAssertEqual(FigureUnit.seconds.format(3.123, halfWidth: 0.000123), "3.123 s ± 0.00012 s")
        XCTAssertEqual(FigureUnit.count("workers").format(340, halfWidth: 0.26), "340 workers ± 0.26")
        // Rounding to the value's last digit, not to zero, keeps the value's places.
        XCTAssertEqual(FigureUnit.count("workers").format(340, halfWidth: 0.6), "340 workers ± 1")
    }

    /// report.md and report.html: the mean and its interval, written alike.
    func testAFigureAndItsIntervalAreWrittenAlike() {
        XCTAssertEqual(FigureUnit.bytesPerDay.format(8.905e15, halfWidth: 3.3e13), "8.905 PB/day ± 0.033 PB")
        XCTAssertEqual(FigureUnit.bytesPerDay.format(14.48e12, halfWidth: 0.18e12), "14.48 TB/day ± 0.18 TB")
        XCTAssertEqual(FigureUnit.fraction.format(0.61, halfWidth: 0.005), "61.0% ± 0.5%")
        // A tiny share (a rebuffer ratio) keeps two significant digits, not 0.000%.
        XCTAssertEqual(FigureUnit.fraction.format(0.00026), "0.026%")
        XCTAssertEqual(FigureUnit.fraction.format(4.2e-6), "0.00042%")
        XCTAssertEqual(FigureUnit.fraction.format(4.2e-6, halfWidth: 1.1e-6), "0.00042% ± 0.00011%")
        XCTAssertEqual(FigureUnit.fraction.format(3e-14), "3.0e-12%")
        XCTAssertEqual(FigureUnit.bitsPerSecond.format(27.5e6, halfWidth: 0.31e6), "27.5 Mbps ± 0.3 Mbps")
        XCTAssertEqual(FigureUnit.seconds.format(93, halfWidth: 3), "1.55 min ± 0.05 min")
        XCTAssertEqual(FigureUnit.dollars.format(1_234_567, halfWidth: 12_345.678), "$1,234,567.00 ± $12,345.68")
        XCTAssertEqual(FigureUnit.count("hours/day", digits: 6).format(2872.7, halfWidth: 34.71), "2872.7 hours/day ± 34.7")
        XCTAssertEqual(FigureUnit.seconds.formatSpread(3, of: 93), "0.05 min")
        // No interval (one replication), a zero or an infinite one: the value alone.
        XCTAssertEqual(FigureUnit.bytesPerDay.format(8.905e15, halfWidth: nil), "8.905 PB/day")
        XCTAssertEqual(FigureUnit.bytesPerDay.format(8.905e15, halfWidth: 0), "8.905 PB/day")
        XCTAssertEqual(FigureUnit.bytesPerDay.format(8.905e15, halfWidth: .infinity), "8.905 PB/day")
        // A width of the order of rounding (the same value in every replication, summed in another order).
        XCTAssertEqual(FigureUnit.bytesPerContentHour.format(5.04e9, halfWidth: 3.5e-5), "5.04 GB per content hour")
        XCTAssertEqual(FigureUnit.count("tasks").format(0, halfWidth: 0.5), "0 tasks ± 0.5")
    }

    /// A difference of exactly zero on average has no digits to align with: its spread is written on its own.
    func testASpreadBesideAZeroDifferenceIsWrittenOnItsOwn() {
        XCTAssertEqual(FigureUnit.count("events", digits: 7).formatDifferenceSpread(2.345, of: 0), "2.3")
        XCTAssertEqual(FigureUnit.fraction.formatDifferenceSpread(0.0123, of: 0), "1.2 points")
        XCTAssertEqual(FigureUnit.seconds.formatDifferenceSpread(96, of: 0), "1.6 min")
        XCTAssertEqual(FigureUnit.seconds.formatDifferenceSpread(.infinity, of: 5), "∞")
        // Every pair equal: a zero spread, written as before.
        XCTAssertEqual(FigureUnit.fraction.formatDifferenceSpread(0, of: 0), "0.00 points")
        XCTAssertEqual(FigureUnit.dollarsPerDay.formatDifferenceSpread(0, of: 0), "$0.00")
        XCTAssertEqual(FigureUnit.seconds.formatDifferenceSpread(0, of: 0), "0 ms")
        XCTAssertEqual(FigureUnit.count("events", digits: 7).formatDifferenceSpread(0, of: 0), "0")
        // A zero spread beside a value that is not: the value's places.
        XCTAssertEqual(FigureUnit.dollarsPerDay.formatDifferenceSpread(0, of: 1.2), "$0.00")
        XCTAssertEqual(FigureUnit.count("workers/day", digits: 4).formatDifferenceSpread(0, of: 1.6), "0.0")
    }

    /// The run summary's bare numbers ("0.01448 ± 0.00018 PB/day").
    func testASpreadBesideABareNumber() {
        XCTAssertEqual(FigureUnit.spreadNumber(0.00018, besideNumber: "0.01448"), "0.00018")
        XCTAssertEqual(FigureUnit.spreadNumber(34.71, besideNumber: "2872.7"), "34.7")
        XCTAssertEqual(FigureUnit.spreadNumber(0.5, besideNumber: "8.905"), "0.500")
        XCTAssertEqual(FigureUnit.spreadNumber(0.0004, besideNumber: "8.905"), "0.0004")
        XCTAssertEqual(FigureUnit.spreadNumber(-3.2, besideNumber: "1,387"), "3")
    }

    // MARK: "1 worker", "2 workers"

    func testCountsOfOneAreSingular() {
        XCTAssertEqual(counted(1, "replication"), "1 replication")
        XCTAssertEqual(counted(5, "replication"), "5 replications")
        XCTAssertEqual(counted(0, "thread"), "0 threads")
        XCTAssertEqual(counted("0.5", "worker"), "0.5 workers")
        XCTAssertEqual(counted("1", "query", plural: "queries"), "1 query")
        XCTAssertEqual(counted("2", "query", plural: "queries"), "2 queries")
        XCTAssertTrue(isExactlyOne("+1"))
        XCTAssertFalse(isExactlyOne("1.5"))
        XCTAssertFalse(isExactlyOne("10"))
    }

    func testAFiguresUnitIsSingularAfterExactlyOne() {
        XCTAssertEqual(FigureUnit.count("workers").format(1), "1 worker")
        XCTAssertEqual(FigureUnit.count("workers").format(2), "2 workers")
        XCTAssertEqual(FigureUnit.count("workers").format(1.5), "1.5 workers")
        XCTAssertEqual(FigureUnit.count("uploads/day").format(1), "1 upload/day")
        XCTAssertEqual(FigureUnit.count("queries/s", digits: 4).format(1), "1 query/s")
        XCTAssertEqual(FigureUnit.count("vCPU-hours/day").format(1), "1 vCPU-hour/day")
        XCTAssertEqual(FigureUnit.count("worker-seconds", digits: 4).format(1), "1 worker-second")
        XCTAssertEqual(FigureUnit.count("workers/day", digits: 4).formatDifference(-1), "-1 worker/day")
        XCTAssertEqual(FigureUnit.count("workers").format(1, halfWidth: 0.25), "1 worker ± 0.25")
        // The symbol in report.json and report.csv is unchanged.
        XCTAssertEqual(FigureUnit.count("workers").symbol, "workers")
    }
}
