import VidsimKernel
import VidsimModels
import VidsimScenario

/// Every figure the content path reports, declared once. Rates are per day of 86,400 s of the observed window
/// (the horizon less the warm-up); "daily" content and bytes count uploads as `run.daily_figures` says.
public enum ContentPathFigures {
    /// Every figure of a run: the content path's and the delivery side's.
    public static let all: [FigureDeclaration] = uploads + transfer + storage + transcode + metadata + cost
        + DeliveryFigures.all + PlayerFigures.all + WorkFigures.all + DatabaseFigures.all + simulation

    private static func transfers(_ scenario: Scenario) -> Bool { scenario.uploads.transfer != nil }
    private static func spotOrScaling(_ scenario: Scenario) -> Bool {
        scenario.transcode.spot != nil || scenario.transcode.autoscaling != nil || hasZoneOutages(scenario)
    }
    private static func hasZoneOutages(_ scenario: Scenario) -> Bool { !(scenario.zones?.outages.isEmpty ?? true) }
    private static let perDay = 86_400.0

    /// The six statistics of a latency distribution (mean, p50, p90, p95, p99, max), as six figures.
    private static func latency(
        _ key: String, _ label: String, _ description: String,
        applies: @escaping @Sendable (Scenario) -> Bool = { _ in true },
        _ summary: @escaping @Sendable (ContentPathResult) -> LatencySummary
    ) -> [FigureDeclaration] {
        let statistics: [(String, String, @Sendable (LatencySummary) -> Double)] = [
            ("mean", "mean", { $0.mean.seconds }), ("p50", "p50", { $0.p50.seconds }),
            ("p90", "p90", { $0.p90.seconds }), ("p95", "p95", { $0.p95.seconds }),
            ("p99", "p99", { $0.p99.seconds }), ("max", "maximum", { $0.max.seconds }),
        ]
        return statistics.map { name, statisticLabel, read in
            FigureDeclaration("\(key).\(name)", "\(label), \(statisticLabel)", .seconds, "\(description) (\(statisticLabel))",
                              applies: applies) { read(summary($0.result)) }
        }
    }

    static let uploads: [FigureDeclaration] = [
        FigureDeclaration("uploads.uploads_per_day", "uploads per day", .count("uploads/day"),
                          "Uploads counted as run.daily_figures says, per day.") {
            let r = $0.result
            // Uploads started are counted over the whole horizon; files arrived over the observed window.
            if $0.scenario.run.dailyFigures == .steadyState {
                return Double(r.uploadsStarted) * perDay / $0.scenario.run.horizon.seconds
            }
            return Double(r.uploads) * perDay / r.observedSeconds
        },
        FigureDeclaration("uploads.content_hours_per_day", "content uploaded", .count("hours/day", digits: 6),
                          "Hours of content uploaded per day, counted as run.daily_figures says.") {
            $0.derived.contentHoursPerDay
        },
        FigureDeclaration("uploads.files_arrived_per_day", "files that reached the platform", .count("uploads/day"),
                          "Files whose upload finished within the observed window, per day (cold-start counting).") {
            Double($0.result.uploads) * perDay / $0.result.observedSeconds
        },
    ]

    static let transfer: [FigureDeclaration] =
        latency("uploads.transfer.upload_time", "upload time",
                "From a creator pressing upload to the file on the platform, waiting for the ingest tier included",
                applies: transfers) { $0.uploadTime }
        + latency("uploads.transfer.creator_wait", "creator's wait",
                  "From a creator pressing upload to the video's whole ladder transcoded", applies: transfers) { $0.creatorWait }
        + [
            FigureDeclaration("uploads.transfer.bytes_sent_per_day", "bytes sent by creators", .bytesPerDay,
                              "Bytes put on the wire by creators per day, failed attempts and drops included.",
                              applies: transfers) { $0.result.bytesSentPerDay },
            FigureDeclaration("uploads.transfer.retransmitted_fraction", "sent again", .fraction,
                              "Bytes sent beyond the files' own size (failed chunks, drops), as a fraction of it.",
                              applies: transfers) { $0.result.retransmittedFraction },
            FigureDeclaration("uploads.transfer.failed_chunk_attempts_per_day", "failed chunk attempts",
                              .count("attempts/day", digits: 4), "Chunk attempts that failed and were retried, per day.",
                              applies: transfers) { $0.result.failedChunkAttemptsPerDay },
            FigureDeclaration("uploads.transfer.drops_per_day", "connection drops", .count("drops/day", digits: 4),
                              "Connections dropped mid-chunk, per day.", applies: transfers) { $0.result.dropsPerDay },
            FigureDeclaration("uploads.transfer.mean_ingest_bits_per_second", "ingest bandwidth in use, mean",
                              .bitsPerSecond, "Bandwidth the uploads in flight used, time average.",
                              applies: transfers) { $0.result.meanIngestBitsPerSecond },
            FigureDeclaration("uploads.transfer.peak_ingest_bits_per_second", "ingest bandwidth in use, peak",
                              .bitsPerSecond, "Bandwidth the uploads in flight used, at its highest.",
                              applies: transfers) { $0.result.peakIngestBitsPerSecond },
        ]

