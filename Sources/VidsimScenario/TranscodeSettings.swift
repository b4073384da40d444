import VidsimCalibration
import VidsimUnits

/// The transcode fleet: a pool of identical workers serving rung tasks first come, first served.
///
/// Each rung's cost, in worker-seconds per content second, comes from `cost_per_content_second` where the
/// scenario gives it, and otherwise from the calibration file: the measured CPU seconds per content second of
/// one encode, divided by the worker's vCPUs x relative speed x parallel efficiency.
public struct TranscodeSettings: Decodable, Sendable {
    /// One worker: a VM or a container, what it costs, how long it takes to start, and how much faster than one
    /// core of the calibration machine it encodes one task.
    public struct Worker: Decodable, Sendable {
        public enum Kind: String, Decodable, Sendable, CaseIterable { case vm, container }
        public let kind: Kind
        /// From launch to ready to take tasks (defaults: VM 90 s, container 5 s).
        public let startup: TimeSpan
        /// On-demand price per worker-hour.
        public let price: Price<TimeSpan>
        /// vCPUs an encode may use.
        public let vcpus: Double
        /// Per-core speed relative to the machine the calibration was measured on.
        public let speed: Double
        /// How much of the extra vCPUs an encode turns into speed (1: perfectly).
        public let parallelEfficiency: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case kind, startup, price, vcpus, speed
            case parallelEfficiency = "parallel_efficiency"
        }

        public init(vcpus: Double = 1, speed: Double = 1, parallelEfficiency: Double = 1) {
            kind = .vm
            startup = .zero
            price = Price(dollarsPerBaseUnit: 0)
            self.vcpus = vcpus
            self.speed = speed
            self.parallelEfficiency = parallelEfficiency
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .vm
            startup = try container.decodeIfPresent(TimeSpan.self, forKey: .startup)
                ?? TimeSpan(seconds: kind == .vm ? 90 : 5)
            price = try container.decodeIfPresent(Price<TimeSpan>.self, forKey: .price) ?? Price(dollarsPerBaseUnit: 0)
            vcpus = try container.decodeIfPresent(Double.self, forKey: .vcpus) ?? 1
            speed = try container.decodeIfPresent(Double.self, forKey: .speed) ?? 1
            parallelEfficiency = try container.decodeIfPresent(Double.self, forKey: .parallelEfficiency) ?? 1
            try Self.checkCapacity(vcpus: vcpus, fewestVCPUs: 1, speed: speed, parallelEfficiency: parallelEfficiency, decoder: decoder)
            guard startup.seconds <= 7 * 86_400 else {
                throw decoder.fieldError("expected a start-up of at most 7 days, found \(startup)", field: "startup")
            }
        }

        /// A worker's `vcpus` (from `fewestVCPUs` to 1024), `speed` and `parallel_efficiency`, each in its range: the
        /// transcode fleet's worker and a work pool's.
        static func checkCapacity(vcpus: Double, fewestVCPUs: Double, speed: Double, parallelEfficiency: Double, decoder: Decoder) throws {
            guard vcpus >= fewestVCPUs && vcpus <= 1024 else {
                throw decoder.fieldError("expected \(shown(fewestVCPUs)) to 1024 vCPUs, found \(shown(vcpus))", field: "vcpus")
            }
            guard speed >= 0.001 && speed <= 1000 else {
                throw decoder.fieldError("expected a speed factor from 0.001 to 1000, found \(shown(speed))", field: "speed")
            }
            guard parallelEfficiency >= 0.01 && parallelEfficiency <= 1 else {
                throw decoder.fieldError("expected an efficiency from 0.01 to 1, found \(shown(parallelEfficiency))", field: "parallel_efficiency")
            }
        }

