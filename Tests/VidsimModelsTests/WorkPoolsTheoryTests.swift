import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// Work classes and pools (`work:`) against queueing theory: non-preemptive priorities against Cobham's formula
/// at one server and the M/M/c priority result at several, two pools without overflow against Erlang C each.
final class WorkPoolsTheoryTests: XCTestCase {
    /// A scenario whose content path is a trickle (it is not run here) and whose `work:` is `work`.
    private func settings(_ work: String) throws -> WorkSettings {
        let scenario = try loadScenario("""
            name: work-theory
            run: { horizon: 1 h }
            uploads: { count: 1/h, duration: 1 min, source_bitrate: 8 Mbps }
            ladder: { rungs: [ { name: 360p, bitrate: 700 Kbps } ] }
            transcode: { workers: 1, cost_per_content_second: { 360p: 0.1 } }
            work:
            \(work)
            """)
        return try XCTUnwrap(scenario.work)
    }

    /// Independent replications of the work classes alone.
    private func replicate(_ settings: WorkSettings, replications: Int, horizon: Double, warmUp: Double) throws -> [WorkResult] {
        try Replications.run(count: replications, threads: Replications.availableCores) { index in
            WorkSimulation.simulate(settings, zones: nil, horizon: TimeSpan(seconds: horizon), warmUp: TimeSpan(seconds: warmUp),
                                    seeds: StreamSeeds(scenarioSeed: 12, replication: index))
        }
    }

    private func check(_ results: [WorkResult], classes theory: [Double], file: StaticString = #filePath, line: UInt = #line) {
        for (index, expected) in theory.enumerated() {
            let wait = Estimate(results.map { $0.classes[index].wait.mean.seconds })
            XCTAssertEqual(wait.mean, expected, accuracy: expected * 0.02,
                           "class \(index + 1): W = \(wait.mean) ± \(wait.halfWidth ?? 0) against \(expected)", file: file, line: line)
            XCTAssertTrue(wait.contains(expected), "class \(index + 1): W = \(wait.mean) ± \(wait.halfWidth ?? 0) against \(expected)",
                          file: file, line: line)
        }
    }

    /// Two classes on one server, exponential service of mean 1 s, λ1 = 0.3/s before λ2 = 0.4/s (ρ = 0.7):
    /// W0 = 0.7 s, so W1 = 1 s and W2 = 3.33 s (first come first served, both would wait 2.33 s).
    func testTwoClassesOnOneServerWaitAsCobhamSays() throws {
        let work = try settings("""
              pools: [ { name: one, workers: 1 } ]
              classes:
                - { name: urgent, rate: 0.3/s, service: { distribution: exponential, mean: 1 s }, priority: 1, pool: one }
                - { name: later, rate: 0.4/s, service: { distribution: exponential, mean: 1 s }, priority: 2, pool: one }
            """)
        let theory = QueueingTheory.priorityWaitsMG1(arrivalRates: [0.3, 0.4], meanService: [1, 1], secondMoments: [2, 2])
        XCTAssertEqual(theory[0], 1, accuracy: 1e-12)
        XCTAssertEqual(theory[1], 0.7 / (0.7 * 0.3), accuracy: 1e-12)
        let results = try replicate(work, replications: 10, horizon: 1_000_000, warmUp: 10_000)
        check(results, classes: theory)
        XCTAssertEqual(Estimate(results.map { $0.pools[0].utilisation }).mean, 0.7, accuracy: 0.005)
    }

    /// The same with deterministic service for the urgent class (M/G/1: E[S²] = 1 s² for it, 2 s² for the other):
    /// Cobham's formula holds for any service distribution.
    func testCobhamHoldsWithDeterministicService() throws {
        let work = try settings("""
              pools: [ { name: one, workers: 1 } ]
              classes:
                - { name: urgent, rate: 0.3/s, service: 1 s, priority: 1, pool: one }
                - { name: later, rate: 0.4/s, service: { distribution: exponential, mean: 1 s }, priority: 2, pool: one }
            """)
        let theory = QueueingTheory.priorityWaitsMG1(arrivalRates: [0.3, 0.4], meanService: [1, 1], secondMoments: [1, 2])
        check(try replicate(work, replications: 10, horizon: 1_000_000, warmUp: 10_000), classes: theory)
    }

