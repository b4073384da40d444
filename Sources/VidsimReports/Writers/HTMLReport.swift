import Foundation
import VidsimModels
import VidsimUnits

/// report.html: one self-contained page (no network, no script, inline SVG) for planners: the fleet and its
/// backlog over time, the latency distributions, storage growth by tier, cost by component, then every figure
/// in tables. Charts and tables read the same measured figures as every other format.
public enum HTMLReport: ReportFormat {
    public static let name = "html"
    public static let fileName = "report.html"

    public static func render(_ metrics: RunMetrics, timing: RunTiming) throws -> Data {
        Data(page(metrics, timing: timing).render().utf8)
    }

    public static func page(_ metrics: RunMetrics, timing: RunTiming) -> HTMLPage {
        let scenario = metrics.scenario
        var page = HTMLPage(title: "vidsim report: \(scenario.name)")
        page.heading("vidsim report: \(scenario.name)", level: 1)
        if let description = scenario.description { page.paragraph(description) }
        let n = metrics.replications
        page.paragraph("Means over \(counted(n, "replication"))" + (n > 1 ? " with 95% confidence intervals (Student t)." : ".")
            + " Daily figures: \(scenario.run.dailyFigures.rawValue).")

        for warning in metrics.warnings { page.paragraph("Warning: \(warning).", className: "warning") }
        page.heading("Headline")
        page.table(header: ["figure", "value"], rows: [
            "uploads.content_hours_per_day", "storage.rendition_bytes_per_day", "storage.total_bytes_per_day",
            "transcode.mean_workers", "transcode.peak_workers", "transcode.utilisation", "transcode.time_to_publish.p95",
            "cost.compute_per_day", "cost.first_month_total", "delivery.edge.hit_ratio", "delivery.shield.hit_ratio",
            "delivery.origin.requests_per_second", "delivery.egress.edge_mean", "delivery.egress.edge_peak", "cost.cdn_egress_per_day",
        ].compactMap { metrics[$0] }.map { [$0.declaration.label, $0.formatted] }, numericColumns: [1])

        if !metrics.sampleTimes.isEmpty {
            page.heading("The fleet over time")
            func series(_ key: String, step: Bool) -> LineChart.Series? { lineSeries(metrics, key, step: step) }
            let fleet = [series("alive_workers", step: true), series("busy_workers", step: false)].compactMap { $0 }
            let fixed = scenario.transcode.autoscaling == nil
                ? LineChart.ReferenceLine(value: Double(scenario.transcode.workers), label: "fixed fleet: \(scenario.transcode.workers)")
                : LineChart.ReferenceLine(value: Double(scenario.transcode.autoscaling!.maximum),
                                          label: "autoscaling max: \(scenario.transcode.autoscaling!.maximum)")
            page.svg(LineChart(title: "Workers alive and busy", yTitle: "workers", series: fleet, referenceLine: fixed,
                               periods: WorkFigures.outagePeriods(scenario, zones: scenario.transcode.zones ?? [])).svg(),
                     caption: "Sampled every \(scenario.run.sampleInterval), mean over replications.")
            let backlog = [series("tasks_waiting", step: false)].compactMap { $0 }
            page.svg(LineChart(title: "Tasks waiting for a worker", yTitle: "tasks", series: backlog).svg())
            if let work = series("backlog_seconds", step: false) {
                page.svg(LineChart(title: "Backlog (queued work)", yTitle: "worker-seconds", series: [work]).svg())
            }
            if scenario.uploads.ingestCapacity != nil, let ingest = series("uploads_waiting_for_ingest", step: false) {
                page.svg(LineChart(title: "Uploads waiting for the ingest tier", yTitle: "uploads", series: [ingest]).svg())
            }
        }
        deliverySection(metrics, into: &page)
        playersSection(metrics, into: &page)
        workSection(metrics, into: &page)
        databaseSection(metrics, into: &page)

        let latencies = [("uploads.transfer.upload_time", "upload time"), ("transcode.queue_wait", "queue wait"),
                         ("transcode.time_to_first_playable", "time to first playable"),
                         ("transcode.time_to_publish", "time to publish"), ("uploads.transfer.creator_wait", "creator's wait")]
        let rows: [PercentileChart.Row] = latencies.compactMap { key, name in
            func marker(_ statistic: String) -> PercentileChart.Marker? {
                metrics["\(key).\(statistic)"].map { PercentileChart.Marker($0.mean, halfWidth: $0.estimate.halfWidth) }
            }
            guard let mean = marker("mean"), let p50 = marker("p50"), let p90 = marker("p90"), let p95 = marker("p95"),
                  let p99 = marker("p99"), let max = marker("max") else { return nil }
            return PercentileChart.Row(name: name, mean: mean, p50: p50, p90: p90, p95: p95, p99: p99, max: max)
        }
        if !rows.isEmpty {
            page.heading("Latencies")
            page.svg(PercentileChart(title: "Latency distributions", rows: rows, logarithmic: true).svg(),
                     caption: "Box from p50 to p95, line to the maximum; whiskers are 95% intervals over replications.")
        }

        if let months = metrics.months, let storage = scenario.storage {
            page.heading("Storage over the months ahead")
            let components = storage.tiers.indices.map { tier in
                StackedBarChart.Component(name: storage.tiers[tier].name, values: months.map { $0.physicalBytesByTier[tier] })
            }
            page.svg(StackedBarChart(title: "Physical bytes stored by tier", xTitle: "month", yTitle: "stored",
                                     categories: months.map { String($0.month) }, components: components,
                                     formatValue: { DataSize(bytes: $0).description }).svg(),
                     caption: "At the end of each month, with \(significant(storage.redundancy.overhead, digits: 4))x redundancy overhead.")
            let costs = storage.tiers.indices.map { tier in
                StackedBarChart.Component(name: storage.tiers[tier].name, values: months.map { $0.costByTier[tier] })
            }
            page.svg(StackedBarChart(title: "Storage cost by month and tier", xTitle: "month", yTitle: "USD",
                                     categories: months.map { String($0.month) }, components: costs,
                                     formatValue: { Money(dollars: $0).description }).svg())
        }

        let perDay = [("compute, on-demand", "cost.on_demand_compute_per_day"), ("compute, spot", "cost.spot_compute_per_day"),
                      ("ingest", "cost.ingest_per_day"), ("CDN egress", "cost.cdn_egress_per_day"),
                      ("origin egress", "cost.origin_egress_per_day"), ("CDN requests", "cost.cdn_requests_per_day"),
                      ("origin requests", "cost.origin_requests_per_day"), ("work pools", "cost.work_pools_per_day"), ("databases", "cost.databases_per_day")].compactMap { label, key in
            metrics[key].map { BarChart.Bar(label: label, value: $0.mean) }
        } + (metrics.months?.first.map { [BarChart.Bar(label: "storage (month 1, per day)", value: $0.cost / StorageGrowth.daysPerMonth)] } ?? [])
        page.heading("Cost")
        page.svg(BarChart(title: "Cost per day by component", xTitle: "USD/day", bars: perDay,
                          formatValue: { Money(dollars: $0).description }).svg())

        page.heading("Every figure")
        var sections: [String: [[String]]] = [:]
        var order: [String] = []
        for figure in metrics.figures {
            let section = String(figure.key.split(separator: ".").first ?? "")
            if sections[section] == nil { order.append(section) }
            sections[section, default: []].append([figure.declaration.label, figure.formatted, "<code>\(HTMLPage.escape(figure.key))</code>"])
        }
        for section in order {
            page.heading(section, level: 3)
            page.rawHTML(table(header: ["figure", "value", "key"], rows: sections[section]!))
        }

        page.heading("The run")
        page.paragraph("\(timing.sentence). Scenario files: \(scenario.filesDescription); seed \(scenario.seed).")
        return page
    }

