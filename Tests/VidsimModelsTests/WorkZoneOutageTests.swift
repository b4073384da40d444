import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// Zones and their outages on work pools: the workers of a lost zone go at the outage's start, the jobs they
/// served go back to the queue and each finishes exactly once, and the pool is back to its size within its
/// delays (a fixed pool after its start-up, an autoscaled one after its next evaluation, scale-up delay and
/// start-up).
final class WorkZoneOutageTests: XCTestCase {
    private func scenario(_ body: String) throws -> Scenario {
        try loadScenario("""
            name: zones
            run: { horizon: 3000 s, warm_up: 0 s }
            uploads: { count: 1/h, duration: 1 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 }, zones: [a, b, c] }
            \(body)
            """)
    }

    /// Every `step` seconds from 0 to 3000.
    private let times = stride(from: 0.0, through: 3000, by: 5).map { $0 }

    private func run(_ scenario: Scenario, replication: Int) throws -> WorkResult {
        let work = try XCTUnwrap(scenario.work)
        return WorkSimulation.simulate(work, zones: scenario.zones, horizon: scenario.run.horizon, warmUp: scenario.run.warmUp,
                                       seeds: StreamSeeds(scenarioSeed: 3, replication: replication), sampleTimes: times)
    }

    /// The sample at time `t`.
    private func at(_ series: [Double], _ t: Double) -> Double { series[Int(t / 5)] }

