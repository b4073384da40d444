import Foundation
import XCTest
import VidsimScenario

/// `databases:` read from a scenario: each load names an event the model simulates or gives its own rate; a
/// database fed by no event, an unknown event, a rate for a simulated one and repeated names are located errors.
final class DatabaseSettingsTests: XCTestCase {
    private let base = """
        name: db
        run: { horizon: 1 day }
        uploads: { count: 1/min, duration: 1 min, source_bitrate: 8 Mbps }
        ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
        transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 } }
        metadata: { views: 100/s, shard_capacity: 5000/s }
        work:
          pools: [ { name: containers, workers: 10 } ]
          classes: [ { name: edit, rate: 5/s, service: 1 s, pool: containers } ]
        databases:
          - name: accounts
            kind: relational
            node_capacity: 1000/s
            replication: 2
            load:
              - { per: sign_up, rate: 2/s, writes: 3 }
              - { per: upload, reads: 2 }
              - { per: edit, reads: 1 }
              - { per: view, reads: 1 }
          - { name: history, kind: nosql, node_capacity: 5000/s, price: $0.45/h, load: [ { per: edit, writes: 2 } ] }
        """

    private var edits: ScenarioEdits { ScenarioEdits(base: base) }
    private func load(_ yaml: String) throws -> Scenario { try edits.load(yaml) }
    private func error(_ from: String, _ to: String, line: UInt = #line) throws -> ScenarioError { try edits.error(from, to, line: line) }

    func testDatabasesAndTheirLoadsAreRead() throws {
        let scenario = try load(base)
        XCTAssertEqual(scenario.databases.map(\.name), ["accounts", "history"])
        XCTAssertEqual(scenario.databases.map(\.kind), [.relational, .nosql])
        XCTAssertEqual(scenario.databases[0].replication, 2)
        XCTAssertEqual(scenario.databases[1].replication, 1)
        XCTAssertEqual(scenario.databases[0].targetUtilisation, 0.7)
        XCTAssertEqual(scenario.databases[0].load.map(\.per), ["sign_up", "upload", "edit", "view"])
        XCTAssertEqual(scenario.databases[0].load[0].rate?.perSecond, 2)
        XCTAssertEqual(scenario.databaseEventSources, ["upload", "view", "edit"])
    }

    func testMistakesAreLocated() throws {
        let cases: [(String, String, String, String)] = [
            ("load: [ { per: edit, writes: 2 } ]", "load: []", "databases[1].load", "a database fed by no event"),
            ("- { per: edit, reads: 1 }", "- { per: edits, reads: 1 }", "databases[0].load[2].per",
             "no event of the model is called 'edits' (did you mean 'edit'?): expected one of upload, view, edit, or, for an event"),
            ("- { per: upload, reads: 2 }", "- { per: upload, rate: 3/s, reads: 2 }", "databases[0].load[1].rate", "is simulated"),
            ("- { per: sign_up, rate: 2/s, writes: 3 }", "- { per: sign_up, writes: 3 }", "databases[0].load[0].per",
             "no event of the model is called 'sign_up'"),
            ("name: history", "name: accounts", "databases[1].name", "another database is already called 'accounts'"),
            ("node_capacity: 1000/s", "node_capacity: 0/s", "databases[0].node_capacity", "expected a node capacity"),
            ("replication: 2", "replication: 0", "databases[0].replication", "expected 1 to 100 copies"),
            ("kind: nosql", "kind: graph", "databases[1].kind", "nosql"),
            ("- { per: view, reads: 1 }", "- { per: view }", "databases[0].load[3].reads", "expected some reads or writes"),
        ]
        for (from, to, field, fragment) in cases {
            let e = try error(from, to)
            XCTAssertEqual(e.fieldPath, field, to)
            XCTAssertTrue(e.message.contains(fragment), "\(to): \(e.message)")
        }
        // Views need the delivery side or metadata.views.
        let noViews = try error("metadata: { views: 100/s, shard_capacity: 5000/s }\n", "")
        XCTAssertEqual(noViews.fieldPath, "databases[0].load[3].per")
        XCTAssertTrue(noViews.message.contains("views are simulated with delivery:, or given by metadata.views"), noViews.message)
    }
}
