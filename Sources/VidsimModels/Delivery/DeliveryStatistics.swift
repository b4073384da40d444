/// What the delivery path counted since the last reset, weighted by the views each simulated request stands
/// for: requests and bytes by the tier that served them, per region, and in time buckets.
public struct DeliveryStatistics: Sendable {
    /// The tier a request was served from.
    public enum Tier: Int, Sendable, CaseIterable, Codable { case edge, shield, origin }

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
    /// New videos' first views (the first viewer of each) and their later views: requests by serving tier, and
    /// seconds to fetch them, summed. Bracketed by first view and later: what the seed's question 4 asks.
    public private(set) var firstViewRequests = [0.0, 0.0, 0.0]
    public private(set) var firstViewFetchSeconds = 0.0
    public private(set) var laterViewRequests = [0.0, 0.0, 0.0]
    public private(set) var laterViewFetchSeconds = 0.0
    /// Seconds to the first byte, summed over requests (weighted); seconds to fetch the whole object, summed
    /// per serving tier.
    public private(set) var firstByteSeconds = 0.0
    public private(set) var fetchSeconds = [0.0, 0.0, 0.0]
    /// Requests served away from their region's own sites (failover, or the origin when no site was up).
    public private(set) var rerouted = 0.0
    /// Bytes pushed to edge sites by pre-positioning (what was not cached already), the objects pushed (both
    /// weighted), and the pushes.
    public private(set) var fillBytes = 0.0
    public private(set) var fillObjects = 0.0
    public private(set) var fills = 0
    /// Per outage: its window and what happened before it, during it and after it (each as long as it).
    public let outages: [OutageWindow]
    public private(set) var outagePhases: [PhaseCounts]
    /// The outages by the beginning of their windows, the next of them to open, the open ones, and the time the
    /// requests counted last (see `countPhases`).
    private let windowOrder: [Int]
    private var nextWindow = 0
    private var openOutages: [Int] = []
    private var windowTime = -Double.infinity
    public let hasShield: Bool
    /// Per time bucket (of `bucketSeconds`, from time zero), region and serving tier: requests and bytes, in
    /// flat arrays indexed by `slot(bucket:region:tier:)`.
    public let bucketSeconds: Double
    public private(set) var bucketRequests: [Double] = []
    public private(set) var bucketBytes: [Double] = []
    private let regionCount: Int
    public private(set) var since = 0.0
    /// What the players amounted to; nil without players.
    public internal(set) var players: PlayerStatistics?

    /// An outage's window: `start` to `end`; "before" is the same length before, "after" the same length after.
    public struct OutageWindow: Sendable {
        public let start: Double
        public let end: Double

        public init(start: Double, end: Double) {
            self.start = start
            self.end = end
        }

        /// When its "before" phase begins, and when its "after" phase ends: each as long as the outage.
        var windowStart: Double { start - (end - start) }
        var windowEnd: Double { end + (end - start) }

        /// 0 before, 1 during, 2 after; nil outside the three.
        @inline(__always)
        func phase(at time: Double) -> Int? {
            let length = end - start
            if time < start { return time >= start - length ? 0 : nil }
            if time < end { return 1 }
            return time < end + length ? 2 : nil
        }
    }

    /// What one phase of an outage counted.
    public struct PhaseCounts: Sendable {
        public internal(set) var requests = [0.0, 0.0, 0.0]
        public internal(set) var firstByteSeconds = 0.0
        public internal(set) var rerouted = 0.0
        public var totalRequests: Double { requests.reduce(0, +) }
        public var edgeHitRatio: Double { totalRequests > 0 ? requests[0] / totalRequests : 0 }
        public var meanFirstByte: Double { totalRequests > 0 ? firstByteSeconds / totalRequests : 0 }

        public init() {}

        /// Both counts added.
        public func adding(_ other: PhaseCounts) -> PhaseCounts {
            var sum = self
            for tier in 0..<3 { sum.requests[tier] += other.requests[tier] }
            sum.firstByteSeconds += other.firstByteSeconds
            sum.rerouted += other.rerouted
            return sum
        }
    }

