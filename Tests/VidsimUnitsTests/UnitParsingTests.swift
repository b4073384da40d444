import XCTest
import VidsimUnits

final class UnitParsingTests: XCTestCase {
    func testSizesInDecimalAndBinaryUnits() throws {
        XCTAssertEqual(try DataSize(parsing: "30 GB").bytes, 30e9)
        XCTAssertEqual(try DataSize(parsing: "10MB").bytes, 10e6)
        XCTAssertEqual(try DataSize(parsing: "1 KiB").bytes, 1024)
        XCTAssertEqual(try DataSize(parsing: "2 GiB").bytes, 2 * 1_073_741_824)
        XCTAssertEqual(try DataSize(parsing: "1.5 PB").bytes, 1.5e15)
        XCTAssertEqual(try DataSize(parsing: "1 PiB").bytes, 1_125_899_906_842_624)
        XCTAssertEqual(try DataSize(parsing: "1,500 TB").bytes, 1.5e15)
    }

    func testBitRatesDurationsAndContentRates() throws {
        XCTAssertEqual(try BitRate(parsing: "300 Kbps").bitsPerSecond, 300_000)
        XCTAssertEqual(try BitRate(parsing: "1.5 Mbps").bitsPerSecond, 1_500_000)
        XCTAssertEqual(try BitRate(parsing: "10 Gbps").bitsPerSecond, 1e10)
        XCTAssertEqual(try TimeSpan(parsing: "90 s").seconds, 90)
        XCTAssertEqual(try TimeSpan(parsing: "250 ms").seconds, 0.25)
        XCTAssertEqual(try TimeSpan(parsing: "10 min").seconds, 600)
        XCTAssertEqual(try TimeSpan(parsing: "2 h").seconds, 7200)
        XCTAssertEqual(try TimeSpan(parsing: "1 day").seconds, 86_400)
        XCTAssertEqual(try ContentRate(parsing: "500 hours/min").contentSecondsPerSecond, 30_000)
        XCTAssertEqual(try ContentRate(parsing: "720,000 hours/day").contentSecondsPerSecond, 30_000, accuracy: 1e-9)
        XCTAssertEqual(try EventRate(parsing: "3000/min").perSecond, 50)
    }

    func testMoneyAndPrices() throws {
        XCTAssertEqual(try Money(parsing: "$1,250.50").dollars, 1250.5)
        XCTAssertEqual(try Money(parsing: "12 USD").dollars, 12)
        let egress = try Price<DataSize>(parsing: "$0.085/GB")
        XCTAssertEqual(egress.cost(of: try DataSize(parsing: "10 TB")).dollars, 850, accuracy: 1e-6)
        let vm = try Price<TimeSpan>(parsing: "$1.20/h")
        XCTAssertEqual(vm.cost(of: .days(1)).dollars, 28.8, accuracy: 1e-9)
    }

    func testMisspeltUnitSuggestsTheClosestOne() {
        XCTAssertThrowsError(try BitRate(parsing: "6 Mbsp")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("'Mbsp'"), message)
            XCTAssertTrue(message.contains("did you mean 'Mbps'"), message)
        }
        XCTAssertThrowsError(try DataSize(parsing: "30 GBs")) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'GB'"), "\(error)")
        }
    }

    func testMissingUnitNegativeValueAndNonsenseAreRefused() {
        XCTAssertThrowsError(try DataSize(parsing: "30")) { XCTAssertTrue("\($0)".contains("has no unit"), "\($0)") }
        XCTAssertThrowsError(try BitRate(parsing: "-5 Mbps")) { XCTAssertTrue("\($0)".contains("negative"), "\($0)") }
        XCTAssertThrowsError(try TimeSpan(parsing: "ten min")) { XCTAssertTrue("\($0)".contains("not a duration"), "\($0)") }
        XCTAssertThrowsError(try TimeSpan(parsing: "nan s"))
    }

    /// The seed's table: 27.5 Mbps of renditions is 12.375 GB per content hour.
    func testSeedLadderStoragePerContentHour() throws {
        let rungs = try ["300 Kbps", "700 Kbps", "1.5 Mbps", "3 Mbps", "6 Mbps", "16 Mbps"].map { try BitRate(parsing: $0) }
        let perRung = rungs.map { DataSize(rate: $0, over: .hours(1)).gigabytes }
        XCTAssertEqual(perRung, [0.135, 0.315, 0.675, 1.35, 2.7, 7.2].map { $0 }, accuracy: 1e-12)
        let total = DataSize(rate: rungs.reduce(.zero, +), over: .hours(1))
        XCTAssertEqual(total.gigabytes, 12.375, accuracy: 1e-12)
        // 500 content hours a minute for a day: 720,000 hours, 8.91 PB.
        let day = ContentRate(contentSecondsPerSecond: 30_000).content(over: .days(1))
        XCTAssertEqual(DataSize(rate: rungs.reduce(.zero, +), over: day).petabytes, 8.91, accuracy: 1e-9)
    }

    func testFormatting() {
        XCTAssertEqual(DataSize(bytes: 8.91e15).description, "8.91 PB")
        XCTAssertEqual(BitRate(bitsPerSecond: 27.5e6).description, "27.5 Mbps")
        XCTAssertEqual(TimeSpan(seconds: 90).description, "1.5 min")
        XCTAssertEqual(significant(0.000123456, digits: 3), "0.000123")
    }

    func testEditDistance() {
        XCTAssertEqual(Spelling.editDistance("uplods", "uploads"), 1)
        XCTAssertEqual(Spelling.closest(to: "uplods", among: ["uploads", "ladder", "run"]), "uploads")
        XCTAssertNil(Spelling.closest(to: "zzzzzz", among: ["uploads", "ladder"]))
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}

/// Values valid as written and out of range once converted are refused, and long text is cut short.
final class UnitLimitTests: XCTestCase {
    func testValuesBeyondTheModelsRangeAreRefused() {
        XCTAssertThrowsError(try TimeSpan(parsing: "1e308 hours")) { XCTAssertTrue("\($0)".contains("too large"), "\($0)") }
        XCTAssertThrowsError(try DataSize(parsing: "1e400 GB")) { XCTAssertTrue("\($0)".contains("too large"), "\($0)") }
        XCTAssertThrowsError(try DataSize(parsing: "-1e400 GB")) { XCTAssertTrue("\($0)".contains("negative"), "\($0)") }
        XCTAssertThrowsError(try Money(parsing: "$1e300")) { XCTAssertTrue("\($0)".contains("too large"), "\($0)") }
        XCTAssertThrowsError(try Price<TimeSpan>(parsing: "$1e300/h")) { XCTAssertTrue("\($0)".contains("too large"), "\($0)") }
        XCTAssertEqual(try TimeSpan(parsing: "365250 day").days, 365_250)
        XCTAssertThrowsError(try TimeSpan(parsing: "365251 day"))
    }

    func testEchoedTextIsCutShort() {
        let long = "5 " + String(repeating: "y", count: 5000)
        XCTAssertThrowsError(try TimeSpan(parsing: long)) { error in
            XCTAssertLessThan("\(error)".count, 400, "\(error)")
            XCTAssertTrue("\(error)".contains("…"), "\(error)")
        }
        XCTAssertEqual(quoted("short"), "short")
        XCTAssertEqual(quoted(String(repeating: "a", count: 100)).count, 60)
        XCTAssertEqual(shown(1e300), "1e+300")
        XCTAssertEqual(shown(2.5), "2.5")
    }
}
