import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// The transcode fleet: autoscaling, spot interruptions, split-and-stitch and priorities.
final class TranscodeFleetTests: XCTestCase {
    /// One upload a second of 60 s content, one rung costing 1 worker-second per content second: 60 busy
    /// workers on average, 180 during a 3x burst from 2 h to 5 h.
    private func run(transcode: String, horizon: String = "8 h", burst: Bool = true, rungs: String? = nil,
                     duration: String = "60 s", seed: UInt64 = 3) throws -> ContentPathResult {
        let scenario = try loadScenario("""
            name: fleet
            seed: \(seed)
            run: { horizon: \(horizon), replications: 1, sample_interval: 1 min }
            uploads:
              count: 1/s
              duration: \(duration)
              source_bitrate: 5 Mbps
              \(burst ? "bursts: [ { from: 2 h, to: 5 h, multiplier: 3 } ]" : "")
            ladder: { rungs: \(rungs ?? "[ { name: only, bitrate: 1 Mbps } ]") }
            transcode:
            \(transcode)
            """)
        return try XCTUnwrap(ContentPathSimulation.run(scenario, threads: 1).first)
    }

    private func alive(_ result: ContentPathResult, atMinute minute: Int) -> Double { result.aliveWorkers[minute] }

    /// The load steps up threefold and the fleet follows: target tracking at 75% wants 60 / 0.75 = 80 workers
    /// before, 240 during the burst; no new worker is ready before the scale-up delay plus start-up (90 s) has
    /// passed, and idle workers go only after the scale-down delay.
    func testTheFleetFollowsAStepInLoadWithinItsDelays() throws {
        let result = try run(transcode: """
              workers: 80
              worker: { kind: vm, startup: 60 s }
              cost_per_content_second: { only: 1 }
              autoscaling:
                policy: target-utilisation
                target_utilisation: 0.75
                min: 10
                max: 1000
                interval: 1 min
                scale_up_delay: 30 s
                scale_down_delay: 15 min
            """)
        // Before the burst: 80 workers for the mean load, held a little higher because the fleet keeps the
        // largest recommendation of the last 15 minutes: minute averages of about 60 +- 8 busy give a maximum of
        // about (60 + 2 x 8) / 0.75 = 100.
        let before = (60..<120).map { alive(result, atMinute: $0) }.reduce(0, +) / 60
        XCTAssertEqual(before, 95, accuracy: 12)
        // Within ten minutes of the step the fleet passes 240, overshoots while the queue it let build drains,
        // and settles near 240.
        XCTAssertGreaterThan(alive(result, atMinute: 130), 240)
        let during = (180..<300).map { alive(result, atMinute: $0) }.reduce(0, +) / 120
        XCTAssertEqual(during, 250, accuracy: 25)
        // No worker launched at the step is ready before scale-up delay + start-up: 90 s of everyone busy.
        XCTAssertEqual(result.busyWorkers[121], result.aliveWorkers[120], accuracy: 1)
        // The burst's first minutes queue work: new workers take 90 s to be ready.
        let queued = (120..<126).map { result.tasksWaiting[$0] }.max()!
        XCTAssertGreaterThan(queued, 0)
        // After the burst: the fleet stays for the 15-minute scale-down window, then shrinks back.
        XCTAssertGreaterThan(alive(result, atMinute: 300 + 10), 200)
        XCTAssertEqual(alive(result, atMinute: 300 + 40), 95, accuracy: 15)
        // And the backlog never lasted: only the step's first minutes queue work, so the p99 wait stays far
        // below the three-hour burst.
        XCTAssertLessThan(result.queueWait.p99.seconds, 900)
        XCTAssertEqual(result.tasksWaitingAtEnd, 0)
    }

    /// The same spike with the fleet capped at 120 workers: the backlog grows through the burst (180 needed),
    /// then drains once the load falls back to 60.
    func testASpikeBeyondTheMaximumFleetBuildsABacklogThatDrains() throws {
        let result = try run(transcode: """
              workers: 80
              worker: { kind: container, startup: 5 s }
              cost_per_content_second: { only: 1 }
              autoscaling: { policy: backlog, backlog_per_vcpu: 30 s, min: 10, max: 120, interval: 1 min, scale_down_delay: 10 min }
            """)
        XCTAssertEqual(result.peakWorkers, 120)
        // Through the burst the backlog keeps growing: 60 workers short, 3,600 worker-seconds more a minute.
        let atStart = result.backlogSeconds[130], atEnd = result.backlogSeconds[299]
        XCTAssertGreaterThan(atEnd, atStart + 100_000)
        XCTAssertEqual(atEnd, 60 * 170 * 60, accuracy: 0.15 * 60 * 170 * 60)
        // It drains at 60 spare workers: 612,000 worker-seconds in about 170 minutes, before the 8 h horizon.
        XCTAssertEqual(result.backlogSeconds.last!, 0, accuracy: 1)
        XCTAssertEqual(result.tasksWaitingAtEnd, 0)
        // The last task of the burst waits for the backlog ahead of it at the whole fleet's pace: about
        // 650,000 / 120 = 5,400 s.
        XCTAssertEqual(result.queueWait.max.seconds, atEnd / 120, accuracy: 0.1 * atEnd / 120)
    }

