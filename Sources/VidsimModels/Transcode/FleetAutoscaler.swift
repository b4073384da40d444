import VidsimKernel
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// The events an autoscaler schedules: its periodic evaluation.
public protocol AutoscalerEvents: TranscodeFleetEvents {
    static var autoscale: Self { get }
}

/// Grows and shrinks a transcode fleet with an autoscaling policy, evaluated every interval: the rules every
/// autoscaled pool shares are `AutoscalingController`'s; this component reads the fleet's load and launches or
/// retires its workers.
struct FleetAutoscaler<Events: AutoscalerEvents> {
    private var controller: AutoscalingController

    init(settings: AutoscalingSettings) {
        controller = AutoscalingController(settings: settings)
    }

    var policy: any AutoscalingPolicy { controller.policy }
    var interval: TimeSpan { controller.interval }

    /// Schedules the first evaluation, at `time`.
    func start(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduler.schedule(.autoscale, at: time)
    }

    /// An evaluation: launches what the policy wants beyond the live fleet, or retires idle workers once it has
    /// wanted fewer for long enough; then schedules the next evaluation.
    mutating func evaluate(fleet: inout TranscodeFleet<Events>, zoneUp: [Bool], at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let desired = desiredSize(fleet: fleet, at: time)
        let alive = fleet.aliveCount
        if desired > alive {
            fleet.launch(desired - alive, immediately: false, zoneUp: zoneUp, at: time, scheduler: &scheduler)
        }
        let removals = controller.removals(desired: desired, alive: alive, at: time)
        if removals > 0 { fleet.remove(removals, at: time) }
        scheduler.schedule(.autoscale, after: interval)
    }

    /// The policy's recommendation for the fleet's load now, clamped to [min, max].
    mutating func desiredSize(fleet: TranscodeFleet<Events>, at time: TimeSpan) -> Int {
        controller.desiredSize(busyIntegral: fleet.busyIntegral(at: time), busyNow: fleet.busyCount, queuedTasks: fleet.queuedTasks,
                               queuedWorkSeconds: fleet.queuedWork, alive: fleet.aliveCount, at: time)
    }
}
