import VidsimUnits

/// What the fleet did, as an autoscaling policy sees it at an evaluation.
public struct FleetLoad: Sendable, Equatable {
    /// Busy workers averaged over the interval since the previous evaluation (the instantaneous count at the
    /// first one), as a cloud metric is averaged over its period.
    public var busyWorkers: Double
    /// Tasks waiting for a worker now.
    public var queuedTasks: Int
    /// Worker-seconds of work waiting now.
    public var queuedWorkSeconds: Double
    /// Workers alive now (starting, idle or busy).
    public var aliveWorkers: Int
    /// The simulated time of the evaluation, from the start of the run.
    public var time: TimeSpan

    public init(busyWorkers: Double, queuedTasks: Int, queuedWorkSeconds: Double, aliveWorkers: Int, time: TimeSpan) {
        self.busyWorkers = busyWorkers
        self.queuedTasks = queuedTasks
        self.queuedWorkSeconds = queuedWorkSeconds
        self.aliveWorkers = aliveWorkers
        self.time = time
    }
}

/// How many workers a fleet should have, from its load: one member of the autoscaling family.
///
/// A policy only recommends a size. The fleet's autoscaler evaluates it every `interval`, clamps the
/// recommendation to [min, max], grows at once (after the scale-up delay and start-up) and shrinks only once
/// every recommendation within the scale-down window was lower (Kubernetes' stabilisation window): those
/// rules are common to every policy and are not repeated in them.
///
/// To add a policy: write one file with a type conforming to this protocol, holding its parameters, decoded
/// from the same mapping that names it (`autoscaling: { policy: NAME, min:, max:, <its parameters> }`), and
/// add its `member` to `AutoscalingPolicies.registry`. Document it in docs/scenario-reference.md (a test checks).
public protocol AutoscalingPolicy: Sendable {
    /// The name a scenario writes.
    static var name: String { get }
    /// One line for docs and `validate`.
    static var summary: String { get }
    /// The parameters it takes.
    static var parameters: [PolicyParameter] { get }
    /// Reads the policy's parameters; out-of-range values throw `PolicyParameterError`.
    init(from decoder: Decoder) throws
    /// The recommended fleet size for this load, before clamping to [min, max].
    func desiredWorkers(for load: FleetLoad) -> Int
    /// The largest size it can ever recommend with no load at all (sizes the starting fleet check); nil if
    /// it follows load only.
    var largestScheduledSize: Int? { get }
}

extension AutoscalingPolicy {
    public var largestScheduledSize: Int? { nil }

    /// This policy as a registry member.
    public static var member: PolicyRegistry<any AutoscalingPolicy>.Member {
        .init(name: name, summary: summary, parameters: parameters, decode: { try Self(from: $0) })
    }
}

/// Every autoscaling policy vidsim knows, by name.
public enum AutoscalingPolicies {
    public static let registry = PolicyRegistry<any AutoscalingPolicy>(
        familyName: "autoscaling policy",
        members: [TargetUtilisationPolicy.member, BacklogPolicy.member, SchedulePolicy.member])
}
