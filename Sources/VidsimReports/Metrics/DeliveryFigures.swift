import VidsimModels
import VidsimScenario

/// Every figure the delivery side reports, declared once; none applies to a scenario without `delivery:`.
/// Counts are weighted by the views each simulated one stands for, so a sampled run reports the whole
/// platform's figures. Rates are over the observed window (the horizon less the warm-up).
public enum DeliveryFigures {
    public static let all: [FigureDeclaration] = views + newVideos + caches + egress + cost + sampling

    private static func hasDelivery(_ scenario: Scenario) -> Bool { scenario.delivery != nil }
    private static func hasShield(_ scenario: Scenario) -> Bool { scenario.delivery?.shield != nil }
    private static func hasNewUploads(_ scenario: Scenario) -> Bool { scenario.delivery?.newUploads ?? false }
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
            let total = s.newRequests.reduce(0, +)
            return total > 0 ? s.newRequests[0] / total : 0
        },
        FigureDeclaration("delivery.new_videos.origin_share", "new videos' requests from the origin", .fraction,
                          "The share of requests for new videos that no cache held, fetched from the origin.",
                          applies: hasNewUploads) {
            guard let s = delivery($0)?.statistics else { return 0 }
            let total = s.newRequests.reduce(0, +)
            return total > 0 ? s.newRequests[2] / total : 0
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
        FigureDeclaration("delivery.first_byte_latency.mean", "first-byte latency, mean", .seconds,
                          "Round trips to the tier that served each request, summed down the tiers, averaged over requests.",
                          applies: hasDelivery) {
            guard let d = delivery($0), d.statistics.totalRequests > 0 else { return 0 }
            let s = d.statistics, r = d.roundTrips
            let edge = s.requests[0] * r.edge
            let shield = s.requests[1] * (r.edge + r.shield)
            let origin = s.requests[2] * (r.edge + (s.hasShield ? r.shield : 0) + r.origin)
            return (edge + shield + origin) / s.totalRequests
        },
    ]

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
        scenario.delivery?.egressPrice != nil || scenario.delivery?.originEgressPrice != nil
    }

    /// Egress to viewers at the tiered prices, for a month of 30.4375 days at this rate, per day.
    static func cdnEgressPerDay(_ view: ReplicationView) -> Double {
        guard let d = delivery(view), let settings = view.scenario.delivery else { return 0 }
        let monthly = d.statistics.edgeEgressBytes / d.measuredSeconds * perDay * StorageGrowth.daysPerMonth
        return settings.monthlyEgressCost(bytes: monthly) / StorageGrowth.daysPerMonth
    }

    /// The origin's egress at its price, per day.
    static func originEgressPerDay(_ view: ReplicationView) -> Double {
        guard let d = delivery(view), let price = view.scenario.delivery?.originEgressPrice else { return 0 }
        return d.statistics.originEgressBytes / d.measuredSeconds * perDay * price.dollarsPerBaseUnit
    }

    /// Everything delivery costs per day.
    static func costPerDay(_ view: ReplicationView) -> Double { cdnEgressPerDay(view) + originEgressPerDay(view) }

    static let cost: [FigureDeclaration] = [
        FigureDeclaration("cost.cdn_egress_per_day", "CDN egress", .dollarsPerDay,
                          "Egress to viewers at the tiered prices of delivery.egress_price, applied to a month of 30.4375 days "
                              + "at this rate, per day.", applies: priced) { cdnEgressPerDay($0) },
        FigureDeclaration("cost.origin_egress_per_day", "origin egress", .dollarsPerDay,
                          "Bytes the origin sent to the CDN at delivery.origin_egress_price, per day.", applies: priced) {
            originEgressPerDay($0)
        },
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
