import VidsimModels
import VidsimScenario

/// Every figure the delivery side reports, declared once; none applies to a scenario without `delivery:`.
/// Counts are weighted by the views each simulated one stands for, so a sampled run reports the whole
/// platform's figures. Rates are over the observed window (the horizon less the warm-up).
public enum DeliveryFigures {
    public static let all: [FigureDeclaration] = views + newVideos + caches + latency + egress + fill + outages
        + DeliveryOutageFigures.all + DeliveryRegionFigures.all + cost + sampling

    private static func hasDelivery(_ scenario: Scenario) -> Bool { scenario.delivery != nil }
    private static func hasShield(_ scenario: Scenario) -> Bool { scenario.delivery?.shield != nil }
    private static func hasNewUploads(_ scenario: Scenario) -> Bool { scenario.delivery?.newUploads ?? false }
    private static func hasOutages(_ scenario: Scenario) -> Bool { !(scenario.delivery?.outages.isEmpty ?? true) }
    private static func hasPrefill(_ scenario: Scenario) -> Bool { scenario.delivery?.prefill != nil }
    private static let perDay = 86_400.0
    /// A replication's delivery result; every figure here applies only where there is one.
    private static func delivery(_ view: ReplicationView) -> DeliveryResult? { view.result.delivery }

    static let views: [FigureDeclaration] = [
        FigureDeclaration("delivery.views_per_day", "views per day", .count("views/day"),
                          "Views started per day.", applies: hasDelivery) {
            guard let d = delivery($0) else { return 0 }
            return d.statistics.views * perDay / d.measuredSeconds
        },
        FigureDeclaration("delivery.requests_per_second", "requests to the CDN", .count("requests/s", digits: 4),
                          "Manifest and segment requests per second reaching the edge sites, mean.", applies: hasDelivery) {
            guard let d = delivery($0) else { return 0 }
            return d.statistics.totalRequests / d.measuredSeconds
        },
    ]

    /// `amount` per request of `requests` (by serving tier), 0 without requests.
    private static func perRequest(_ amount: Double, of requests: [Double]) -> Double {
        let total = requests.reduce(0, +)
        return total > 0 ? amount / total : 0
    }

    /// The videos published during the run (uploads the content path published, joining the catalogue).
    static let newVideos: [FigureDeclaration] = [
        FigureDeclaration("delivery.new_videos.share_of_views", "new videos' share of views", .fraction,
                          "The share of views that went to videos published during the run (since its start, warm-up "
                              + "included).", applies: hasNewUploads) {
            guard let s = delivery($0)?.statistics, s.views > 0 else { return 0 }
            return s.newViews / s.views
        },
        FigureDeclaration("delivery.new_videos.edge_hit_ratio", "new videos' edge hit ratio", .fraction,
                          "The share of requests for new videos an edge site served from its cache: their first viewers "
                              + "in each site pay the misses.", applies: hasNewUploads) {
            guard let s = delivery($0)?.statistics else { return 0 }
            return perRequest(s.newRequests[0], of: s.newRequests)
        },
        FigureDeclaration("delivery.new_videos.first_view.origin_share", "new video's first view: requests from the origin",
                          .fraction, "Of the requests of each new video's first view (its first viewer anywhere), the share no "
                              + "cache held: with nothing cached, all of them.", applies: hasNewUploads) {
            guard let s = delivery($0)?.statistics else { return 0 }
            return perRequest(s.firstViewRequests[2], of: s.firstViewRequests)
        },
        FigureDeclaration("delivery.new_videos.first_view.fetch_time", "new video's first view: object fetch time", .seconds,
                          "Mean seconds to fetch each object (manifest, segments) of a new video's first view: every miss "
                              + "down to the origin.", applies: hasNewUploads) {
            guard let s = delivery($0)?.statistics else { return 0 }
            return perRequest(s.firstViewFetchSeconds, of: s.firstViewRequests)
        },
        FigureDeclaration("delivery.new_videos.later_views.edge_hit_ratio", "new videos' later views: edge hit ratio", .fraction,
                          "Of the requests of new videos' later views, the share an edge site served.", applies: hasNewUploads) {
            guard let s = delivery($0)?.statistics else { return 0 }
            return perRequest(s.laterViewRequests[0], of: s.laterViewRequests)
        },
        FigureDeclaration("delivery.new_videos.later_views.fetch_time", "new videos' later views: object fetch time", .seconds,
                          "Mean seconds to fetch each object of new videos' later views.", applies: hasNewUploads) {
            guard let s = delivery($0)?.statistics else { return 0 }
            return perRequest(s.laterViewFetchSeconds, of: s.laterViewRequests)
        },
        FigureDeclaration("delivery.new_videos.origin_share", "new videos' requests from the origin", .fraction,
                          "The share of requests for new videos that no cache held, fetched from the origin.",
                          applies: hasNewUploads) {
            guard let s = delivery($0)?.statistics else { return 0 }
            return perRequest(s.newRequests[2], of: s.newRequests)
        },
    ]

