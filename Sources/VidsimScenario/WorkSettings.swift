import Foundation
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
        /// A job's time on a worker.
        public let service: DistributionSpec<TimeSpan>
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
            service = try container.decode(DistributionSpec<TimeSpan>.self, forKey: .service)
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
                throw decoder.fieldError("expected a service time whose mean is above 0 and at most 7 days, found a mean of \(shown(mean)) s", field: "service")
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
        /// The zones of `zones.names` the workers run in (nil without zones).
        public let zones: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable { case name, kind, workers, startup, price, autoscaling, zones }

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

    public let classes: [WorkClass]
    public let pools: [Pool]

    enum CodingKeys: String, CodingKey, CaseIterable { case classes, pools }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pools = try container.decode([Pool].self, forKey: .pools)
        classes = try container.decode([WorkClass].self, forKey: .classes)
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

    /// The pool index each class is served by, and the one it overflows to.
    public var poolIndices: [(pool: Int, overflow: Int?)] {
        classes.map { workClass in
            (pools.firstIndex { $0.name == workClass.pool }!, workClass.overflow.flatMap { name in pools.firstIndex { $0.name == name } })
        }
    }
}
