import VidsimModels
import VidsimScenario

/// The delivery side's time series, at the content path's sample times: hit ratios, egress on each link and the
/// origin's load, per sample interval. None applies to a scenario without `delivery:`; the shield's need a
/// shield.
///
/// The delivery statistics count requests in buckets of the sample interval dt from time zero, [k dt, (k+1) dt);
/// a sample at time t describes the interval that ends at it, [t - dt, t), as the content path's upload rate
/// does: the 14:00 sample of an hourly series is 13:00 to 14:00. Rates are over the interval's observed part
/// (after the warm-up, before the horizon). A sample whose interval lies wholly in the warm-up (the first one
/// when the warm-up is a whole number of intervals) has nothing observed and holds no value (NaN: null in
/// report.json, an empty value in report.csv, "n/a" in report.md, no point in a chart). A ratio in an interval
/// with no requests is 0, as the figures' ratios are.
public enum DeliverySeries {
    public static let all: [SeriesDeclaration] = hitRatios + egress + origin

    private static func hasDelivery(_ scenario: Scenario) -> Bool { scenario.delivery != nil }
    private static func hasShield(_ scenario: Scenario) -> Bool { scenario.delivery?.shield != nil }

    /// What every delivery series' description ends with: which interval a sample is.
    private static let interval = "over the sample interval that ends at the sample time (its part after the warm-up; "
        + "no value when the warm-up covers all of it)"

    static let hitRatios: [SeriesDeclaration] = [
        SeriesDeclaration(key: "delivery_edge_hit_ratio", label: "edge hit ratio", unit: .fraction,
                          description: "The share of requests the edge sites served from their caches \(interval); 0 "
                              + "with no requests.", applies: hasDelivery) {
            DeliveryIntervals($0).ratios { requests, _ in (requests[0], requests[0] + requests[1] + requests[2]) }
        },
        SeriesDeclaration(key: "delivery_edge_byte_hit_ratio", label: "edge byte hit ratio", unit: .fraction,
                          description: "The share of bytes the edge sites served from their caches \(interval); 0 "
                              + "with no requests.", applies: hasDelivery) {
            DeliveryIntervals($0).ratios { _, bytes in (bytes[0], bytes[0] + bytes[1] + bytes[2]) }
        },
        SeriesDeclaration(key: "delivery_shield_hit_ratio", label: "shield hit ratio", unit: .fraction,
                          description: "Of the requests the edges missed, the share the regional shields served "
                              + "\(interval); 0 with no misses.", applies: hasShield) {
            DeliveryIntervals($0).ratios { requests, _ in (requests[1], requests[1] + requests[2]) }
        },
        SeriesDeclaration(key: "delivery_shield_byte_hit_ratio", label: "shield byte hit ratio", unit: .fraction,
                          description: "Of the bytes the edges missed, the share the regional shields served "
                              + "\(interval); 0 with no misses.", applies: hasShield) {
            DeliveryIntervals($0).ratios { _, bytes in (bytes[1], bytes[1] + bytes[2]) }
        },
    ]

    static let egress: [SeriesDeclaration] = [
        SeriesDeclaration(key: "delivery_egress_edge", label: "egress, edges to viewers", unit: .bitsPerSecond,
                          description: "Bits per second from the edge sites to viewers (every byte viewers got) "
                              + "\(interval).", applies: hasDelivery) {
            DeliveryIntervals($0).rates { _, bytes in (bytes[0] + bytes[1] + bytes[2]) * 8 }
        },
        SeriesDeclaration(key: "delivery_egress_shield", label: "egress, shields to edges", unit: .bitsPerSecond,
                          description: "Bits per second from the regional shields to the edge sites (the bytes they "
                              + "served and those they fetched from the origin) \(interval).", applies: hasShield) {
            DeliveryIntervals($0).rates { _, bytes in (bytes[1] + bytes[2]) * 8 }
        },
        SeriesDeclaration(key: "delivery_egress_origin", label: "egress, origin to CDN", unit: .bitsPerSecond,
                          description: "Bits per second the origin sent to the cache tier in front of it \(interval).",
                          applies: hasDelivery) {
            DeliveryIntervals($0).rates { _, bytes in bytes[2] * 8 }
        },
    ]