    init(regions: Int, hasShield: Bool, bucketSeconds: Double, outages: [OutageWindow] = []) {
        self.outages = outages
        windowOrder = outages.indices.sorted { (outages[$0].windowStart, $0) < (outages[$1].windowStart, $1) }
        outagePhases = Array(repeating: PhaseCounts(), count: outages.count * 3)
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
                        isNew: Bool = false, firstView: Bool = false, firstByte: Double = 0, fetch: Double = 0,
                        rerouted away: Bool = false) {
        let weighted = size * weight
        firstByteSeconds += firstByte * weight
        fetchSeconds[tier.rawValue] += fetch * weight
        if away { rerouted += weight }
        if !outages.isEmpty { countPhases(tier: tier, weight: weight, firstByte: firstByte, rerouted: away, at: time) }
        if isNew {
            newRequests[tier.rawValue] += weight
            newBytes[tier.rawValue] += weighted
            if firstView {
                firstViewRequests[tier.rawValue] += weight
                firstViewFetchSeconds += fetch * weight
            } else {
                laterViewRequests[tier.rawValue] += weight
                laterViewFetchSeconds += fetch * weight
            }
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

    /// Counts a request in the phase of every outage whose window (before, during, after) holds `time`. Requests
    /// come in time order, so only the windows open now are looked at (`openWindows`); a scenario may have a
    /// thousand outages, which a loop over all of them would cost on every request.
    @inline(never)
    private mutating func countPhases(tier: Tier, weight: Double, firstByte: Double, rerouted away: Bool, at time: Double) {
        openWindows(at: time)
        for index in openOutages {
            guard let phase = outages[index].phase(at: time) else { continue }
            outagePhases[index * 3 + phase].requests[tier.rawValue] += weight
            outagePhases[index * 3 + phase].firstByteSeconds += firstByte * weight
            if away { outagePhases[index * 3 + phase].rerouted += weight }
        }
    }

    /// Brings `openOutages` to `time`: opens the windows that began by then, in order of their beginnings, and
    /// closes those that ended. A time earlier than the last (never in a run) starts the cursor again from the
    /// first window.
    private mutating func openWindows(at time: Double) {
        if time < windowTime {
            nextWindow = 0
            openOutages.removeAll(keepingCapacity: true)
        }
        windowTime = time
        while nextWindow < windowOrder.count, outages[windowOrder[nextWindow]].windowStart <= time {
            openOutages.append(windowOrder[nextWindow])
            nextWindow += 1
        }
        if openOutages.contains(where: { outages[$0].windowEnd <= time }) {
            openOutages.removeAll { outages[$0].windowEnd <= time }
        }
    }

    /// Counts a pre-positioning push of `bytes` in `objects` (both already weighted).
    mutating func countFill(bytes: Double, objects: Double) {
        fillBytes += bytes
        fillObjects += objects
        fills += 1
    }

    /// What outage `index` counted before, during and after it.
    public func phases(ofOutage index: Int) -> (before: PhaseCounts, during: PhaseCounts, after: PhaseCounts) {
        (outagePhases[index * 3], outagePhases[index * 3 + 1], outagePhases[index * 3 + 2])
    }

    /// What outage `index` counted in one phase (0 before, 1 during, 2 after).
    public func phase(_ phase: Int, ofOutage index: Int) -> PhaseCounts { outagePhases[index * 3 + phase] }

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
        // An outage's phases are windows of their own, and pre-positioning is counted per day of the whole run,
        // whatever the warm-up.
        let phases = outagePhases, fill = (fillBytes, fillObjects, fills)
        var players = self.players
        players?.reset()
        self = DeliveryStatistics(regions: regions, hasShield: hasShield, bucketSeconds: bucketSeconds, outages: outages)
        self.players = players
        outagePhases = phases
        (fillBytes, fillObjects, fills) = fill
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
