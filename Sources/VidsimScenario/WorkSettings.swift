import Foundation
import VidsimCalibration
import VidsimUnits

/// Work besides uploads and their transcodes (the first seed's interactive editing: trims, filters, previews),
/// in classes with their own arrivals, service times and latency objectives, served by worker pools of their
/// own (containers, VMs), with priorities between the classes sharing a pool and overflow to another pool.
public struct WorkSettings: Decodable, Sendable {
    /// One kind of work.
    public struct WorkClass: Decodable, Sendable {
        /// Names the class's figures (`work.class.<name>.…`).
        public let name: String
        /// Mean job arrivals per unit time, over the day when `diurnal` shapes them: as given, or with `sessions` the
        /// sessions' rate times their jobs.
        public let rate: EventRate
        /// Jobs that come in sessions (a user editing in the browser), nil: jobs arrive on their own at `rate`.
        public let sessions: Sessions?
        /// The day's shape of the arrivals (of jobs, or of sessions; as `uploads.diurnal`); nil: a flat rate.
        public let diurnal: DiurnalProfile?
        /// Periods at a multiple of the rate (as `uploads.bursts`: a launch's viral evening).
        public let bursts: [Burst]
        /// The arrivals' shape over time: the day's and the bursts.
        public var profile: RateProfile { RateProfile(diurnal: diurnal, weekly: nil, bursts: bursts) }
        /// A job's time on a worker; with `measured`, the length of video a job processes, which the loader turns
        /// into time (`serviceScale`).
        public let service: DistributionSpec<TimeSpan>
        /// An editing operation measured by `vidsim bench --operations`, applied to `service` seconds of video; nil:
        /// `service` is the time itself.
        public let measured: MeasuredService?
        /// Filled in by the loader: a job's worker-seconds per unit of `service` on the class's own pool (1 unless
        /// measured: the operation's CPU seconds per content second over the pool's vCPUs x speed x efficiency),
        /// and on its overflow pool relative to its own.
        public internal(set) var serviceScale = 1.0
        public internal(set) var overflowServiceRatio = 1.0
        /// Filled in by the loader for a measured service: the operation's CPU seconds per content second, and the
        /// file it came from.
        public internal(set) var measuredCost: (cpuSecondsPerContentSecond: Double, file: String)?
        /// A job's mean time on a worker of its own pool.
        public var meanServiceSeconds: Double { service.distribution.mean * serviceScale }
        /// 1 is served first; a pool takes its next job from the lowest number waiting (non-preemptive: a job in
        /// service is never interrupted).
        public let priority: Int
        /// The pool that serves the class, and the one it overflows to when every worker of its own is busy.
        public let pool: String
        public let overflow: String?
        /// The latency (wait and service) a job should finish within, at the percentile given.
        public let objective: Objective?