    static let storage: [FigureDeclaration] = [
        FigureDeclaration("storage.rendition_bytes_per_content_hour", "renditions per content hour",
                          .bytesPerContentHour,
                          "Bytes of renditions the model stored per hour of content (the ladder's rungs no taller than each source).") {
            $0.result.renditionBytesPerContentHour
        },
        FigureDeclaration("storage.raw_bytes_per_day", "raw uploads", .bytesPerDay,
                          "Bytes of source files stored per day.") { $0.derived.rawBytesPerDay },
        FigureDeclaration("storage.rendition_bytes_per_day", "renditions", .bytesPerDay,
                          "Bytes of renditions stored per day (each rung's bit rate x the content's duration).") {
            $0.derived.renditionBytesPerDay
        },
        FigureDeclaration("storage.total_bytes_per_day", "total stored", .bytesPerDay,
                          "Raw uploads and renditions stored per day, before redundancy.") {
            $0.derived.rawBytesPerDay + $0.derived.renditionBytesPerDay
        },
    ]

    static let transcode: [FigureDeclaration] = [
        FigureDeclaration("transcode.utilisation", "utilisation (busy / ready)", .fraction,
                          "Mean busy workers over mean workers ready for tasks.") { $0.result.utilisation },
        FigureDeclaration("transcode.mean_busy_workers", "mean busy workers", .count("workers"),
                          "Workers transcoding, time average.") { $0.result.meanBusyWorkers },
        FigureDeclaration("transcode.mean_workers", "workers alive, mean", .count("workers"),
                          "Workers alive (starting, idle or busy: all billed), time average.") { $0.result.meanWorkers },
        FigureDeclaration("transcode.peak_workers", "workers alive, peak", .count("workers"),
                          "The most workers alive at once.") { $0.result.peakWorkers },
        FigureDeclaration("transcode.mean_active_workers", "workers ready, mean", .count("workers"),
                          "Workers ready for tasks (idle or busy), time average.") { $0.result.meanActiveWorkers },
        FigureDeclaration("transcode.mean_tasks_waiting", "tasks waiting, mean", .count("tasks", digits: 4),
                          "Tasks queued for a worker, time average.") { $0.result.meanTasksWaiting },
        FigureDeclaration("transcode.littles_law_queue_length", "tasks waiting by Little's law", .count("tasks", digits: 4),
                          "Task arrivals (re-queued interrupted tasks included) per second x mean queue wait: Little's law, equal to the mean tasks waiting when the queue is empty at both ends of the window; a check of the queue's bookkeeping.") {
            $0.result.taskArrivalRate * $0.result.queueWait.mean.seconds
        },
        FigureDeclaration("transcode.max_tasks_waiting", "tasks waiting, most", .count("tasks", digits: 4),
                          "The longest the task queue grew.") { $0.result.maxTasksWaiting },
        FigureDeclaration("transcode.tasks_waiting_at_end", "tasks still waiting at the horizon", .count("tasks", digits: 4),
                          "Tasks queued when the run ended: a backlog that did not drain.") { Double($0.result.tasksWaitingAtEnd) },
        FigureDeclaration("transcode.tasks_completed", "tasks completed", .count("tasks", digits: 6),
                          "Rung (or segment) tasks finished in the observed window.") { Double($0.result.tasksCompleted) },
        FigureDeclaration("transcode.mean_backlog_seconds", "backlog, mean", .count("worker-seconds", digits: 4),
                          "Queued work in worker-seconds, time average.") { $0.result.meanBacklogSeconds },
        FigureDeclaration("transcode.max_backlog_seconds", "backlog, peak", .count("worker-seconds", digits: 4),
                          "Queued work in worker-seconds, at its highest.") { $0.result.maxBacklogSeconds },
        FigureDeclaration("transcode.on_demand_vcpu_hours_per_day", "on-demand vCPU-hours", .count("vCPU-hours/day"),
                          "vCPU-hours of on-demand workers alive, per day.") { $0.result.onDemandVCPUHoursPerDay },
        FigureDeclaration("transcode.spot_vcpu_hours_per_day", "spot vCPU-hours", .count("vCPU-hours/day"),
                          "vCPU-hours of spot workers alive, per day.") { $0.result.spotVCPUHoursPerDay },
        FigureDeclaration("transcode.busy_vcpu_hours_per_day", "encode vCPU-hours", .count("vCPU-hours/day"),
                          "vCPU-hours of transcoding per day: busy workers x vCPUs x 24 h (the per-title analysis included); "
                              + "the work, where the vCPU-hours alive are what is billed.") { $0.result.busyVCPUHoursPerDay },
        FigureDeclaration("transcode.analysis_vcpu_hours_per_day", "per-title analysis vCPU-hours", .count("vCPU-hours/day"),
                          "vCPU-hours of per-title analysis tasks completed per day (the ladder classes' "
                              + "`analysis_cpu_per_content_second`).", applies: { $0.ladder.hasAnalysis }) {
            $0.result.analysisVCPUHoursPerDay
        },
        FigureDeclaration("transcode.workers_launched_per_day", "workers launched", .count("workers/day", digits: 4),
                          "Workers launched per day (autoscaling, and replacements for interrupted spot workers and lost zones).", applies: spotOrScaling) {
            $0.result.workersLaunchedPerDay
        },
        FigureDeclaration("transcode.spot_interruptions_per_day", "spot interruptions", .count("interruptions/day", digits: 4),
                          "Spot workers taken back per day.", applies: spotOrScaling) { $0.result.interruptionsPerDay },
        FigureDeclaration("transcode.workers_lost_to_zones", "workers lost with a zone", .count("workers"),
                          "Transcode workers alive in a zone when it was lost (`zones.outages`), over the observed window.",
                          applies: hasZoneOutages) { Double($0.result.workersLostToZones) },
        FigureDeclaration("transcode.tasks_requeued_by_zones", "tasks sent back by a lost zone", .count("tasks"),
                          "Tasks running on a worker when its zone was lost: each went back to the head of its queue and "
                              + "was transcoded again from the start.", applies: hasZoneOutages) { Double($0.result.tasksRequeuedByZones) },
    ]
        + latency("transcode.queue_wait", "queue wait", "From a task queued to a worker starting it") { $0.queueWait }
        + latency("transcode.time_to_first_playable", "time to first playable",
                  "From the file on the platform to its lowest rung done") { $0.timeToFirstPlayable }
        + latency("transcode.time_to_publish", "time to publish",
                  "From the file on the platform to its whole ladder done") { $0.timeToPublish }

