import Foundation
import XCTest
import VidsimScenario

/// `work:` read from a scenario: routes resolved to pools, and each mistake located at its field with what was
/// expected (a class routed to no pool, with the pools that exist; a pool no class uses; repeated names; values
/// out of range).
final class WorkSettingsTests: XCTestCase {
    private let base = """
        name: work
        run: { horizon: 1 day }
        uploads: { count: 1/min, duration: 1 min, source_bitrate: 8 Mbps }
        ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
        transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 } }
        work:
          pools:
            - { name: containers, workers: 10, price: $0.04/h }
            - { name: vms, kind: vm, workers: 4, price: $0.17/h }
          classes:
            - { name: edit, rate: 5/s, service: { distribution: exponential, mean: 1 s }, pool: containers, overflow: vms, objective: { latency: 2 s } }
            - { name: preview, rate: 0.5/s, service: 4 s, priority: 2, pool: vms }
        """

    private var edits: ScenarioEdits { ScenarioEdits(base: base) }
    private func load(_ yaml: String) throws -> Scenario { try edits.load(yaml) }
    private func error(_ from: String, _ to: String, line: UInt = #line) throws -> ScenarioError { try edits.error(from, to, line: line) }

    func testRoutesAndDefaultsAreRead() throws {
        let work = try XCTUnwrap(try load(base).work)
        XCTAssertEqual(work.pools.map(\.name), ["containers", "vms"])
        XCTAssertEqual(work.pools.map(\.kind), [.container, .vm])
        XCTAssertEqual(work.pools[1].price.dollarsPerBaseUnit * 3600, 0.17, accuracy: 1e-12)
        XCTAssertEqual(work.poolIndices.map(\.pool), [0, 1])
        XCTAssertEqual(work.poolIndices.map(\.overflow), [1, nil])
        XCTAssertEqual(work.classes.map(\.priority), [1, 2])
        XCTAssertEqual(work.classes[0].objective?.percentile, 99)
        XCTAssertEqual(work.classes[0].objective?.latency.seconds, 2)
        XCTAssertNil(work.classes[1].objective)
        XCTAssertEqual(work.classes[1].service.distribution.mean, 4)
    }

    func testAClassRoutedToNoPoolIsLocatedWithThePoolsThatExist() throws {
        let e = try error("pool: vms }", "pool: vm }")
        XCTAssertEqual(e.fieldPath, "work.classes[1].pool")
        XCTAssertEqual(e.line, 12)
        XCTAssertTrue(e.message.contains("no pool is called 'vm'") && e.message.contains("'containers', 'vms'")
                      && e.message.contains("did you mean 'vms'?"), e.message)
        let overflow = try error("overflow: vms", "overflow: spare")
        XCTAssertEqual(overflow.fieldPath, "work.classes[0].overflow")
        XCTAssertTrue(overflow.message.contains("no pool is called 'spare'"), overflow.message)
        let own = try error("overflow: vms", "overflow: containers")
        XCTAssertEqual(own.fieldPath, "work.classes[0].overflow")
        XCTAssertTrue(own.message.contains("another pool than its own"), own.message)
    }

    func testAPoolNoClassUsesAndRepeatedNamesAreErrors() throws {
        let unused = try error("    - { name: vms, kind: vm, workers: 4, price: $0.17/h }",
                               "    - { name: vms, kind: vm, workers: 4, price: $0.17/h }\n    - { name: idle, workers: 3 }")
        XCTAssertEqual(unused.fieldPath, "work.pools[2].name")
        XCTAssertTrue(unused.message.contains("no class is served by the pool 'idle'"), unused.message)
        let pool = try error("name: vms, kind", "name: containers, kind")
        XCTAssertEqual(pool.fieldPath, "work.pools[1].name")
        XCTAssertTrue(pool.message.contains("another pool is already called 'containers'"), pool.message)
        let workClass = try error("name: preview", "name: edit")
        XCTAssertEqual(workClass.fieldPath, "work.classes[1].name")
        XCTAssertTrue(workClass.message.contains("another class is already called 'edit'"), workClass.message)
    }

    func testValuesOutOfRangeAreLocated() throws {
        let cases: [(String, String, String, String)] = [
            ("rate: 5/s", "rate: 0/s", "work.classes[0].rate", "expected a rate above 0"),
            ("rate: 5/s", "rate: 2e6/s", "work.classes[0].rate", "at most 1,000,000/s"),
            ("priority: 2", "priority: 0", "work.classes[1].priority", "expected a priority from 1"),
            ("service: 4 s", "service: 0 s", "work.classes[1].service", "mean is above 0"),
            ("service: 4 s", "service: 30 days", "work.classes[1].service", "at most 7 days"),
            ("workers: 4", "workers: 0", "work.pools[1].workers", "expected 1 to 1,000,000 workers"),
            ("latency: 2 s", "latency: 0 s", "work.classes[0].objective.latency", "expected a latency above 0"),
            ("latency: 2 s }", "latency: 2 s, percentile: 100 }", "work.classes[0].objective.percentile", "below 100"),
            ("kind: vm", "kind: lambda", "work.pools[1].kind", "vm"),
            ("price: $0.17/h", "price: 0.17", "work.pools[1].price", "such as '$0.34/h'"),
            ("pool: vms }", "pool: vms, queue: 3 }", "work.classes[1].queue", "queue"),
        ]
        for (from, to, field, fragment) in cases {
            let e = try error(from, to)
            XCTAssertEqual(e.fieldPath, field, to)
            XCTAssertTrue(e.message.contains(fragment), "\(to): \(e.message)")
        }
    }

    /// The base with three zones, zone b lost for two hours, and the fleet and both pools in zones.
    private var zoned: String {
        base.replacingOccurrences(of: "cost_per_content_second: { 360p: 0.1 } }", with: "cost_per_content_second: { 360p: 0.1 }, zones: [a, b, c] }")
            .replacingOccurrences(of: "workers: 10, price: $0.04/h }", with: "workers: 10, price: $0.04/h, zones: [a, b, c] }")
            .replacingOccurrences(of: "workers: 4, price: $0.17/h }", with: "workers: 4, price: $0.17/h, zones: [a, b] }")
            + "\nzones:\n  names: [a, b, c]\n  outages: [ { zone: b, start: 20 h, duration: 2 h } ]\n"
    }

    func testZonesAndAutoscaledPoolsAreRead() throws {
        let scenario = try load(zoned.replacingOccurrences(
            of: "workers: 4, price: $0.17/h, zones: [a, b] }",
            with: "price: $0.17/h, zones: [a, b], startup: 2 min, autoscaling: { policy: target-utilisation, min: 2, max: 40 } }"))
        let zones = try XCTUnwrap(scenario.zones)
        XCTAssertEqual(zones.names, ["a", "b", "c"])
        XCTAssertEqual(zones.outages.map(\.zone), ["b"])
        XCTAssertEqual(zones.outages[0].end.seconds, 22 * 3600)
        XCTAssertEqual(scenario.transcode.zones, ["a", "b", "c"])
        let pools = try XCTUnwrap(scenario.work?.pools)
        XCTAssertEqual(pools.map(\.zones), [["a", "b", "c"], ["a", "b"]])
        XCTAssertEqual(pools[1].workers, 2, "an autoscaled pool starts at its min")
        XCTAssertEqual(pools[1].startup.seconds, 120)
        XCTAssertEqual(pools[0].startup.seconds, 5, "a container's default start-up")
        XCTAssertEqual(pools[1].autoscaling?.maximum, 40)
    }

    func testZoneMistakesAreLocated() throws {
        let edits = ScenarioEdits(base: zoned)
        let cases: [(String, String, String, String)] = [
            // A pool with no zone, when the scenario has zones.
            (", zones: [a, b] }", " }", "work.pools[1].zones", "the pool 'vms' is in no zone"),
            (", zones: [a, b] }", ", zones: [] }", "work.pools[1].zones", "is in no zone"),
            ("360p: 0.1 }, zones: [a, b, c] }", "360p: 0.1 } }", "transcode.zones", "the transcode fleet is in no zone"),
            ("zones: [a, b] }", "zones: [a, d] }", "work.pools[1].zones[1]", "no zone is called 'd'"),
            ("zones: [a, b] }", "zones: [a, a] }", "work.pools[1].zones[1]", "named twice"),
            ("{ zone: b, start", "{ zone: bb, start", "zones.outages[0].zone", "did you mean 'b'?"),
            ("start: 20 h", "start: 30 h", "zones.outages[0].start", "before the horizon"),
            ("duration: 2 h", "duration: 0 s", "zones.outages[0].duration", "above 0"),
            ("{ zone: b, start: 20 h, duration: 2 h } ]", "{ zone: b, start: 20 h, duration: 2 h }, { zone: b, start: 21 h, duration: 3 h } ]",
             "zones.outages[1].start", "already lost from"),
            ("names: [a, b, c]", "names: [a, b, b]", "zones.names[2]", "named twice"),
            ("workers: 4, price: $0.17/h", "workers: 50, price: $0.17/h, autoscaling: { policy: backlog, max: 20 }", "work.pools[1].workers",
             "from autoscaling.min (0) to autoscaling.max (20)"),
            ("workers: 4, price: $0.17/h", "price: $0.17/h", "work.pools[1].workers", "workers"),
        ]
        for (from, to, field, fragment) in cases {
            let e = try edits.error(from, to)
            XCTAssertEqual(e.fieldPath, field, to)
            XCTAssertTrue(e.message.contains(fragment), "\(to): \(e.message)")
        }
        // Zones named by a pool of a scenario that declares none.
        let undeclared = try ScenarioEdits(base: base).error("workers: 4, price: $0.17/h }", "workers: 4, price: $0.17/h, zones: [a] }")
        XCTAssertEqual(undeclared.fieldPath, "work.pools[1].zones")
        XCTAssertTrue(undeclared.message.contains("the scenario declares none"), undeclared.message)
    }
}
