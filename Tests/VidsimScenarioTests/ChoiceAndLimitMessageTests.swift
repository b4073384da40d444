import Foundation
import XCTest
import VidsimScenario

/// Messages that name what applies: the 30-day limit of an upload's duration (not any duration's 1000 years),
/// and a suggestion for a misspelt `run.daily_figures`.
final class ChoiceAndLimitMessageTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-messages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private let base = """
        name: base
        run: { horizon: 1 day }
        uploads:
          rate: 500 hours/min
          duration: { distribution: lognormal, median: 6 min, sigma: 1 }
          source_bitrate: 20 Mbps
        ladder:
          rungs:
            - { name: 480p, bitrate: 1.5 Mbps }
            - { name: 1080p, bitrate: 6 Mbps }
        transcode:
          workers: 10
          cost_per_content_second: { 480p: 0.1, 1080p: 0.5 }
        """

    private func write(_ yaml: String) throws -> String {
        let url = directory.appendingPathComponent("s.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func load(_ yaml: String) throws -> Scenario {
        try ScenarioLoader.load(path: write(yaml))
    }

    private func loadError(_ yaml: String, line: UInt = #line) throws -> ScenarioError {
        let path = try write(yaml)
        do {
            _ = try ScenarioLoader.load(path: path)
        } catch {
            return error
        }
        XCTFail("expected an error", line: line)
        throw CancellationError()
    }

    private func durationError(_ duration: String, line: UInt = #line) throws -> ScenarioError {
        try loadError(base.replacingOccurrences(of: "{ distribution: lognormal, median: 6 min, sigma: 1 }", with: duration),
                      line: line)
    }

    // MARK: An upload's duration: 30 days

    func testAnUploadDurationBeyondThirtyDaysNamesThirtyDays() throws {
        for duration in ["400 day", "31 days", "{ distribution: uniform, low: 1 min, high: 40 days }",
                         "{ distribution: exponential, mean: 10 days }"] {
            let e = try durationError(duration)
            XCTAssertEqual(e.fieldPath, "uploads.duration", duration)
            XCTAssertEqual(e.line, 5, duration)
            XCTAssertTrue(e.message.contains("expected upload durations within 30 days"), e.message)
            XCTAssertTrue(e.message.contains("one in a billion"), e.message)
            XCTAssertFalse(e.message.contains("1000 years"), e.message)
        }
    }

    /// Beyond a duration's own range (1000 years), an upload's duration still names the limit that applies to it.
    func testAnUploadDurationBeyondAThousandYearsNamesThirtyDaysToo() throws {
        let cases: [(duration: String, field: String, fragment: String)] = [
            // The one-in-a-billion draw beyond 1000 years.
            ("{ distribution: normal, mean: 10 min, standard_deviation: 1e10 s }", "uploads.duration", "one in a billion"),
            ("{ distribution: lognormal, median: 3 day, sigma: 3 }", "uploads.duration", "one in a billion"),
            // A value beyond 1000 years as written.
            ("1e300 s", "uploads.duration", "too large"),
            ("{ distribution: uniform, low: 0 s, high: 1e300 s }", "uploads.duration.high", "too large"),
            ("{ distribution: exponential, mean: 1e400 s }", "uploads.duration.mean", "too large"),
            ("{ distribution: empirical, values: [1 min, 1e12 day], weights: [1, 1] }", "uploads.duration.values[1]", "too large"),
        ]
        for (duration, field, fragment) in cases {
            let e = try durationError(duration)
            XCTAssertEqual(e.fieldPath, field, duration)
            XCTAssertTrue(e.message.contains("30 days"), "\(duration): \(e.message)")
            XCTAssertTrue(e.message.contains(fragment), "\(duration): \(e.message)")
            XCTAssertFalse(e.message.contains("1000 years"), "\(duration): \(e.message)")
        }
    }

    /// Every other message about an upload's duration is unchanged, and so is every other duration's limit.
    func testOtherDurationMessagesAndLimitsAreUnchanged() throws {
        var e = try durationError("{ distribution: exponential, mean: 6 Mbps }")
        XCTAssertEqual(e.fieldPath, "uploads.duration.mean")
        XCTAssertTrue(e.message.contains("is not a unit of a duration"), e.message)
        e = try durationError("{ distribution: empirical, values: [1 min, 2 parsecs], weights: [1, 1] }")
        XCTAssertTrue(e.fieldPath.hasPrefix("uploads.duration.values"), e.fieldPath)
        XCTAssertTrue(e.message.contains("'parsecs'"), e.message)
        e = try loadError(base.replacingOccurrences(of: "run: { horizon: 1 day }", with: "run: { horizon: 1e308 hours }"))
        XCTAssertEqual(e.fieldPath, "run.horizon")
        XCTAssertTrue(e.message.contains("1000 years"), e.message)
        // Within 30 days, as before.
        let scenario = try load(base.replacingOccurrences(of: "{ distribution: lognormal, median: 6 min, sigma: 1 }",
                                                          with: "{ distribution: empirical, values: [1 min, 10 min], weights: [1, 1] }"))
        XCTAssertEqual(scenario.uploads.duration.distribution.mean, 330, accuracy: 1e-9)
        XCTAssertEqual(try load(base.replacingOccurrences(of: "{ distribution: lognormal, median: 6 min, sigma: 1 }", with: "29 days"))
            .uploads.duration.distribution.mean, 29 * 86_400)
    }

    // MARK: A ladder's rungs: at most 10,000

    /// A worker's record holds its task's rung in 16 bits: a ladder beyond the limit is refused where it is written,
    /// in a fixed ladder and across a ladder's classes, and one at the limit loads.
    func testALadderOfMoreThanTenThousandRungsIsRefusedAtItsField() throws {
        let twoRungs = "    - { name: 480p, bitrate: 1.5 Mbps }\n    - { name: 1080p, bitrate: 6 Mbps }\n"
        func rungs(_ count: Int, indent: String) -> String {
            (0..<count).map { "\(indent)- { name: r\($0), height: 720, bitrate: \(100 + $0) Kbps }\n" }.joined()
        }
        var e = try loadError(base.replacingOccurrences(of: twoRungs, with: rungs(BitrateLadder.mostRungs + 1, indent: "    ")))
        XCTAssertEqual(e.fieldPath, "ladder.rungs")
        XCTAssertEqual(e.line, 9)
        XCTAssertTrue(e.message.contains("expected at most 10000 rungs, found 10001"), e.message)
        // Exactly 10,000 pass the ladder's check (and fail later, on the two costs given for other rungs).
        e = try loadError(base.replacingOccurrences(of: twoRungs, with: rungs(BitrateLadder.mostRungs, indent: "    ")))
        XCTAssertFalse(e.message.contains("at most 10000 rungs"), e.message)
        XCTAssertTrue(e.fieldPath.hasPrefix("transcode"), e.fieldPath)

        // Two classes: of 5,001 rungs each, each class within the limit but not the ladder; of 5,000, at the limit.
        // (A ladder by class reads a cost for a height, so one cost serves every rung; at 10 hours of uploads a
        // minute and a thousand workers, as ten thousand rungs of 500 hours a minute exceed the run's size.)
        func classes(_ each: Int) -> String {
            base.replacingOccurrences(of: "  rungs:\n" + twoRungs, with: "  classes:\n" + ["a", "b"].map {
                "    - name: \($0)\n      share: 1\n      rungs:\n" + rungs(each, indent: "        ")
            }.joined())
            .replacingOccurrences(of: "{ 480p: 0.1, 1080p: 0.5 }", with: "{ 720p: 0.0001 }")
            .replacingOccurrences(of: "rate: 500 hours/min", with: "rate: 10 hours/min")
            .replacingOccurrences(of: "workers: 10\n", with: "workers: 1000\n")
        }
        e = try loadError(classes(5_001))
        XCTAssertEqual(e.fieldPath, "ladder.classes")
        XCTAssertTrue(e.message.contains("expected at most 10000 rungs in all classes together, found 10002"), e.message)
        XCTAssertEqual(try load(classes(5_000)).ladder.rungs.count, 10_000)
    }

    // MARK: run.daily_figures

    func testAMisspeltDailyFiguresChoiceGetsASuggestion() throws {
        let cases = [("steady", "steady-state"), ("steady_state", "steady-state"), ("Steady State", "steady-state"),
                     ("cold", "cold-start"), ("coldstart", "cold-start"), ("cold-strat", "cold-start")]
        for (typed, suggested) in cases {
            let e = try loadError(base.replacingOccurrences(of: "run: { horizon: 1 day }",
                                                            with: "run: { horizon: 1 day, daily_figures: \(typed) }"))
            XCTAssertEqual(e.fieldPath, "run.daily_figures", typed)
            XCTAssertEqual(e.line, 2, typed)
            XCTAssertTrue(e.message.hasPrefix("expected one of steady-state, cold-start, found '\(typed)'"), e.message)
            XCTAssertTrue(e.message.hasSuffix("(did you mean '\(suggested)'?)"), "\(typed): \(e.message)")
        }
        // Nothing close: no suggestion.
        let e = try loadError(base.replacingOccurrences(of: "run: { horizon: 1 day }",
                                                        with: "run: { horizon: 1 day, daily_figures: monthly }"))
        XCTAssertEqual(e.message, "expected one of steady-state, cold-start, found 'monthly'")
    }

    func testDailyFiguresStillReadsItsChoicesAndDefault() throws {
        XCTAssertEqual(try load(base).run.dailyFigures, .steadyState)
        for (written, choice) in [("steady-state", RunSettings.DailyFigures.steadyState), ("cold-start", .coldStart)] {
            let scenario = try load(base.replacingOccurrences(of: "run: { horizon: 1 day }",
                                                              with: "run: { horizon: 1 day, daily_figures: \(written) }"))
            XCTAssertEqual(scenario.run.dailyFigures, choice)
        }
        let null = try load(base.replacingOccurrences(of: "run: { horizon: 1 day }", with: "run: { horizon: 1 day, daily_figures: }"))
        XCTAssertEqual(null.run.dailyFigures, .steadyState)
        let list = try loadError(base.replacingOccurrences(of: "run: { horizon: 1 day }",
                                                           with: "run: { horizon: 1 day, daily_figures: [cold-start] }"))
        XCTAssertEqual(list.fieldPath, "run.daily_figures")
        XCTAssertTrue(list.message.contains("expected one of steady-state, cold-start, found a list"), list.message)
    }
}
