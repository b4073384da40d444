/// Which edge site a viewer reaches: the healthy sites of their own region, load balanced evenly; when every
/// site of the region is down, the sites of its failover region (the one the scenario names, else the largest
/// other region with a site up); when no site anywhere is up, none (the viewer fetches from the origin).
///
/// Sites are numbered globally, region after region; `regionOf` and `localOf` give a site's region and its
/// number within it (the cache bank's index). Outages may overlap: a site is down while any outage covers it.
struct EdgeRouting {
    /// Each site's region and its number within the region.
    let regionOf: [Int32]
    let localOf: [Int32]
    /// Each region's first global site number.
    private let firstSite: [Int]
    /// How many outages cover each site now.
    private var downCount: [Int32]
    /// Each region's sites that are up, and the region its viewers are served from (itself, its failover, or -1).
    private var healthy: [[Int32]]
    private var serving: [Int32]
    private let failover: [Int?]
    private let shares: [Double]

    init(regions: [DeliveryConfiguration.Region]) {
        var regionOf: [Int32] = [], localOf: [Int32] = [], firstSite: [Int] = []
        for (index, region) in regions.enumerated() {
            firstSite.append(regionOf.count)
            for site in 0..<region.edgeSites {
                regionOf.append(Int32(index))
                localOf.append(Int32(site))
            }
        }
        self.regionOf = regionOf
        self.localOf = localOf
        self.firstSite = firstSite
        downCount = Array(repeating: 0, count: regionOf.count)
        healthy = regions.indices.map { region in (0..<regions[region].edgeSites).map { Int32(firstSite[region] + $0) } }
        serving = regions.indices.map(Int32.init)
        failover = regions.map(\.failover)
        shares = regions.map(\.viewShare)
    }

    /// Whether global site `site` is up.
    @inline(__always)
    func isUp(_ site: Int) -> Bool { downCount[site] == 0 }

    /// The region serving `region`'s viewers now (-1: none).
    @inline(__always)
    func servingRegion(_ region: Int) -> Int { Int(serving[region]) }

    /// A site for a viewer of `region`, `u` uniform in [0, 1): a healthy site of the serving region, or -1.
    @inline(__always)
    func pick(region: Int, _ u: Double) -> Int {
        let target = Int(serving[region])
        guard target >= 0 else { return -1 }
        let sites = healthy[target]
        return Int(sites[min(Int(u * Double(sites.count)), sites.count - 1)])
    }

    /// The first `sites` sites of `region` go down; returns the global numbers of those that were up (their
    /// caches are lost).
    mutating func fail(region: Int, sites: Int) -> [Int] {
        var lost: [Int] = []
        for site in firstSite[region]..<(firstSite[region] + sites) {
            if downCount[site] == 0 { lost.append(site) }
            downCount[site] += 1
        }
        update()
        return lost
    }

    /// The first `sites` sites of `region` come back (still down if another outage covers them).
    mutating func recover(region: Int, sites: Int) {
        for site in firstSite[region]..<(firstSite[region] + sites) { downCount[site] -= 1 }
        update()
    }

    private mutating func update() {
        for region in healthy.indices {
            let count = region + 1 < firstSite.count ? firstSite[region + 1] - firstSite[region] : regionOf.count - firstSite[region]
            healthy[region] = (firstSite[region]..<(firstSite[region] + count)).filter { downCount[$0] == 0 }.map(Int32.init)
        }
        for region in healthy.indices {
            if !healthy[region].isEmpty {
                serving[region] = Int32(region)
            } else if let named = failover[region], !healthy[named].isEmpty {
                serving[region] = Int32(named)
            } else {
                // The largest other region with a site up (the first of equals).
                let candidates = healthy.indices.filter { $0 != region && !healthy[$0].isEmpty }
                serving[region] = candidates.max { shares[$0] < shares[$1] || (shares[$0] == shares[$1] && $0 > $1) }.map(Int32.init) ?? -1
            }
        }
    }
}
