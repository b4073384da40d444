import VidsimUnits

/// Backlog: enough workers for the busy ones plus the queued work, drained at a target rate.
///
/// Desired = ceil(mean busy workers) + ceil(queued worker-seconds / backlog_per_vcpu). A worker's vCPUs
/// together drain one task, so the queued work is counted in worker-seconds. This is the queue-depth scaling
/// of batch transcoding fleets (scale on messages waiting per instance).
public struct BacklogPolicy: AutoscalingPolicy {
    public static let name = "backlog"
    public static let summary = "busy workers plus queued work / backlog_per_vcpu (queue-depth scaling)"
    public static let parameters = [
        PolicyParameter("backlog_per_vcpu", .measure("a duration"), default: "60 s",
                        "queued worker-seconds one more worker is launched for"),
    ]

    /// Queued worker-seconds one more worker is launched for.
    public let backlogPerVCPU: TimeSpan

    enum CodingKeys: String, CodingKey { case backlogPerVCPU = "backlog_per_vcpu" }

    public init(backlogPerVCPU: TimeSpan) { self.backlogPerVCPU = backlogPerVCPU }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        backlogPerVCPU = try container.decodeIfPresent(TimeSpan.self, forKey: .backlogPerVCPU) ?? TimeSpan(seconds: 60)
        guard backlogPerVCPU.seconds > 0 && backlogPerVCPU.seconds.isFinite else {
            throw decoder.parameterError("expected a positive duration, found \(backlogPerVCPU)", field: "backlog_per_vcpu")
        }
    }

    public func desiredWorkers(for load: FleetLoad) -> Int {
        let busy = Int(clamping: load.busyWorkers.rounded(.up))
        let queued = Int(clamping: (load.queuedWorkSeconds / backlogPerVCPU.seconds).rounded(.up))
        let (sum, overflow) = busy.addingReportingOverflow(queued)
        return overflow ? Int.max : sum
    }
}
