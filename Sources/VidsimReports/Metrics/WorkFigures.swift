import VidsimModels
import VidsimScenario
import VidsimUnits

/// The figures of `work:`: each class's waits, latencies and objective under `work.class.<work_class>.`, each pool's
/// load and cost under `work.pool.<pool>.`, over the observed window (after the warm-up).
public enum WorkFigures {
    /// The classes a scenario names, in its order.
    public static let classes = FigureFamily(
        placeholder: "work_class",
        documentation: "one figure per class of `work.classes`, in the scenario's order: the class's name lower-cased, each "
            + "run of characters other than a-z and 0-9 written `_`, and `_2`, `_3` added to a name that would repeat an earlier one's.",
        names: { $0.work?.classes.map(\.name) ?? [] })

    /// The pools a scenario names, in its order.
    public static let pools = FigureFamily(
        placeholder: "pool",
        documentation: "one figure per pool of `work.pools`, in the scenario's order, its name written as a work class's.",
        names: { $0.work?.pools.map(\.name) ?? [] })

    public static let all: [FigureDeclaration] = classFigures + poolFigures + [
        FigureDeclaration("work.jobs_waiting_at_end", "jobs waiting at the horizon", .count("jobs"),
                          "Jobs of every class still waiting for a worker at the horizon: a backlog the pools did not clear.",
                          applies: hasWork) { Double($0.result.work?.waitingAtEnd ?? 0) },
        FigureDeclaration("cost.work_pools_per_day", "work pools", .dollarsPerDay,
                          "Every work pool's workers alive (time average) at their price (spot workers at the spot price), per day.",
                          applies: hasWork) { costPerDay($0) },
    ]

    /// The figures of each class, in the order of the report's table.
    static let classFigures: [FigureDeclaration] = [
        latency("wait.mean", "wait, mean", "From a job's arrival to the start of its service, mean over the jobs started") { $0.wait.mean.seconds },
        latency("wait.p95", "wait, p95", "From a job's arrival to the start of its service, 95th percentile") { $0.wait.p95.seconds },
        latency("latency.mean", "latency, mean", "From a job's arrival to the end of its service, mean over the jobs finished") { $0.latency.mean.seconds },
        latency("latency.p95", "latency, p95", "From a job's arrival to the end of its service, 95th percentile") { $0.latency.p95.seconds },
        latency("latency.p99", "latency, p99", "From a job's arrival to the end of its service, 99th percentile") { $0.latency.p99.seconds },
        latency("objective_latency", "latency at the objective's percentile",
                "The latency at the percentile the class's objective names (0 without an objective): the objective is met when "
                    + "this is at most its latency") { $0.objectiveLatency },
        .perMember("work.class.<work_class>.within_objective", "jobs within the objective", .fraction,
                   "The share of the class's finished jobs whose latency was at most the objective's (0 without an objective).",
                   of: classes, applies: hasWork) { view, index in member(view, index)?.withinObjective ?? 0 },
        .perMember("work.class.<work_class>.arrivals_per_second", "arrivals", .count("jobs/s", digits: 4),
                   "Jobs of the class arriving per second, mean.", of: classes, applies: hasWork) { view, index in
            member(view, index)?.arrivalsPerSecond ?? 0
        },
        .perMember("work.class.<work_class>.completed_per_second", "finished", .count("jobs/s", digits: 4),
                   "Jobs of the class that finished per second, mean: below the arrivals when the pool did not keep up (the "
                       + "waits and latencies are those of the jobs started and finished).", of: classes, applies: hasWork) { view, index in
            guard let work = view.result.work, let member = member(view, index) else { return 0 }
            return Double(member.completed) / work.observedSeconds
        },
        .perMember("work.class.<work_class>.waiting_at_end", "waiting at the horizon", .count("jobs"),
                   "Jobs of the class still waiting for a worker at the horizon: none of their waits is counted above.",
                   of: classes, applies: hasWork) { view, index in Double(member(view, index)?.waitingAtEnd ?? 0) },
        .perMember("work.class.<work_class>.active_sessions", "sessions open", .count("sessions"),
                   "Sessions of the class open (started, their last job not finished), time average; 0 for a class whose jobs "
                       + "arrive on their own.", of: classes, applies: hasSessions) { view, index in member(view, index)?.activeSessions ?? 0 },
        .perMember("work.class.<work_class>.overflow_share", "served by the overflow pool", .fraction,
                   "The share of the class's jobs that found every worker of their pool busy and one of the overflow pool free.",
                   of: classes, applies: hasWork) { view, index in member(view, index)?.overflowShare ?? 0 },
    ]

