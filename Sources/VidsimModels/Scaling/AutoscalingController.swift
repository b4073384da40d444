import DequeModule
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// What every autoscaled pool shares, whichever policy it runs and whatever its workers serve (the transcode
/// fleet's tasks, a work pool's jobs): the policy's recommendation from the load averaged over the period since
/// the previous evaluation, clamped to [min, max]; growing at once; shrinking never below the largest
/// recommendation within the last `scale_down_delay` (the stabilisation window of Kubernetes' Horizontal Pod
/// Autoscaler).
///
/// The policy is called through an existential once per evaluation (every `interval`: 1,440 times in a day at
/// one minute), never per task, so no pool needs specialising for it; a family called per event (eviction, ABR)
/// makes its component generic over the member instead.
struct AutoscalingController {
    let policy: any AutoscalingPolicy
    let minimum: Int
    let maximum: Int
    let interval: TimeSpan
    private let scaleDownDelay: TimeSpan
    /// Recommendations within the scale-down window: (time, desired).
    private var recent = Deque<(time: Double, desired: Int)>()
    private var lastEvaluation: (time: Double, busyIntegral: Double)?

    /// `startingSize`: the pool's size at time 0, held as if recommended then, so that the pool shrinks below it
    /// only once the policy has wanted fewer for `scale_down_delay` (a work pool's starting size); nil: the first
    /// evaluation's recommendation alone counts (the transcode fleet's rule, kept as its reports have it).
    init(settings: AutoscalingSettings, startingSize: Int? = nil) {
        if let startingSize { recent.append((0, startingSize)) }
        policy = settings.policy
        minimum = settings.minimum
        maximum = settings.maximum
        interval = settings.interval
        scaleDownDelay = settings.scaleDownDelay
    }

    /// The policy's recommendation for the pool's load now, clamped to [min, max]. `busyIntegral`: busy
    /// worker-seconds since the start; `busyNow`: busy workers now (the first evaluation's load).
    mutating func desiredSize(busyIntegral: Double, busyNow: Int, queuedTasks: Int, queuedWorkSeconds: Double,
                              alive: Int, at time: TimeSpan) -> Int {
        var busy = Double(busyNow)
        if let last = lastEvaluation, time.seconds > last.time {
            busy = (busyIntegral - last.busyIntegral) / (time.seconds - last.time)
        }
        lastEvaluation = (time.seconds, busyIntegral)
        let load = FleetLoad(busyWorkers: busy, queuedTasks: queuedTasks, queuedWorkSeconds: queuedWorkSeconds,
                             aliveWorkers: alive, time: time)
        return min(max(policy.desiredWorkers(for: load), minimum), maximum)
    }

    /// How many workers to remove now: down to the largest recommendation in the scale-down window.
    mutating func removals(desired: Int, alive: Int, at time: TimeSpan) -> Int {
        recent.append((time.seconds, desired))
        while let first = recent.first, first.time < time.seconds - scaleDownDelay.seconds {
            recent.removeFirst()
        }
        let floor = recent.reduce(0) { max($0, $1.desired) }
        return max(alive - floor, 0)
    }
}
