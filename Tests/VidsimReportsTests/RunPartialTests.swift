import Foundation
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario
import XCTest

/// A shard's partial result read back is what was measured, bit for bit: every value (NaN, infinities and the
/// smallest subnormal included), the histograms' bins, and so the report built from it.
final class RunPartialTests: XCTestCase {
    private func scenario() throws -> Scenario {
        let yaml = """
            name: partial
            seed: 3
            run: { horizon: 2 h, warm_up: 30 min, replications: 2, sample_interval: 15 min }
            uploads: { count: 1/min, duration: 4 min, source_bitrate: 8 Mbps }
            ladder:
              rungs: [ { name: 480p, bitrate: 1.5 Mbps }, { name: 720p, bitrate: 3 Mbps } ]
            transcode: { workers: 20, cost_per_content_second: { 480p: 0.2, 720p: 0.4 } }
            delivery:
              catalog: { videos: 5000, zipf_alpha: 0.8 }
              views: 2/s
              watched: 0.5
              renditions: [ { rung: 480p, share: 1 }, { rung: 720p, share: 1 } ]
              regions: [ { name: home, edge_sites: 2, edge_cache: 10 GB } ]
              edge: { policy: lru }
              players:
                bandwidth: { process: markov, states: [ { rate: 1 Mbps, sojourn: 6 s }, { rate: 4 Mbps, sojourn: 6 s } ] }
            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("partial.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: file.path)
    }

    private func partial(_ measurements: [ReplicationMeasurement]) -> RunPartial {
        RunPartial(kind: .run, directory: "/tmp", files: ["partial.yaml"], name: nil, digest: "0", figureKeys: [["a"]], seriesKeys: [["b"]], shard: 1, shards: 1,
                   replications: measurements.count, seed: UInt64.max, force: false, wallSeconds: 1, threads: 1,
                   units: measurements.enumerated().map { RunPartial.Unit(variant: 0, replication: $0, measurement: $1) })
    }

    func testAPartialReadsBackBitForBit() throws {
        let scenario = try scenario()
        let results = try ContentPathSimulation.run(scenario, threads: 2)
        var measurements = results.enumerated().map { ReplicationMeasurement(result: $1, scenario: scenario, replication: $0) }
        XCTAssertNotNil(measurements[0].players)
        XCTAssertNotNil(measurements[0].playerSample)
        XCTAssertNil(measurements[1].playerSample, "the segment log is kept from replication 0 only")
        // Values a figure can hold that JSON has no number for, or that a careless writer rounds.
        measurements[1].figures[0] = .nan
        measurements[1].figures[1] = .infinity
        measurements[1].figures[2] = -.infinity
        measurements[1].figures[3] = .leastNonzeroMagnitude
        measurements[1].figures[4] = 0.1 + 0.2
        measurements[1].figures[5] = -0.0

        let read = try RunPartial.read(try partial(measurements).data(), file: "shard-1-of-1.json")
        XCTAssertEqual(read.seed, String(UInt64.max))
        XCTAssertEqual(read.units.count, 2)
        for (unit, measurement) in zip(read.units, measurements) {
            XCTAssertEqual(unit.measurement.figures.map(\.bitPattern), measurement.figures.map(\.bitPattern))
            XCTAssertEqual(unit.measurement.series.map { $0.map(\.bitPattern) }, measurement.series.map { $0.map(\.bitPattern) })
            XCTAssertEqual(unit.measurement.players, measurement.players)
            XCTAssertEqual(unit.measurement.playerSample?.records, measurement.playerSample?.records)
        }
        XCTAssertNil(read.units[0].measurement.mismatch(with: scenario))
        // Infinite values read back as written, but a run never measures one: the merge refuses it.
        XCTAssertEqual(read.units[1].measurement.mismatch(with: scenario), "a value beyond what a run measures (infinite, or above 1e200)")
        // The report from what was read is the report from the results (without the edited values).
        let plain = results.enumerated().map { ReplicationMeasurement(result: $1, scenario: scenario, replication: $0) }
        let again = try RunPartial.read(try partial(plain).data(), file: "shard-1-of-1.json").units.map(\.measurement)
        let timing = RunTiming(wallSeconds: 1, threads: 1, events: 1)
        XCTAssertEqual(try JSONReport.render(RunMetrics(scenario: scenario, measurements: again), timing: timing),
                       try JSONReport.render(RunMetrics(scenario: scenario, results: results), timing: timing))
        XCTAssertEqual(try CSVReport.render(RunMetrics(scenario: scenario, measurements: again), timing: timing),
                       try CSVReport.render(RunMetrics(scenario: scenario, results: results), timing: timing))
    }

    /// A histogram's empty bins are left out of the file; what is read back merges like the original.
    func testAHistogramReadsBackWithItsBins() throws {
        var histogram = WeightedHistogram(lowest: 1e-3, highest: 3_600, bins: 1_312, scale: .logarithmic)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            histogram.add(Double(generator.next() % 1_000_000) / 1_000, weight: Double(generator.next() % 1000) / 7)
        }
        histogram.add(1e-4, weight: 0.5)
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let read = try decoder.decode(WeightedHistogram.self, from: encoder.encode(histogram))
        XCTAssertEqual(read, histogram)
        XCTAssertEqual(read.quantile(0.95), histogram.quantile(0.95))
        let empty = WeightedHistogram(lowest: -1, highest: 1, bins: 10, scale: .linear)
        XCTAssertEqual(try decoder.decode(WeightedHistogram.self, from: encoder.encode(empty)), empty)
        // Bins that are not a histogram's are an error, not a trap.
        for bad in [#"{"lowest":1,"highest":0,"bins":3,"scale":"linear","total":0,"maximum":0,"underflow":0,"underflow_maximum":0,"weights":[]}"#,
                    #"{"lowest":0,"highest":1,"bins":3,"scale":"logarithmic","total":0,"maximum":0,"underflow":0,"underflow_maximum":0,"weights":[]}"#,
                    #"{"lowest":0,"highest":1,"bins":3,"scale":"linear","total":0,"maximum":0,"underflow":0,"underflow_maximum":0,"weights":[[3,1]]}"#,
                    #"{"lowest":0,"highest":1,"bins":3,"scale":"linear","total":0,"maximum":0,"underflow":0,"underflow_maximum":0,"weights":[[0.5,1]]}"#] {
            XCTAssertThrowsError(try decoder.decode(WeightedHistogram.self, from: Data(bad.utf8)), bad)
        }
    }
}