    /// The figures of each pool, in the order of the report's table.
    static let poolFigures: [FigureDeclaration] = [
        .perMember("work.pool.<pool>.workers", "workers, mean", .count("workers"),
                   "Workers alive (starting, idle or busy), time average: the pool's size, or what its autoscaler kept.",
                   of: pools, applies: hasWork) { view, index in pool(view, index)?.meanWorkers ?? 0 },
        .perMember("work.pool.<pool>.workers_peak", "workers, peak", .count("workers"),
                   "The most workers alive at once.", of: pools, applies: hasWork) { view, index in pool(view, index)?.peakWorkers ?? 0 },
        .perMember("work.pool.<pool>.utilisation", "utilisation", .fraction,
                   "Busy workers over workers alive, both time averages.", of: pools, applies: hasWork) { view, index in
            pool(view, index)?.utilisation ?? 0
        },
        .perMember("work.pool.<pool>.busy_workers", "busy workers", .count("workers"),
                   "Workers serving a job, time average.", of: pools, applies: hasWork) { view, index in pool(view, index)?.meanBusy ?? 0 },
        .perMember("work.pool.<pool>.jobs_waiting", "jobs waiting, mean", .count("jobs"),
                   "Jobs waiting for one of the pool's workers, time average.", of: pools, applies: hasWork) { view, index in
            pool(view, index)?.meanWaiting ?? 0
        },
        .perMember("work.pool.<pool>.jobs_waiting_peak", "jobs waiting, peak", .count("jobs"),
                   "The most jobs waiting for one of the pool's workers at once.", of: pools, applies: hasWork) { view, index in
            pool(view, index)?.peakWaiting ?? 0
        },
        .perMember("work.pool.<pool>.workers_launched", "workers launched", .count("workers"),
                   "Workers the pool launched after the start: its autoscaler's, and replacements for workers lost with a zone or taken back (spot).",
                   of: pools, applies: hasWork) { view, index in Double(pool(view, index)?.launched ?? 0) },
        .perMember("work.pool.<pool>.workers_lost", "workers lost with a zone", .count("workers"),
                   "Workers alive in a zone when it was lost (`zones.outages`); 0 without outages.",
                   of: pools, applies: hasWork) { view, index in Double(pool(view, index)?.lost ?? 0) },
        .perMember("work.pool.<pool>.jobs_requeued", "jobs sent back by a lost zone", .count("jobs"),
                   "Jobs in service on a worker when its zone was lost: each went back to the head of its queue and was served "
                       + "again from the start.", of: pools, applies: hasWork) { view, index in Double(pool(view, index)?.requeued ?? 0) },
        .perMember("work.pool.<pool>.spot_workers", "spot workers, mean", .count("workers"),
                   "Spot workers alive, time average (`work.pools[].spot`): billed at the spot price.",
                   of: pools, applies: hasSpot) { view, index in pool(view, index)?.meanSpotWorkers ?? 0 },
        .perMember("work.pool.<pool>.spot_interruptions", "spot interruptions", .count("workers"),
                   "Spot workers taken back (their interruptions per spot worker-hour x spot worker-hours): a fixed pool "
                       + "replaces each, an autoscaled one at its next evaluation.",
                   of: pools, applies: hasSpot) { view, index in Double(pool(view, index)?.interruptions ?? 0) },
        .perMember("work.pool.<pool>.jobs_interrupted", "jobs sent back by an interruption", .count("jobs"),
                   "Jobs in service on a spot worker when it was taken back: each went back to the head of its queue and was "
                       + "served again from the start.", of: pools, applies: hasSpot) { view, index in
            Double(pool(view, index)?.interruptedJobs ?? 0)
        },
        .perMember("work.pool.<pool>.cost_per_day", "cost", .dollarsPerDay,
                   "The pool's workers alive (time average) at its price, spot workers at the spot price, per day.",
                   of: pools, applies: hasWork) { view, index in
            pool(view, index)?.costPerDay ?? 0
        },
    ]

