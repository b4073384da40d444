import Foundation
import XCTest
import VidsimKernel
import VidsimScenario
import VidsimUnits

final class ScenarioLoaderTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

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

    private func loadError(_ yaml: String, file: String = "s.yaml") throws -> ScenarioError {
        let path = try write(file, yaml)
        do {
            _ = try ScenarioLoader.load(path: path)
        } catch {
            return error
        }
        XCTFail("expected an error")
        throw CancellationError()
    }

    /// The files a scenario was read from, for a sweep's digest: its extends chain, and the calibration and
    /// bandwidth trace files it names (here the shipped rural viewer's).
    func testTheFilesReadAreListed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scenario = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/seed-rural-viewer.yaml").path, force: true)
        XCTAssertEqual(scenario.sourceFiles.map { ($0 as NSString).lastPathComponent }.first, "seed-rural-viewer.yaml")
        XCTAssertTrue(scenario.sourceFiles.contains { $0.hasSuffix("seed-new-video.yaml") }, "\(scenario.sourceFiles)")
        XCTAssertTrue(try XCTUnwrap(scenario.calibrationFile).hasSuffix(".json"))
        XCTAssertEqual(scenario.traceFiles.map { ($0 as NSString).lastPathComponent }, ["rural-3g.txt"])
        for file in scenario.traceFiles + [scenario.calibrationFile!] { XCTAssertTrue(FileManager.default.fileExists(atPath: file), file) }
    }

    func testDefaultsAndDerivedArrivalRate() throws {
        let scenario = try ScenarioLoader.load(path: write("base.yaml", base))
        XCTAssertEqual(scenario.seed, 1)
        XCTAssertEqual(scenario.run.replications, 1)
        XCTAssertEqual(scenario.run.warmUp, .zero)
        XCTAssertEqual(scenario.run.sampleInterval, .hours(1))
        XCTAssertEqual(scenario.uploads.arrivals, .poisson)
        // 30,000 content seconds per second over a mean duration of 360 e^0.5 s.
        XCTAssertEqual(scenario.uploads.arrivalRate.perSecond, 30_000 / (360 * exp(0.5)), accuracy: 1e-9)
        XCTAssertEqual(scenario.ladder.totalBitrate, .megabits(7.5))
        XCTAssertEqual(scenario.transcode.costs(for: scenario.ladder), [0.1, 0.5])
    }

    func testExtendsMergesMappingsAndReplacesLists() throws {
        _ = try write("base.yaml", base)
        let error = try loadError("""
            extends: base.yaml
            name: child
            uploads:
              rate: 1 hours/min
            ladder:
              rungs: [ { name: 720p, bitrate: 3 Mbps } ]
            transcode:
              cost_per_content_second: { 720p: 0.2 }
            """, file: "child.yaml")
        // The base's costs for 480p and 1080p merge in, but the ladder no longer has them.
        XCTAssertEqual(error.fieldPath, "transcode.cost_per_content_second.1080p")
        XCTAssertEqual(error.file, directory.appendingPathComponent("base.yaml").path)
        XCTAssertEqual(error.line, 13)

        _ = try write("child2.yaml", """
            extends: base.yaml
            name: child2
            uploads: { rate: 1 hours/min }
            transcode: { workers: 99 }
            """)
        let scenario = try ScenarioLoader.load(path: directory.appendingPathComponent("child2.yaml").path)
        XCTAssertEqual(scenario.name, "child2")
        XCTAssertEqual(scenario.transcode.workers, 99)
        XCTAssertEqual(scenario.ladder.rungs.count, 2)
        XCTAssertEqual(scenario.uploads.contentRate?.contentSecondsPerSecond, 60)
        XCTAssertEqual(scenario.uploads.sourceBitrate.distribution.mean, 20e6)
        XCTAssertEqual(scenario.sourceFiles.count, 2)
    }

    func testDistributionsWithUnits() throws {
        let cases: [(String, Double)] = [
            ("10 min", 600),
            ("{ distribution: exponential, mean: 2 min }", 120),
            ("{ distribution: uniform, low: 1 min, high: 3 min }", 120),
            ("{ distribution: normal, mean: 5 min, standard_deviation: 30 s }", 300),
            ("{ distribution: lognormal, mean: 11.7 min, p95: 40 min }", 702),
            ("{ distribution: gamma, shape: 2, scale: 1 min }", 120),
            ("{ distribution: pareto, shape: 2, minimum: 1 min }", 120),
            ("{ distribution: empirical, values: [1 min, 3 min], weights: [1, 1] }", 120),
            ("{ distribution: empirical, bins: [0 s, 4 min], weights: [1] }", 120),
        ]
        for (text, mean) in cases {
            let yaml = base.replacingOccurrences(of: "{ distribution: lognormal, median: 6 min, sigma: 1 }", with: text)
            let scenario = try ScenarioLoader.load(path: write("d.yaml", yaml))
            XCTAssertEqual(scenario.uploads.duration.distribution.mean, mean, accuracy: 1e-6, text)
        }
    }

    func testDistributionErrorsAreLocated() throws {
        func error(_ text: String) throws -> ScenarioError {
            try loadError(base.replacingOccurrences(of: "{ distribution: lognormal, median: 6 min, sigma: 1 }", with: text))
        }
        var e = try error("{ distribution: lognormall, median: 6 min, sigma: 1 }")
        XCTAssertEqual(e.fieldPath, "uploads.duration.distribution")
        XCTAssertTrue(e.message.contains("did you mean 'lognormal'"), e.message)
        e = try error("{ distribution: exponential, mean: 6 min, sigma: 1 }")
        XCTAssertEqual(e.fieldPath, "uploads.duration.sigma")
        XCTAssertTrue(e.message.contains("not a parameter of a exponential") || e.message.contains("not a parameter"), e.message)
        e = try error("{ distribution: exponential, mean: 6 Mbps }")
        XCTAssertEqual(e.fieldPath, "uploads.duration.mean")
        XCTAssertEqual(e.line, 5)
        e = try error("{ distribution: lognormal, mean: 10 min, p95: 5 min }")
        XCTAssertEqual(e.fieldPath, "uploads.duration")
        XCTAssertTrue(e.message.contains("mean < p95"), e.message)
    }

    func testCrossFieldAndRangeChecks() throws {
        var e = try loadError(base.replacingOccurrences(of: "workers: 10", with: "workers: 0"))
        XCTAssertEqual(e.fieldPath, "transcode.workers")
        XCTAssertEqual(e.line, 12)
        e = try loadError(base.replacingOccurrences(of: "run: { horizon: 1 day }", with: "run: { horizon: 1 day, warm_up: 2 day }"))
        XCTAssertEqual(e.fieldPath, "run.warm_up")
        e = try loadError(base.replacingOccurrences(of: "name: base", with: "name: ../escape"))
        XCTAssertEqual(e.fieldPath, "name")
        e = try loadError(base.replacingOccurrences(of: "rate: 500 hours/min", with: "rate: 500 hours/min\n  count: 5/s"))
        XCTAssertEqual(e.fieldPath, "uploads.count")
        e = try loadError(base.replacingOccurrences(of: "workers: 10", with: "workers: ten"))
        XCTAssertEqual(e.fieldPath, "transcode.workers")
        XCTAssertTrue(e.message.contains("whole number"), e.message)
        e = try loadError(base.replacingOccurrences(of: "- { name: 1080p, bitrate: 6 Mbps }", with: "- { name: 480p, bitrate: 6 Mbps }"))
        XCTAssertEqual(e.fieldPath, "ladder.rungs[1].name")
        // A thousands separator inside a flow mapping splits the entry: say so.
        e = try loadError(base.replacingOccurrences(of: "run: { horizon: 1 day }", with: "run: { horizon: 1 day, replications: 1,000 }"))
        XCTAssertEqual(e.fieldPath, "run.000")
        XCTAssertTrue(e.message.contains("a comma separates fields"), e.message)
    }

    func testDiurnalProfiles() throws {
        let sinusoid = base.replacingOccurrences(of: "  rate: 500 hours/min", with: "  rate: 500 hours/min\n  diurnal: { peak_to_mean: 1.5, peak_hour: 20 }")
        let profile = try XCTUnwrap(try ScenarioLoader.load(path: write("s.yaml", sinusoid)).uploads.profile.diurnal)
        XCTAssertEqual(profile.multiplier(at: .hours(20)), 1.5, accuracy: 1e-12)
        XCTAssertEqual(profile.multiplier(at: .hours(8)), 0.5, accuracy: 1e-12)
        XCTAssertEqual(profile.multiplier(at: .hours(44)), 1.5, accuracy: 1e-12)
        let mean = (0..<2400).map { profile.multiplier(at: .hours(Double($0) / 100)) }.reduce(0, +) / 2400
        XCTAssertEqual(mean, 1, accuracy: 1e-9)

        let weights = (0..<24).map { $0 < 12 ? "1" : "3" }.joined(separator: ", ")
        let hourly = base.replacingOccurrences(of: "  rate: 500 hours/min", with: "  rate: 500 hours/min\n  diurnal: { hourly: [\(weights)] }")
        let stepped = try XCTUnwrap(try ScenarioLoader.load(path: write("h.yaml", hourly)).uploads.profile.diurnal)
        XCTAssertEqual(stepped.multiplier(at: .hours(3)), 0.5, accuracy: 1e-12)
        XCTAssertEqual(stepped.multiplier(at: .hours(15)), 1.5, accuracy: 1e-12)
        XCTAssertEqual(stepped.maximum, 1.5, accuracy: 1e-12)

        let bad = base.replacingOccurrences(of: "  rate: 500 hours/min", with: "  rate: 500 hours/min\n  diurnal: { peak_to_mean: 3 }")
        XCTAssertEqual(try loadError(bad).fieldPath, "uploads.diurnal.peak_to_mean")
    }
}