    /// The work classes and pools, when the scenario has `work:`: a table by class and one by pool.
    static func workSection(_ metrics: RunMetrics, into page: inout HTMLPage) {
        let tables = [WorkFigures.classTable(metrics), WorkFigures.poolTable(metrics)].filter { !$0.rows.isEmpty }
        guard !tables.isEmpty else { return }
        page.heading("Work classes and pools")
        page.paragraph("Work besides the uploads, on pools of its own: a free worker takes the waiting job of the most urgent "
            + "priority, first come first served within it, never interrupting a job; a job goes to its class's overflow pool "
            + "when every worker of its own is busy and one of the overflow pool's is free. Latency is from arrival to the end of service.")
        if let zones = WorkFigures.zoneSentence(metrics.scenario) { page.paragraph(zones) }
        for grouped in tables {
            page.table(header: grouped.header, rows: grouped.rows, numericColumns: Set(1..<grouped.header.count))
        }
        workCharts(metrics, into: &page)
    }

    /// Each pool's size and cost over time, and each class's latency, objective and queue over time, with the
    /// zones' outages shaded.
    static func workCharts(_ metrics: RunMetrics, into page: inout HTMLPage) {
        let scenario = metrics.scenario
        guard let work = scenario.work, !metrics.sampleTimes.isEmpty else { return }
        let caption = "Sampled every \(scenario.run.sampleInterval), mean over replications."
        let all = WorkFigures.outagePeriods(scenario)
        for (member, pool) in zip(WorkFigures.pools.members(of: scenario), work.pools) {
            let lines = [lineSeries(metrics, "work_pool_workers.\(member.key)", step: true),
                         lineSeries(metrics, "work_pool_ready_workers.\(member.key)", step: true),
                         lineSeries(metrics, "work_pool_busy_workers.\(member.key)")].compactMap { $0 }
            let limit = pool.autoscaling.map { LineChart.ReferenceLine(value: Double($0.maximum), label: "autoscaling max: \($0.maximum)") }
            page.svg(LineChart(title: "Pool \(pool.name): workers", yTitle: "workers", series: lines, referenceLine: limit,
                               periods: WorkFigures.outagePeriods(scenario, zones: pool.zones ?? [])).svg(), caption: caption)
        }
        func named(_ prefix: String, _ family: FigureFamily, _ names: [String], step: Bool = false) -> [LineChart.Series] {
            zip(family.members(of: scenario), names).compactMap { member, name in
                lineSeries(metrics, "\(prefix).\(member.key)", step: step).map { LineChart.Series(name: name, points: $0.points, interpolation: $0.interpolation) }
            }
        }
        let poolNames = work.pools.map(\.name), classNames = work.classes.map(\.name)
        page.svg(LineChart(title: "Work pools' cost", yTitle: "USD per hour", series: named("work_pool_cost_per_hour", WorkFigures.pools, poolNames, step: true),
                           periods: all, formatValue: { "$" + ChartFormat.compact($0) }).svg(),
                 caption: "Each pool's workers alive at its price per hour.")
        for (member, workClass) in zip(WorkFigures.classes.members(of: scenario), work.classes) {
            guard let latency = lineSeries(metrics, "work_class_latency_mean.\(member.key)") else { continue }
            let objective = workClass.objective.map {
                LineChart.ReferenceLine(value: $0.latency.seconds, label: "objective: \(significant($0.percentile, digits: 3))% within \($0.latency)")
            }
            page.svg(LineChart(title: "Class \(workClass.name): mean latency", yTitle: "seconds", series: [latency], referenceLine: objective,
                               periods: all).svg(),
                     caption: "The mean latency of the jobs finished in each sample interval; the objective is on a percentile, "
                        + "so the mean can lie under it while the objective is missed (see the jobs within it).")
        }
        let within = zip(work.classes, named("work_class_within_objective", WorkFigures.classes, classNames)).filter { $0.0.objective != nil }.map(\.1)
        if !within.isEmpty {
            page.svg(LineChart(title: "Jobs within their objective", yTitle: "share of jobs finished", series: within, periods: all,
                               formatValue: { ChartFormat.compact($0 * 100) + "%" }).svg(),
                     caption: "The share of each class's jobs finished in the sample interval within the objective's latency.")
        }
        page.svg(LineChart(title: "Jobs waiting by class", yTitle: "jobs", series: named("work_class_jobs_waiting", WorkFigures.classes, classNames),
                           periods: all).svg(), caption: caption)
    }

