import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

final class ContentPathTests: XCTestCase {
    private func seedScenario(arrivals: String, duration: String, horizon: String, replications: Int,
                              workers: Int = 200_000) throws -> Scenario {
        try loadScenario("""
            name: seed-check
            seed: 11
            run: { horizon: \(horizon), replications: \(replications) }
            uploads:
              rate: 500 hours/min
              arrivals: \(arrivals)
              duration: \(duration)
              source_bitrate: 66.7 Mbps
            \(seedLadderYAML)
            transcode:
              workers: \(workers)
              cost_per_content_second: { 240p: 0.03, 360p: 0.06, 480p: 0.12, 720p: 0.25, 1080p: 0.55, 2160p: 4.0 }
            """)
    }

    /// Fixed durations and evenly spaced arrivals: 12.375 GB per content hour, 8.91 PB/day of renditions.
    func testSeedFiguresWithFixedDurations() throws {
        let scenario = try seedScenario(arrivals: "deterministic", duration: "10 min", horizon: "2 h", replications: 1)
        XCTAssertEqual(scenario.ladder.totalBitrate.bitsPerSecond, 27.5e6)
        XCTAssertEqual(DataSize(rate: scenario.ladder.totalBitrate, over: .hours(1)).gigabytes, 12.375, accuracy: 1e-12)
        let result = try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
        XCTAssertEqual(result.contentHoursPerDay, 720_000, accuracy: 720_000 * 0.005)
        XCTAssertEqual(result.renditionBytesPerDay / 1e15, 8.91, accuracy: 8.91 * 0.005)
        XCTAssertEqual(result.uploads, 2 * 3600 * 50)
        // Raw: 66.7 Mbps x 720,000 hours.
        XCTAssertEqual(result.rawBytesPerDay, 66.7e6 / 8 * 720_000 * 3600, accuracy: 66.7e6 / 8 * 720_000 * 3600 * 0.005)
    }

    /// Poisson arrivals and lognormal durations: 8.91 PB/day lies within the replications' 95% interval.
    func testSeedFiguresWithRandomDurationsLieInTheConfidenceInterval() throws {
        let scenario = try seedScenario(
            arrivals: "poisson", duration: "{ distribution: lognormal, median: 6 min, sigma: 1.0 }",
            horizon: "3 h", replications: 8)
        let results = try ContentPathSimulation.run(scenario, threads: 2)
        let renditions = Estimate(results.map { $0.renditionBytesPerDay / 1e15 })
        XCTAssertTrue(renditions.contains(8.91), "\(renditions.mean) ± \(renditions.halfWidth!) PB/day")
        XCTAssertLessThan(renditions.halfWidth!, 8.91 * 0.02)
    }

    /// A fleet with spare capacity: utilisation is offered load over workers, and a lone upload is published
    /// exactly after its slowest rung.
    func testUtilisationAndTimeToPublish() throws {
        let scenario = try loadScenario("""
            name: light
            seed: 3
            run: { horizon: 12 h, warm_up: 1 h, replications: 1 }
            uploads: { count: 1/min, duration: 10 min, source_bitrate: 10 Mbps }
            ladder: { rungs: [ { name: low, bitrate: 1 Mbps }, { name: high, bitrate: 5 Mbps } ] }
            transcode: { workers: 100, cost_per_content_second: { low: 0.5, high: 2 } }
            """)
        let result = try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
        // Offered load: 1/60 uploads per s x 600 s x (0.5 + 2) = 25 busy workers of 100.
        XCTAssertEqual(result.utilisation, 0.25, accuracy: 0.03)
        // 100 workers never run out at this load: every upload takes exactly 600 x 2 = 1200 s.
        XCTAssertEqual(result.queueWait.p99.seconds, 0)
        XCTAssertEqual(result.timeToPublish.p50.seconds, 1200, accuracy: 1.2)
        XCTAssertEqual(result.timeToPublish.max.seconds, 1200, accuracy: 1e-6)
    }

