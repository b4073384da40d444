import Foundation
import VidsimModels
import VidsimScenario
import VidsimUnits

/// The report for people: what was simulated, what it adds to storage, how the fleet coped, and how the run went.
public enum MarkdownReport {
    public static func render(_ report: ContentPathReport, scenario: Scenario, timing: RunTiming) -> String {
        var lines: [String] = []
        let s = report.scenario
        lines.append("# vidsim report: \(s.name)")
        lines.append("")
        if let description = s.description { lines += [description.trimmingCharacters(in: .whitespacesAndNewlines), ""] }
        lines.append("Figures are means over \(s.replications) replication\(s.replications == 1 ? "" : "s")"
            + (s.replications > 1 ? " with 95% confidence intervals (Student t)." : " (run more for confidence intervals)."))
        lines.append("")

        lines.append("## What was simulated")
        lines.append("")
        lines.append("| setting | value |")
        lines.append("| --- | --- |")
        lines.append("| scenario files | \(s.files.joined(separator: " ← ")) |")
        lines.append("| horizon | \(TimeSpan(seconds: s.horizonSeconds)) (warm-up \(TimeSpan(seconds: s.warmUpSeconds)) discarded) |")
        lines.append("| seed | \(s.seed) |")
        let uploads = scenario.uploads
        let rate = uploads.contentRate.map { "\($0), " } ?? ""
        lines.append("| uploads | \(rate)\(significant(report.uploads.meanArrivalRatePerSecond, digits: 4))/s on average, \(uploads.arrivals.rawValue)\(shaping(uploads.profile)) |")
        lines.append("| mean content duration | \(TimeSpan(seconds: uploads.duration.distribution.mean)) |")
        lines.append("| ladder | \(scenario.ladder.rungs.map { "\($0.name) \($0.bitrate)" }.joined(separator: ", ")) (sum \(scenario.ladder.totalBitrate)) |")
        let fleetSettings = scenario.transcode
        let kind = fleetSettings.worker.kind == .vm ? "VMs" : "containers"
        lines.append("| transcode fleet | \(fleetSettings.workers) \(kind) of \(significant(fleetSettings.worker.vcpus, digits: 3)) vCPUs" + (fleetSettings.autoscaling.map { " at the start, autoscaling (\($0.policyName)) between \($0.minimum) and \($0.maximum)" } ?? "") + " |")
        lines.append("")

        if let transfer = report.uploads.transfer {
            lines.append("## Uploads")
            lines.append("")
            lines.append("| figure | value |")
            lines.append("| --- | --- |")
            lines.append("| bytes sent by creators | \(plusMinus(transfer.bytesSentPerDay) { DataSize(bytes: $0).description })/day |")
            lines.append("| sent again (failed chunks, drops) | \(plusMinus(transfer.retransmittedFraction) { String(format: "%.2f%%", $0 * 100) }) of the files' size |")
            lines.append("| failed chunk attempts | \(plusMinus(transfer.failedChunkAttemptsPerDay) { significant($0, digits: 4) })/day |")
            lines.append("| connection drops | \(plusMinus(transfer.dropsPerDay) { significant($0, digits: 4) })/day |")
            lines.append("| ingest bandwidth in use | mean \(plusMinus(transfer.meanIngestBitsPerSecond) { BitRate(bitsPerSecond: $0).description }), peak \(plusMinus(transfer.peakIngestBitsPerSecond) { BitRate(bitsPerSecond: $0).description }) |")
            lines.append("")
            lines.append("| latency | mean | p50 | p90 | p95 | p99 | max |")
            lines.append("| --- | --- | --- | --- | --- | --- | --- |")
            for (name, latency) in [("upload time", transfer.uploadTime), ("creator's wait (upload to published)", transfer.creatorWait)] {
                lines.append(latencyRow(name, latency))
            }
            lines.append("")
        }

        lines.append("## Storage added")
        lines.append("")
        lines.append("One content hour of the ladder takes \(DataSize(bytes: report.storage.renditionBytesPerContentHour)).")
        lines.append("")
        lines.append("| what | per day | in PB/day |")
        lines.append("| --- | --- | --- |")
        for (name, figure) in [("content uploaded", report.uploads.contentHoursPerDay)] {
            lines.append("| \(name) | \(plusMinus(figure) { significant($0, digits: 5) }) hours | |")
        }
        for (name, figure) in [("raw uploads", report.storage.rawBytesPerDay),
                               ("renditions", report.storage.renditionBytesPerDay),
                               ("total", report.storage.totalBytesPerDay)] {
            lines.append("| \(name) | \(plusMinus(figure) { DataSize(bytes: $0).description }) | \(plusMinus(figure) { significant($0 / 1e15, digits: 4) }) |")
        }
        lines.append("")

        let t = report.transcode
        lines.append("## Transcode fleet")
        lines.append("")
        lines.append("| figure | value |")
        lines.append("| --- | --- |")
        let fleet = scenario.transcode
        lines.append("| workers at the start | \(t.workers) |")
        lines.append("| workers alive (billed) | mean \(plusMinus(t.meanWorkers) { significant($0, digits: 5) }), peak \(plusMinus(t.peakWorkers) { significant($0, digits: 5) }) |")
        lines.append("| utilisation (busy / ready) | \(plusMinus(t.utilisation) { String(format: "%.1f%%", $0 * 100) }) |")
        lines.append("| mean busy workers | \(plusMinus(t.meanBusyWorkers) { significant($0, digits: 5) }) |")
        lines.append("| mean tasks waiting | \(plusMinus(t.meanTasksWaiting) { significant($0, digits: 4) }) (Little's law: \(plusMinus(t.littlesLawQueueLength) { significant($0, digits: 4) })) |")
        lines.append("| most tasks waiting | \(plusMinus(t.maxTasksWaiting) { significant($0, digits: 4) }) |")
        lines.append("| tasks still waiting at the horizon | \(plusMinus(t.tasksWaitingAtEnd) { significant($0, digits: 4) }) |")
        lines.append("| backlog (queued worker-seconds) | mean \(plusMinus(t.meanBacklogSeconds) { significant($0, digits: 4) }), peak \(plusMinus(t.maxBacklogSeconds) { significant($0, digits: 4) }) |")
        lines.append("| vCPU-hours per day | on-demand \(plusMinus(t.onDemandVCPUHoursPerDay) { significant($0, digits: 5) }), spot \(plusMinus(t.spotVCPUHoursPerDay) { significant($0, digits: 5) }) |")
        lines.append("| compute cost per day | \(plusMinus(t.computeCostPerDay) { Money(dollars: $0).description }) |")
        if fleet.spot != nil || fleet.autoscaling != nil {
            lines.append("| workers launched per day | \(plusMinus(t.workersLaunchedPerDay) { significant($0, digits: 4) }) |")
            lines.append("| spot interruptions per day | \(plusMinus(t.spotInterruptionsPerDay) { significant($0, digits: 4) }) |")
        }
        lines.append("")
        lines.append("| rung | worker-seconds per content second | from |")
        lines.append("| --- | --- | --- |")
        for cost in t.rungCosts {
            lines.append("| \(cost.rung) | \(significant(cost.workerSecondsPerContentSecond, digits: 4)) | \(cost.source) |")
        }
        if let calibration = t.calibration {
            lines.append("")
            lines.append("Measured costs come from \(calibration.file) (\(calibration.cpuModel), \(calibration.measuredAt)), for a worker of \(significant(calibration.workerVcpus, digits: 3)) vCPUs at \(significant(calibration.workerSpeed, digits: 3))x that machine's per-core speed and \(Int(calibration.parallelEfficiency * 100))% parallel efficiency.")
        }
        lines.append("")
        lines.append("| latency | mean | p50 | p90 | p95 | p99 | max |")
        lines.append("| --- | --- | --- | --- | --- | --- | --- |")
        for (name, latency) in [("queue wait", t.queueWait), ("time to first playable", t.timeToFirstPlayable),
                                ("time to publish (full ladder)", t.timeToPublish)] {
            lines.append(latencyRow(name, latency))
        }
        lines.append("")

        if let growth = report.growth {
            lines.append("## Storage over the months ahead")
            lines.append("")
            lines.append("From the mean daily ingest above, with \(significant(growth.redundancyOverhead, digits: 4))x redundancy overhead; physical bytes at the end of each month.")
            lines.append("")
            lines.append("| month | " + growth.tiers.joined(separator: " | ") + " | total | cost of the month |")
            lines.append("| --- | " + growth.tiers.map { _ in "---" }.joined(separator: " | ") + " | --- | --- |")
            for month in growth.months {
                let tiers = month.physicalBytesByTier.map { DataSize(bytes: $0).description }
                lines.append("| \(month.month) | \(tiers.joined(separator: " | ")) | \(DataSize(bytes: month.physicalBytes)) | \(Money(dollars: month.cost)) |")
            }
            lines.append("")
        }

        if let metadata = report.metadata {
            lines.append("## Metadata database")
            lines.append("")
            lines.append("| queries per second | mean | peak |")
            lines.append("| --- | --- | --- |")
            lines.append("| writes (uploads) | \(significant(metadata.meanWritesPerSecond, digits: 4)) | \(significant(metadata.peakWritesPerSecond, digits: 4)) |")
            lines.append("| reads (views) | \(significant(metadata.meanReadsPerSecond, digits: 4)) | \(significant(metadata.peakReadsPerSecond, digits: 4)) |")
            lines.append("")
            lines.append("\(metadata.shards) shard\(metadata.shards == 1 ? "" : "s") for a peak of \(significant(metadata.peakQueriesPerSecond, digits: 4)) queries per second.")
            lines.append("")
        }

        let cost = report.cost
        lines.append("## Cost")
        lines.append("")
        lines.append("| what | cost |")
        lines.append("| --- | --- |")
        lines.append("| compute per day | \(plusMinus(cost.computePerDay) { Money(dollars: $0).description }) (on-demand \(plusMinus(cost.onDemandComputePerDay) { Money(dollars: $0).description }), spot \(plusMinus(cost.spotComputePerDay) { Money(dollars: $0).description })) |")
        lines.append("| ingest per day | \(plusMinus(cost.ingestPerDay) { Money(dollars: $0).description }) |")
        if let first = cost.storageFirstMonth, let last = cost.storageLastMonth, let growth = report.growth {
            func byTier(_ month: StorageGrowth.Month) -> String {
                zip(growth.tiers, month.costByTier).map { "\($0) \(Money(dollars: $1))" }.joined(separator: ", ")
            }
            lines.append("| storage, month 1 | \(Money(dollars: first)) (\(byTier(growth.months[0]))) |")
            lines.append("| storage, month \(growth.months.count) | \(Money(dollars: last)) (\(byTier(growth.months[growth.months.count - 1]))) |")
        }
        lines.append("| first month in all | \(Money(dollars: cost.firstMonthTotal)) |")
        lines.append("| compute and ingest per content hour | \(plusMinus(cost.computeAndIngestPerContentHour) { Money(dollars: $0).description }) |")
        if let perHour = cost.storagePerContentHourMonth {
            lines.append("| storing a content hour for a month (first tier) | \(Money(dollars: perHour)) |")
        }
        lines.append("")

        let series = report.timeSeries
        if !series.timeSeconds.isEmpty {
            lines.append("## Over time")
            lines.append("")
            lines.append("Sampled every \(TimeSpan(seconds: series.intervalSeconds)), mean over replications.")
            lines.append("")
            let ingest = scenario.uploads.ingestCapacity != nil
            lines.append("| time | workers alive | busy | tasks waiting | backlog (worker-s) |" + (ingest ? " uploads waiting for ingest |" : ""))
            lines.append("| --- | --- | --- | --- | --- |" + (ingest ? " --- |" : ""))
            for index in series.timeSeconds.indices {
                var values = [series.aliveWorkers[index], series.busyWorkers[index], series.tasksWaiting[index], series.backlogSeconds[index]]
                if ingest { values.append(series.uploadsWaitingForIngest[index]) }
                let cells = values.map { significant($0, digits: 5) }
                lines.append("| \(TimeSpan(seconds: series.timeSeconds[index])) | \(cells.joined(separator: " | ")) |")
            }
            lines.append("")
        }

        lines.append("## The run")
        lines.append("")
        lines.append("\(timing.events) events in \(String(format: "%.2f", timing.wallSeconds)) s of wall time on \(timing.threads) thread\(timing.threads == 1 ? "" : "s"): \(significant(timing.eventsPerSecond / 1e6, digits: 3)) million events per second. These figures depend on the machine and are not in report.json.")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// ", shaped by day, week and 2 bursts" for whatever shapes the rate; empty when nothing does.
    static func shaping(_ profile: RateProfile) -> String {
        var parts: [String] = []
        if profile.diurnal != nil { parts.append("day") }
        if profile.weekly != nil { parts.append("week") }
        if !profile.bursts.isEmpty { parts.append("\(profile.bursts.count) burst\(profile.bursts.count == 1 ? "" : "s")") }
        guard let last = parts.popLast() else { return "" }
        return ", shaped by " + (parts.isEmpty ? last : parts.joined(separator: ", ") + " and " + last)
    }

    /// A latency table row: mean and percentiles, each with its interval.
    static func latencyRow(_ name: String, _ latency: ContentPathReport.Latency) -> String {
        let cells = [latency.mean, latency.p50, latency.p90, latency.p95, latency.p99, latency.max]
            .map { plusMinus($0) { TimeSpan(seconds: $0).description } }
        return "| \(name) | \(cells.joined(separator: " | ")) |"
    }

    /// "8.91 PB ± 0.02" style: the mean, and the half-width of the 95% interval in the same format.
    static func plusMinus(_ figure: ContentPathReport.Figure, _ format: (Double) -> String) -> String {
        guard let halfWidth = figure.ci95HalfWidth, halfWidth > 0 else { return format(figure.mean) }
        return "\(format(figure.mean)) ± \(format(halfWidth))"
    }
}
