import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The content path's events: what its components schedule, as one small enum the kernel orders.
public enum ContentPathEvent: UInt8, ContentPathEvents {
    /// A creator starts an upload (the file reaches the platform later, if a transfer is modelled).
    case uploadArrives
    /// The attempt at a chunk in flight ends (per-chunk transfers). Payload: slot.
    case chunkAttemptDone
    /// The whole file has reached the ingest tier (aggregate transfers). Payload: slot.
    case uploadFinished
    /// A worker finished its task. Payload: worker token.
    case taskDone
    /// A launched worker is ready. Payload: worker token.
    case workerReady
    /// A spot interruption candidate (one thinned process for the fleet).
    case spotInterrupted
    /// A rung's segments are stitched. Payload: slot x rung count + rung.
    case rungStitched
    /// The autoscaler evaluates its policy.
    case autoscale
    /// The time series are sampled.
    case sample
    /// A zone is lost, or back. Payload: the outage.
    case zoneLost
    case zoneBack
}

/// The content path as a simulation of its own: a thin dispatcher from `ContentPathEvent` to the components
/// `ContentPath` composes. A platform model holding a delivery path too would dispatch the same cases the same
/// way, beside its own (VidsimKernel/Components.md).
struct ContentPathModel: SimulationModel {
    var path: ContentPath<ContentPathEvent>
    private(set) var endTime = TimeSpan.zero

    init(scenario: Scenario, seeds: StreamSeeds) {
        path = ContentPath(scenario: scenario, seeds: seeds)
    }

    mutating func handle(_ event: Event<ContentPathEvent>, scheduler: inout EventScheduler<ContentPathEvent>) {
        switch event.kind {
        case .uploadArrives: path.uploadArrives(at: event.time, scheduler: &scheduler)
        case .chunkAttemptDone: path.chunkAttemptDone(slot: event.payload, at: event.time, scheduler: &scheduler)
        case .uploadFinished: path.uploadFinished(slot: event.payload, at: event.time, scheduler: &scheduler)
        case .taskDone: path.taskDone(token: event.payload, at: event.time, scheduler: &scheduler)
        case .workerReady: path.workerReady(token: event.payload, at: event.time, scheduler: &scheduler)
        case .spotInterrupted: path.spotInterrupted(at: event.time, scheduler: &scheduler)
        case .rungStitched: path.rungStitched(payload: event.payload, at: event.time)
        case .autoscale: path.autoscale(at: event.time, scheduler: &scheduler)
        case .sample: path.sample(at: event.time, scheduler: &scheduler)
        case .zoneLost: path.zoneLost(outage: event.payload, at: event.time, scheduler: &scheduler)
        case .zoneBack: path.zoneBack(outage: event.payload, at: event.time, scheduler: &scheduler)
        }
    }

    mutating func warmUpEnded(at time: TimeSpan) { path.warmUpEnded(at: time) }

    mutating func finish(at time: TimeSpan) { endTime = time }
}

/// Runs the content path.
public enum ContentPathSimulation {
    /// Results in replication order; identical for any `threads`.
    public static func run(_ scenario: Scenario, threads: Int, progress: RunProgress? = nil) throws -> [ContentPathResult] {
        try Replications.run(count: scenario.run.replications, threads: threads) { replication in
            try simulate(scenario, replication: replication, progress: progress)
        }
    }

    /// Runs one replication of `scenario`.
    public static func simulate(_ scenario: Scenario, replication: Int, progress: RunProgress? = nil) throws -> ContentPathResult {
        let seeds = StreamSeeds(scenarioSeed: scenario.seed, replication: replication)
        var model = ContentPathModel(scenario: scenario, seeds: seeds)
        let configuration = scenario.delivery.map { DeliveryConfiguration(settings: $0, scenario: scenario) }
        model.path.keepsPublications = configuration?.newUploads ?? false
        var scheduler = EventScheduler<ContentPathEvent>()
        model.path.start(scheduler: &scheduler)
        model.run(scheduler: &scheduler, until: scenario.run.horizon, warmUp: scenario.run.warmUp,
                  progress: progress, replication: replication)
        var result = model.path.result(scenario: scenario, events: scheduler.eventsProcessed, endTime: model.endTime)
        if let configuration {
            // The delivery side runs on the same horizon with its own streams, the content path's publications
            // joining its catalogue at their times: the same as one simulation of both, since viewers never
            // reach back to the uploads.
            result.delivery = try DeliverySimulation.simulate(
                configuration, horizon: scenario.run.horizon, warmUp: scenario.run.warmUp,
                sampleInterval: scenario.run.sampleInterval, seeds: seeds, publications: model.path.takePublications())
            result.events += result.delivery?.events ?? 0
        }
        if let work = scenario.work {
            // The work classes run on pools of their own: nothing they do reaches the uploads or the viewers.
            result.work = WorkSimulation.simulate(work, zones: scenario.zones, horizon: scenario.run.horizon, warmUp: scenario.run.warmUp,
                                                  seeds: seeds, sampleTimes: result.sampleTimes)
            result.events += result.work?.events ?? 0
        }
        return result
    }
}