    private static func hasMetadata(_ scenario: Scenario) -> Bool { scenario.metadata != nil }
    static let metadata: [FigureDeclaration] = [
        FigureDeclaration("metadata.mean_writes_per_second", "writes, mean", .count("queries/s", digits: 4),
                          "Metadata writes per second from uploads, mean.", applies: hasMetadata) {
            $0.derived.metadata?.meanWritesPerSecond ?? 0
        },
        FigureDeclaration("metadata.peak_writes_per_second", "writes, peak", .count("queries/s", digits: 4),
                          "Metadata writes per second in the busiest sample interval.", applies: hasMetadata) {
            $0.derived.metadata?.peakWritesPerSecond ?? 0
        },
        FigureDeclaration("metadata.mean_reads_per_second", "reads, mean", .count("queries/s", digits: 4),
                          "Metadata reads per second from views, mean.", applies: hasMetadata) {
            $0.derived.metadata?.meanReadsPerSecond ?? 0
        },
        FigureDeclaration("metadata.peak_reads_per_second", "reads, peak", .count("queries/s", digits: 4),
                          "Metadata reads per second at the views' daily peak.", applies: hasMetadata) {
            $0.derived.metadata?.peakReadsPerSecond ?? 0
        },
        FigureDeclaration("metadata.peak_queries_per_second", "queries, peak", .count("queries/s", digits: 4),
                          "Peak writes plus peak reads per second: what the shards must serve.", applies: hasMetadata) {
            $0.derived.metadata?.peakQueriesPerSecond ?? 0
        },
        FigureDeclaration("metadata.shards", "shards needed", .count("shards", digits: 4),
                          "Peak queries / (shard capacity x target utilisation), rounded up.", applies: hasMetadata) {
            Double($0.derived.metadata?.shards ?? 0)
        },
    ]