    static let origin: [SeriesDeclaration] = [
        SeriesDeclaration(key: "delivery_origin_requests_per_second", label: "origin requests",
                          unit: .count("requests/s", digits: 4),
                          description: "Requests per second no cache held, fetched from the origin, \(interval).",
                          applies: hasDelivery) {
            DeliveryIntervals($0).rates { requests, _ in requests[2] }
        },
    ]
}

/// One replication's delivery buckets read at its sample times: for each sample, the requests and bytes each tier
/// served in the sample interval ending at it, and the seconds of that interval that were observed.
struct DeliveryIntervals {
    /// Seconds of each sample's interval after the warm-up and before the horizon: 0 when none was.
    let observedSeconds: [Double]
    /// requests[sample][tier] and bytes[sample][tier], tiers in `DeliveryStatistics.Tier` order (edge, shield,
    /// origin), all regions.
    let requests: [[Double]]
    let bytes: [[Double]]

    /// The intervals of `result`'s sample times; with no delivery side, every sample has nothing observed.
    init(_ result: ContentPathResult) {
        guard let delivery = result.delivery else {
            let none = result.sampleTimes.map { _ in [0.0, 0, 0] }
            self.init(observedSeconds: result.sampleTimes.map { _ in 0 }, requests: none, bytes: none)
            return
        }
        self.init(statistics: delivery.statistics, measuredSeconds: delivery.measuredSeconds,
                  sampleTimes: result.sampleTimes)
    }

    /// The intervals ending at `sampleTimes` (multiples of the statistics' bucket length, as samples are taken),
    /// observed from `statistics.since` for `measuredSeconds`.
    init(statistics: DeliveryStatistics, measuredSeconds: Double, sampleTimes: [Double]) {
        let length = statistics.bucketSeconds
        let start = statistics.since, end = statistics.since + measuredSeconds
        var observed: [Double] = [], requests: [[Double]] = [], bytes: [[Double]] = []
        observed.reserveCapacity(sampleTimes.count)
        for time in sampleTimes {
            // The bucket [time - length, time): sample times are whole multiples of the length, up to rounding.
            let bucket = Int((time / length).rounded()) - 1
            let from = max(Double(bucket) * length, start), to = min(Double(bucket + 1) * length, end)
            observed.append(max(0, to - from))
            requests.append(DeliveryStatistics.Tier.allCases.map { statistics.requests(bucket: bucket, tier: $0) })
            bytes.append(DeliveryStatistics.Tier.allCases.map { statistics.bytes(bucket: bucket, tier: $0) })
        }
        self.init(observedSeconds: observed, requests: requests, bytes: bytes)
    }

    private init(observedSeconds: [Double], requests: [[Double]], bytes: [[Double]]) {
        self.observedSeconds = observedSeconds
        self.requests = requests
        self.bytes = bytes
    }

    /// Per sample, a part over a whole read from its requests and bytes by tier: 0 when the whole is 0, NaN when
    /// nothing of the interval was observed.
    func ratios(_ read: ([Double], [Double]) -> (part: Double, whole: Double)) -> [Double] {
        observedSeconds.indices.map { sample in
            guard observedSeconds[sample] > 0 else { return .nan }
            let (part, whole) = read(requests[sample], bytes[sample])
            return whole > 0 ? part / whole : 0
        }
    }

    /// Per sample, a quantity read from its requests and bytes by tier, per observed second: NaN when nothing of
    /// the interval was observed.
    func rates(_ read: ([Double], [Double]) -> Double) -> [Double] {
        observedSeconds.indices.map { sample in
            guard observedSeconds[sample] > 0 else { return .nan }
            return read(requests[sample], bytes[sample]) / observedSeconds[sample]
        }
    }
}