    /// Every job that arrived finished once, or is still waiting or in service: none lost, none finished twice.
    private func assertConserved(_ result: WorkResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.arrivals, result.completed + result.waitingAtEnd + result.inServiceAtEnd,
                       "arrivals \(result.arrivals), finished \(result.completed), waiting \(result.waitingAtEnd), in service \(result.inServiceAtEnd)",
                       file: file, line: line)
    }

    func testAFixedPoolLosesAZoneAndRefillsTheOthersAfterItsStartUp() throws {
        let scenario = try scenario("""
            zones:
              names: [a, b, c]
              outages: [ { zone: b, start: 1000 s, duration: 500 s } ]
            work:
              pools: [ { name: edit, workers: 6, startup: 30 s, zones: [a, b, c], price: $3.60/h } ]
              classes: [ { name: trim, rate: 0.05/s, service: 100 s, pool: edit } ]
            """)
        var requeued = 0
        for replication in 0..<10 {
            let result = try run(scenario, replication: replication)
            let pool = result.pools[0]
            let ready = result.series.poolReady[0], alive = result.series.poolWorkers[0], busy = result.series.poolBusy[0]
            XCTAssertEqual(pool.lost, 2, "the two workers of zone b")
            XCTAssertEqual(pool.launched, 2, "two replacements (the starting six are launched before the warm-up ends, at 0)")
            XCTAssertLessThanOrEqual(pool.requeued, 2)
            requeued += pool.requeued
            for t in stride(from: 0.0, to: 1000, by: 5) { XCTAssertEqual(at(ready, t), 6, "ready at \(t) s") }
            // Lost at 1000 s; the replacements, launched at once in zones a and c, are billed while they start and
            // ready 30 s later.
            for t in stride(from: 1000.0, to: 1030, by: 5) {
                XCTAssertEqual(at(ready, t), 4, "ready at \(t) s")
                XCTAssertEqual(at(alive, t), 6, "alive at \(t) s")
                XCTAssertLessThanOrEqual(at(busy, t), 4, "busy at \(t) s")
            }
            for t in stride(from: 1030.0, through: 3000, by: 5) { XCTAssertEqual(at(ready, t), 6, "ready at \(t) s") }
            assertConserved(result)
            // Billed for six workers all the time: the replacements from the moment they are launched.
            XCTAssertEqual(pool.meanWorkers, 6, accuracy: 1e-9)
            XCTAssertEqual(pool.costPerDay, 6 * 3.6 * 24, accuracy: 1e-6)
        }
        XCTAssertGreaterThan(requeued, 10, "at 5/6 utilisation, the lost workers were mostly busy: their jobs went back")
    }

    func testAPoolWhollyInTheLostZoneWaitsForItToComeBack() throws {
        let scenario = try scenario("""
            zones:
              names: [a, b, c]
              outages: [ { zone: a, start: 1000 s, duration: 500 s } ]
            work:
              pools: [ { name: edit, workers: 3, startup: 30 s, zones: [a] } ]
              classes: [ { name: trim, rate: 0.02/s, service: 60 s, pool: edit } ]
            """)
        for replication in 0..<5 {
            let result = try run(scenario, replication: replication)
            let ready = result.series.poolReady[0], alive = result.series.poolWorkers[0], waiting = result.series.poolWaiting[0]
            for t in stride(from: 1000.0, to: 1530, by: 5) {
                XCTAssertEqual(at(ready, t), 0, "ready at \(t) s")
                XCTAssertEqual(at(alive, t), t < 1500 ? 0 : 3, "alive at \(t) s: nothing to launch into until the zone is back")
            }
            XCTAssertGreaterThan(at(waiting, 1495), 0, "jobs queue while the pool has no zone")
            for t in stride(from: 1530.0, through: 3000, by: 5) { XCTAssertEqual(at(ready, t), 3, "ready at \(t) s") }
            XCTAssertEqual(result.pools[0].lost, 3)
            assertConserved(result)
        }
    }

    func testTouchingOutagesListedOutOfOrderKeepTheZoneDown() throws {
        // The later outage first: at 2000 s its start runs before the earlier one's end (scheduled in file order),
        // and the zone must stay down until 2500 s.
        let scenario = try scenario("""
            zones:
              names: [a, b, c]
              outages: [ { zone: a, start: 2000 s, duration: 500 s }, { zone: a, start: 1000 s, duration: 1000 s } ]
            work:
              pools: [ { name: edit, workers: 3, startup: 30 s, zones: [a] }, { name: spare, workers: 2, zones: [b, c] } ]
              classes:
                - { name: trim, rate: 0.02/s, service: 60 s, pool: edit, overflow: spare }
                - { name: spare-use, rate: 0.001/s, service: 1 s, pool: spare }
            """)
        for replication in 0..<3 {
            let result = try run(scenario, replication: replication)
            let ready = result.series.poolReady[0]
            for t in stride(from: 1000.0, to: 2530, by: 5) { XCTAssertEqual(at(ready, t), 0, "ready at \(t) s") }
            for t in stride(from: 2530.0, through: 3000, by: 5) { XCTAssertEqual(at(ready, t), 3, "ready at \(t) s") }
            XCTAssertEqual(result.series.poolReady[1].min(), 2, "the spare pool, in zones b and c, is untouched")
            assertConserved(result)
        }
    }

    func testAnAutoscaledPoolKeepsItsStartingSizeForItsScaleDownDelay() throws {
        // Almost no load: the policy wants the minimum from the first evaluation, but the pool holds its starting
        // 20 until the policy has wanted fewer for the 10 minutes of its scale-down window.
        let scenario = try scenario("""
            zones: { names: [a, b, c] }
            work:
              pools:
                - { name: edit, workers: 20, zones: [a, b, c],
                    autoscaling: { policy: target-utilisation, min: 2, max: 40, interval: 1 min, scale_down_delay: 10 min } }
              classes: [ { name: trim, rate: 0.001/s, service: 1 s, pool: edit } ]
            """)
        let result = try run(scenario, replication: 0)
        let alive = result.series.poolWorkers[0]
        // The window holds the recommendations of the last 10 minutes, the one at 0 until the evaluation at 660 s.
        for t in stride(from: 0.0, to: 660, by: 5) { XCTAssertEqual(at(alive, t), 20, "alive at \(t) s") }
        for t in stride(from: 660.0, through: 3000, by: 5) { XCTAssertEqual(at(alive, t), 2, "alive at \(t) s") }
    }

    func testAnAutoscaledPoolRefillsItsOtherZoneAfterItsDelays() throws {
        // A schedule keeps the size at 8 whatever the load: 4 per zone, then all 8 in zone b after a's loss.
        let scenario = try scenario("""
            zones:
              names: [a, b, c]
              outages: [ { zone: a, start: 1000 s, duration: 1000 s } ]
            work:
              pools:
                - name: render
                  kind: vm
                  startup: 30 s
                  zones: [a, b]
                  workers: 8
                  autoscaling: { policy: schedule, schedule: [ { from: 0 h, workers: 8 } ], min: 0, max: 20, interval: 10 s, scale_up_delay: 20 s }
              classes: [ { name: preview, rate: 0.06/s, service: { distribution: exponential, mean: 100 s }, pool: render } ]
            """)
        for replication in 0..<5 {
            let result = try run(scenario, replication: replication)
            let ready = result.series.poolReady[0], alive = result.series.poolWorkers[0]
            XCTAssertEqual(at(ready, 995), 8)
            // Lost at 1000 s. The evaluation at 1000 s (scheduled at 990 s, after the outage's event, so run after
            // it) sees the loss and launches four in zone b, ready after the scale-up delay and start-up, 50 s later.
            XCTAssertEqual(at(ready, 1000), 4)
            XCTAssertEqual(at(alive, 1000), 8, "the replacements are launched at the evaluation at 1000 s")
            XCTAssertEqual(at(ready, 1045), 4)
            for t in stride(from: 1050.0, through: 3000, by: 5) { XCTAssertEqual(at(ready, t), 8, "ready at \(t) s") }
            XCTAssertEqual(result.pools[0].lost, 4)
            assertConserved(result)
        }
    }
}