    static let caches: [FigureDeclaration] = [
        FigureDeclaration("delivery.edge.hit_ratio", "edge hit ratio", .fraction,
                          "The share of requests an edge site served from its cache.", applies: hasDelivery) {
            delivery($0)?.statistics.edgeHitRatio ?? 0
        },
        FigureDeclaration("delivery.edge.byte_hit_ratio", "edge byte hit ratio", .fraction,
                          "The share of bytes an edge site served from its cache.", applies: hasDelivery) {
            delivery($0)?.statistics.edgeByteHitRatio ?? 0
        },
        FigureDeclaration("delivery.shield.hit_ratio", "shield hit ratio", .fraction,
                          "Of the requests the edges missed, the share a regional shield served.", applies: hasShield) {
            delivery($0)?.statistics.shieldHitRatio ?? 0
        },
        FigureDeclaration("delivery.shield.byte_hit_ratio", "shield byte hit ratio", .fraction,
                          "Of the bytes the edges missed, the share a regional shield served.", applies: hasShield) {
            delivery($0)?.statistics.shieldByteHitRatio ?? 0
        },
        FigureDeclaration("delivery.origin.requests_per_second", "origin requests", .count("requests/s", digits: 4),
                          "Requests per second no cache held, fetched from the origin, mean.", applies: hasDelivery) {
            delivery($0)?.originRequestRate ?? 0
        },
        FigureDeclaration("delivery.origin.share_of_bytes", "origin's share of bytes", .fraction,
                          "The share of the bytes viewers got that came from the origin (the CDN's offload is one minus it).",
                          applies: hasDelivery) {
            guard let s = delivery($0)?.statistics, s.totalBytes > 0 else { return 0 }
            return s.originEgressBytes / s.totalBytes
        },
    ]

    /// Latency: round trips down to the serving tier, and the transfer at the slowest link on the way.
    static let latency: [FigureDeclaration] = [
        FigureDeclaration("delivery.first_byte_latency.mean", "first-byte latency, mean", .seconds,
                          "Round trips to the tier that served each request, summed down the tiers (the viewer's own to "
                              + "the failover region's sites when rerouted), averaged over requests.", applies: hasDelivery) {
            guard let s = delivery($0)?.statistics, s.totalRequests > 0 else { return 0 }
            return s.firstByteSeconds / s.totalRequests
        },
        fetchTime(.edge, "edge hit", "an edge site's cache: the viewer's round trip and the transfer at the edge's bandwidth"),
        fetchTime(.shield, "shield hit", "the regional shield: the round trips to it and the transfer at the slower of the "
                      + "shield's and the edge's bandwidths"),
        fetchTime(.origin, "origin fetch", "the origin: every round trip down to it and the transfer at the slowest bandwidth "
                      + "on the way (the cost of a miss everywhere)"),
    ]

    private static func fetchTime(_ tier: DeliveryStatistics.Tier, _ label: String, _ description: String) -> FigureDeclaration {
        let key = "delivery.fetch_time.\(tier)"
        return FigureDeclaration(key, "object fetch time, \(label)", .seconds,
                                 "Seconds from asking for an object to having all of it, mean over the requests served by "
                                     + description + ".",
                                 applies: tier == .shield ? hasShield : hasDelivery) {
            guard let s = delivery($0)?.statistics, s.requests[tier.rawValue] > 0 else { return 0 }
            return s.fetchSeconds[tier.rawValue] / s.requests[tier.rawValue]
        }
    }