    /// An overloaded fleet: the backlog grows, and Little's law still holds on the queue.
    func testOverloadBuildsABacklogAndLittlesLawHolds() throws {
        let scenario = try loadScenario("""
            name: overload
            seed: 5
            run: { horizon: 6 h, warm_up: 30 min, replications: 1, sample_interval: 30 min }
            uploads: { count: 2/min, duration: { distribution: exponential, mean: 5 min }, source_bitrate: 10 Mbps }
            ladder: { rungs: [ { name: only, bitrate: 2 Mbps } ] }
            transcode: { workers: 9, cost_per_content_second: { only: 1 } }
            """)
        let result = try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
        // Offered 10 busy workers on 9: saturated, and the queue keeps growing.
        XCTAssertGreaterThan(result.utilisation, 0.99)
        XCTAssertGreaterThan(result.tasksWaitingAtEnd, 50)
        XCTAssertGreaterThan(result.tasksWaiting.last!, result.tasksWaiting.first!)
        // Little's law over the observed window counts only tasks that started service; with a growing queue the
        // two sides differ by the tasks still waiting, so compare on a stable queue instead.
        let stable = try loadScenario("""
            name: stable
            seed: 5
            run: { horizon: 200 h, warm_up: 5 h, replications: 1 }
            uploads: { count: 2/min, duration: { distribution: exponential, mean: 5 min }, source_bitrate: 10 Mbps }
            ladder: { rungs: [ { name: only, bitrate: 2 Mbps } ] }
            transcode: { workers: 12, cost_per_content_second: { only: 1 } }
            """)
        let steady = try XCTUnwrap(ContentPathSimulation.run(stable, threads: 1).first)
        XCTAssertEqual(steady.meanTasksWaiting, steady.taskArrivalRate * steady.queueWait.mean.seconds,
                       accuracy: 0.02 * steady.meanTasksWaiting)
        // And against Erlang C: M/M/12 with a = 10.
        let theory = QueueingTheory.meanWaitMMc(arrivalRate: 1.0 / 30, serviceRate: 1.0 / 300, servers: 12)
        XCTAssertEqual(steady.queueWait.mean.seconds, theory, accuracy: 0.1 * theory)
    }

    /// A diurnal profile moves uploads toward its peak hour but keeps the daily total.
    func testDiurnalProfileShapesArrivalsAndKeepsTheMean() throws {
        let scenario = try loadScenario("""
            name: diurnal
            seed: 8
            run: { horizon: 4 day, replications: 1, sample_interval: 1 h }
            uploads:
              count: 1/s
              diurnal: { peak_to_mean: 2, peak_hour: 18 }
              duration: 1 min
              source_bitrate: 5 Mbps
            ladder: { rungs: [ { name: only, bitrate: 1 Mbps } ] }
            transcode: { workers: 1000, cost_per_content_second: { only: 0.5 } }
            """)
        let result = try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
        XCTAssertEqual(Double(result.uploads) / 4, 86_400, accuracy: 86_400 * 0.01)
        // Busy workers follow the arrivals: at 18:00 about 2 x mean (30 busy), at 06:00 about none.
        let busyAt = { (hour: Int) in
            let samples = stride(from: hour, to: result.busyWorkers.count, by: 24).map { result.busyWorkers[$0] }
            return samples.reduce(0, +) / Double(samples.count)
        }
        XCTAssertGreaterThan(busyAt(18), 20)
        XCTAssertLessThan(busyAt(6), 3)
    }

    /// Bursts and a weekly pattern shape the arrivals: the count matches the integral of the rate, and the
    /// thinning bound is the largest product of factors active together, not of all of them.
    func testBurstsAndWeeklyPatternShapeArrivals() throws {
        let scenario = try loadScenario("""
            name: bursts
            seed: 12
            run: { horizon: 3 day, replications: 1 }
            uploads:
              count: 1/s
              weekly: [1, 2, 1, 1, 1, 1, 1]
              bursts: [ { from: 1 h, to: 2 h, multiplier: 5 }, { from: 30 h, to: 31 h, multiplier: 10 } ]
              duration: 1 min
              source_bitrate: 5 Mbps
            ladder: { rungs: [ { name: only, bitrate: 1 Mbps } ] }
            transcode: { workers: 2000, cost_per_content_second: { only: 0.5 } }
            """)
        let profile = scenario.uploads.profile
        // Weekly weights normalised to mean 1: Tuesday is 2 / (8/7) = 1.75, other days 0.875.
        XCTAssertEqual(profile.multiplier(at: .hours(0.5)), 0.875, accuracy: 1e-12)
        XCTAssertEqual(profile.multiplier(at: .hours(1.5)), 0.875 * 5, accuracy: 1e-12)
        XCTAssertEqual(profile.multiplier(at: .hours(30.5)), 1.75 * 10, accuracy: 1e-12)
        XCTAssertEqual(profile.maximum, 1.75 * 10, accuracy: 1e-12)
        XCTAssertEqual(profile.majorant(at: .hours(3)).until, 30 * 3600)
        let result = try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
        // Monday 24 h x 0.875 + 4 extra burst hours; Tuesday 24 h x 1.75 + 9 x 1.75 extra; Wednesday 0.875.
        let expected = 3600 * (24 * 0.875 + 4 * 0.875 + 24 * 1.75 + 9 * 1.75 + 24 * 0.875)
        XCTAssertEqual(Double(result.uploads), expected, accuracy: 4 * expected.squareRoot())
    }

