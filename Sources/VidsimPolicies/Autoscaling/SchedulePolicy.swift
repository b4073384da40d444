import VidsimUnits

/// Schedule: the fleet size a daily schedule gives for the time of day, whatever the load.
///
/// The schedule is a list of steps { from: <time of day>, workers: N }; each holds from its time until the
/// next step's, and the last wraps past midnight to the first (scheduled scaling, as in AWS Auto Scaling's
/// scheduled actions).
public struct SchedulePolicy: AutoscalingPolicy {
    public static let name = "schedule"
    public static let summary = "the fleet size a daily schedule gives for the time of day"
    public static let parameters = [
        PolicyParameter("schedule", .list(of: [
            PolicyParameter("from", .measure("a duration"), "the time of day the step starts, 0 h to 24 h"),
            PolicyParameter("workers", .integer, "the fleet size from then on"),
        ]), "steps of the daily schedule, in any order"),
    ]

    /// One step of a daily schedule: from this time of day, this many workers.
    public struct Step: Sendable, Equatable {
        public let from: TimeSpan
        public let workers: Int

        public init(from: TimeSpan, workers: Int) {
            self.from = from
            self.workers = workers
        }
    }

    /// The steps, sorted by time of day; never empty.
    public let schedule: [Step]

    enum CodingKeys: String, CodingKey { case schedule }
    enum StepKeys: String, CodingKey, CaseIterable { case from, workers }

    public init(schedule: [Step]) {
        precondition(!schedule.isEmpty, "a schedule needs at least one step")
        self.schedule = schedule.sorted { $0.from < $1.from }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.schedule) else {
            throw decoder.parameterError("a schedule policy needs 'schedule': a list of { from: <time of day>, workers: N }",
                                         field: "schedule")
        }
        var list = try container.nestedUnkeyedContainer(forKey: .schedule)
        var steps: [Step] = []
        while !list.isAtEnd {
            let stepDecoder = try list.superDecoder()
            let keys = try stepDecoder.container(keyedBy: PolicyKey.self).allKeys
            let known = StepKeys.allCases.map(\.rawValue)
            for key in keys where !known.contains(key.stringValue) {
                var message = "unknown field '\(key.stringValue)'"
                if let close = Spelling.closest(to: key.stringValue, among: known) { message += " (did you mean '\(close)'?)" }
                throw PolicyParameterError(codingPath: stepDecoder.codingPath + [key],
                                           message: message + "; a step takes: from, workers", atKey: true)
            }
            let step = try stepDecoder.container(keyedBy: StepKeys.self)
            let from = try step.decode(TimeSpan.self, forKey: .from)
            let workers = try step.decode(Int.self, forKey: .workers)
            guard from.seconds >= 0 && from.seconds < 86_400 else {
                throw stepDecoder.parameterError("expected a time of day, 0 h to 24 h, found \(from)", field: "from")
            }
            guard workers >= 0 else {
                throw stepDecoder.parameterError("expected zero or more workers, found \(workers)", field: "workers")
            }
            steps.append(Step(from: from, workers: workers))
        }
        guard !steps.isEmpty else {
            throw decoder.parameterError("a schedule needs at least one step { from: <time of day>, workers: N }",
                                         field: "schedule")
        }
        schedule = steps.sorted { $0.from < $1.from }
    }

    public func desiredWorkers(for load: FleetLoad) -> Int { workers(at: load.time) }

    public var largestScheduledSize: Int? { schedule.map(\.workers).max() }

    /// The scheduled size at a time: the last step at or before the time of day, wrapping at midnight.
    public func workers(at time: TimeSpan) -> Int {
        let timeOfDay = time.seconds.truncatingRemainder(dividingBy: 86_400)
        return (schedule.last { $0.from.seconds <= timeOfDay } ?? schedule[schedule.count - 1]).workers
    }
}
