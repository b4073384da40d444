import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// Zones on the transcode fleet: a lost zone takes its workers at the outage's start, their tasks go back to the
/// queue and every upload is still published once; a fixed fleet refills its other zones after the start-up.
final class FleetZoneOutageTests: XCTestCase {
    private func scenario(outage: String) throws -> Scenario {
        try loadScenario("""
            name: fleet-zones
            run: { horizon: 6 h, warm_up: 0 s, sample_interval: 30 s }
            uploads: { rate: 4.8 hours/h, duration: { distribution: exponential, mean: 2 min }, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode:
              workers: 6
              worker: { kind: vm, startup: 90 s }
              cost_per_content_second: { 360p: 1.0 }
              zones: [a, b, c]
            zones:
              names: [a, b, c]
              outages: [ \(outage) ]
            """)
    }

    func testAFixedFleetLosesAZoneRequeuesItsTasksAndRefills() throws {
        let scenario = try scenario(outage: "{ zone: b, start: 2 h, duration: 1 h }")
        var requeued = 0
        for replication in 0..<8 {
            let result = try ContentPathSimulation.simulate(scenario, replication: replication)
            XCTAssertEqual(result.workersLostToZones, 2, "zone b's two workers")
            requeued += result.tasksRequeuedByZones
            let times = result.sampleTimes
            XCTAssertEqual(times.last, 6 * 3600, "a sample at the horizon")
            for (index, time) in times.enumerated() {
                // Lost at 2 h; replacements launched at once (alive, billed) and ready 90 s later.
                XCTAssertEqual(result.aliveWorkers[index], 6, "alive at \(time) s")
                if time >= 7200 && time < 7290 { XCTAssertLessThanOrEqual(result.busyWorkers[index], 4, "busy at \(time) s") }
            }
            // One rung, no split: an upload is one task. Every upload that reached the platform is published, waiting
            // or being transcoded at the horizon: none lost with its worker, none published twice.
            XCTAssertEqual(result.uploads, result.published + result.tasksWaitingAtEnd + Int(result.busyWorkers.last!),
                           "uploads \(result.uploads), published \(result.published), waiting \(result.tasksWaitingAtEnd)")
            XCTAssertEqual(result.tasksCompleted, result.published)
        }
        XCTAssertGreaterThan(requeued, 4, "at 80% utilisation the lost workers were mostly busy")
    }

    func testWithoutAnOutageTheZonesChangeNothing() throws {
        // The same scenario with its outage after the horizon's end would be refused; one of a zone at the very end
        // changes nothing before it.
        let zoned = try ContentPathSimulation.simulate(try scenario(outage: "{ zone: b, start: 21599 s, duration: 1 s }"), replication: 0)
        var plain = try scenario(outage: "{ zone: b, start: 21599 s, duration: 1 s }")
        plain.zones = nil
        let unzoned = try ContentPathSimulation.simulate(plain, replication: 0)
        XCTAssertEqual(zoned.busyWorkers.dropLast(), unzoned.busyWorkers.dropLast())
        XCTAssertEqual(zoned.timeToPublish.p95, unzoned.timeToPublish.p95)
    }
}
