/// What the delivery path counted since the last reset, weighted by the views each simulated request stands
/// for: requests and bytes by the tier that served them, per region, and in time buckets.
public struct DeliveryStatistics: Sendable {
    /// The tier a request was served from.
    public enum Tier: Int, Sendable, CaseIterable { case edge, shield, origin }

    /// Requests and bytes served from each tier (edge, shield, origin), all regions.
    public private(set) var requests = [0.0, 0.0, 0.0]
    public private(set) var bytes = [0.0, 0.0, 0.0]
    /// Per region: requests and bytes, and those served by the edge.
    public private(set) var regionRequests: [Double]
    public private(set) var regionBytes: [Double]
    public private(set) var regionEdgeHits: [Double]
    public private(set) var regionEdgeHitBytes: [Double]
    public private(set) var views = 0.0
    /// Views of, and requests and bytes by serving tier for, the videos published during the run.
    public private(set) var newViews = 0.0
    public private(set) var newRequests = [0.0, 0.0, 0.0]
    public private(set) var newBytes = [0.0, 0.0, 0.0]
    public let hasShield: Bool
    /// Per time bucket (of `bucketSeconds`, from time zero), region and serving tier: requests and bytes, in
    /// flat arrays indexed by `slot(bucket:region:tier:)`.
    public let bucketSeconds: Double
    public private(set) var bucketRequests: [Double] = []
    public private(set) var bucketBytes: [Double] = []
    private let regionCount: Int
    public private(set) var since = 0.0

    init(regions: Int, hasShield: Bool, bucketSeconds: Double) {
        regionCount = regions
        regionRequests = Array(repeating: 0, count: regions)
        regionBytes = Array(repeating: 0, count: regions)
        regionEdgeHits = Array(repeating: 0, count: regions)
        regionEdgeHitBytes = Array(repeating: 0, count: regions)
        self.hasShield = hasShield
        self.bucketSeconds = bucketSeconds
    }

    mutating func countView(weight: Double, isNew: Bool = false) {
        views += weight
        if isNew { newViews += weight }
    }

    @inline(__always)
    mutating func count(region: Int, servedBy tier: Tier, bytes size: Double, weight: Double, at time: Double,
                        isNew: Bool = false) {
        let weighted = size * weight
        if isNew {
            newRequests[tier.rawValue] += weight
            newBytes[tier.rawValue] += weighted
        }
        requests[tier.rawValue] += weight
        bytes[tier.rawValue] += weighted
        regionRequests[region] += weight
        regionBytes[region] += weighted
        if tier == .edge {
            regionEdgeHits[region] += weight
            regionEdgeHitBytes[region] += weighted
        }
        let bucket = Int(time / bucketSeconds)
        // As many buckets as the run may keep time-series samples (RunSize.sampleLimit).
        if bucket >= 0 && bucket < 10_000_000 {
            let slot = (bucket * regionCount + region) * 3 + tier.rawValue
            if slot >= bucketBytes.count { growBuckets(to: bucket) }
            bucketRequests[slot] += weight
            bucketBytes[slot] += weighted
        }
    }

    @inline(never)
    private mutating func growBuckets(to bucket: Int) {
        let count = (bucket + 1) * regionCount * 3
        bucketRequests += Array(repeating: 0, count: count - bucketRequests.count)
        bucketBytes += Array(repeating: 0, count: count - bucketBytes.count)
    }

    /// Time buckets counted so far (from time zero, the warm-up's included but zero after a reset).
    public var bucketCount: Int { bucketBytes.count / max(1, regionCount * 3) }

    @inline(__always)
    private func slot(bucket: Int, region: Int, tier: Tier) -> Int { (bucket * regionCount + region) * 3 + tier.rawValue }

    /// Requests in a time bucket served by `tier`, in one region or (nil) all.
    public func requests(bucket: Int, region: Int? = nil, tier: Tier) -> Double {
        guard bucket >= 0 && bucket < bucketCount else { return 0 }
        if let region { return bucketRequests[slot(bucket: bucket, region: region, tier: tier)] }
        return (0..<regionCount).reduce(0) { $0 + bucketRequests[slot(bucket: bucket, region: $1, tier: tier)] }
    }

    /// Bytes in a time bucket served by `tier`, in one region or (nil) all.
    public func bytes(bucket: Int, region: Int? = nil, tier: Tier) -> Double {
        guard bucket >= 0 && bucket < bucketCount else { return 0 }
        if let region { return bucketBytes[slot(bucket: bucket, region: region, tier: tier)] }
        return (0..<regionCount).reduce(0) { $0 + bucketBytes[slot(bucket: bucket, region: $1, tier: tier)] }
    }

    mutating func reset(at time: Double) {
        let regions = regionRequests.count
        self = DeliveryStatistics(regions: regions, hasShield: hasShield, bucketSeconds: bucketSeconds)
        since = time
    }

    // MARK: Ratios

    public var totalRequests: Double { requests.reduce(0, +) }
    public var totalBytes: Double { bytes.reduce(0, +) }

    /// The share of requests the edge served.
    public var edgeHitRatio: Double { ratio(requests[0], totalRequests) }
    public var edgeByteHitRatio: Double { ratio(bytes[0], totalBytes) }
    /// Of the requests the edges missed, the share the shields served.
    public var shieldHitRatio: Double { ratio(requests[1], requests[1] + requests[2]) }
    public var shieldByteHitRatio: Double { ratio(bytes[1], bytes[1] + bytes[2]) }

    /// Bytes each link carried: edge to viewers (everything), shield to edges (the edges' misses; zero without
    /// shields), origin to the tier in front of it (the last tier's misses).
    public var edgeEgressBytes: Double { totalBytes }
    public var shieldEgressBytes: Double { hasShield ? bytes[1] + bytes[2] : 0 }
    public var originEgressBytes: Double { bytes[2] }

    private func ratio(_ part: Double, _ whole: Double) -> Double { whole > 0 ? part / whole : 0 }
}