    private static func latency(_ key: String, _ label: String, _ description: String,
                                _ read: @escaping @Sendable (WorkResult.ClassResult) -> Double) -> FigureDeclaration {
        .perMember("work.class.<work_class>.\(key)", label, .seconds, description + ".", of: classes, applies: hasWork) { view, index in
            member(view, index).map(read) ?? 0
        }
    }

    static func hasWork(_ scenario: Scenario) -> Bool { scenario.work != nil }
    static func hasSpot(_ scenario: Scenario) -> Bool { scenario.work?.pools.contains { ($0.spot?.fraction ?? 0) > 0 } ?? false }
    static func hasSessions(_ scenario: Scenario) -> Bool { scenario.work?.classes.contains { $0.sessions != nil } ?? false }

    /// One sentence on the zones and their outages for report.md and report.html; nil without zones.
    public static func zoneSentence(_ scenario: Scenario) -> String? {
        guard let zones = scenario.zones else { return nil }
        var sentence = "Zones: " + zones.names.joined(separator: ", ") + "."
        if zones.outages.isEmpty {
            sentence += " None is lost."
        } else {
            /// Hours from the start, as scenarios write outages ("43 h", not "1.792 day").
            func hours(_ time: TimeSpan) -> String { significant(time.seconds / 3600, digits: 6) + " h" }
            sentence += " " + zones.outages.enumerated().map { "\($0.offset == 0 ? "Zone" : "zone") \($0.element.zone) lost from \(hours($0.element.start)) to \(hours($0.element.end))" }
                .joined(separator: "; ")
                + ": its workers go, the jobs and tasks they were serving go back to the head of their queues, fixed pools "
                + "replace them in their other zones at once (ready after their start-up), autoscaled ones at their next evaluation."
        }
        return sentence
    }

    /// How the measured services were turned into time, one sentence per class whose `service` names an editing
    /// operation; nil when none does.
    public static func measuredServiceSentence(_ scenario: Scenario) -> String? {
        guard let work = scenario.work else { return nil }
        let file = work.calibrationPath ?? scenario.transcode.calibrationPath ?? ""
        let routes = work.poolIndices
        let sentences = work.classes.indices.compactMap { index -> String? in
            let workClass = work.classes[index]
            guard let measured = workClass.measured, let cost = workClass.measuredCost else { return nil }
            let pool = work.pools[routes[index].pool]
            return "\(workClass.name): \(measured.operation)\(measured.height.map { " at \($0) lines" } ?? "") at "
                + "\(significant(cost.cpuSecondsPerContentSecond, digits: 4)) CPU s per content second x a mean of "
                + "\(TimeSpan(seconds: workClass.service.distribution.mean)) of video / (\(pool.name): "
                + "\(significant(pool.vcpus, digits: 4)) vCPU x speed \(significant(pool.speed, digits: 4)) x \(Int((pool.parallelEfficiency * 100).rounded()))%) "
                + "= a mean of \(TimeSpan(seconds: workClass.meanServiceSeconds)) a job"
                + (routes[index].overflow.map { " (x \(significant(workClass.overflowServiceRatio, digits: 4)) on \(work.pools[$0].name))" } ?? "")
        }
        guard !sentences.isEmpty else { return nil }
        return "Services measured by `vidsim bench --operations` (\(file)): " + sentences.joined(separator: "; ") + "."
    }

