import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

final class StorageAndMetadataTests: XCTestCase {
    private func scenario(storage: String, metadata: String = "", uploads: String? = nil) throws -> Scenario {
        try loadScenario("""
            name: storage
            seed: 2
            run: { horizon: 2 h, replications: 1 }
            uploads: \(uploads ?? "{ rate: 500 hours/min, arrivals: deterministic, duration: 10 min, source_bitrate: 66.6667 Mbps }")
            \(seedLadderYAML)
            transcode:
              workers: 200000
              cost_per_content_second: { 240p: 0.03, 360p: 0.06, 480p: 0.12, 720p: 0.25, 1080p: 0.55, 2160p: 4.0 }
            storage:
            \(storage)
            \(metadata)
            """)
    }

    /// The seed's day: 8.91 PB of renditions and 21.6 PB of raw 4K (30 GB per content hour) a day, three
    /// replicas, one tier: a month holds 31 days of it, a year 366 (months of 30.4375 days, ending on whole days).
    func testTheSeedsDayWithRawAndReplicasOverAYear() throws {
        let scenario = try scenario(storage: """
              redundancy: { replicas: 3 }
              tiers: [ { name: standard, monthly_price: $0.02/GB } ]
              months: 12
            """)
        let result = try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
        XCTAssertEqual(result.renditionBytesPerDay / 1e15, 8.91, accuracy: 8.91 * 0.005)
        XCTAssertEqual(result.rawBytesPerDay / 1e15, 21.6, accuracy: 21.6 * 0.005)
        let months = StorageGrowth(settings: scenario.storage!, rawBytesPerDay: 21.6e15, renditionBytesPerDay: 8.91e15).months()
        XCTAssertEqual(months.count, 12)
        let daily = (21.6 + 8.91) * 3 * 1e15
        XCTAssertEqual(months[0].physicalBytes, 31 * daily, accuracy: 1)
        XCTAssertEqual(months[11].physicalBytes / 1e15, 366 * 30.51 * 3, accuracy: 1e-6)
        XCTAssertEqual(months[11].logicalBytes, months[11].physicalBytes / 3, accuracy: 1)
        // The first month's bill: day d holds d days of ingest, at $0.02 per GB-month, 30.4375 days a month.
        let firstMonth = (1...31).map { Double($0) * daily / 1e9 * 0.02 / 30.4375 }.reduce(0, +)
        XCTAssertEqual(months[0].cost, firstMonth, accuracy: firstMonth * 1e-12)
    }

    /// Tiers by age, raw files kept 30 days, 10% of uploads deleted at 60 days, erasure coding 10+4.
    func testTiersRetentionDeletionsAndErasureCoding() throws {
        let settings = try scenario(storage: """
              redundancy: { erasure: { data: 10, parity: 4 } }
              keep_raw_for: 30 day
              deletions: { fraction: 0.1, after: 60 day }
              tiers:
                - { name: hot, monthly_price: $0.023/GB }
                - { name: warm, after: 30 day, monthly_price: $0.0125/GB }
                - { name: cold, after: 90 day, monthly_price: $0.004/GB }
              months: 4
            """).storage!
        XCTAssertEqual(settings.redundancy.overhead, 1.4)
        let months = StorageGrowth(settings: settings, rawBytesPerDay: 2, renditionBytesPerDay: 1).months()
        // Month 4 ends after 122 days. Hot: the last 30 days' cohorts with raw (3 each). Warm: ages 31-90,
        // renditions only, 10% gone from age 61. Cold: ages 91-122, renditions less 10%.
        XCTAssertEqual(months[3].physicalBytesByTier[0], 30 * 3 * 1.4, accuracy: 1e-9)
        XCTAssertEqual(months[3].physicalBytesByTier[1], (30 * 1 + 30 * 0.9) * 1.4, accuracy: 1e-9)
        XCTAssertEqual(months[3].physicalBytesByTier[2], 32 * 0.9 * 1.4, accuracy: 1e-9)
    }

    /// Monthly growth compounds: a month's ingest is (1 + g) times the previous month's.
    func testMonthlyGrowthCompounds() throws {
        let settings = try scenario(storage: """
              tiers: [ { name: standard, monthly_price: $0.02/GB } ]
              months: 24
              monthly_growth: 0.05
            """).storage!
        let months = StorageGrowth(settings: settings, rawBytesPerDay: 0, renditionBytesPerDay: 1).months()
        let addedInMonth13 = months[12].physicalBytes - months[11].physicalBytes
        let addedInMonth1 = months[0].physicalBytes
        // Month 13 starts 12 months on: about 1.05^12 = 1.80 times month 1's daily ingest.
        XCTAssertEqual(addedInMonth13 / 30.4375 / (addedInMonth1 / 31), pow(1.05, 12), accuracy: 0.05)
    }

    func testStorageErrorsAreLocated() {
        XCTAssertThrowsError(try scenario(storage: """
              tiers: [ { name: hot, after: 3 day, monthly_price: $0.02/GB } ]
            """)) { error in
            XCTAssertEqual((error as? ScenarioError)?.fieldPath, "storage.tiers[0].after", "\(error)")
        }
        XCTAssertThrowsError(try scenario(storage: """
              redundancy: { replica: 3 }
              tiers: [ { name: hot, monthly_price: $0.02/GB } ]
            """)) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'replicas'"), "\(error)")
        }
    }

    /// Writes follow the simulated uploads, reads the views; shards = peak / (capacity x utilisation).
    func testMetadataShards() throws {
        let scenario = try scenario(storage: "  tiers: [ { name: hot, monthly_price: $0.02/GB } ]", metadata: """
            metadata:
              writes_per_upload: 20
              views: 86,400,000/day
              reads_per_view: 5
              shard_capacity: 2000/s
              target_utilisation: 0.5
            """, uploads: "{ count: 50/s, duration: 10 min, source_bitrate: 10 Mbps, diurnal: { peak_to_mean: 1.5 } }")
        let settings = try XCTUnwrap(scenario.metadata)
        let load = MetadataLoad(settings: settings, meanUploadsPerSecond: 50, peakUploadsPerSecond: 75, viewShapePeak: 1.5)
        XCTAssertEqual(load.meanWritesPerSecond, 1000)
        XCTAssertEqual(load.peakWritesPerSecond, 1500)
        XCTAssertEqual(load.meanReadsPerSecond, 5000)
        XCTAssertEqual(load.peakReadsPerSecond, 7500)
        XCTAssertEqual(load.shards, 9)  // 9,000 / (2,000 x 0.5) = 9
    }
}
