/// Target tracking: keep busy workers / workers near a target utilisation.
///
/// Desired = ceil(mean busy workers over the last interval / target), and at least one while tasks wait. A
/// saturated fleet (every worker busy) therefore grows by a factor 1 / target per evaluation, as AWS's and
/// Kubernetes' target-tracking scalers do.
public struct TargetUtilisationPolicy: AutoscalingPolicy {
    public static let name = "target-utilisation"
    public static let summary = "keep busy / alive workers near target_utilisation (target tracking)"
    public static let parameters = [
        PolicyParameter("target_utilisation", .number, default: "0.7",
                        "the utilisation to hold, in (0, 1]: desired = ceil(mean busy workers / target)"),
    ]

    /// The utilisation to hold, in (0, 1].
    public let targetUtilisation: Double

    enum CodingKeys: String, CodingKey { case targetUtilisation = "target_utilisation" }

    public init(targetUtilisation: Double) { self.targetUtilisation = targetUtilisation }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targetUtilisation = try container.decodeIfPresent(Double.self, forKey: .targetUtilisation) ?? 0.7
        guard targetUtilisation > 0 && targetUtilisation <= 1 else {
            throw decoder.parameterError("expected a utilisation in (0, 1], found \(targetUtilisation)",
                                         field: "target_utilisation")
        }
    }

    public func desiredWorkers(for load: FleetLoad) -> Int {
        // The small epsilon keeps an exact multiple (busy 7, target 0.7 -> 10) from rounding up to 11.
        let wanted = (load.busyWorkers / targetUtilisation - 1e-9).rounded(.up)
        return max(Int(clamping: wanted), load.queuedTasks > 0 ? 1 : 0)
    }
}

extension Int {
    /// The nearest representable Int to a finite or infinite double (NaN gives 0): never traps.
    init(clamping value: Double) {
        if value.isNaN { self = 0 }
        else if value >= 9.2e18 { self = Int.max }
        else if value <= -9.2e18 { self = Int.min }
        else { self = Int(value) }
    }
}
