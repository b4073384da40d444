import DequeModule
import VidsimKernel
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// The events an autoscaler schedules: its periodic evaluation.
public protocol AutoscalerEvents: TranscodeFleetEvents {
    static var autoscale: Self { get }
}

/// Grows and shrinks a transcode fleet with an autoscaling policy, evaluated every interval.
///
/// The policy (one member of `AutoscalingPolicies`) recommends a size from the fleet's load; this component
/// applies what every policy shares. The policy is called through an existential once per evaluation (every
/// `interval`: 1,440 times in a day at one minute), never per task, so the model needs no specialising for it;
/// a family called per event (eviction, ABR) makes its component generic over the member instead. Busy workers are averaged
/// over the interval since the previous evaluation, as a cloud metric is averaged over its period (an
/// instantaneous count caught at a dip would shrink the fleet below the load). The recommendation is clamped
/// to [min, max]. Growing is immediate; shrinking never goes below the largest size recommended within the
/// last `scale_down_delay` (the stabilisation window of Kubernetes' Horizontal Pod Autoscaler).
struct FleetAutoscaler<Events: AutoscalerEvents> {
    let policy: any AutoscalingPolicy
    private let minimum: Int
    private let maximum: Int
    let interval: TimeSpan
    private let scaleDownDelay: TimeSpan
    /// Recommendations within the scale-down window: (time, desired).
    private var recent = Deque<(time: Double, desired: Int)>()
    private var lastEvaluation: (time: Double, busyIntegral: Double)?

    init(settings: AutoscalingSettings) {
        policy = settings.policy
        minimum = settings.minimum
        maximum = settings.maximum
        interval = settings.interval
        scaleDownDelay = settings.scaleDownDelay
    }

    /// Schedules the first evaluation, at `time`.
    func start(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduler.schedule(.autoscale, at: time)
    }

    /// An evaluation: launches what the policy wants beyond the live fleet, or retires idle workers once it has
    /// wanted fewer for long enough; then schedules the next evaluation.
    mutating func evaluate(fleet: inout TranscodeFleet<Events>, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let desired = desiredSize(fleet: fleet, at: time)
        let alive = fleet.aliveCount
        if desired > alive {
            fleet.launch(desired - alive, immediately: false, at: time, scheduler: &scheduler)
        }
        let removals = removals(desired: desired, alive: alive, at: time)
        if removals > 0 { fleet.remove(removals, at: time) }
        scheduler.schedule(.autoscale, after: interval)
    }

    /// The policy's recommendation for the fleet's load now, clamped to [min, max].
    mutating func desiredSize(fleet: TranscodeFleet<Events>, at time: TimeSpan) -> Int {
        let busyIntegral = fleet.busyIntegral(at: time)
        var busy = Double(fleet.busyCount)
        if let last = lastEvaluation, time.seconds > last.time {
            busy = (busyIntegral - last.busyIntegral) / (time.seconds - last.time)
        }
        lastEvaluation = (time.seconds, busyIntegral)
        let load = FleetLoad(busyWorkers: busy, queuedTasks: fleet.queuedTasks, queuedWorkSeconds: fleet.queuedWork,
                             aliveWorkers: fleet.aliveCount, time: time)
        return min(max(policy.desiredWorkers(for: load), minimum), maximum)
    }

    /// How many workers to remove now: down to the largest recommendation in the scale-down window.
    private mutating func removals(desired: Int, alive: Int, at time: TimeSpan) -> Int {
        recent.append((time.seconds, desired))
        while let first = recent.first, first.time < time.seconds - scaleDownDelay.seconds {
            recent.removeFirst()
        }
        let floor = recent.reduce(0) { max($0, $1.desired) }
        return max(alive - floor, 0)
    }
}
