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
    /// Per time bucket: bytes requested, and bytes served from each tier.
    public let bucketSeconds: Double
    public private(set) var bucketBytes: [[Double]] = []
    public private(set) var since = 0.0

    init(regions: Int, hasShield: Bool, bucketSeconds: Double) {
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
            while bucketBytes.count <= bucket { bucketBytes.append([0, 0, 0]) }
            bucketBytes[bucket][tier.rawValue] += weighted
        }
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