    /// A schedule: 100 workers from midnight, 250 from 3 h; container start-up of 5 s.
    func testAScheduleSetsTheFleetSize() throws {
        let result = try run(transcode: """
              workers: 100
              worker: { kind: container }
              cost_per_content_second: { only: 1 }
              autoscaling:
                policy: schedule
                schedule: [ { from: 0 h, workers: 100 }, { from: 3 h, workers: 250 } ]
                max: 300
                interval: 1 min
                scale_down_delay: 1 min
            """, horizon: "6 h", burst: false)
        XCTAssertEqual(alive(result, atMinute: 170), 100)
        XCTAssertEqual(alive(result, atMinute: 185), 250)
    }

    /// Spot workers are interrupted at their rate; their tasks go back to the queue and still finish.
    func testSpotInterruptionsRequeueTasks() throws {
        let result = try run(transcode: """
              workers: 120
              worker: { kind: vm, startup: 60 s, price: $1/h }
              spot: { fraction: 0.5, discount: 0.7, interruptions: 0.5/h }
              cost_per_content_second: { only: 1 }
            """, horizon: "12 h", burst: false)
        // About 60 spot workers at 0.5/h: 30 interruptions an hour, 720 a day.
        XCTAssertEqual(result.interruptionsPerDay, 720, accuracy: 150)
        // Replacements keep the fleet near 120 (each is missing for its 60 s start-up).
        XCTAssertEqual(result.meanWorkers, 120, accuracy: 2)
        // Every task still completes: uploads in = uploads published, give or take those in flight at the end.
        XCTAssertEqual(Double(result.published), Double(result.uploads), accuracy: 200)
        // Half the fleet at 30% of the price: 120 x 24 h x (0.5 + 0.5 x 0.3) = $1,872 a day.
        XCTAssertEqual(result.computeCostPerDay, 1872, accuracy: 40)
        XCTAssertEqual(result.spotVCPUHoursPerDay, 60 * 24, accuracy: 60)
    }

    /// Split-and-stitch: 10-minute videos in 1-minute segments finish far sooner than whole-file tasks.
    func testSplitAndStitchCutsTimeToPublish() throws {
        let whole = try run(transcode: """
              workers: 800
              cost_per_content_second: { only: 1 }
            """, horizon: "3 h", burst: false, duration: "10 min")
        let split = try run(transcode: """
              workers: 800
              cost_per_content_second: { only: 1 }
              split: { segment: 1 min, stitch: 5 s }
            """, horizon: "3 h", burst: false, duration: "10 min")
        // Whole file: 600 s of work in one task. Split: ten 60 s tasks in parallel, then a 5 s stitch.
        XCTAssertEqual(whole.timeToPublish.p50.seconds, 600, accuracy: 1)
        XCTAssertEqual(split.timeToPublish.p50.seconds, 65, accuracy: 1)
        // Ten segment tasks per video (bar those in flight at the horizon).
        XCTAssertEqual(Double(split.tasksCompleted), 10 * Double(split.published), accuracy: 0.01 * 10 * Double(split.published))
    }

    /// Low rungs first: under a backlog, videos become playable much sooner than first come, first served.
    func testLowRungsFirstMakesVideosPlayableSooner() throws {
        let rungs = "[ { name: low, bitrate: 500 Kbps }, { name: high, bitrate: 5 Mbps } ]"
        func fleet(_ priority: String) throws -> ContentPathResult {
            try run(transcode: """
                  workers: 100
                  cost_per_content_second: { low: 0.2, high: 1.4 }
                  priority: \(priority)
                """, horizon: "8 h", burst: true, rungs: rungs)
        }
        // 96 busy workers needed of 100, and three times that in the burst: a real queue forms.
        let fifo = try fleet("fifo"), lowFirst = try fleet("low-rungs-first")
        XCTAssertLessThan(lowFirst.timeToFirstPlayable.p95.seconds, 0.5 * fifo.timeToFirstPlayable.p95.seconds)
        XCTAssertGreaterThan(fifo.queueWait.mean.seconds, 10)
    }
}
