import VidsimKernel
import VidsimScenario
import VidsimUnits

/// Decides how many workers the fleet should have, from what the fleet looks like now.
///
/// - target-utilisation: busy / target (target tracking: a saturated fleet grows by 1/target per evaluation);
/// - backlog: busy + queued work / (backlog per vCPU), since a worker's vCPUs together drain one task;
/// - schedule: the fleet size the daily schedule gives for the time of day.
/// The result is clamped to [min, max]. Growing is immediate; shrinking waits until the policy has wanted
/// fewer workers for `scale_down_delay` without a break.
struct Autoscaler {
    let settings: AutoscalingSettings
    private var belowSince: Double?

    init(_ settings: AutoscalingSettings) { self.settings = settings }

    /// The desired fleet size.
    func desired(busy: Int, queuedTasks: Int, queuedWorkSeconds: Double, at time: TimeSpan) -> Int {
        let wanted: Int
        switch settings.policy {
        case .targetUtilisation:
            wanted = max(Int((Double(busy) / settings.targetUtilisation).rounded(.up)), queuedTasks > 0 ? 1 : 0)
        case .backlog:
            wanted = busy + Int((queuedWorkSeconds / settings.backlogPerVCPU.seconds).rounded(.up))
        case .schedule:
            wanted = settings.scheduled(at: time)
        }
        return min(max(wanted, settings.minimum), settings.maximum)
    }

    /// How many workers to remove now, given the desired size; updates the scale-down timer.
    mutating func removals(desired: Int, alive: Int, at time: TimeSpan) -> Int {
        guard desired < alive else {
            belowSince = nil
            return 0
        }
        let since = belowSince ?? time.seconds
        belowSince = since
        return time.seconds - since >= settings.scaleDownDelay.seconds ? alive - desired : 0
    }
}