    /// Three classes at four servers with one exponential rate (M/M/4, ρ = 0.75): against the M/M/c priority
    /// result, W0 = C(4, 3) / (4 μ).
    func testThreeClassesOnFourServersWaitAsTheMMcPriorityResultSays() throws {
        let work = try settings("""
              pools: [ { name: four, workers: 4 } ]
              classes:
                - { name: a, rate: 0.6/s, service: { distribution: exponential, mean: 1 s }, priority: 1, pool: four }
                - { name: b, rate: 1.2/s, service: { distribution: exponential, mean: 1 s }, priority: 2, pool: four }
                - { name: c, rate: 1.2/s, service: { distribution: exponential, mean: 1 s }, priority: 3, pool: four }
            """)
        let theory = QueueingTheory.priorityWaitsMMc(arrivalRates: [0.6, 1.2, 1.2], serviceRate: 1, servers: 4)
        // The classes' waits, weighted by their rates, average to the M/M/4 queue's without priorities.
        let average = (0.6 * theory[0] + 1.2 * theory[1] + 1.2 * theory[2]) / 3
        XCTAssertEqual(average, QueueingTheory.meanWaitMMc(arrivalRate: 3, serviceRate: 1, servers: 4), accuracy: 1e-12)
        check(try replicate(work, replications: 10, horizon: 400_000, warmUp: 5_000), classes: theory)
    }

    /// Two pools, each fed by its own class, no overflow: two independent M/M/c queues, each as Erlang C says;
    /// and the pools' utilisations are their loads.
    func testTwoPoolsWithoutOverflowAreTwoErlangCQueues() throws {
        let work = try settings("""
              pools: [ { name: small, workers: 3 }, { name: large, workers: 8, kind: vm } ]
              classes:
                - { name: edit, rate: 2.4/s, service: { distribution: exponential, mean: 1 s }, pool: small }
                - { name: render, rate: 1.4/s, service: { distribution: exponential, mean: 5 s }, pool: large }
            """)
        let theory = [QueueingTheory.meanWaitMMc(arrivalRate: 2.4, serviceRate: 1, servers: 3),
                      QueueingTheory.meanWaitMMc(arrivalRate: 1.4, serviceRate: 0.2, servers: 8)]
        let results = try replicate(work, replications: 10, horizon: 400_000, warmUp: 5_000)
        check(results, classes: theory)
        XCTAssertEqual(Estimate(results.map { $0.pools[0].utilisation }).mean, 0.8, accuracy: 0.005)
        XCTAssertEqual(Estimate(results.map { $0.pools[1].utilisation }).mean, 0.875, accuracy: 0.005)
        // Little's law in each pool: jobs waiting = arrival rate x mean wait.
        for (pool, rate) in [(0, 2.4), (1, 1.4)] {
            let waiting = Estimate(results.map { $0.pools[pool].meanWaiting }).mean
            let wait = Estimate(results.map { $0.classes[pool].wait.mean.seconds }).mean
            XCTAssertEqual(waiting, rate * wait, accuracy: rate * wait * 0.02)
        }
    }

    /// Overflow: a class whose own pool is full goes to the other pool when a worker there is free, so it waits
    /// less than without overflow; the other pool's own class waits more; nothing is lost.
    func testOverflowTakesFreeWorkersOfTheOtherPool() throws {
        func run(_ overflow: String) throws -> [WorkResult] {
            let work = try settings("""
                  pools: [ { name: main, workers: 3 }, { name: spare, workers: 3 } ]
                  classes:
                    - { name: busy, rate: 2.7/s, service: { distribution: exponential, mean: 1 s }, pool: main\(overflow) }
                    - { name: quiet, rate: 1/s, service: { distribution: exponential, mean: 1 s }, pool: spare }
                """)
            return try replicate(work, replications: 6, horizon: 100_000, warmUp: 2_000)
        }
        let alone = try run(""), shared = try run(", overflow: spare")
        let busyAlone = Estimate(alone.map { $0.classes[0].wait.mean.seconds }).mean
        let busyShared = Estimate(shared.map { $0.classes[0].wait.mean.seconds }).mean
        XCTAssertLessThan(busyShared, busyAlone / 3, "overflow must relieve the busy class")
        XCTAssertGreaterThan(Estimate(shared.map { $0.classes[0].overflowShare }).mean, 0.1)
        XCTAssertEqual(Estimate(alone.map { $0.classes[0].overflowShare }).mean, 0)
        XCTAssertGreaterThan(Estimate(shared.map { $0.classes[1].wait.mean.seconds }).mean,
                             Estimate(alone.map { $0.classes[1].wait.mean.seconds }).mean)
        // Every arrival is served (completed = arrivals, up to those in the system at the horizon).
        for result in shared {
            let arrivals = result.classes.reduce(0.0) { $0 + $1.arrivalsPerSecond * result.observedSeconds }
            let completed = Double(result.classes.reduce(0) { $0 + $1.completed })
            XCTAssertEqual(completed, arrivals, accuracy: 50)
        }
    }