    /// The databases, when the scenario has some: a table by database.
    static func databaseSection(_ metrics: RunMetrics, into page: inout HTMLPage) {
        let grouped = DatabaseFigures.table(metrics)
        guard !grouped.rows.isEmpty else { return }
        page.heading("Databases")
        page.paragraph("Each database's queries from the events that feed it; the peak adds each event's own peak. A node holds one "
            + "copy of one shard, takes every write to it and its share of the reads.")
        page.table(header: grouped.header, rows: grouped.rows, numericColumns: Set(1..<grouped.header.count))
    }

    /// The delivery side, when the scenario has one: its hit ratios and each link's egress over the day, and its
    /// figures by region.
    static func deliverySection(_ metrics: RunMetrics, into page: inout HTMLPage) {
        let regions = DeliveryRegionFigures.table(metrics)
        let hitRatios = ["delivery_edge_hit_ratio", "delivery_edge_byte_hit_ratio", "delivery_shield_hit_ratio",
                         "delivery_shield_byte_hit_ratio"].compactMap { lineSeries(metrics, $0) }
        // The links are nested (what the origin sends, the shields pass on; what they send, the edges pass on), so
        // they are lines, not stacked.
        let egress = ["delivery_egress_edge", "delivery_egress_shield", "delivery_egress_origin"].compactMap {
            lineSeries(metrics, $0, scale: 1e-9)
        }
        guard !hitRatios.isEmpty || !egress.isEmpty || !regions.rows.isEmpty else { return }
        page.heading("Delivery")
        let interval = metrics.scenario.run.sampleInterval
        if !hitRatios.isEmpty {
            page.svg(LineChart(title: "Hit ratio over the day", yTitle: "hit ratio", series: hitRatios,
                               formatValue: { ChartFormat.trimmed($0 * 100, decimals: 1) + "%" }).svg(),
                     caption: "Requests (hit ratio) and bytes (byte hit ratio) served from the cache, of those reaching "
                         + "the tier, in each sample interval (\(interval)) ending at the time shown; mean over replications.")
        }
        if !egress.isEmpty {
            page.svg(LineChart(title: "Egress by tier", yTitle: "Gbps", series: egress).svg(),
                     caption: "Gigabits per second on each link in each sample interval (\(interval)) ending at the time "
                         + "shown; mean over replications. The links are nested: the origin's bytes pass through the "
                         + "shields, theirs through the edges.")
        }
        if !regions.rows.isEmpty {
            page.table(header: regions.header, rows: regions.rows, numericColumns: Set(1..<regions.header.count),
                       caption: "By region: the region's viewers, over the observed window.")
        }
        let phases = DeliveryOutageFigures.phases
        let summed = DeliveryOutageFigures.measures.compactMap { measure -> [String]? in
            let cells = phases.map { metrics["delivery.outages.\($0).\(measure.key)"]?.formatted }
            guard cells.contains(where: { $0 != nil }) else { return nil }
            return [measure.label] + cells.map { $0 ?? "" }
        }
        if !summed.isEmpty {
            page.table(header: ["all outages"] + phases, rows: summed, numericColumns: Set(1...phases.count),
                       caption: "Before, during and after the outages: each phase as long as its outage; all outages added up.")
        }
        for table in DeliveryOutageFigures.tables(metrics) {
            page.table(header: table.header, rows: table.rows, numericColumns: Set(1...phases.count),
                       caption: "\(table.caption), each outage on its own.")
        }
    }