    /// Pre-positioning's fill traffic.
    static let fill: [FigureDeclaration] = [
        FigureDeclaration("delivery.fill.bytes_per_day", "pre-positioning fill per day", .bytesPerDay,
                          "Bytes pushed to the edge sites by pre-positioning (what they did not hold already), per day of "
                              + "the run (fills before the warm-up's end included).", applies: hasPrefill) {
            guard let d = delivery($0) else { return 0 }
            return d.statistics.fillBytes * perDay / (d.statistics.since + d.measuredSeconds)
        },
        FigureDeclaration("delivery.fill.rate", "pre-positioning fill rate", .bitsPerSecond,
                          "The mean rate of a day's fill over its window (delivery.prefill.window), origin to edges.",
                          applies: hasPrefill) {
            guard let d = delivery($0), let prefill = $0.scenario.delivery?.prefill, d.statistics.fills > 0 else { return 0 }
            return d.statistics.fillBytes / Double(d.statistics.fills) * 8 / prefill.window.seconds
        },
    ]

    /// Before, during and after the outages (each phase as long as its outage), all outages together; each
    /// outage's own are DeliveryOutageFigures'.
    static let outages: [FigureDeclaration] = DeliveryOutageFigures.phases.enumerated().flatMap { phase, name in
        DeliveryOutageFigures.measures.map { measure in
            FigureDeclaration("delivery.outages.\(name).\(measure.key)", "\(measure.label) \(name) outages", measure.unit,
                              measure.description(name).replacingOccurrences(of: "the outage", with: "the outages"),
                              applies: hasOutages) { view in
                guard let s = delivery(view)?.statistics, !s.outages.isEmpty else { return 0 }
                var counts = DeliveryStatistics.PhaseCounts()
                var seconds = 0.0
                for outage in s.outages.indices {
                    counts = counts.adding(s.phase(phase, ofOutage: outage))
                    seconds += DeliveryOutageFigures.phaseSeconds(view, outage: outage, phase: phase) ?? 0
                }
                return measure.value(counts, seconds)
            }
        }
    }

    static let egress: [FigureDeclaration] = [
        FigureDeclaration("delivery.egress.edge_mean", "egress, edges to viewers, mean", .bitsPerSecond,
                          "Bits per second from the edge sites to viewers: every byte viewers got.", applies: hasDelivery) {
            delivery($0)?.edgeEgress.bitsPerSecond ?? 0
        },
        FigureDeclaration("delivery.egress.edge_peak", "egress, edges to viewers, peak interval", .bitsPerSecond,
                          "The busiest sample interval's bits per second from the edges to viewers.", applies: hasDelivery) {
            delivery($0)?.peakEdgeEgressBitsPerSecond ?? 0
        },
        FigureDeclaration("delivery.egress.shield_mean", "egress, shields to edges, mean", .bitsPerSecond,
                          "Bits per second from the regional shields to the edge sites (the edges' misses the shields served "
                              + "or fetched).", applies: hasShield) {
            delivery($0)?.shieldEgress.bitsPerSecond ?? 0
        },
        FigureDeclaration("delivery.egress.origin_mean", "egress, origin to CDN, mean", .bitsPerSecond,
                          "Bits per second the origin sent to the cache tier in front of it.", applies: hasDelivery) {
            delivery($0)?.originEgress.bitsPerSecond ?? 0
        },
        FigureDeclaration("delivery.egress.edge_per_day", "egress to viewers per day", .bytesPerDay,
                          "Bytes delivered to viewers per day.", applies: hasDelivery) {
            guard let d = delivery($0) else { return 0 }
            return d.statistics.edgeEgressBytes * perDay / d.measuredSeconds
        },
    ]