/// Jobs in sessions: a session's jobs come one after the other, each a think time after the previous finished, a
/// geometric number of them; checked against the mean job rate and Little's law on the sessions open.
final class WorkSessionTests: XCTestCase {
    func testSessionsBringTheirJobsAndStayOpenAsLittlesLawSays() throws {
        let scenario = try loadScenario("""
            name: sessions
            run: { horizon: 30 h, warm_up: 1 h }
            uploads: { count: 1/h, duration: 1 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 } }
            work:
              pools: [ { name: edit, workers: 200 } ]
              classes:
                - { name: trim, sessions: { rate: 2/s, jobs: 5, think_time: 9 s }, service: 1 s, pool: edit }
            """)
        let work = try XCTUnwrap(scenario.work)
        XCTAssertEqual(work.classes[0].rate.perSecond, 10, "two sessions a second, five jobs each")
        let results = try Replications.run(count: 4, threads: Replications.availableCores) { replication in
            WorkSimulation.simulate(work, zones: nil, horizon: scenario.run.horizon, warmUp: scenario.run.warmUp,
                                    seeds: StreamSeeds(scenarioSeed: 5, replication: replication))
        }
        for result in results {
            let trim = result.classes[0]
            // 200 workers for about 10 busy: no job waits, each takes its 1 s.
            XCTAssertEqual(trim.latency.mean.seconds, 1, accuracy: 1e-9)
            XCTAssertEqual(trim.arrivalsPerSecond, 10, accuracy: 10 * 0.01)
            // A session of N jobs lasts N x 1 s of service and (N - 1) x 9 s of thinking: E = 10 x 5 - 9 = 41 s; two
            // a second keep 82 open (Little's law).
            XCTAssertEqual(trim.activeSessions, 82, accuracy: 82 * 0.02)
        }
    }

    func testARateAndSessionsTogetherOrNeitherAreErrors() throws {
        let base = """
            name: sessions
            run: { horizon: 1 h }
            uploads: { count: 1/h, duration: 1 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 } }
            work:
              pools: [ { name: edit, workers: 2 } ]
              classes: [ { name: trim, CLASS, service: 1 s, pool: edit } ]
            """
        for (fragment, expected) in [("rate: 1/s, sessions: { rate: 1/s, jobs: 3 }", "not both"),
                                     ("priority: 1", "expected a `rate` of jobs"),
                                     ("sessions: { rate: 1/s, jobs: 0.5 }", "expected a mean of 1 to 1,000,000 jobs"),
                                     ("sessions: { rate: 1/s, jobs: 3, think_time: 2 days }", "think time")] {
            XCTAssertThrowsError(try loadScenario(base.replacingOccurrences(of: "CLASS", with: fragment)), fragment) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(fragment): \(error)")
            }
        }
    }
}