    private static func hasStorage(_ scenario: Scenario) -> Bool { scenario.storage != nil }
    static let cost: [FigureDeclaration] = [
        FigureDeclaration("cost.compute_per_day", "compute", .dollarsPerDay,
                          "On-demand worker-hours at the on-demand price plus spot worker-hours at the discount, per day.") {
            $0.result.computeCostPerDay
        },
        FigureDeclaration("cost.on_demand_compute_per_day", "compute, on-demand", .dollarsPerDay,
                          "On-demand worker-hours at the on-demand price, per day.") { $0.result.onDemandCostPerDay },
        FigureDeclaration("cost.spot_compute_per_day", "compute, spot", .dollarsPerDay,
                          "Spot worker-hours at the spot price, per day.") { $0.result.spotCostPerDay },
        FigureDeclaration("cost.ingest_per_day", "ingest", .dollarsPerDay,
                          "Bytes received from creators at ingest_price, per day.") { $0.derived.ingestCostPerDay },
        FigureDeclaration("cost.storage_first_month", "storage, first month", .dollars,
                          "Storage cost over the first month, every tier.", applies: hasStorage) {
            $0.derived.months?.first?.cost ?? 0
        },
        FigureDeclaration("cost.storage_last_month", "storage, last month", .dollars,
                          "Storage cost over the last month reported, every tier.", applies: hasStorage) {
            $0.derived.months?.last?.cost ?? 0
        },
        FigureDeclaration("cost.first_month_total", "first month in all", .dollars,
                          "Compute, ingest, (with delivery) CDN and origin egress, (with work) the work pools and (with databases) "
                              + "the databases' nodes for a month of 30.4375 days, plus the first month's storage.") {
            let delivery = DeliveryFigures.costPerDay($0), work = WorkFigures.costPerDay($0), databases = DatabaseFigures.costPerDay($0)
            return ($0.result.computeCostPerDay + $0.derived.ingestCostPerDay + delivery + work + databases) * StorageGrowth.daysPerMonth
                + ($0.derived.months?.first?.cost ?? 0)
        },
        FigureDeclaration("cost.compute_and_ingest_per_content_hour", "compute and ingest per content hour",
                          .dollarsPerContentHour, "Compute and ingest cost per day over content hours per day.") {
            ($0.result.computeCostPerDay + $0.derived.ingestCostPerDay) / max($0.derived.contentHoursPerDay, 1e-9)
        },
        FigureDeclaration("cost.storage_per_content_hour_month", "storing a content hour for a month",
                          .dollarsPerContentHourMonth,
                          "One content hour's raw file and renditions as stored, with redundancy, for a month in the first tier.",
                          applies: hasStorage) {
            guard let storage = $0.scenario.storage, $0.derived.contentHoursPerDay > 0 else { return 0 }
            let bytesPerContentHour = ($0.derived.rawBytesPerDay + $0.derived.renditionBytesPerDay) / $0.derived.contentHoursPerDay
            return bytesPerContentHour * storage.redundancy.overhead * storage.tiers[0].monthlyPrice.dollarsPerBaseUnit
        },
    ]

    static let simulation: [FigureDeclaration] = [
        FigureDeclaration("simulation.events_per_replication", "events per replication", .count("events", digits: 7),
                          "Events the kernel handled in one replication.") { Double($0.result.events) },
    ]
}