        enum CodingKeys: String, CodingKey, CaseIterable { case name, rate, sessions, diurnal, bursts, service, priority, pool, overflow, objective }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            sessions = try container.decodeIfPresent(Sessions.self, forKey: .sessions)
            if let sessions {
                guard !container.contains(.rate) else {
                    throw decoder.fieldError("a class has jobs arriving on their own at a `rate`, or in `sessions` (which have their own rate), not both",
                                             field: "rate")
                }
                rate = EventRate(perSecond: sessions.rate.perSecond * sessions.jobs)
            } else {
                guard container.contains(.rate) else {
                    throw decoder.fieldError("expected a `rate` of jobs (200/s), or `sessions: { rate, jobs, think_time }`", field: "rate")
                }
                rate = try container.decode(EventRate.self, forKey: .rate)
            }
            diurnal = try container.decodeIfPresent(DiurnalProfile.self, forKey: .diurnal)
            bursts = try container.decodeIfPresent([Burst].self, forKey: .bursts) ?? []
            guard bursts.count <= 1000 else {
                throw decoder.fieldError("expected at most 1000 bursts, found \(bursts.count)", field: "bursts")
            }
            if let mapping = try? container.nestedContainer(keyedBy: AnyKey.self, forKey: .service), mapping.contains(AnyKey("operation")) {
                let measured = try container.decode(MeasuredService.self, forKey: .service)
                self.measured = measured
                service = measured.content
            } else {
                measured = nil
                service = try container.decode(DistributionSpec<TimeSpan>.self, forKey: .service)
            }
            priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? 1
            pool = try container.decode(String.self, forKey: .pool)
            overflow = try container.decodeIfPresent(String.self, forKey: .overflow)
            objective = try container.decodeIfPresent(Objective.self, forKey: .objective)
            guard rate.perSecond > 0, rate.perSecond <= 1e6 else {
                if sessions != nil {
                    throw decoder.fieldError("expected sessions bringing at most 1,000,000 jobs/s (rate x jobs), found \(shown(rate.perSecond))/s",
                                             field: "sessions")
                }
                throw decoder.fieldError("expected a rate above 0 and at most 1,000,000/s, found \(shown(rate.perSecond))/s", field: "rate")
            }
            guard (1...100).contains(priority) else {
                throw decoder.fieldError("expected a priority from 1 (served first) to 100, found \(priority)", field: "priority")
            }
            let mean = service.distribution.mean
            guard mean.isFinite, mean > 0, mean <= 7 * 86_400 else {
                if measured != nil {
                    throw FieldError(codingPath: decoder.codingPath + [AnyKey("service"), AnyKey("content")],
                                     message: "expected a length of video whose mean is above 0 and at most 7 days, found a mean of \(shown(mean)) s")
                }
                throw decoder.fieldError("expected a service time whose mean is above 0 and at most 7 days, found a mean of \(shown(mean)) s", field: "service")
            }
        }
    }

    /// A job's service as an editing operation measured by `vidsim bench --operations` (a trim, a filter, a preview
    /// render) applied to a length of video: `{ operation: preview, height: 360, content: { distribution: ..., mean: 20 s } }`.
    /// A job's time on a worker is the content's length x the operation's mean CPU seconds per content second (from
    /// `work.calibration`, or else `transcode.calibration`) / the pool's vCPUs x speed x parallel efficiency.
    public struct MeasuredService: Decodable, Sendable {
        /// The operation's recipe name, as `vidsim bench --operations` names it (trim, filter, preview).
        public let operation: String
        /// The output height the operation was measured at, when the file has it at several.
        public let height: Int?
        /// The length of video one job processes.
        public let content: DistributionSpec<TimeSpan>

        enum CodingKeys: String, CodingKey, CaseIterable { case operation, height, content }

        /// The tallest output an operation is measured at (`vidsim bench`'s limit).
        public static let tallest = 4320

        public init(from decoder: Decoder) throws {
            if let keys = try? decoder.container(keyedBy: AnyKey.self), keys.contains(AnyKey("distribution")) {
                throw decoder.fieldError("a service is a duration or a distribution of one, or an editing `operation` with its "
                                            + "`content`; not both", field: "distribution")
            }
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let written = try container.decode(String.self, forKey: .operation)
            var height = try container.decodeIfPresent(Int.self, forKey: .height)
            // `preview:360`, as `vidsim bench --operations` and the calibration file write it.
            let parts = written.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            operation = parts[0]
            if parts.count == 2 {
                let lines = parts[1].hasSuffix("p") ? String(parts[1].dropLast()) : parts[1]
                guard let suffix = Int(lines) else {
                    throw decoder.fieldError("expected an operation's name, or a name and a height (preview:360), found '\(quoted(written))'",
                                             field: "operation")
                }
                if let height, height != suffix {
                    throw decoder.fieldError("the operation says \(suffix) lines and `height` \(height): give one", field: "height")
                }
                height = suffix
            }
            self.height = height
            content = try container.decode(DistributionSpec<TimeSpan>.self, forKey: .content)
            if let height, !(2...Self.tallest).contains(height) {
                throw decoder.fieldError("expected a height of 2 to \(Self.tallest) lines, found \(height)",
                                         field: parts.count == 2 ? "operation" : "height")
            }
        }
    }

    /// Jobs in sessions: sessions start at `rate` (a Poisson process, shaped by the class's `diurnal`); each brings
    /// `jobs` jobs on average (a geometric number, at least one), the first when it starts and each next one
    /// `think_time` after the previous finished (the user waits for an edit before making the next), so the jobs
    /// come faster when they finish sooner.
    public struct Sessions: Decodable, Sendable {
        public let rate: EventRate
        /// The mean jobs per session, at least 1.
        public let jobs: Double
        public let thinkTime: DistributionSpec<TimeSpan>

        enum CodingKeys: String, CodingKey, CaseIterable {
            case rate, jobs
            case thinkTime = "think_time"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            rate = try container.decode(EventRate.self, forKey: .rate)
            jobs = try container.decode(Double.self, forKey: .jobs)
            thinkTime = try container.decodeIfPresent(DistributionSpec<TimeSpan>.self, forKey: .thinkTime) ?? DistributionSpec(.constant(0))
            guard rate.perSecond > 0, rate.perSecond <= 1e6 else {
                throw decoder.fieldError("expected a rate above 0 and at most 1,000,000/s, found \(shown(rate.perSecond))/s", field: "rate")
            }
            guard jobs >= 1, jobs <= 1e6 else {
                throw decoder.fieldError("expected a mean of 1 to 1,000,000 jobs per session, found \(shown(jobs))", field: "jobs")
            }
            let mean = thinkTime.distribution.mean
            guard mean.isFinite, mean >= 0, mean <= 86_400 else {
                throw decoder.fieldError("expected a think time whose mean is from 0 to 1 day, found a mean of \(TimeSpan(seconds: mean))", field: "think_time")
            }
        }
    }

    /// A latency objective: `percentile`% of a class's jobs finish within `latency`.
    public struct Objective: Decodable, Sendable {
        public let latency: TimeSpan
        public let percentile: Double

        enum CodingKeys: String, CodingKey, CaseIterable { case latency, percentile }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            latency = try container.decode(TimeSpan.self, forKey: .latency)
            percentile = try container.decodeIfPresent(Double.self, forKey: .percentile) ?? 99
            guard latency.seconds > 0, latency.seconds <= 30 * 86_400 else {
                throw decoder.fieldError("expected a latency above 0 and at most 30 days, found \(latency)", field: "latency")
            }
            guard percentile > 0, percentile < 100 else {
                throw decoder.fieldError("expected a percentile above 0 and below 100, found \(shown(percentile))", field: "percentile")
            }
        }
    }

    /// A pool of identical workers, each serving one job at a time: a fixed size, or grown and shrunk by an
    /// autoscaling policy (the transcode fleet's, `AutoscalingPolicies`); spread over zones when the scenario has them.
    public struct Pool: Decodable, Sendable {
        public enum PoolKind: String, Decodable, Sendable, CaseIterable { case container, vm }
        /// Names the pool's figures (`work.pool.<name>.…`) and the classes' `pool` and `overflow`.
        public let name: String
        public let kind: PoolKind
        /// The workers at time 0: the pool's size without autoscaling, its starting size with it.
        public let workers: Int
        /// From launch to ready to take jobs (defaults: container 5 s, VM 90 s).
        public let startup: TimeSpan
        /// Per worker-hour; every worker alive (starting, idle or busy) is billed.
        public let price: Price<TimeSpan>
        public let autoscaling: AutoscalingSettings?
        /// Spot workers: a share of those launched, cheaper, taken back now and then (nil: all on demand).
        public let spot: SpotSettings?
        /// The zones of `zones.names` the workers run in (nil without zones).
        public let zones: [String]?
        /// What a worker brings to a measured service (a class's `service: { operation: ... }`): its vCPUs, their
        /// speed relative to the machine the operation was measured on, and how much of the extra vCPUs a job turns
        /// into speed. A service given as a time is taken as it is.
        public let vcpus: Double
        public let speed: Double
        public let parallelEfficiency: Double
        /// How many cores of the measuring machine one worker is worth to a measured job: a job of `c` CPU seconds
        /// takes `c / capacity` worker-seconds.
        public var capacity: Double { vcpus * speed * parallelEfficiency }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, kind, workers, startup, price, autoscaling, spot, zones, vcpus, speed
            case parallelEfficiency = "parallel_efficiency"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            kind = try container.decodeIfPresent(PoolKind.self, forKey: .kind) ?? .container
            autoscaling = try container.decodeIfPresent(AutoscalingSettings.self, forKey: .autoscaling)
            if let autoscaling {
                workers = try container.decodeIfPresent(Int.self, forKey: .workers) ?? autoscaling.minimum
            } else {
                workers = try container.decode(Int.self, forKey: .workers)
            }
            startup = try container.decodeIfPresent(TimeSpan.self, forKey: .startup) ?? TimeSpan(seconds: kind == .vm ? 90 : 5)
            price = try container.decodeIfPresent(Price<TimeSpan>.self, forKey: .price) ?? Price(dollarsPerBaseUnit: 0)
            zones = try container.decodeIfPresent([String].self, forKey: .zones)
            spot = try container.decodeIfPresent(SpotSettings.self, forKey: .spot)
            vcpus = try container.decodeIfPresent(Double.self, forKey: .vcpus) ?? 1
            speed = try container.decodeIfPresent(Double.self, forKey: .speed) ?? 1
            parallelEfficiency = try container.decodeIfPresent(Double.self, forKey: .parallelEfficiency) ?? 1
            try TranscodeSettings.Worker.checkCapacity(vcpus: vcpus, fewestVCPUs: 0.1, speed: speed,
                                                       parallelEfficiency: parallelEfficiency, decoder: decoder)
            if let autoscaling {
                guard autoscaling.maximum <= Self.largestPool else {
                    throw FieldError(codingPath: decoder.codingPath + [AnyKey("autoscaling"), AnyKey("max")],
                                     message: "expected at most \(groupedThousands(String(Self.largestPool))) workers, found \(autoscaling.maximum)")
                }
                guard (autoscaling.minimum...autoscaling.maximum).contains(workers) else {
                    throw decoder.fieldError("expected a starting size from autoscaling.min (\(autoscaling.minimum)) to autoscaling.max "
                                                + "(\(autoscaling.maximum)), found \(workers)", field: "workers")
                }
            } else {
                guard (1...Self.largestPool).contains(workers) else {
                    throw decoder.fieldError("expected 1 to \(groupedThousands(String(Self.largestPool))) workers, found \(workers)", field: "workers")
                }
            }
            guard startup.seconds >= 0, startup.seconds <= 86_400 else {
                throw decoder.fieldError("expected a start-up of at most 1 day, found \(startup)", field: "startup")
            }
            guard price.dollarsPerBaseUnit >= 0, price.dollarsPerBaseUnit * 3600 <= 1e6 else {
                throw decoder.fieldError("expected a price from $0/h to $1,000,000/h, found \(price)", field: "price")
            }
        }

        /// The most workers a pool may have (each is an entry in the model's arrays).
        public static let largestPool = 1_000_000
    }

    public private(set) var classes: [WorkClass]
    public let pools: [Pool]
    /// The calibration file measured services read (`vidsim bench --operations --out FILE`), relative to the
    /// scenario file; nil: `transcode.calibration`'s.
    public let calibrationPath: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case classes, pools, calibration }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pools = try container.decode([Pool].self, forKey: .pools)
        classes = try container.decode([WorkClass].self, forKey: .classes)
        calibrationPath = try container.decodeIfPresent(String.self, forKey: .calibration)
        guard (1...100).contains(pools.count) else { throw decoder.fieldError("expected 1 to 100 pools, found \(pools.count)", field: "pools") }
        guard (1...100).contains(classes.count) else { throw decoder.fieldError("expected 1 to 100 classes, found \(classes.count)", field: "classes") }
        func path(_ list: String, _ index: Int, _ field: String) -> [CodingKey] {
            decoder.codingPath + [AnyKey(list), AnyKey(intValue: index)!, AnyKey(field)]
        }
        let poolNames = pools.map(\.name)
        func blank(_ name: String) -> Bool { name.allSatisfy(\.isWhitespace) }
        for (index, name) in poolNames.enumerated() where blank(name) || poolNames[..<index].contains(name) {
            throw FieldError(codingPath: path("pools", index, "name"), message: blank(name) ? "a pool needs a name" : "another pool is already called '\(quoted(name))'")
        }
        let classNames = classes.map(\.name)
        for (index, name) in classNames.enumerated() where blank(name) || classNames[..<index].contains(name) {
            throw FieldError(codingPath: path("classes", index, "name"), message: blank(name) ? "a class needs a name" : "another class is already called '\(quoted(name))'")
        }
        for (index, workClass) in classes.enumerated() {
            for (field, pool) in [("pool", workClass.pool), ("overflow", workClass.overflow)] {
                guard let pool, !poolNames.contains(pool) else { continue }
                var message = "no pool is called '\(quoted(pool))': a class is served by one of `pools` (\(poolNames.map { "'\($0)'" }.joined(separator: ", ")))"
                if let close = Spelling.closest(to: pool, among: poolNames) { message += " (did you mean '\(close)'?)" }
                throw FieldError(codingPath: path("classes", index, field), message: message)
            }
            if workClass.overflow == workClass.pool {
                throw FieldError(codingPath: path("classes", index, "overflow"), message: "a class overflows to another pool than its own, found '\(quoted(workClass.pool))' twice")
            }
        }
        for (index, pool) in pools.enumerated() where !classes.contains(where: { $0.pool == pool.name || $0.overflow == pool.name }) {
            throw FieldError(codingPath: path("pools", index, "name"),
                             message: "no class is served by the pool '\(quoted(pool.name))': route a class to it (a class's `pool` or `overflow`) or remove it")
        }
    }

    /// Turns each measured service into time: the operation's cost from `calibration` (read from `file`), over the
    /// capacity of the class's pool and of its overflow pool.
    mutating func resolveServices(calibration: Calibration?, file: String?) throws {
        let routes = poolIndices
        for index in classes.indices {
            let path: [CodingKey] = [AnyKey("work"), AnyKey("classes"), AnyKey(intValue: index)!, AnyKey("service")]
            guard let measured = classes[index].measured else { continue }
            guard let calibration, let file else {
                throw FieldError(codingPath: path + [AnyKey("operation")],
                                 message: "a service measured by `vidsim bench` needs a calibration file with editing operations: "
                                    + "`work.calibration: FILE`, written by `vidsim bench --operations \(measured.operation) --out FILE`")
            }
            let named = (calibration.operations ?? []).filter { $0.name == measured.operation }
            guard !named.isEmpty else {
                var message = "the calibration \(file) has no editing operation '\(quoted(measured.operation))'"
                let known = Array(Set((calibration.operations ?? []).map(\.name))).sorted()
                if let close = Spelling.closest(to: measured.operation, among: known) { message += " (did you mean '\(close)'?)" }
                message += known.isEmpty ? "; it has none (measure some with `vidsim bench --operations trim preview --out FILE`)"
                    : "; it has \(calibration.availableOperations.joined(separator: ", "))"
                throw FieldError(codingPath: path + [AnyKey("operation")], message: message)
            }
            guard let cost = calibration.operationCost(name: measured.operation, height: measured.height) else {
                let heights = named.map { $0.height.map { "\($0) lines" } ?? "each clip's own size" }
                throw FieldError(codingPath: path + [AnyKey(measured.height == nil ? "operation" : "height")],
                                 message: measured.height == nil
                                    ? "the calibration \(file) has '\(measured.operation)' at several heights (\(heights.joined(separator: ", "))): say which with `height`"
                                    : "the calibration \(file) has '\(measured.operation)' at \(heights.joined(separator: ", ")), not \(measured.height!) lines")
            }
            let cpu = cost.cpuSecondsPerContentSecond.mean
            let own = pools[routes[index].pool]
            classes[index].serviceScale = cpu / own.capacity
            classes[index].overflowServiceRatio = routes[index].overflow.map { own.capacity / pools[$0].capacity } ?? 1
            classes[index].measuredCost = (cpu, file)
            let mean = classes[index].meanServiceSeconds
            let content = "the content's mean \(TimeSpan(seconds: classes[index].service.distribution.mean)) x \(shown(cpu)) CPU s per content second"
            guard mean.isFinite, mean > 0, mean <= 7 * 86_400 else {
                throw FieldError(codingPath: path + [AnyKey("content")],
                                 message: "a job would take \(TimeSpan(seconds: mean)) on average (\(content) / pool '\(quoted(own.name))''s "
                                    + "vcpus x speed x parallel_efficiency, \(shown(own.capacity))); expected at most 7 days")
            }
            if let overflow = routes[index].overflow, mean * classes[index].overflowServiceRatio > 7 * 86_400 {
                throw FieldError(codingPath: [AnyKey("work"), AnyKey("classes"), AnyKey(intValue: index)!, AnyKey("overflow")],
                                 message: "a job sent to pool '\(quoted(pools[overflow].name))' would take "
                                    + "\(TimeSpan(seconds: mean * classes[index].overflowServiceRatio)) on average (\(content) / its vcpus x speed x "
                                    + "parallel_efficiency, \(shown(pools[overflow].capacity))); expected at most 7 days")
            }
        }
    }

    /// The pool index each class is served by, and the one it overflows to.
    public var poolIndices: [(pool: Int, overflow: Int?)] {
        classes.map { workClass in
            (pools.firstIndex { $0.name == workClass.pool }!, workClass.overflow.flatMap { name in pools.firstIndex { $0.name == name } })
        }
    }
}