    /// A calibration file with one editing operation, `preview:360`, at 0.5 CPU s per content second.
    private func editingCalibration() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-editing-\(UUID().uuidString).json")
        try """
            { "vidsim_calibration_version": 1, "measured_at": "1970-01-01T00:00:00Z",
              "machine": { "cpu_model": "test", "logical_cores": 2, "operating_system": "Linux" },
              "software": { "ffmpeg": "test", "libraries": {}, "encoders": {} }, "psnr_average": "", "costs": [], "clips": [],
              "operations": [ { "operation": "preview:360", "name": "preview", "height": 360, "purpose": "test", "ffmpeg_arguments": "",
                "cpu_seconds_per_content_second": { "mean": 0.5, "minimum": 0.5, "maximum": 0.5, "standard_deviation": 0, "clips": 1 },
                "bits_per_second": { "mean": 1, "minimum": 1, "maximum": 1, "standard_deviation": 0, "clips": 1 }, "clips": [] } ] }
            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A measured service (exponential content of mean 4 s x 0.5 CPU s per content second / 2 effective cores: an
    /// exponential service of mean 1 s) on three workers: Erlang C's M/M/3 at ρ = 0.8, as with the time given.
    func testAMeasuredServiceQueuesAsItsTimeSays() throws {
        let calibration = try editingCalibration()
        defer { try? FileManager.default.removeItem(at: calibration) }
        let work = try settings("""
              calibration: \(calibration.path)
              pools: [ { name: vms, workers: 3, kind: vm, vcpus: 4, parallel_efficiency: 0.5 } ]
              classes:
                - { name: preview, rate: 2.4/s, service: { operation: preview, content: { distribution: exponential, mean: 4 s } }, pool: vms }
            """)
        XCTAssertEqual(work.classes[0].meanServiceSeconds, 1, accuracy: 1e-12)
        let results = try replicate(work, replications: 10, horizon: 400_000, warmUp: 5_000)
        check(results, classes: [QueueingTheory.meanWaitMMc(arrivalRate: 2.4, serviceRate: 1, servers: 3)])
        XCTAssertEqual(Estimate(results.map { $0.pools[0].utilisation }).mean, 0.8, accuracy: 0.005)
    }

    /// A measured job that overflows takes the overflow pool's time: a constant 4 s of content is 2 s on the
    /// one-vCPU pool and 0.5 s on the four-vCPU one, so each pool's busy share is its jobs' rate times its time.
    func testAMeasuredJobOnItsOverflowPoolTakesThatPoolsTime() throws {
        let calibration = try editingCalibration()
        defer { try? FileManager.default.removeItem(at: calibration) }
        let work = try settings("""
              calibration: \(calibration.path)
              pools: [ { name: slow, workers: 1 }, { name: fast, workers: 1, kind: vm, vcpus: 4 } ]
              classes:
                - { name: preview, rate: 0.4/s, service: { operation: preview, content: 4 s }, pool: slow, overflow: fast }
            """)
        XCTAssertEqual(work.classes[0].overflowServiceRatio, 0.25)
        let results = try replicate(work, replications: 6, horizon: 200_000, warmUp: 2_000)
        let share = Estimate(results.map { $0.classes[0].overflowShare }).mean
        XCTAssertGreaterThan(share, 0.3)
        XCTAssertEqual(Estimate(results.map { $0.pools[0].utilisation }).mean, 0.4 * (1 - share) * 2, accuracy: 0.01)
        XCTAssertEqual(Estimate(results.map { $0.pools[1].utilisation }).mean, 0.4 * share * 0.5, accuracy: 0.005)
    }
}
