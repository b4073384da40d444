import XCTest
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// One simulation holding the content path and a delivery path together: the content path's components are
/// clients of the kernel generic over their events, so a platform model with an enum of its own can hold them
/// beside components of its own (VidsimKernel/Components.md).
final class CompositionTests: XCTestCase {
    /// The platform's events: every case the content path needs, plus the delivery side's own.
    enum PlatformEvent: UInt8, ContentPathEvents {
        case uploadArrives, chunkAttemptDone, uploadFinished, taskDone, workerReady, spotInterrupted, rungStitched
        case autoscale, sample, zoneLost, zoneBack
        /// A viewer presses play. Payload: the video's index in the catalog.
        case viewStarts
    }

    /// A delivery side as small as the test needs: a catalog of watchable videos and viewers who start watching
    /// each video when it is published and then every `viewGap` seconds, each view recorded with its time.
    struct PlatformModel: SimulationModel {
        var content: ContentPath<PlatformEvent>
        var publishedAt: [Double] = []
        var views: [(video: Int, time: Double)] = []
        let viewGap = 600.0
        var endTime = TimeSpan.zero

        mutating func handle(_ event: Event<PlatformEvent>, scheduler: inout EventScheduler<PlatformEvent>) {
            let time = event.time
            switch event.kind {
            case .uploadArrives: content.uploadArrives(at: time, scheduler: &scheduler)
            case .chunkAttemptDone: content.chunkAttemptDone(slot: event.payload, at: time, scheduler: &scheduler)
            case .uploadFinished: content.uploadFinished(slot: event.payload, at: time, scheduler: &scheduler)
            case .taskDone: content.taskDone(token: event.payload, at: time, scheduler: &scheduler)
            case .workerReady: content.workerReady(token: event.payload, at: time, scheduler: &scheduler)
            case .spotInterrupted: content.spotInterrupted(at: time, scheduler: &scheduler)
            case .rungStitched: content.rungStitched(payload: event.payload, at: time)
            case .autoscale: content.autoscale(at: time, scheduler: &scheduler)
            case .sample: content.sample(at: time, scheduler: &scheduler)
            case .zoneLost: content.zoneLost(outage: event.payload, at: time, scheduler: &scheduler)
            case .zoneBack: content.zoneBack(outage: event.payload, at: time, scheduler: &scheduler)
            case .viewStarts:
                views.append((event.payload, time.seconds))
                scheduler.schedule(.viewStarts, after: TimeSpan(seconds: viewGap), payload: event.payload)
            }
            // What the content path published during this event becomes watchable now, at the event's time.
            for video in content.takePublications() {
                publishedAt.append(video.time)
                scheduler.schedule(.viewStarts, at: TimeSpan(seconds: video.time), payload: publishedAt.count - 1)
            }
        }

        mutating func warmUpEnded(at time: TimeSpan) { content.warmUpEnded(at: time) }
        mutating func finish(at time: TimeSpan) { endTime = time }
    }

    private func scenario() throws -> Scenario {
        try loadScenario("""
            name: composed
            seed: 11
            run: { horizon: 6 h, replications: 1, sample_interval: 10 min }
            uploads:
              rate: 10 hours/min
              duration: { distribution: exponential, mean: 4 min }
              source_bitrate: 8 Mbps
              transfer:
                uplink: { distribution: uniform, low: 20 Mbps, high: 100 Mbps }
                chunk_size: 10 MB
                chunk_failure_probability: 0.01
            ladder:
              rungs:
                - { name: 360p, bitrate: 700 Kbps }
                - { name: 1080p, bitrate: 6 Mbps }
            transcode:
              workers: 40
              split: { segment: 1 min, stitch: 5 s }
              cost_per_content_second: { 360p: 0.2, 1080p: 1.0 }
              autoscaling: { policy: backlog, backlog_per_vcpu: 30 s, min: 10, max: 200, interval: 1 min }
            """)
    }

    func testVideosBecomeWatchableWhenPublishedAndTheContentPathIsUndisturbed() throws {
        let scenario = try scenario()
        let seeds = StreamSeeds(scenarioSeed: scenario.seed, replication: 0)
        var model = PlatformModel(content: ContentPath(scenario: scenario, seeds: seeds))
        model.content.keepsPublications = true
        var scheduler = EventScheduler<PlatformEvent>()
        model.content.start(scheduler: &scheduler)
        model.run(scheduler: &scheduler, until: scenario.run.horizon)
        let composed = model.content.result(scenario: scenario, events: scheduler.eventsProcessed, endTime: model.endTime)

        XCTAssertGreaterThan(model.publishedAt.count, 1000)
        XCTAssertEqual(model.publishedAt.count, composed.published, "every published video entered the catalog")
        // The first view of each video is at its publication time, never before; later views follow it.
        var firstView = [Double?](repeating: nil, count: model.publishedAt.count)
        for view in model.views {
            XCTAssertGreaterThanOrEqual(view.time, model.publishedAt[view.video])
            if firstView[view.video] == nil { firstView[view.video] = view.time }
        }
        for (video, time) in model.publishedAt.enumerated() {
            XCTAssertEqual(firstView[video], time, "video \(video) watchable from its publication")
        }

        // The delivery side's events interleave with the content path's but draw nothing from its streams and
        // change nothing it does: the content path alone gives the same figures.
        let alone = try ContentPathSimulation.simulate(scenario, replication: 0)
        XCTAssertEqual(alone.uploads, composed.uploads)
        XCTAssertEqual(alone.published, composed.published)
        XCTAssertEqual(alone.tasksCompleted, composed.tasksCompleted)
        XCTAssertEqual(alone.timeToPublish.p95, composed.timeToPublish.p95)
        XCTAssertEqual(alone.peakWorkers, composed.peakWorkers)
        XCTAssertEqual(alone.events + model.views.count, composed.events)
    }
}
