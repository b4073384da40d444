import Foundation
import VidsimUnits

/// Spot (preemptible) workers: cheaper, and taken back now and then.
public struct SpotSettings: Decodable, Sendable {
    /// The share of launched workers that are spot, 0 to 1.
    public let fraction: Double
    /// Spot price = on-demand price x (1 - discount).
    public let discount: Double
    /// Interruptions per spot worker-hour; an interrupted task goes back to the head of its queue.
    public let interruptions: EventRate

    enum CodingKeys: String, CodingKey, CaseIterable { case fraction, discount, interruptions }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fraction = try container.decode(Double.self, forKey: .fraction)
        discount = try container.decodeIfPresent(Double.self, forKey: .discount) ?? 0.6
        interruptions = try container.decodeIfPresent(EventRate.self, forKey: .interruptions) ?? .zero
        guard (0...1).contains(fraction) else { throw decoder.fieldError("expected a fraction between 0 and 1", field: "fraction") }
        guard (0..<1).contains(discount) else { throw decoder.fieldError("expected a discount in [0, 1)", field: "discount") }
    }
}

/// Split-and-stitch: each rung is cut into segments transcoded in parallel, then stitched.
public struct SplitSettings: Decodable, Sendable {
    /// Content length of a segment.
    public let segment: TimeSpan
    /// Time to stitch a rung's segments once the last is done (no worker is held).
    public let stitch: TimeSpan

    enum CodingKeys: String, CodingKey, CaseIterable { case segment, stitch }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        segment = try container.decode(TimeSpan.self, forKey: .segment)
        stitch = try container.decodeIfPresent(TimeSpan.self, forKey: .stitch) ?? .zero
        guard segment.seconds >= 1 else { throw decoder.fieldError("a segment must be at least 1 s of content", field: "segment") }
    }
}

/// How the fleet grows and shrinks.
public struct AutoscalingSettings: Decodable, Sendable {
    public enum Policy: String, Decodable, Sendable, CaseIterable {
        /// Keep busy / active workers near `target_utilisation` (target tracking).
        case targetUtilisation = "target-utilisation"
        /// Keep queued work near `backlog_per_vcpu` seconds per vCPU on top of the busy workers.
        case backlog
        /// Follow a daily schedule of fleet sizes.
        case schedule
    }

    /// One step of a daily schedule: from this hour of the day, this many workers.
    public struct Step: Decodable, Sendable {
        public let from: TimeSpan
        public let workers: Int

        enum CodingKeys: String, CodingKey, CaseIterable { case from, workers }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            from = try container.decode(TimeSpan.self, forKey: .from)
            workers = try container.decode(Int.self, forKey: .workers)
            guard from.seconds >= 0 && from.seconds < 86_400 else {
                throw decoder.fieldError("expected a time of day, 0 h to 24 h", field: "from")
            }
            guard workers >= 0 else { throw decoder.fieldError("expected zero or more workers", field: "workers") }
        }
    }

    public let policy: Policy
    public let targetUtilisation: Double
    public let backlogPerVCPU: TimeSpan
    public let schedule: [Step]
    public let minimum: Int
    public let maximum: Int
    /// How often the policy is evaluated.
    public let interval: TimeSpan
    /// Provisioning time before a new worker even starts booting.
    public let scaleUpDelay: TimeSpan
    /// How long the policy must want fewer workers before idle ones are removed.
    public let scaleDownDelay: TimeSpan

    enum CodingKeys: String, CodingKey, CaseIterable {
        case policy, schedule, interval
        case targetUtilisation = "target_utilisation"
        case backlogPerVCPU = "backlog_per_vcpu"
        case minimum = "min"
        case maximum = "max"
        case scaleUpDelay = "scale_up_delay"
        case scaleDownDelay = "scale_down_delay"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        policy = try container.decode(Policy.self, forKey: .policy)
        targetUtilisation = try container.decodeIfPresent(Double.self, forKey: .targetUtilisation) ?? 0.7
        backlogPerVCPU = try container.decodeIfPresent(TimeSpan.self, forKey: .backlogPerVCPU) ?? TimeSpan(seconds: 60)
        schedule = (try container.decodeIfPresent([Step].self, forKey: .schedule) ?? []).sorted { $0.from < $1.from }
        minimum = try container.decodeIfPresent(Int.self, forKey: .minimum) ?? 0
        maximum = try container.decode(Int.self, forKey: .maximum)
        interval = try container.decodeIfPresent(TimeSpan.self, forKey: .interval) ?? TimeSpan(seconds: 60)
        scaleUpDelay = try container.decodeIfPresent(TimeSpan.self, forKey: .scaleUpDelay) ?? .zero
        scaleDownDelay = try container.decodeIfPresent(TimeSpan.self, forKey: .scaleDownDelay) ?? TimeSpan(seconds: 600)
        guard targetUtilisation > 0 && targetUtilisation <= 1 else {
            throw decoder.fieldError("expected a utilisation in (0, 1]", field: "target_utilisation")
        }
        guard backlogPerVCPU.seconds > 0 else { throw decoder.fieldError("expected a positive backlog", field: "backlog_per_vcpu") }
        guard minimum >= 0 && maximum >= max(minimum, 1) else {
            throw decoder.fieldError("expected 0 <= min <= max and max >= 1", field: "max")
        }
        guard interval.seconds > 0 else { throw decoder.fieldError("the interval must be positive", field: "interval") }
        if policy == .schedule && schedule.isEmpty {
            throw decoder.fieldError("a schedule policy needs 'schedule': a list of { from: <time of day>, workers: N }", field: "schedule")
        }
    }

    /// The scheduled fleet size at a time (the last step at or before the time of day, wrapping at midnight).
    public func scheduled(at time: TimeSpan) -> Int {
        let timeOfDay = time.seconds.truncatingRemainder(dividingBy: 86_400)
        return (schedule.last { $0.from.seconds <= timeOfDay } ?? schedule.last!).workers
    }
}
