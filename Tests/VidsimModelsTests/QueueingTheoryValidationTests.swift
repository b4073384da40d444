import XCTest
import VidsimKernel
import VidsimModels
import VidsimUnits

/// The kernel and the multi-server queue against Erlang C and Little's law.
final class QueueingTheoryValidationTests: XCTestCase {
    /// Independent replications; the analytic mean wait must lie inside their 95% confidence interval.
    private func replicate(_ parameters: MMcQueueModel.Parameters, replications: Int, horizon: Double, warmUp: Double)
        throws -> (wait: Estimate, results: [MMcQueueModel.Result])
    {
        let results = try Replications.run(count: replications, threads: Replications.availableCores) { index in
            MMcQueueModel.simulate(parameters, seeds: StreamSeeds(scenarioSeed: 2026, replication: index),
                                   horizon: TimeSpan(seconds: horizon), warmUp: TimeSpan(seconds: warmUp))
        }
        return (Estimate(results.map(\.meanWait)), results)
    }

    func testMM1AtRho09AgreesWithTheoryWithinTheConfidenceInterval() throws {
        let parameters = MMcQueueModel.Parameters(arrivalRate: 0.9, serviceRate: 1, servers: 1)
        let theory = QueueingTheory.meanWaitMMc(arrivalRate: 0.9, serviceRate: 1, servers: 1)
        XCTAssertEqual(theory, 9, accuracy: 1e-12)
        let (wait, _) = try replicate(parameters, replications: 20, horizon: 200_000, warmUp: 5_000)
        XCTAssertTrue(wait.contains(theory), "W_q = \(wait.mean) ± \(wait.halfWidth!) vs Erlang C \(theory)")
        XCTAssertLessThan(wait.halfWidth! / theory, 0.05, "the interval must be tight enough to mean something")
    }

    func testMMcWithTenServersAtRho09AgreesWithErlangC() throws {
        let parameters = MMcQueueModel.Parameters(arrivalRate: 9, serviceRate: 1, servers: 10)
        let theory = QueueingTheory.meanWaitMMc(arrivalRate: 9, serviceRate: 1, servers: 10)
        let (wait, results) = try replicate(parameters, replications: 20, horizon: 50_000, warmUp: 1_000)
        XCTAssertTrue(wait.contains(theory), "W_q = \(wait.mean) ± \(wait.halfWidth!) vs Erlang C \(theory)")
        XCTAssertLessThan(wait.halfWidth! / theory, 0.05)
        let utilisation = Estimate(results.map(\.utilisation))
        XCTAssertEqual(utilisation.mean, 0.9, accuracy: 0.005)
    }

    /// 10^7 customers at rho = 0.8: within 2% of Erlang C, for M/M/1 and M/M/10.
    func testTenMillionCustomersAtRho08AreWithinTwoPercent() {
        for servers in [1, 10] {
            let lambda = 0.8 * Double(servers)
            let parameters = MMcQueueModel.Parameters(
                arrivalRate: lambda, serviceRate: 1, servers: servers, customerLimit: 10_000_000)
            let result = MMcQueueModel.simulate(parameters, seeds: StreamSeeds(scenarioSeed: 7, replication: 0),
                                                horizon: TimeSpan(seconds: .infinity))
            let theory = QueueingTheory.meanWaitMMc(arrivalRate: lambda, serviceRate: 1, servers: servers)
            XCTAssertEqual(result.customersServed, 10_000_000)
            XCTAssertEqual(result.meanWait, theory, accuracy: 0.02 * theory, "M/M/\(servers)")
        }
    }

    /// Little's law on the simulated queue: time-average number waiting = arrival rate x mean wait.
    func testLittlesLawHoldsOnTheSimulatedQueue() {
        let parameters = MMcQueueModel.Parameters(arrivalRate: 9, serviceRate: 1, servers: 10)
        let result = MMcQueueModel.simulate(parameters, seeds: StreamSeeds(scenarioSeed: 3, replication: 0),
                                            horizon: TimeSpan(seconds: 200_000), warmUp: TimeSpan(seconds: 1_000))
        let observedRate = Double(result.arrivals) / result.observedTime
        XCTAssertEqual(result.meanQueueLength, observedRate * result.meanWait, accuracy: 0.01 * result.meanQueueLength)
        let theory = QueueingTheory.meanQueueLengthMMc(arrivalRate: 9, serviceRate: 1, servers: 10)
        XCTAssertEqual(result.meanQueueLength, theory, accuracy: 0.05 * theory)
    }

    func testTheSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        let parameters = MMcQueueModel.Parameters(arrivalRate: 9, serviceRate: 1, servers: 10)
        let run = { (seed: UInt64) in
            MMcQueueModel.simulate(parameters, seeds: StreamSeeds(scenarioSeed: seed, replication: 0),
                                   horizon: TimeSpan(seconds: 1000)).meanWait
        }
        XCTAssertEqual(run(1), run(1))
        XCTAssertNotEqual(run(1), run(2))
    }
}
