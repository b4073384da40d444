import Foundation
import VidsimModels
import VidsimReports
import VidsimScenario
import XCTest

/// The delivery side in the reports: its series read back to the statistics they come from, its per-region
/// figures adding up to the totals, and every format (json, csv, md, html, the figure reference, compare)
/// carrying them only when the scenario has `delivery:`.
final class DeliveryReportTests: XCTestCase {
    /// A small platform: 2 hours sampled every 10 minutes after a warm-up, two regions (one named with a space),
    /// a shield unless `shield` is false. About half a second a replication in a release build.
    private func scenario(warmUp: String = "30 min", shield: Bool = true, delivery: Bool = true,
                          firstRegion: String = "North America", replications: Int = 2, prices: String = "") throws -> Scenario {
        var yaml = """
            name: cdn-report
            seed: 5
            run: { horizon: 2 h, warm_up: \(warmUp), replications: \(replications), sample_interval: 10 min }
            uploads:
              count: 1/min
              duration: 4 min
              source_bitrate: 8 Mbps
            ladder:
              rungs:
                - { name: 480p, bitrate: 1.5 Mbps }
                - { name: 720p, bitrate: 3 Mbps }
            transcode:
              workers: 20
              cost_per_content_second: { 480p: 0.2, 720p: 0.4 }

            """
        if delivery {
            yaml += """
                delivery:
                  catalog: { videos: 20000, zipf_alpha: 0.8 }
                  views: 3/s
                  segment: 10 s
                  diurnal: { peak_to_mean: 1.5, peak_hour: 1 }
                  watched: 0.5
                  renditions: [ { rung: 480p, share: 1 }, { rung: 720p, share: 1 } ]
                  regions:
                    - { name: \(firstRegion), share: 2, edge_sites: 3, edge_cache: 20 GB }
                    - { name: south, edge_sites: 2, edge_cache: 20 GB }
                  edge: { policy: s3fifo }

                """
            if shield { yaml += "  shield: { cache: 200 GB, policy: lru }\n" }
            yaml += prices
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cdn-report.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: file.path)
    }

    private func run(_ scenario: Scenario) throws -> (metrics: RunMetrics, results: [ContentPathResult]) {
        let results = try ContentPathSimulation.run(scenario, threads: 2)
        return (RunMetrics(scenario: scenario, results: results), results)
    }

    /// Seconds of the interval ending at `time` that lie after the warm-up and before the horizon.
    private func observed(endingAt time: Double, _ scenario: Scenario) -> Double {
        let interval = scenario.run.sampleInterval.seconds
        return max(0, min(time, scenario.run.horizon.seconds) - max(time - interval, scenario.run.warmUp.seconds))
    }

    private func series(_ metrics: RunMetrics, _ key: String) throws -> MeasuredSeries {
        try XCTUnwrap(metrics.series(key), "no series \(key)")
    }

    // MARK: Cost