    /// A source-format mix: each upload gets only the rungs no taller than its source.
    func testFormatMixTranscodesOnlyRungsNoTallerThanTheSource() throws {
        let scenario = try loadScenario("""
            name: formats
            seed: 21
            run: { horizon: 4 h, replications: 1 }
            uploads:
              rate: 500 hours/min
              arrivals: deterministic
              duration: 10 min
              formats:
                - { name: 4K camera, weight: 30, height: 2160, bitrate: 45 Mbps }
                - { name: 1080p phone, weight: 50, height: 1080, bitrate: 17 Mbps }
                - { name: phone vertical, weight: 20, height: 1080, bitrate: 10 Mbps }
            ladder:
              rungs:
                - { name: 240p,  height: 240,  bitrate: 300 Kbps }
                - { name: 360p,  height: 360,  bitrate: 700 Kbps }
                - { name: 480p,  height: 480,  bitrate: 1.5 Mbps }
                - { name: 720p,  height: 720,  bitrate: 3 Mbps }
                - { name: 1080p, height: 1080, bitrate: 6 Mbps }
                - { name: 2160p, height: 2160, bitrate: 16 Mbps }
            transcode:
              workers: 200000
              cost_per_content_second: { 240p: 0.001, 360p: 0.001, 480p: 0.001, 720p: 0.001, 1080p: 0.001, 2160p: 0.002 }
            """)
        XCTAssertEqual(scenario.uploads.sourceBitrate.distribution.mean, 0.3 * 45e6 + 0.5 * 17e6 + 0.2 * 10e6, accuracy: 1)
        let result = try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
        // 30% get all six rungs (27.5 Mbps), 70% five (11.5 Mbps): 16.3 Mbps of renditions per content second.
        let uploads = Double(result.uploads)
        let standardError: Double = (0.3 * 0.7 / uploads).squareRoot()
        let contentBytesPerBit: Double = 30_000 * 86_400 / 8
        let renditionRate: Double = 0.3 * 27.5e6 + 0.7 * 11.5e6
        XCTAssertEqual(result.renditionBytesPerDay, contentBytesPerBit * renditionRate,
                       accuracy: contentBytesPerBit * 16e6 * 4 * standardError)
        XCTAssertEqual(result.rawBytesPerDay, contentBytesPerBit * 24e6, accuracy: contentBytesPerBit * 35e6 * 4 * standardError)
        XCTAssertEqual(Double(result.tasksCompleted) / Double(result.published), 0.3 * 6 + 0.7 * 5, accuracy: 0.02)
        // The seed ladder without a mix still gives every upload all six rungs.
        XCTAssertEqual(DataSize(rate: scenario.ladder.totalBitrate, over: .hours(1)).gigabytes, 12.375, accuracy: 1e-9)
    }

    /// Common random numbers: changing the fleet leaves the uploads' draws alone.
    func testChangingTheFleetDoesNotChangeTheUploads() throws {
        let small = try seedScenario(arrivals: "poisson", duration: "{ distribution: exponential, mean: 8 min }",
                                     horizon: "30 min", replications: 1, workers: 150_000)
        let large = try seedScenario(arrivals: "poisson", duration: "{ distribution: exponential, mean: 8 min }",
                                     horizon: "30 min", replications: 1, workers: 300_000)
        let a = try XCTUnwrap(ContentPathSimulation.run(small, threads: 1).first)
        let b = try XCTUnwrap(ContentPathSimulation.run(large, threads: 1).first)
        XCTAssertEqual(a.uploads, b.uploads)
        XCTAssertEqual(a.rawBytesPerDay, b.rawBytesPerDay)
        XCTAssertEqual(a.renditionBytesPerDay, b.renditionBytesPerDay)
        XCTAssertNotEqual(a.utilisation, b.utilisation)
    }
}
