import DequeModule
import VidsimKernel
import VidsimScenario
import VidsimUnits

/// Decides how many workers the fleet should have, from what the fleet did over the last interval.
///
/// Busy workers are averaged over the interval since the previous evaluation, as a cloud metric is averaged
/// over its period: an instantaneous count caught at a dip would shrink the fleet below the load.
/// - target-utilisation: mean busy / target (target tracking: a saturated fleet grows by 1/target per evaluation);
/// - backlog: busy + queued work / (backlog per vCPU), since a worker's vCPUs together drain one task;
/// - schedule: the fleet size the daily schedule gives for the time of day.
/// The result is clamped to [min, max]. Growing is immediate; shrinking never goes below the largest size the
/// policy recommended within the last `scale_down_delay` (the stabilisation window of Kubernetes' Horizontal
/// Pod Autoscaler), so a drop in load is followed only once it has lasted that long.
struct Autoscaler {
    let settings: AutoscalingSettings
    /// Recommendations within the scale-down window: (time, desired).
    private var recent = Deque<(time: Double, desired: Int)>()
    private var lastEvaluation: (time: Double, busyIntegral: Double)?

    init(_ settings: AutoscalingSettings) { self.settings = settings }

    /// The desired fleet size, given the fleet's busy worker-seconds so far (`busyIntegral`).
    mutating func desired(busyIntegral: Double, busyNow: Int, queuedTasks: Int, queuedWorkSeconds: Double,
                          at time: TimeSpan) -> Int {
        var busy = Double(busyNow)
        if let last = lastEvaluation, time.seconds > last.time {
            busy = (busyIntegral - last.busyIntegral) / (time.seconds - last.time)
        }
        lastEvaluation = (time.seconds, busyIntegral)
        let wanted: Int
        switch settings.policy {
        case .targetUtilisation:
            wanted = max(Int((busy / settings.targetUtilisation - 1e-9).rounded(.up)), queuedTasks > 0 ? 1 : 0)
        case .backlog:
            wanted = Int(busy.rounded(.up)) + Int((queuedWorkSeconds / settings.backlogPerVCPU.seconds).rounded(.up))
        case .schedule:
            wanted = settings.scheduled(at: time)
        }
        return min(max(wanted, settings.minimum), settings.maximum)
    }

    /// How many workers to remove now: down to the largest recommendation in the scale-down window.
    mutating func removals(desired: Int, alive: Int, at time: TimeSpan) -> Int {
        recent.append((time.seconds, desired))
        while let first = recent.first, first.time < time.seconds - settings.scaleDownDelay.seconds {
            recent.removeFirst()
        }
        let floor = recent.reduce(0) { max($0, $1.desired) }
        return max(alive - floor, 0)
    }
}
