import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// Spot workers in work pools (`work.pools[].spot`): the spot share kept at its fraction, each spot worker taken
/// back at the interruption rate, its job sent back and finished once, a fixed pool kept at its size, and the
/// spot workers billed at the spot price.
final class WorkSpotTests: XCTestCase {
    private func work(_ pools: String, horizon: String = "100000 s") throws -> WorkSettings {
        let scenario = try loadScenario("""
            name: spot
            run: { horizon: \(horizon), warm_up: 0 s }
            uploads: { count: 1/h, duration: 1 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 } }
            work:
              pools: \(pools)
              classes: [ { name: render, rate: 0.15/s, service: { distribution: exponential, mean: 40 s }, pool: render } ]
            """)
        return try XCTUnwrap(scenario.work)
    }

    private func run(_ work: WorkSettings, replication: Int, horizon: Double = 100_000) -> WorkResult {
        WorkSimulation.simulate(work, zones: nil, horizon: TimeSpan(seconds: horizon), warmUp: .zero,
                                seeds: StreamSeeds(scenarioSeed: 5, replication: replication))
    }

    func testAFixedPoolKeepsItsSpotShareReplacesWhatIsTakenBackAndLosesNoJob() throws {
        // 10 workers, 6 of them spot, each spot worker taken back about twice an hour; a job takes 40 s, so about
        // one interruption in 45 finds its worker busy (utilisation 0.6).
        let settings = try work("[ { name: render, kind: vm, workers: 10, startup: 60 s, price: $1/h, spot: { fraction: 0.6, discount: 0.7, interruptions: 2/h } } ]")
        var interruptions = 0, spotHours = 0.0, interrupted = 0
        for replication in 0..<6 {
            let result = run(settings, replication: replication)
            let pool = result.pools[0]
            XCTAssertEqual(result.arrivals, result.completed + result.waitingAtEnd + result.inServiceAtEnd, "no job lost or served twice")
            // Each replacement is spot (it restores the share), so 6 of the 10 are spot at every moment.
            XCTAssertEqual(pool.meanSpotWorkers, 6, accuracy: 1e-9)
            XCTAssertEqual(pool.meanWorkers, 10, accuracy: 1e-9)
            XCTAssertEqual(pool.launched, pool.interruptions, "a fixed pool replaces each worker taken back")
            XCTAssertEqual(pool.costPerDay, (10 - 6 * 0.7) * 24, accuracy: 1e-6)
            interruptions += pool.interruptions
            interrupted += pool.interruptedJobs
            spotHours += pool.meanSpotWorkers * result.observedSeconds / 3600
        }
        // Interruptions are Poisson with mean 2 per spot worker-hour: 6 x 100,000 s x 6 replications = 1,000 spot
        // worker-hours, 2,000 expected, standard deviation 45.
        XCTAssertEqual(Double(interruptions), 2 * spotHours, accuracy: 4 * (2 * spotHours).squareRoot())
        // A spot worker is busy about its share of the time, but the ready ones only: a replacement starts for 60 s.
        XCTAssertGreaterThan(interrupted, interruptions / 4)
        XCTAssertLessThan(interrupted, interruptions)
    }

    /// Without interruptions a spot share changes the bill and nothing else: the same jobs, served the same way.
    func testSpotWithoutInterruptionsOnlyChangesTheBill() throws {
        let onDemand = try work("[ { name: render, workers: 10, price: $1/h } ]")
        let spot = try work("[ { name: render, workers: 10, price: $1/h, spot: { fraction: 0.5, discount: 0.6 } } ]")
        let a = run(onDemand, replication: 0, horizon: 20_000), b = run(spot, replication: 0, horizon: 20_000)
        XCTAssertEqual(a.completed, b.completed)
        XCTAssertEqual(a.classes[0].latency.mean.seconds, b.classes[0].latency.mean.seconds)
        XCTAssertEqual(a.pools[0].costPerDay, 240, accuracy: 1e-9)
        XCTAssertEqual(b.pools[0].costPerDay, (10 - 5 * 0.6) * 24, accuracy: 1e-9)
        XCTAssertEqual(b.pools[0].interruptions, 0)
    }

    /// An autoscaled pool does not replace a worker taken back at once: its next evaluation sees the load.
    func testAnAutoscaledPoolRefillsAtItsEvaluations() throws {
        let settings = try work("""
            [ { name: render, workers: 12, price: $1/h, spot: { fraction: 1, interruptions: 6/h },
                autoscaling: { policy: target-utilisation, target_utilisation: 0.6, min: 4, max: 40, interval: 30 s, scale_up_delay: 0 s, scale_down_delay: 5 min } } ]
            """)
        let result = run(settings, replication: 1, horizon: 50_000)
        let pool = result.pools[0]
        XCTAssertEqual(result.arrivals, result.completed + result.waitingAtEnd + result.inServiceAtEnd)
        XCTAssertEqual(pool.meanSpotWorkers, pool.meanWorkers, accuracy: 1e-9, "every worker is spot")
        // The same pool, never interrupted: the interruptions cost launches, not size.
        let calm = run(try work("""
            [ { name: render, workers: 12, price: $1/h, spot: { fraction: 1 },
                autoscaling: { policy: target-utilisation, target_utilisation: 0.6, min: 4, max: 40, interval: 30 s, scale_up_delay: 0 s, scale_down_delay: 5 min } } ]
            """), replication: 1, horizon: 50_000).pools[0]
        // About one interruption per spot worker every 10 minutes: a thousand over the run, each relaunched by a
        // later evaluation, and the pool's size is what the load asks, not fewer.
        XCTAssertGreaterThan(pool.interruptions, 500)
        XCTAssertGreaterThanOrEqual(Double(pool.launched), 0.9 * Double(pool.interruptions))
        XCTAssertGreaterThan(Double(pool.launched), Double(calm.launched) + 0.5 * Double(pool.interruptions))
        XCTAssertEqual(pool.meanWorkers, calm.meanWorkers, accuracy: calm.meanWorkers * 0.3)
        XCTAssertGreaterThan(pool.meanBusy, 5.5, "the load (6 busy workers) is served")
    }
}