    /// The viewers' players, when the scenario has them: the startup delay's distribution, the QoE's, the content
    /// by rung, one session's buffer, and the figures by device and region.
    static func playersSection(_ metrics: RunMetrics, into page: inout HTMLPage) {
        guard let players = metrics.scenario.delivery?.players, metrics["players.sessions_per_day"] != nil else { return }
        page.heading("Viewers' players")
        page.paragraph("Every view is a session of an adaptive-bitrate player (\(ABRNames.describe(players))) choosing each "
            + "segment's rung; each segment is a request to the CDN, and where it was served shapes its download time.")
        page.table(header: ["figure", "value"], rows: PlayerFigures.headline(metrics.scenario).compactMap { metrics[$0] }
            .map { [$0.declaration.label, $0.formatted] }, numericColumns: [1])
        func marker(_ key: String) -> PercentileChart.Marker? {
            metrics[key].map { PercentileChart.Marker($0.mean, halfWidth: $0.estimate.halfWidth) }
        }
        if let mean = marker("players.startup.mean"), let p50 = marker("players.startup.p50"), let p90 = marker("players.startup.p90"),
           let p95 = marker("players.startup.p95"), let p99 = marker("players.startup.p99"), let max = marker("players.startup.max") {
            page.svg(PercentileChart(title: "Startup delay", rows: [.init(name: "startup delay", mean: mean, p50: p50, p90: p90,
                                                                           p95: p95, p99: p99, max: max)],
                                     logarithmic: true).svg(),
                     caption: "From pressing play to the first frame, over sessions; box from p50 to p95, line to the maximum.")
        }
        if let distributions = metrics.playerDistributions, distributions.qoePerSegment.total > 0 {
            let quantiles = stride(from: 0.0, through: 1.0, by: 0.01)
            let qoe = LineChart.Series(name: "QoE per segment", points: quantiles.map { (distributions.qoePerSegment.quantile($0), $0) })
            page.svg(LineChart(title: "QoE distribution", xTitle: "QoE per segment", yTitle: "share of sessions at or below",
                               series: [qoe], xAxis: .number,
                               formatValue: { ChartFormat.trimmed($0 * 100, decimals: 0) + "%" }).svg(),
                     caption: "The cumulative distribution of the sessions' linear QoE per segment, every replication's sessions "
                         + "together (weighted).")
        }
        let rungs = PlayerFigures.ladderRungs.members(of: metrics.scenario).compactMap { member in
            metrics["players.rung.\(member.key).content_share"].map { BarChart.Bar(label: member.name, value: $0.mean) }
        }
        if !rungs.isEmpty {
            page.svg(BarChart(title: "Content watched by rung", xTitle: "share of content seconds", bars: rungs,
                              formatValue: { ChartFormat.trimmed($0 * 100, decimals: 1) + "%" }).svg())
        }
        if let sample = metrics.playerSample, let first = sample.records.first {
            var points: [(x: Double, y: Double)] = []
            for record in sample.records {
                points.append((record.requestTime - first.requestTime, record.bufferAtRequest))
                points.append((record.requestTime + record.downloadSeconds - first.requestTime,
                               record.bufferAfter))
            }
            page.svg(LineChart(title: "One session's buffer", xTitle: "time since its first segment was requested",
                               yTitle: "seconds buffered", series: [.init(name: "buffer (\(sample.device))", points: points)]).svg(),
                     caption: "The first session to start after the warm-up in the first replication: the buffer when each "
                         + "segment was requested and when it arrived (its duration added).")
        }
        for (family, prefix, caption) in [(PlayerFigures.devices, "players.device", "By device."),
                                          (DeliveryRegionFigures.regions, "players.region", "By region: the viewers' region.")] {
            let grouped = PlayerFigures.table(metrics, of: family, prefix: prefix)
            guard !grouped.rows.isEmpty else { continue }
            page.table(header: grouped.header, rows: grouped.rows, numericColumns: Set(1..<grouped.header.count), caption: caption)
        }
    }

    /// A measured series as a chart's line, its means times `scale` at the sample times; nil when the run has no
    /// such series.
    static func lineSeries(_ metrics: RunMetrics, _ key: String, step: Bool = false, scale: Double = 1) -> LineChart.Series? {
        guard let measured = metrics.series(key) else { return nil }
        return LineChart.Series(name: measured.declaration.label,
                                points: zip(metrics.sampleTimes, measured.means).map { ($0, $1 * scale) },
                                interpolation: step ? .step : .linear)
    }

    /// A table whose third column holds markup already escaped.
    private static func table(header: [String], rows: [[String]]) -> String {
        var html = "<table><thead><tr>" + header.map { "<th>\(HTMLPage.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr><td>\(HTMLPage.escape(row[0]))</td><td class=\"num\">\(HTMLPage.escape(row[1]))</td><td>\(row[2])</td></tr>"
        }
        return html + "</tbody></table>\n"
    }
}
