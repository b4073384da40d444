import XCTest
import VidsimModels
import VidsimScenario

/// A database's shards, nodes and cost worked by hand.
final class DatabaseLoadTests: XCTestCase {
    func testShardsNodesAndCostByHand() throws {
        let scenario = try loadScenario("""
            name: db
            run: { horizon: 1 h }
            uploads: { count: 1/min, duration: 1 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 } }
            databases:
              - name: accounts
                kind: relational
                node_capacity: 1000/s
                replication: 3
                target_utilisation: 0.5
                price: $0.50/h
                load:
                  - { per: sign_up, rate: 100/s, writes: 2, reads: 6 }
                  - { per: upload, reads: 10 }
            """)
        // Sign-ups 100/s flat; uploads 10/s on average and 30/s at the peak (given here, as the model measures them).
        let load = DatabaseLoad(settings: scenario.databases[0]) { load in
            load.per == "upload" ? DatabaseLoad.Rate(mean: 10, peak: 30) : DatabaseLoad.Rate(mean: load.rate!.perSecond, peak: load.rate!.perSecond)
        }
        XCTAssertEqual(load.meanReadsPerSecond, 100 * 6 + 10 * 10)
        XCTAssertEqual(load.meanWritesPerSecond, 200)
        XCTAssertEqual(load.peakReadsPerSecond, 600 + 300)
        XCTAssertEqual(load.peakWritesPerSecond, 200)
        // Every copy takes each write: 900 reads + 3 x 200 writes.
        XCTAssertEqual(load.peakQueriesPerSecond, 1500)
        // A node plans for 500 queries/s: (200 writes + 900 reads / 3 copies) / 500 = 1 shard; 3 nodes.
        XCTAssertEqual(load.shards, 1)
        XCTAssertEqual(load.nodes, 3)
        XCTAssertEqual(load.costPerDay, 3 * 0.5 * 24, accuracy: 1e-9)
        // Twice the writes: (400 + 300) / 500 rounds up to 2 shards, 6 nodes.
        let heavier = DatabaseLoad(settings: scenario.databases[0]) { load in
            load.per == "upload" ? DatabaseLoad.Rate(mean: 10, peak: 30) : DatabaseLoad.Rate(mean: 200, peak: 200)
        }
        XCTAssertEqual(heavier.shards, 2)
        XCTAssertEqual(heavier.nodes, 6)
    }
}