        /// Worker-seconds for work that takes `cpuSeconds` on one core of the calibration machine.
        public func workerSeconds(cpuSeconds: Double) -> Double {
            cpuSeconds / (vcpus * speed * parallelEfficiency)
        }
    }

    /// Where a rung's cost came from.
    public enum CostSource: String, Sendable, Codable {
        case scenario, calibration
    }

    /// Number of workers, each transcoding one task at a time: the whole fleet, or its starting size when it
    /// autoscales. They are ready at time 0.
    public let workers: Int
    public let spot: SpotSettings?
    /// Split-and-stitch; nil transcodes each rung of a file whole.
    public let split: SplitSettings?
    public let priority: Priority
    public let autoscaling: AutoscalingSettings?
    /// The zones of `zones.names` the workers run in (nil without zones).
    public let zones: [String]?

    /// The order tasks leave the queue in.
    public enum Priority: String, Decodable, Sendable, CaseIterable {
        case fifo
        /// Lower rungs (earlier in the ladder) first, so videos become playable sooner.
        case lowRungsFirst = "low-rungs-first"
    }
    /// Worker-seconds of transcoding per second of content, by rung name, as the scenario gives them.
    public let costPerContentSecond: [String: Double]
    /// The calibration file's path as written in the scenario, if any.
    public let calibrationPath: String?
    public let worker: Worker
    /// Filled in by the loader: each rung's cost in ladder order, and where it came from.
    public internal(set) var resolvedCosts: [(cost: Double, source: CostSource)] = []
    /// The calibration read, if the scenario names one.
    public internal(set) var calibration: Calibration?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case workers, calibration, worker, spot, split, priority, autoscaling, zones
        case costPerContentSecond = "cost_per_content_second"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workers = try container.decode(Int.self, forKey: .workers)
        calibrationPath = try container.decodeIfPresent(String.self, forKey: .calibration)
        worker = try container.decodeIfPresent(Worker.self, forKey: .worker) ?? Worker()
        spot = try container.decodeIfPresent(SpotSettings.self, forKey: .spot)
        split = try container.decodeIfPresent(SplitSettings.self, forKey: .split)
        priority = try container.decodeIfPresent(Priority.self, forKey: .priority) ?? .fifo
        autoscaling = try container.decodeIfPresent(AutoscalingSettings.self, forKey: .autoscaling)
        zones = try container.decodeIfPresent([String].self, forKey: .zones)
        if calibrationPath == nil {
            costPerContentSecond = try container.decode([String: Double].self, forKey: .costPerContentSecond)
        } else {
            costPerContentSecond = try container.decodeIfPresent([String: Double].self, forKey: .costPerContentSecond) ?? [:]
        }
        guard workers >= (autoscaling == nil ? 1 : 0) else {
            throw decoder.fieldError("expected at least one worker (or an autoscaling section to grow from zero)", field: "workers")
        }
        guard workers <= ScenarioLimits.largestFleet else {
            throw decoder.fieldError("expected at most \(ScenarioLimits.largestFleet) workers, found \(workers)", field: "workers")
        }
        if let autoscaling, workers > autoscaling.maximum {
            throw decoder.fieldError("the starting fleet (\(workers)) is larger than autoscaling.max (\(autoscaling.maximum))", field: "workers")
        }
        for (rung, cost) in costPerContentSecond.sorted(by: { $0.key < $1.key }) where !(cost > 0 && cost <= ScenarioLimits.largestCost) {
            throw FieldError(codingPath: decoder.codingPath + [AnyKey("cost_per_content_second"), AnyKey(rung)],
                             message: "expected a positive number of worker-seconds per content second, at most "
                                + "\(Int(ScenarioLimits.largestCost)), found \(shown(cost))")
        }
    }

    /// Every rung has a cost, from the scenario or the calibration, and every cost names a rung. In a ladder by
    /// class, a rung without a cost of its own name takes the cost given for its height (`720p` for a 720-line
    /// rung such as `720p-1200k`), and a cost may name a height no class has.
    mutating func resolveCosts(ladder: BitrateLadder) throws {
        let path: [CodingKey] = [AnyKey("transcode"), AnyKey("cost_per_content_second")]
        let names = ladder.rungNames
        for rung in costPerContentSecond.keys.sorted() where !names.contains(rung) && !(ladder.byClass && BitrateLadder.height(named: rung) != nil) {
            var message = "no rung named '\(rung)' in the ladder"
            if let close = Spelling.closest(to: rung, among: names) { message += " (did you mean '\(close)'?)" }
            throw FieldError(codingPath: path + [AnyKey(rung)], message: message, atKey: true)
        }
        resolvedCosts = try ladder.rungs.map { rung in
            if let cost = costPerContentSecond[rung.name] { return (cost, .scenario) }
            if ladder.byClass, let height = rung.height, let cost = costPerContentSecond["\(height)p"] { return (cost, .scenario) }
            guard let calibration else {
                throw FieldError(codingPath: path, message: "no cost given for rung '\(rung.label)'"
                                    + (ladder.byClass ? (rung.height.map { " (or its height, \($0)p)" } ?? "") : "")
                                    + ", and no calibration file to take it from")
            }
            guard let measured = calibration.cost(codec: ladder.codec, preset: ladder.preset, rung: rung.name, height: rung.height) else {
                throw FieldError(
                    codingPath: [AnyKey("transcode"), AnyKey("calibration")],
                    message: "the calibration has no \(ladder.codec) \(ladder.preset) cost for rung '\(rung.name)'"
                        + (rung.height.map { " (or any \($0)-line rung)" } ?? "")
                        + (calibration.costs.isEmpty
                            ? "; it has no rung's cost, only editing operations' (\(calibration.availableOperations.joined(separator: ", ")))"
                            : "; it has \(calibration.available.joined(separator: ", ")) for rungs \(Set(calibration.costs.map(\.rung)).sorted().joined(separator: ", "))"))
            }
            return (worker.workerSeconds(cpuSeconds: measured.cpuSecondsPerContentSecond.mean), .calibration)
        }
    }

    /// The cost of each rung in worker-seconds per content second, in ladder order.
    public func costs(for ladder: BitrateLadder) -> [Double] {
        resolvedCosts.map(\.cost)
    }
}