    private static func priced(_ scenario: Scenario) -> Bool {
        guard let delivery = scenario.delivery else { return false }
        return delivery.egressPrice != nil || delivery.originEgressPrice != nil || delivery.requestPrice != nil
            || delivery.originRequestPrice != nil
    }

    /// Egress to viewers at the tiered prices, for a month of 30.4375 days at this rate, per day.
    static func cdnEgressPerDay(_ view: ReplicationView) -> Double {
        guard let d = delivery(view), let settings = view.scenario.delivery else { return 0 }
        let monthly = d.statistics.edgeEgressBytes / d.measuredSeconds * perDay * StorageGrowth.daysPerMonth
        return settings.monthlyEgressCost(bytes: monthly) / StorageGrowth.daysPerMonth
    }

    /// The origin's egress at its price, per day: its misses, and pre-positioning's fill.
    static func originEgressPerDay(_ view: ReplicationView) -> Double {
        guard let d = delivery(view), let price = view.scenario.delivery?.originEgressPrice else { return 0 }
        let fill = d.statistics.fillBytes / (d.statistics.since + d.measuredSeconds)
        return (d.statistics.originEgressBytes / d.measuredSeconds + fill) * perDay * price.dollarsPerBaseUnit
    }

    /// Viewers' requests to the edges (manifests and segments) at the CDN's request price, per day.
    static func cdnRequestsPerDay(_ view: ReplicationView) -> Double {
        guard let d = delivery(view), let price = view.scenario.delivery?.requestPrice else { return 0 }
        return d.statistics.totalRequests / d.measuredSeconds * perDay * price.dollarsPerBaseUnit
    }

    /// Requests the origin served (its misses, and pre-positioning's pushes) at its request price, per day.
    static func originRequestsPerDay(_ view: ReplicationView) -> Double {
        guard let d = delivery(view), let price = view.scenario.delivery?.originRequestPrice else { return 0 }
        let fills = d.statistics.fillObjects / (d.statistics.since + d.measuredSeconds)
        return (d.statistics.requests[2] / d.measuredSeconds + fills) * perDay * price.dollarsPerBaseUnit
    }

    /// Everything delivery costs per day.
    static func costPerDay(_ view: ReplicationView) -> Double {
        cdnEgressPerDay(view) + originEgressPerDay(view) + cdnRequestsPerDay(view) + originRequestsPerDay(view)
    }

    static let cost: [FigureDeclaration] = [
        FigureDeclaration("cost.cdn_egress_per_day", "CDN egress", .dollarsPerDay,
                          "Egress to viewers at the tiered prices of delivery.egress_price, applied to a month of 30.4375 days "
                              + "at this rate, per day.", applies: priced) { cdnEgressPerDay($0) },
        FigureDeclaration("cost.origin_egress_per_day", "origin egress", .dollarsPerDay,
                          "Bytes the origin sent to the CDN (misses and pre-positioning's fill) at delivery.origin_egress_price, "
                              + "per day.", applies: priced) {
            originEgressPerDay($0)
        },
        FigureDeclaration("cost.cdn_requests_per_day", "CDN requests", .dollarsPerDay,
                          "Viewers' requests to the edges (manifests and segments, hits and misses) at delivery.request_price, "
                              + "per day.", applies: priced) { cdnRequestsPerDay($0) },
        FigureDeclaration("cost.origin_requests_per_day", "origin requests", .dollarsPerDay,
                          "Requests the origin served (misses that reached it and objects pre-positioning pushed) at "
                              + "delivery.origin_request_price, per day.", applies: priced) { originRequestsPerDay($0) },
    ]

    static let sampling: [FigureDeclaration] = [
        FigureDeclaration("simulation.delivery.followed_videos", "videos followed", .count("videos", digits: 7),
                          "Videos of the catalogue the delivery side simulated (the hot set and the sample).", applies: hasDelivery) {
            Double(delivery($0)?.followedVideos ?? 0)
        },
        FigureDeclaration("simulation.delivery.events", "delivery events", .count("events", digits: 7),
                          "Events of the delivery side in one replication.", applies: hasDelivery) {
            Double(delivery($0)?.events ?? 0)
        },
    ]
}