    /// Requests are priced per request: viewers' to the CDN (every manifest and segment, hit or miss) and the
    /// origin's (its misses and pre-positioning's pushes), each as the statistics count them, and both in the
    /// first month's total.
    func testRequestPricesCostTheRequestsCounted() throws {
        let prices = "  request_price: $0.0100/10000 requests\n  origin_request_price: $0.0004/1000 requests\n"
            + "  prefill: { videos: 200, at: 0 h, window: 1 h }\n"
        let scenario = try scenario(prices: prices)
        let (metrics, results) = try run(scenario)
        var cdn: [Double] = [], origin: [Double] = []
        for result in results {
            let delivery = try XCTUnwrap(result.delivery)
            let statistics = delivery.statistics
            XCTAssertGreaterThan(statistics.fillObjects, 0)
            cdn.append(statistics.totalRequests / delivery.measuredSeconds * 86_400 * 0.01 / 10_000)
            let fills = statistics.fillObjects / scenario.run.horizon.seconds
            origin.append((statistics.requests[2] / delivery.measuredSeconds + fills) * 86_400 * 0.0004 / 1_000)
        }
        let cdnMean = cdn.reduce(0, +) / Double(cdn.count), originMean = origin.reduce(0, +) / Double(origin.count)
        XCTAssertGreaterThan(originMean, 0)
        XCTAssertEqual(try XCTUnwrap(metrics["cost.cdn_requests_per_day"]).mean, cdnMean, accuracy: cdnMean * 1e-9)
        XCTAssertEqual(try XCTUnwrap(metrics["cost.origin_requests_per_day"]).mean, originMean, accuracy: originMean * 1e-9)
        // The same run without the request prices: the month's total differs by a month of them.
        let free = try self.scenario(prices: "  prefill: { videos: 200, at: 0 h, window: 1 h }\n")
        let freeMetrics = try run(free).metrics
        let month = 30.4375
        XCTAssertEqual(try XCTUnwrap(metrics["cost.first_month_total"]).mean - XCTUnwrap(freeMetrics["cost.first_month_total"]).mean,
                       (cdnMean + originMean) * month, accuracy: (cdnMean + originMean) * month * 1e-6)
        let bad = "  request_price: $0.01/10000 reqs\n"
        XCTAssertThrowsError(try self.scenario(prices: bad)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("request_price") && message.contains("10000 requests"), message)
        }
    }

    // MARK: The series against the statistics

    /// Each link's bits per second times the seconds of each interval, added up, is the bytes the link carried in
    /// the observed window: no interval is counted twice or left out.
    func testEgressOverTheIntervalsAddsUpToTheBytesServed() throws {
        for warmUp in ["30 min", "25 min"] {
            let scenario = try scenario(warmUp: warmUp)
            let (metrics, results) = try run(scenario)
            for (replication, result) in results.enumerated() {
                let statistics = try XCTUnwrap(result.delivery).statistics
                XCTAssertGreaterThan(statistics.totalBytes, 0)
                for (key, total) in [("delivery_egress_edge", statistics.edgeEgressBytes),
                                     ("delivery_egress_shield", statistics.shieldEgressBytes),
                                     ("delivery_egress_origin", statistics.originEgressBytes)] {
                    let values = try series(metrics, key).values[replication]
                    XCTAssertEqual(values.count, metrics.sampleTimes.count, key)
                    let bytes = zip(metrics.sampleTimes, values).reduce(0.0) { sum, sample in
                        let seconds = observed(endingAt: sample.0, scenario)
                        return seconds > 0 ? sum + sample.1 * seconds / 8 : sum
                    }
                    XCTAssertEqual(bytes, total, accuracy: total * 1e-9, "\(key), warm-up \(warmUp)")
                }
                let originRequests = zip(metrics.sampleTimes, try series(metrics, "delivery_origin_requests_per_second")
                    .values[replication]).reduce(0.0) { sum, sample in
                    let seconds = observed(endingAt: sample.0, scenario)
                    return seconds > 0 ? sum + sample.1 * seconds : sum
                }
                XCTAssertEqual(originRequests, statistics.requests[2], accuracy: statistics.requests[2] * 1e-9, warmUp)
            }
        }
    }

    /// A sample's hit ratios are the requests (bytes) the tier served in the interval ending at it over those
    /// that reached the tier, from the statistics' own buckets.
    func testAnIntervalsHitRatiosAreItsBucketsShares() throws {
        let scenario = try scenario()
        let (metrics, results) = try run(scenario)
        let interval = scenario.run.sampleInterval.seconds
        for (replication, result) in results.enumerated() {
            let statistics = try XCTUnwrap(result.delivery).statistics
            XCTAssertEqual(statistics.bucketSeconds, interval)
            let edge = try series(metrics, "delivery_edge_hit_ratio").values[replication]
            let edgeBytes = try series(metrics, "delivery_edge_byte_hit_ratio").values[replication]
            let shield = try series(metrics, "delivery_shield_hit_ratio").values[replication]
            let shieldBytes = try series(metrics, "delivery_shield_byte_hit_ratio").values[replication]
            var checked = 0
            for (sample, time) in metrics.sampleTimes.enumerated() where observed(endingAt: time, scenario) > 0 {
                let bucket = Int((time / interval).rounded()) - 1
                let requests = DeliveryStatistics.Tier.allCases.map { statistics.requests(bucket: bucket, tier: $0) }
                let bytes = DeliveryStatistics.Tier.allCases.map { statistics.bytes(bucket: bucket, tier: $0) }
                XCTAssertGreaterThan(requests[1] + requests[2], 0)
                XCTAssertEqual(edge[sample], requests[0] / requests.reduce(0, +), accuracy: 1e-12)
                XCTAssertEqual(edgeBytes[sample], bytes[0] / bytes.reduce(0, +), accuracy: 1e-12)
                XCTAssertEqual(shield[sample], requests[1] / (requests[1] + requests[2]), accuracy: 1e-12)
                XCTAssertEqual(shieldBytes[sample], bytes[1] / (bytes[1] + bytes[2]), accuracy: 1e-12)
                checked += 1
            }
            // 30 min of warm-up, 2 h: ten samples from 0:30 to 2:00, nine intervals observed.
            XCTAssertEqual(metrics.sampleTimes.count, 10)
            XCTAssertEqual(checked, 9)
        }
        // The series' means are the replications' mean at each sample.
        let edge = try series(metrics, "delivery_edge_hit_ratio")
        let last = metrics.sampleTimes.count - 1
        XCTAssertEqual(edge.means[last], (edge.values[0][last] + edge.values[1][last]) / 2, accuracy: 1e-15)
    }

    /// The busiest interval's egress is the figure `delivery.egress.edge_peak` (the model's own peak bucket).
    func testThePeakIntervalIsThePeakFigure() throws {
        let (metrics, _) = try run(try scenario(warmUp: "25 min"))
        let peak = try XCTUnwrap(metrics["delivery.egress.edge_peak"])
        let edge = try series(metrics, "delivery_egress_edge")
        for (replication, values) in edge.values.enumerated() {
            XCTAssertEqual(values.filter(\.isFinite).max() ?? 0, peak.values[replication], accuracy: peak.values[replication] * 1e-12)
        }
    }

    /// A sample whose interval lies wholly in the warm-up has no value (null in json, empty in csv, n/a in md);
    /// one partly in it is over its observed part.
    func testAnIntervalWhollyInTheWarmUpHasNoValue() throws {
        let aligned = try scenario(warmUp: "30 min", replications: 1)
        let (metrics, _) = try run(aligned)
        XCTAssertEqual(metrics.sampleTimes.first, 1800)
        for series in metrics.series where series.declaration.key.hasPrefix("delivery_") {
            XCTAssertTrue(series.means[0].isNaN, series.declaration.key)
            XCTAssertTrue(series.means.dropFirst().allSatisfy(\.isFinite), series.declaration.key)
        }
        XCTAssertTrue(CSVReport.text(metrics).contains("\nseries,delivery_edge_hit_ratio,fraction,0,1800,\n"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONReport.tree(metrics).data()) as? [String: Any])
        let means = try XCTUnwrap((json["time_series"] as? [String: Any])?["means"] as? [String: Any])
        XCTAssertTrue((means["delivery_edge_hit_ratio"] as? [Any])?.first is NSNull)
        let markdown = MarkdownReport.text(metrics, timing: RunTiming(wallSeconds: 1, threads: 1, events: 1))
        XCTAssertTrue(markdown.contains("| 30 min | n/a | n/a |"), markdown)

        let cut = try scenario(warmUp: "25 min", replications: 1)
        let (partial, results) = try run(cut)
        XCTAssertEqual(partial.sampleTimes.first, 1800)
        let statistics = try XCTUnwrap(results[0].delivery).statistics
        let bytes = DeliveryStatistics.Tier.allCases.reduce(0.0) { $0 + statistics.bytes(bucket: 2, tier: $1) }
        let first = try series(partial, "delivery_egress_edge").values[0][0]
        XCTAssertEqual(first, bytes * 8 / 300, accuracy: first * 1e-12, "5 minutes observed of the 20-30 min interval")
    }

    // MARK: Per outage

    /// Each outage's phases on their own (`delivery.outage.<n>.*`, with two or more outages): what a whole region
    /// lost and what one site of another lost differ, and the summed figures are their weighted totals.
    func testEachOutageHasItsOwnPhasesAndTheSumsWeighThem() throws {
        let outages = "  outages: [ { region: south, start: 50 min, duration: 20 min }, { region: North America, sites: 1, "
            + "start: 90 min, duration: 10 min } ]\n"
        let scenario = try scenario(prices: outages)
        let (metrics, results) = try run(scenario)
        func values(_ key: String) throws -> [Double] { try XCTUnwrap(metrics[key], "no figure \(key)").values }
        for replication in 0..<metrics.replications {
            let statistics = try XCTUnwrap(results[replication].delivery).statistics
            // South down: its third of the requests has no site of its own (no failover: the origin serves them).
            XCTAssertEqual(try values("delivery.outage.1.during.rerouted_share")[replication], 1.0 / 3, accuracy: 0.05)
            XCTAssertEqual(try values("delivery.outage.1.before.rerouted_share")[replication], 0)
            // After it, only the sessions that started elsewhere during it and still play.
            XCTAssertLessThan(try values("delivery.outage.1.after.rerouted_share")[replication],
                              try values("delivery.outage.1.during.rerouted_share")[replication] / 5)
            // One of North America's three sites down: its viewers go to the region's other two.
            XCTAssertEqual(try values("delivery.outage.2.during.rerouted_share")[replication], 0)
            // The sums: origin requests per second weighted by each phase's seconds (20 and 10 minutes), latency and
            // shares by each phase's requests.
            for phase in ["before", "during", "after"] {
                let rates = try [1, 2].map { try values("delivery.outage.\($0).\(phase).origin_requests_per_second")[replication] }
                XCTAssertEqual(try values("delivery.outages.\(phase).origin_requests_per_second")[replication],
                               (rates[0] * 1200 + rates[1] * 600) / 1800, accuracy: rates[0] * 1e-9)
                let index = ["before", "during", "after"].firstIndex(of: phase)!
                let counts = [0, 1].map { statistics.phase(index, ofOutage: $0) }
                let requests = counts.map(\.totalRequests)
                for (figure, perOutage) in [("rerouted_share", [0, 1].map { counts[$0].rerouted / requests[$0] }),
                                            ("first_byte_latency", counts.map(\.meanFirstByte)),
                                            ("edge_hit_ratio", counts.map(\.edgeHitRatio))] {
                    XCTAssertEqual(try [1, 2].map { try values("delivery.outage.\($0).\(phase).\(figure)")[replication] }, perOutage)
                    XCTAssertEqual(try values("delivery.outages.\(phase).\(figure)")[replication],
                                   (perOutage[0] * requests[0] + perOutage[1] * requests[1]) / (requests[0] + requests[1]),
                                   accuracy: 1e-12 * max(perOutage[0], perOutage[1], 1e-12), figure)
                }
            }
        }
        let markdown = MarkdownReport.text(metrics, timing: RunTiming(wallSeconds: 1, threads: 1, events: 1))
        XCTAssertTrue(markdown.contains("Each outage on its own"), markdown)
        XCTAssertTrue(markdown.contains("| outage | before | during | after |"), markdown)
        XCTAssertTrue(markdown.contains("\n| 1: all of south at 50 min | "), markdown)
        XCTAssertTrue(markdown.contains("\n| 2: 1 site of North America at 1.5 h | "), markdown)
        let html = String(decoding: try HTMLReport.render(metrics, timing: RunTiming(wallSeconds: 1, threads: 1, events: 1)), as: UTF8.self)
        XCTAssertTrue(html.contains("each outage on its own"), "report.html has the per-outage tables")
        XCTAssertTrue(CSVReport.text(metrics).contains("\nfigure,delivery.outage.2.after.first_byte_latency,"))

        // With one outage, the summed figures are its own: no per-outage family.
        let one = try self.scenario(prices: "  outages: [ { region: south, start: 50 min, duration: 20 min } ]\n")
        let (single, _) = try run(one)
        XCTAssertNotNil(single["delivery.outages.during.rerouted_share"])
        XCTAssertNil(single["delivery.outage.1.during.rerouted_share"])
    }

    // MARK: Per region

    /// The regions' requests and egress add up to the CDN's; their hit ratios, weighted by their requests (bytes),
    /// average to its hit ratio (byte hit ratio). Keys are made from the scenario's names.
    func testPerRegionFiguresAddUpToTheTotals() throws {
        let (metrics, _) = try run(try scenario())
        func values(_ key: String) throws -> [Double] { try XCTUnwrap(metrics[key], "no figure \(key)").values }
        let regions = ["north_america", "south"]
        for replication in 0..<metrics.replications {
            func region(_ name: String, _ figure: String) throws -> Double {
                try values("delivery.region.\(name).\(figure)")[replication]
            }
            let requests = try regions.map { try region($0, "requests_per_second") }
            let egress = try regions.map { try region($0, "egress_mean") }
            XCTAssertEqual(requests.reduce(0, +), try values("delivery.requests_per_second")[replication],
                           accuracy: requests[0] * 1e-12)
            XCTAssertEqual(egress.reduce(0, +), try values("delivery.egress.edge_mean")[replication], accuracy: egress[0] * 1e-12)
            let hits = try regions.indices.map { try region(regions[$0], "edge_hit_ratio") * requests[$0] }
            XCTAssertEqual(hits.reduce(0, +) / requests.reduce(0, +), try values("delivery.edge.hit_ratio")[replication],
                           accuracy: 1e-12)
            let byteHits = try regions.indices.map { try region(regions[$0], "edge_byte_hit_ratio") * egress[$0] }
            XCTAssertEqual(byteHits.reduce(0, +) / egress.reduce(0, +), try values("delivery.edge.byte_hit_ratio")[replication],
                           accuracy: 1e-12)
            // Two thirds of the views are in the first region.
            XCTAssertEqual(requests[0] / requests.reduce(0, +), 2.0 / 3, accuracy: 0.05)
        }
        let label = try XCTUnwrap(metrics["delivery.region.north_america.edge_hit_ratio"]).declaration.label
        XCTAssertEqual(label, "edge hit ratio, North America")
        // report.md's table, by the scenario's names.
        let markdown = MarkdownReport.text(metrics, timing: RunTiming(wallSeconds: 1, threads: 1, events: 1))
        XCTAssertTrue(markdown.contains("| region | edge hit ratio | edge byte hit ratio | requests to the CDN | egress to viewers, mean |"))
        XCTAssertTrue(markdown.contains("\n| North America | "), markdown)
        XCTAssertTrue(markdown.contains("\n| south | "), markdown)
    }

    /// A region's name as a key part: one level of a dotted key, distinct from the others'.
    func testRegionNamesBecomeDistinctKeyParts() {
        XCTAssertEqual(FigureFamily.keyParts(["North America", "north-america", "", "Europe (West)", "ÉU", "a.b", "us-east-1"]),
                       ["north_america", "north_america_2", "unnamed", "europe_west", "u", "a_b", "us_east_1"])
    }

    // MARK: Every format

    /// With delivery, report.html has the two delivery charts, the per-region table and the region figures; report.csv
    /// a row per sample and replication of every delivery series and a figure row per region figure and replication;
    /// report.json the series under time_series and the figures under delivery.region.
    func testEveryFormatCarriesTheDeliverySeriesAndRegions() throws {
        let (metrics, _) = try run(try scenario())
        let html = HTMLReport.page(metrics, timing: RunTiming(wallSeconds: 1, threads: 1, events: 1)).render()
        for text in ["Hit ratio over the day", "Egress by tier", "data-series=\"edge hit ratio\"",
                     "data-series=\"shield byte hit ratio\"", "data-series=\"egress, origin to CDN\"", "North America",
                     "delivery.region.north_america.egress_mean"] {
            XCTAssertTrue(html.contains(text), text)
        }

        let csv = CSVReport.text(metrics).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let keys = DeliverySeries.all.map(\.key)
        XCTAssertEqual(keys.count, 8)
        for key in keys {
            let rows = csv.filter { $0[0] == "series" && $0[1] == key }
            XCTAssertEqual(rows.count, metrics.sampleTimes.count * metrics.replications, key)
        }
        let regionRows = csv.filter { $0[0] == "figure" && $0[1].hasPrefix("delivery.region.") }
        XCTAssertEqual(regionRows.count, 2 * 4 * metrics.replications)
        XCTAssertTrue(regionRows.contains { $0[1] == "delivery.region.south.requests_per_second" && $0[2] == "requests/s" })

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONReport.tree(metrics).data()) as? [String: Any])
        let means = try XCTUnwrap((json["time_series"] as? [String: Any])?["means"] as? [String: Any])
        XCTAssertEqual((means["delivery_egress_edge"] as? [Any])?.count, metrics.sampleTimes.count)
        let region = try XCTUnwrap(((json["delivery"] as? [String: Any])?["region"] as? [String: Any])?["north_america"]
            as? [String: Any])
        XCTAssertEqual(Set(region.keys), ["edge_hit_ratio", "edge_byte_hit_ratio", "requests_per_second", "egress_mean"])
    }

    /// Without delivery: no delivery series, chart or region figure anywhere; without a shield, no shield series.
    func testDeliveryOutputOnlyWhereTheScenarioHasIt() throws {
        let (plain, _) = try run(try scenario(delivery: false, replications: 1))
        XCTAssertFalse(plain.series.contains { $0.declaration.key.hasPrefix("delivery_") })
        XCTAssertFalse(plain.figures.contains { $0.key.hasPrefix("delivery.") })
        let timing = RunTiming(wallSeconds: 1, threads: 1, events: 1)
        let html = HTMLReport.page(plain, timing: timing).render()
        XCTAssertFalse(html.contains("Hit ratio over the day"))
        XCTAssertFalse(html.contains("Egress by tier"))
        XCTAssertTrue(html.contains("Workers alive and busy"))
        XCTAssertFalse(CSVReport.text(plain).contains("delivery"))
        XCTAssertFalse(MarkdownReport.text(plain, timing: timing).contains("By region"))

        let (unshielded, _) = try run(try scenario(shield: false, replications: 1))
        let keys = unshielded.series.map(\.declaration.key)
        XCTAssertTrue(keys.contains("delivery_edge_hit_ratio") && keys.contains("delivery_egress_origin"))
        XCTAssertFalse(keys.contains { $0.hasPrefix("delivery_shield") || $0 == "delivery_egress_shield" })
        let svg = HTMLReport.page(unshielded, timing: timing).render()
        XCTAssertTrue(svg.contains("Hit ratio over the day") && !svg.contains("data-series=\"shield hit ratio\""))
    }

    /// `vidsim compare` pairs region figures by key: a region both name is compared (exactly 0 on the same random
    /// numbers), one only a side names is left out.
    func testComparePairsRegionFiguresByKey() throws {
        let (base, _) = try run(try scenario(replications: 2))
        let (renamed, _) = try run(try scenario(firstRegion: "americas", replications: 2))
        let differences = Comparison(base: base, variants: [renamed]).differences[0]
        let keys = Set(differences.map(\.key))
        XCTAssertTrue(keys.contains("delivery.region.south.edge_hit_ratio"))
        XCTAssertFalse(keys.contains { $0.contains("north_america") || $0.contains("americas") })
        XCTAssertTrue(differences.first { $0.key == "delivery.region.south.requests_per_second" }?.isExactlyZero ?? false)
        XCTAssertTrue(differences.first { $0.key == "delivery.edge.hit_ratio" }?.isExactlyZero ?? false)
    }

    /// docs/report-figures.md lists a family once, with its placeholder explained, and every series with its meaning.
    func testTheFigureReferenceDocumentsThePatternOnce() {
        let reference = FigureReference.markdown()
        XCTAssertTrue(reference.contains("| `delivery.region.<region>.edge_hit_ratio` | edge hit ratio, `<region>` | fraction |"))
        XCTAssertEqual(reference.components(separatedBy: "A key with `<region>` stands for").count, 2)
        XCTAssertTrue(reference.contains("| `delivery_egress_edge` | egress, edges to viewers | bit/s | Bits per second"))
        XCTAssertTrue(reference.contains("| `busy_workers` | busy workers | workers | Workers transcoding at the sample time. |"))
    }
}
