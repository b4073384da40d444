import VidsimModels
import VidsimScenario

/// The delivery side's figures for each region of `delivery.regions`, under `delivery.region.<region>.`: edge hit
/// ratios, requests and egress to viewers, counted by the viewers' region (whichever region's sites served them).
/// Weighted like every delivery figure, over the observed window; the regions' requests and egress add up to the
/// whole CDN's, and their hit ratios, weighted by their requests (bytes), average to its hit ratio (byte hit ratio).
public enum DeliveryRegionFigures {
    /// The regions a scenario names, in its order (the model's region indices).
    public static let regions = FigureFamily(
        placeholder: "region",
        documentation: "one figure per region of `delivery.regions`, in the scenario's order: the region's name "
            + "lower-cased, each run of characters other than a-z and 0-9 written `_` (`North America` gives "
            + "`north_america`), and `_2`, `_3` added to a name that would repeat an earlier region's.",
        names: { $0.delivery?.regions.map(\.name) ?? [] })

    public static let all: [FigureDeclaration] = [
        .perMember("delivery.region.<region>.edge_hit_ratio", "edge hit ratio", .fraction,
                   "The share of the requests of the region's viewers an edge site served from its cache.", of: regions,
                   applies: hasDelivery) { view, region in
            statistics(view, region).map { ratio($0.regionEdgeHits[region], $0.regionRequests[region]) } ?? 0
        },
        .perMember("delivery.region.<region>.edge_byte_hit_ratio", "edge byte hit ratio", .fraction,
                   "The share of the bytes the region's viewers got that an edge site served from its cache.", of: regions,
                   applies: hasDelivery) { view, region in
            statistics(view, region).map { ratio($0.regionEdgeHitBytes[region], $0.regionBytes[region]) } ?? 0
        },
        .perMember("delivery.region.<region>.requests_per_second", "requests to the CDN",
                   .count("requests/s", digits: 4),
                   "Manifest and segment requests per second the region's viewers made, mean.", of: regions,
                   applies: hasDelivery) { view, region in
            guard let d = view.result.delivery, let s = statistics(view, region) else { return 0 }
            return s.regionRequests[region] / d.measuredSeconds
        },
        .perMember("delivery.region.<region>.egress_mean", "egress to viewers, mean", .bitsPerSecond,
                   "Bits per second the region's viewers got from the CDN, mean.", of: regions,
                   applies: hasDelivery) { view, region in
            guard let d = view.result.delivery, let s = statistics(view, region) else { return 0 }
            return s.regionBytes[region] * 8 / d.measuredSeconds
        },
    ]

    private static func hasDelivery(_ scenario: Scenario) -> Bool { scenario.delivery != nil }

    /// A replication's delivery statistics, when it has them and they count `region`.
    private static func statistics(_ view: ReplicationView, _ region: Int) -> DeliveryStatistics? {
        guard let s = view.result.delivery?.statistics, s.regionRequests.indices.contains(region) else { return nil }
        return s
    }

    private static func ratio(_ part: Double, _ whole: Double) -> Double { whole > 0 ? part / whole : 0 }

    /// The per-region table of report.md and report.html: a header (the region, then each figure's label) and,
    /// for each region the scenario names, its name and each figure as people read it ("83.1% ± 0.4%"). Empty
    /// when the run has no region figures.
    public static func table(_ metrics: RunMetrics) -> (header: [String], rows: [[String]]) {
        regions.table(metrics, all)
    }
}
