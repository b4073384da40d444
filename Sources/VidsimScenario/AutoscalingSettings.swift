import VidsimPolicies
import VidsimUnits

/// How the fleet grows and shrinks: a policy from `AutoscalingPolicies.registry` with its own parameters, and
/// the rules common to every policy.
///
///     autoscaling: { policy: backlog, backlog_per_vcpu: 30 s, min: 10, max: 120, interval: 1 min }
///
/// The policy recommends a size at each evaluation; the recommendation is clamped to [min, max]. Growing is
/// immediate (new workers are ready after `scale_up_delay` plus their start-up); shrinking never goes below
/// the largest size recommended within the last `scale_down_delay` (the stabilisation window of Kubernetes'
/// Horizontal Pod Autoscaler), so a drop in load is followed only once it has lasted that long.
public struct AutoscalingSettings: Decodable, Sendable {
    /// The policy, decoded by name through the registry; the model opens it once to specialise itself.
    public let policy: any AutoscalingPolicy
    public let minimum: Int
    public let maximum: Int
    /// How often the policy is evaluated.
    public let interval: TimeSpan
    /// Provisioning time before a new worker even starts booting.
    public let scaleUpDelay: TimeSpan
    /// How long the policy must want fewer workers before idle ones are removed.
    public let scaleDownDelay: TimeSpan

    /// The policy's registered name.
    public var policyName: String { type(of: policy).name }

    /// Fields every policy takes; each policy adds its own parameters beside them.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case policy, interval
        case minimum = "min"
        case maximum = "max"
        case scaleUpDelay = "scale_up_delay"
        case scaleDownDelay = "scale_down_delay"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .policy)
        policy = try decoder.decodePolicy(AutoscalingPolicies.registry, commonKeys: CodingKeys.self, name: name)
        minimum = try container.decodeIfPresent(Int.self, forKey: .minimum) ?? 0
        maximum = try container.decode(Int.self, forKey: .maximum)
        interval = try container.decodeIfPresent(TimeSpan.self, forKey: .interval) ?? TimeSpan(seconds: 60)
        scaleUpDelay = try container.decodeIfPresent(TimeSpan.self, forKey: .scaleUpDelay) ?? .zero
        scaleDownDelay = try container.decodeIfPresent(TimeSpan.self, forKey: .scaleDownDelay) ?? TimeSpan(seconds: 600)
        guard minimum >= 0 && maximum >= max(minimum, 1) else {
            throw decoder.fieldError("expected 0 <= min <= max and max >= 1, found min \(minimum) and max \(maximum)", field: "max")
        }
        guard maximum <= Self.largestFleet else {
            throw decoder.fieldError("expected at most \(Self.largestFleet) workers, found \(maximum)", field: "max")
        }
        guard interval.seconds >= 1 && interval.seconds.isFinite else {
            throw decoder.fieldError("expected an interval of at least 1 s, found \(interval)", field: "interval")
        }
        for (field, delay) in [("scale_up_delay", scaleUpDelay), ("scale_down_delay", scaleDownDelay)]
        where !(delay.seconds <= Self.longestDelay.seconds) {
            throw decoder.fieldError("expected at most \(Self.longestDelay), found \(delay)", field: field)
        }
    }

    /// The most workers a fleet may have: each is an entry in the model's arrays.
    public static let largestFleet = 10_000_000
    /// The longest provisioning or stabilisation delay accepted (a year).
    public static let longestDelay = TimeSpan.days(365)
}