    /// The outages of the zones `names` (all zones when nil) as shaded periods of a chart.
    public static func outagePeriods(_ scenario: Scenario, zones names: [String]? = nil) -> [LineChart.Period] {
        (scenario.zones?.outages ?? []).filter { names?.contains($0.zone) ?? true }.map {
            LineChart.Period(start: $0.start.seconds, end: $0.end.seconds, label: "zone \($0.zone) lost")
        }
    }

    private static func member(_ view: ReplicationView, _ index: Int) -> WorkResult.ClassResult? {
        guard let classes = view.result.work?.classes, classes.indices.contains(index) else { return nil }
        return classes[index]
    }

    private static func pool(_ view: ReplicationView, _ index: Int) -> WorkResult.PoolResult? {
        guard let pools = view.result.work?.pools, pools.indices.contains(index) else { return nil }
        return pools[index]
    }

    /// Every pool's cost per day (0 without `work:`): part of the first month's total.
    static func costPerDay(_ view: ReplicationView) -> Double {
        view.result.work?.pools.reduce(0) { $0 + $1.costPerDay } ?? 0
    }

    /// The tables of report.md and report.html: a row per class, a row per pool.
    /// A class without an objective says "none" where the objective's figures would be.
    public static func classTable(_ metrics: RunMetrics) -> (header: [String], rows: [[String]]) {
        let figures = classFigures.filter { $0.applies(metrics.scenario) }
        var table = classes.table(metrics, figures)
        table.header[0] = "class"
        let objectiveColumns = figures.enumerated().filter { $0.element.key.contains("objective") }.map { $0.offset + 1 }
        let sessionColumn = figures.firstIndex { $0.key.hasSuffix(".active_sessions") }.map { $0 + 1 }
        let timeColumns = figures.enumerated().filter { $0.element.unit.symbol == FigureUnit.seconds.symbol }.map { $0.offset + 1 }
        for (row, (member, workClass)) in zip(table.rows.indices, zip(classes.members(of: metrics.scenario), metrics.scenario.work?.classes ?? [])) {
            if workClass.objective == nil {
                for column in objectiveColumns { table.rows[row][column] = "none" }
            }
            if workClass.sessions == nil, let column = sessionColumn, table.rows[row].indices.contains(column) {
                table.rows[row][column] = "no sessions"
            }
            // A class that finished no job has no wait or latency to show (not zero).
            if (metrics["work.class.\(member.key).completed_per_second"]?.mean ?? 0) == 0 {
                for column in Set(timeColumns).union(objectiveColumns).sorted() { table.rows[row][column] = "none finished" }
            }
        }
        return table
    }
    /// Each pool named with its kind: "edit-containers (container)". The columns of lost zones only when the
    /// scenario loses one.
    public static func poolTable(_ metrics: RunMetrics) -> (header: [String], rows: [[String]]) {
        let outages = !(metrics.scenario.zones?.outages.isEmpty ?? true)
        let figures = poolFigures.filter {
            $0.applies(metrics.scenario) && (outages || !($0.key.hasSuffix("_lost") || $0.key.hasSuffix("_requeued")))
        }
        var table = pools.table(metrics, figures)
        // A pool without spot has no spot figure to show (not zero).
        let spotColumns = figures.enumerated().filter { spotFigureKeys.contains(String($0.element.key.split(separator: ".").last!)) }
            .map { $0.offset + 1 }
        for (row, pool) in zip(table.rows.indices, metrics.scenario.work?.pools ?? []) {
            table.rows[row][0] += " (\(pool.kind.rawValue))"
            if (pool.spot?.fraction ?? 0) == 0 {
                for column in spotColumns where table.rows[row].indices.contains(column) { table.rows[row][column] = "no spot" }
            }
        }
        return table
    }

    private static let spotFigureKeys: Set<String> = ["spot_workers", "spot_interruptions", "jobs_interrupted"]
}
