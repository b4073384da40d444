import Foundation
import VidsimModels
import VidsimScenario
import VidsimUnits

/// report.md, for people: what was simulated, what it adds to storage, how the fleet coped, what it costs and
/// how the run went. Every figure, its label and its unit come from the figure catalogue (RunMetrics).
public enum MarkdownReport: ReportFormat {
    public static let name = "md"
    public static let fileName = "report.md"

    public static func render(_ metrics: RunMetrics, timing: RunTiming) throws -> Data {
        Data(text(metrics, timing: timing).utf8)
    }

    public static func text(_ metrics: RunMetrics, timing: RunTiming) -> String {
        var lines: [String] = []
        let scenario = metrics.scenario
        let n = metrics.replications
        lines.append("# vidsim report: \(scenario.name)")
        lines.append("")
        if let description = scenario.description { lines += [description, ""] }
        lines.append("Figures are means over \(counted(n, "replication"))"
            + (n > 1 ? " with 95% confidence intervals (Student t)." : " (run more for confidence intervals)."))
        lines.append("")

        for warning in metrics.warnings { lines += ["**Warning:** \(warning).", ""] }
        lines += settingsSection(scenario)

        func table(_ keys: [String]) -> [String] {
            let rows = keys.compactMap { metrics[$0] }.map { "| \($0.declaration.label) | \($0.formatted) |" }
            return rows.isEmpty ? [] : ["| figure | value |", "| --- | --- |"] + rows + [""]
        }
        func latencies(_ rows: [(String, String)]) -> [String] {
            let present = rows.filter { metrics["\($0.0).mean"] != nil }
            guard !present.isEmpty else { return [] }
            var lines = ["| latency | mean | p50 | p90 | p95 | p99 | max |", "| --- | --- | --- | --- | --- | --- | --- |"]
            for (key, name) in present {
                let cells = ["mean", "p50", "p90", "p95", "p99", "max"].map { metrics["\(key).\($0)"]?.formatted ?? "" }
                lines.append("| \(name) | \(cells.joined(separator: " | ")) |")
            }
            return lines + [""]
        }

        if metrics["uploads.transfer.bytes_sent_per_day"] != nil {
            lines += ["## Uploads", ""]
            lines += table(["uploads.transfer.bytes_sent_per_day", "uploads.transfer.retransmitted_fraction",
                            "uploads.transfer.failed_chunk_attempts_per_day", "uploads.transfer.drops_per_day",
                            "uploads.transfer.mean_ingest_bits_per_second", "uploads.transfer.peak_ingest_bits_per_second"])
            lines += latencies([("uploads.transfer.upload_time", "upload time"),
                                ("uploads.transfer.creator_wait", "creator's wait (upload to published)")])
        }

        lines += ["## Storage added", ""]
        switch scenario.run.dailyFigures {
        case .steadyState:
            lines.append("Daily figures are the steady state: every upload started within the horizon counts, whether or not its file had arrived or been published by then (`run.daily_figures: steady-state`): what creators offer. Where the fleet or the ingest tier cannot keep up, the platform stores it later.")
        case .coldStart:
            lines.append("Daily figures count only the files that reached the platform within the observed window, as if the platform started empty (`run.daily_figures: cold-start`): uploads still in flight at the horizon are missing.")
        }
        lines.append("")
        lines += table(["uploads.content_hours_per_day", "uploads.uploads_per_day", "storage.rendition_bytes_per_content_hour",
                        "storage.raw_bytes_per_day", "storage.rendition_bytes_per_day", "storage.total_bytes_per_day"])

        lines += ["## Transcode fleet", ""]
        lines.append("| figure | value |")
        lines.append("| --- | --- |")
        lines.append("| workers at the start | \(scenario.transcode.workers) |")
        lines += table(["transcode.mean_workers", "transcode.peak_workers", "transcode.utilisation",
                        "transcode.mean_busy_workers", "transcode.mean_tasks_waiting", "transcode.littles_law_queue_length",
                        "transcode.max_tasks_waiting", "transcode.tasks_waiting_at_end", "transcode.mean_backlog_seconds",
                        "transcode.max_backlog_seconds", "transcode.on_demand_vcpu_hours_per_day",
                        "transcode.spot_vcpu_hours_per_day", "transcode.busy_vcpu_hours_per_day",
                        "transcode.analysis_vcpu_hours_per_day", "transcode.workers_launched_per_day",
                        "transcode.spot_interruptions_per_day", "transcode.workers_lost_to_zones",
                        "transcode.tasks_requeued_by_zones"]).dropFirst(2)
        lines.append("| rung | bit rate | worker-seconds per content second | from |")
        lines.append("| --- | --- | --- | --- |")
        for (rung, cost) in zip(scenario.ladder.rungs, scenario.transcode.resolvedCosts) {
            lines.append("| \(rung.label) | \(rung.bitrate) | \(significant(cost.cost, digits: 4)) | \(cost.source.rawValue) |")
        }
        if scenario.ladder.byClass {
            lines.append("")
            lines.append("| content class | share of uploads | rungs | bit rates added up | per-title analysis, CPU-s per content second | measured on |")
            lines.append("| --- | --- | --- | --- | --- | --- |")
            for (index, contentClass) in scenario.ladder.classes.enumerated() {
                let analysis = contentClass.analysisCPUPerContentSecond.map { significant($0, digits: 4) } ?? "none"
                lines.append("| \(contentClass.name) | \(String(format: "%.1f%%", contentClass.share * 100)) | \(contentClass.rungs.count) "
                             + "| \(scenario.ladder.totalBitrate(ofClass: index)) | \(analysis) | \(contentClass.clip ?? "") |")
            }
        }
        let settings = scenario.transcode
        if let calibration = settings.calibration {
            lines.append("")
            lines.append("Measured costs come from \(settings.calibrationPath ?? "") (\(calibration.machine.cpuModel), \(calibration.measuredAt)), for a worker of \(counted(significant(settings.worker.vcpus, digits: 3), "vCPU")) at \(significant(settings.worker.speed, digits: 3))x that machine's per-core speed and \(Int((settings.worker.parallelEfficiency * 100).rounded()))% parallel efficiency.")
        }
        lines.append("")
        lines += latencies([("transcode.queue_wait", "queue wait"), ("transcode.time_to_first_playable", "time to first playable"),
                            ("transcode.time_to_publish", "time to publish (full ladder)")])

        if let months = metrics.months, let storage = scenario.storage {
            lines += ["## Storage over the months ahead", ""]
            lines.append("From the mean daily ingest above, with \(significant(storage.redundancy.overhead, digits: 4))x redundancy overhead; physical bytes at the end of each month.")
            lines.append("")
            let tiers = storage.tiers.map(\.name)
            lines.append("| month | " + tiers.joined(separator: " | ") + " | total | cost of the month |")
            lines.append("| --- | " + tiers.map { _ in "---" }.joined(separator: " | ") + " | --- | --- |")
            for month in months {
                let cells = month.physicalBytesByTier.map { DataSize(bytes: $0).description }
                lines.append("| \(month.month) | \(cells.joined(separator: " | ")) | \(DataSize(bytes: month.physicalBytes)) | \(Money(dollars: month.cost)) |")
            }
            lines.append("")
        }

        if metrics["metadata.shards"] != nil {
            lines += ["## Metadata database", ""]
            lines += table(["metadata.mean_writes_per_second", "metadata.peak_writes_per_second",
                            "metadata.mean_reads_per_second", "metadata.peak_reads_per_second",
                            "metadata.peak_queries_per_second", "metadata.shards"])
        }

        if let delivery = scenario.delivery, metrics["delivery.edge.hit_ratio"] != nil {
            lines += ["## Delivery", ""]
            var text = "\(delivery.catalog.videos) videos (Zipf \(significant(delivery.catalog.zipfAlpha, digits: 3))), "
                + "\(significant(delivery.views.perSecond * 86_400, digits: 4)) views a day in \(counted(delivery.regions.count, "region")) with "
                + "\(counted(delivery.regions.reduce(0) { $0 + $1.edgeSites }, "edge site")) (\(type(of: delivery.edge.policy).name))"
                + (delivery.shield.map { ", a \($0.cache) \(type(of: $0.policy).name) shield per region" } ?? ", no shield")
                + "."
            text += delivery.newUploads
                ? " The content path's uploads join the catalogue when they are published."
                : " The back catalogue only (`new_uploads: false`)."
            if let popularity = delivery.popularity {
                text += " Popularity rises and falls with age (rise \(popularity.rise), half-life \(popularity.halfLife), "
                    + "floor \(significant(popularity.floor * 100, digits: 3))% of the peak, re-evaluated every \(popularity.step))."
            } else {
                text += " Each video keeps its popularity (no `popularity:` section)."
            }
            if delivery.catalog.regional > 0 {
                text += " \(significant(delivery.catalog.regional * 100, digits: 3))% of the videos are watched in one region only."
            }
            if !delivery.outages.isEmpty {
                text += " " + delivery.outages.map { outage in
                    "\(outage.sites.map { counted($0, "site") + " of " } ?? "all of ")\(outage.region) down from \(outage.start) for \(outage.duration)"
                }.joined(separator: "; ") + " (a failed site comes back with an empty cache)."
            }
            if delivery.regions.contains(where: { $0.timeOffset != 0 }) {
                text += " Each region's views follow the daily shape in its local time: "
                    + delivery.regions.map { "\($0.name) \($0.timeOffset < 0 ? "−" : "+")\(TimeSpan(seconds: abs($0.timeOffset)))" }
                        .joined(separator: ", ") + " from the run's clock."
            }
            if let prefill = delivery.prefill {
                text += " The \(counted(prefill.videos, "most popular video")) are pushed to every edge site daily at \(prefill.at)."
            }
            if delivery.oneTimers > 0 {
                text += " \(significant(delivery.oneTimers * 100, digits: 3))% of the views go to videos watched only once."
            }
            if delivery.sampling.pinnedVideos > 0, let check = PinnedCheck(DeliveryConfiguration(settings: delivery, scenario: scenario)) {
                text += " The \(counted(check.pinned, "most popular video")) are pinned (counted as edge hits at every site): "
                    + check.summary + "."
            }
            if delivery.sampling.rate < 1 {
                text += " Sampled: the \(delivery.sampling.hotVideos) most popular videos in full and \(significant(delivery.sampling.rate * 100, digits: 3))% of the rest, counts weighted back (`delivery.sampling`\(delivery.sampling.target.map { "; the rate chosen for a delivery side of about \($0) per replication" } ?? ""))."
            }
            lines += [text, ""]
            lines += table(["delivery.views_per_day", "delivery.new_videos.share_of_views", "delivery.new_videos.edge_hit_ratio",
                            "delivery.new_videos.origin_share", "delivery.new_videos.first_view.origin_share",
                            "delivery.new_videos.first_view.fetch_time", "delivery.new_videos.later_views.edge_hit_ratio",
                            "delivery.new_videos.later_views.fetch_time", "delivery.requests_per_second", "delivery.edge.hit_ratio",
                            "delivery.edge.byte_hit_ratio", "delivery.shield.hit_ratio", "delivery.shield.byte_hit_ratio",
                            "delivery.origin.requests_per_second", "delivery.origin.share_of_bytes",
                            "delivery.first_byte_latency.mean", "delivery.fetch_time.edge", "delivery.fetch_time.shield",
                            "delivery.fetch_time.origin", "delivery.egress.edge_mean", "delivery.egress.edge_peak",
                            "delivery.egress.shield_mean", "delivery.egress.origin_mean", "delivery.egress.edge_per_day",
                            "delivery.fill.bytes_per_day", "delivery.fill.rate"])
            let regions = DeliveryRegionFigures.table(metrics)
            if !regions.rows.isEmpty {
                lines.append("By region (the region's viewers; requests and egress add up to the totals above):")
                lines.append("")
                lines += grid(regions.header, regions.rows)
            }
            if !delivery.outages.isEmpty {
                lines += ["### Before, during and after the outages", "",
                          "Each phase as long as its outage; all outages added up.", ""]
                lines += table(DeliveryOutageFigures.phases.flatMap { phase in
                    DeliveryOutageFigures.measures.map { "delivery.outages.\(phase).\($0.key)" }
                })
                let perOutage = DeliveryOutageFigures.tables(metrics)
                if !perOutage.isEmpty {
                    lines += ["Each outage on its own (`delivery.outage.<n>.<phase>.*`):", ""]
                    for table in perOutage { lines += ["\(table.caption):", ""] + grid(table.header, table.rows) }
                }
            }
        }

        if let players = scenario.delivery?.players, metrics["players.sessions_per_day"] != nil {
            lines += ["## Viewers' players", ""]
            let names = ABRNames.describe(players)
            lines += ["Every view is a session of an adaptive-bitrate player (\(names)) choosing each segment's rung; each "
                + "segment is a request to the CDN, and where it was served shapes its download time. Startup delay counts "
                + "from pressing play to the first frame; the rebuffer ratio is stall time over stall time plus content "
                + "watched; QoE is Pensieve's linear QoE per segment (docs/players.md).", ""]
            lines += table(PlayerFigures.headline(metrics.scenario))
            for (family, prefix, caption) in [(PlayerFigures.devices, "players.device", "By device:"),
                                              (DeliveryRegionFigures.regions, "players.region", "By region (the viewers' region):")] {
                let grouped = PlayerFigures.table(metrics, of: family, prefix: prefix)
                guard !grouped.rows.isEmpty else { continue }
                lines += [caption, ""] + grid(grouped.header, grouped.rows)
            }
            let classes = PlayerFigures.contentClasses.members(of: scenario)
            if !classes.isEmpty {
                let metric = scenario.ladder.hasQuality ? scenario.ladder.qualityMetric.map { "\($0.rawValue)_mean" } : nil
                let keys = ["content_share", "bitrate_mean"] + (metric.map { [$0] } ?? [])
                let header = ["class", "content watched", "bit rate watched, mean"]
                    + (metric.map { _ in ["\(scenario.ladder.qualityMetric!.rawValue.uppercased()) watched, mean"] } ?? [])
                lines += ["By content class (the viewers of each class's videos):", "", "| " + header.joined(separator: " | ") + " |",
                          "| " + header.map { _ in "---" }.joined(separator: " | ") + " |"]
                for member in classes {
                    let cells = keys.map { metrics["players.class.\(member.key).\($0)"]?.formatted ?? "n/a" }
                    lines.append("| " + ([member.name] + cells).joined(separator: " | ") + " |")
                }
                lines.append("")
            }
            let shares = PlayerFigures.ladderRungs.members(of: scenario).compactMap { member in
                metrics["players.rung.\(member.key).content_share"].map { "\(member.name) \($0.formatted)" }
            }
            if !shares.isEmpty { lines += ["Content watched by rung: " + shares.joined(separator: ", ") + ".", ""] }
        }

        if scenario.work != nil {
            lines += ["## Work classes and pools", ""]
            lines += ["Work besides the uploads, on pools of its own (`work:`): each class's jobs wait for a worker of their pool "
                + "(a free worker takes the waiting job of the most urgent priority, first come first served within it, and never "
                + "interrupts a job), or go to the overflow pool when every worker of theirs is busy and one of it is free. "
                + "Latency is from arrival to the end of service.", ""]
            if let zones = WorkFigures.zoneSentence(scenario) { lines += [zones, ""] }
            if let measured = WorkFigures.measuredServiceSentence(scenario) { lines += [measured, ""] }
            for (caption, grouped) in [("By class:", WorkFigures.classTable(metrics)), ("By pool:", WorkFigures.poolTable(metrics))]
            where !grouped.rows.isEmpty {
                lines += [caption, ""] + grid(grouped.header, grouped.rows)
            }
            lines += table(["work.jobs_waiting_at_end"])
        }

        if !scenario.databases.isEmpty {
            lines += ["## Databases", ""]
            lines += ["Each database's queries from the events that feed it (`databases:`): uploads and work classes' jobs as "
                + "simulated, views as the delivery side simulated them (or `metadata.views`), other events at their rate. The "
                + "peak adds each event's own peak. A node holds one copy of one shard, takes every write to it and its share "
                + "of the reads.", ""]
            let grouped = DatabaseFigures.table(metrics)
            if !grouped.rows.isEmpty {
                lines += grid(grouped.header, grouped.rows)
            }
        }

        lines += ["## Cost", ""]
        lines += table(["cost.compute_per_day", "cost.on_demand_compute_per_day", "cost.spot_compute_per_day",
                        "cost.ingest_per_day", "cost.cdn_egress_per_day", "cost.origin_egress_per_day",
                        "cost.cdn_requests_per_day", "cost.origin_requests_per_day", "cost.work_pools_per_day", "cost.databases_per_day",
                        "cost.storage_first_month", "cost.storage_last_month",
                        "cost.first_month_total", "cost.compute_and_ingest_per_content_hour",
                        "cost.storage_per_content_hour_month"])

        if !metrics.sampleTimes.isEmpty {
            lines += ["## Over time", ""]
            lines.append("Sampled every \(scenario.run.sampleInterval), mean over replications.")
            lines.append("")
            let deliveryKeys = Set(DeliverySeries.all.map(\.key))
            let isWork = { (series: MeasuredSeries) in series.declaration.family != nil || series.declaration.key.hasPrefix("work_") }
            let shown = metrics.series.filter {
                !deliveryKeys.contains($0.declaration.key) && !isWork($0)
                    && ($0.declaration.key != "uploads_waiting_for_ingest" || scenario.uploads.ingestCapacity != nil)
            }
            lines.append("| time | " + shown.map(\.declaration.label).joined(separator: " | ") + " |")
            lines.append("| --- | " + shown.map { _ in "---" }.joined(separator: " | ") + " |")
            for (index, time) in metrics.sampleTimes.enumerated() {
                let cells = shown.map { significant($0.means[index], digits: 5) }
                lines.append("| \(TimeSpan(seconds: time)) | \(cells.joined(separator: " | ")) |")
            }
            lines.append("")
            lines += unitTable(metrics, metrics.series.filter { deliveryKeys.contains($0.declaration.key) },
                               caption: "Delivery, each row the sample interval ending at its time (n/a: an interval wholly in the warm-up):")
            lines += unitTable(metrics, metrics.series.filter(isWork),
                               caption: "Work pools and classes: each pool's workers, queue and cost at the row's time; each class's jobs "
                                   + "waiting then, and its jobs' latency and share within the objective over the interval ending then "
                                   + "(n/a: none finished in it, or no objective):")
        }

        lines += ["## The run", ""]
        lines.append("\(timing.sentence): \(significant(timing.eventsPerSecond / 1e6, digits: 3)) million events per second. These figures depend on the machine and are not in report.json.")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// A Markdown table of `header` and `rows` (a `|` in a cell escaped), then a blank line.
    private static func grid(_ header: [String], _ rows: [[String]]) -> [String] {
        ["| " + header.joined(separator: " | ") + " |", "| " + header.map { _ in "---" }.joined(separator: " | ") + " |"]
            + rows.map { "| " + $0.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" } + [""]
    }

    /// What was simulated: the scenario's settings, as given.
    static func settingsSection(_ scenario: Scenario) -> [String] {
        var lines = ["## What was simulated", "", "| setting | value |", "| --- | --- |"]
        lines.append("| scenario files | \(scenario.filesDescription) |")
        lines.append("| horizon | \(scenario.run.horizon) (warm-up \(scenario.run.warmUp) discarded) |")
        lines.append("| seed | \(scenario.seed) |")
        let uploads = scenario.uploads
        let rate = uploads.contentRate.map { "\($0), " } ?? ""
        lines.append("| uploads | \(rate)\(significant(uploads.arrivalRate.perSecond, digits: 4))/s on average, \(uploads.arrivals.rawValue)\(shaping(uploads.profile)) |")
        lines.append("| mean content duration | \(TimeSpan(seconds: uploads.duration.distribution.mean)) |")
        let ladder = scenario.ladder
        if ladder.byClass {
            let classes = ladder.classes.enumerated().map { index, contentClass in
                "\(contentClass.name) \(String(format: "%.0f%%", contentClass.share * 100)): \(counted(contentClass.rungs.count, "rung")), sum \(ladder.totalBitrate(ofClass: index))"
            }
            lines.append("| ladder | \(ladder.name.map { "\($0): " } ?? "")by content class: \(classes.joined(separator: "; ")) |")
        } else {
            lines.append("| ladder | \(ladder.rungs.map { "\($0.name) \($0.bitrate)" }.joined(separator: ", ")) (sum \(ladder.totalBitrate)) |")
        }
        let fleet = scenario.transcode
        let kind = fleet.worker.kind == .vm ? "VM" : "container"
        lines.append("| transcode fleet | \(counted(fleet.workers, kind)) of \(counted(significant(fleet.worker.vcpus, digits: 3), "vCPU"))" + (fleet.autoscaling.map { " at the start, autoscaling (\($0.policyName)) between \($0.minimum) and \($0.maximum)" } ?? "") + " |")
        lines.append("| daily figures | \(scenario.run.dailyFigures.rawValue) |")
        lines.append("")
        return lines
    }

    /// ", shaped by day, week and 2 bursts" for whatever shapes the rate; empty when nothing does.
    static func shaping(_ profile: RateProfile) -> String {
        var parts: [String] = []
        if profile.diurnal != nil { parts.append("day") }
        if profile.weekly != nil { parts.append("week") }
        if !profile.bursts.isEmpty { parts.append(counted(profile.bursts.count, "burst")) }
        guard let last = parts.popLast() else { return "" }
        return ", shaped by " + (parts.isEmpty ? last : parts.joined(separator: ", ") + " and " + last)
    }

    /// A table of series, a row per sample time: counts with their unit in the header, percentages, money and bit
    /// rates in each cell as people read them, n/a where a sample has no value. Nothing for no series.
    private static func unitTable(_ metrics: RunMetrics, _ series: [MeasuredSeries], caption: String) -> [String] {
        guard !series.isEmpty else { return [] }
        func isCount(_ unit: FigureUnit) -> Bool { if case .number = unit.style { true } else { false } }
        let headers = series.map { $0.declaration.label + (isCount($0.declaration.unit) ? " (\($0.declaration.unit.symbol))" : "") }
        var lines = [caption, "", "| time | " + headers.joined(separator: " | ") + " |", "| --- | " + series.map { _ in "---" }.joined(separator: " | ") + " |"]
        for (index, time) in metrics.sampleTimes.enumerated() {
            let cells = series.map { series in
                let value = series.means[index], unit = series.declaration.unit
                return isCount(unit) && value.isFinite ? significant(value, digits: 5) : unit.format(value)
            }
            lines.append("| \(TimeSpan(seconds: time)) | \(cells.joined(separator: " | ")) |")
        }
        return lines + [""]
    }
}
