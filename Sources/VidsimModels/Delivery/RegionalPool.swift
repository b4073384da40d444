import VidsimKernel

/// Videos to draw in proportion to their popularity, by region: those watched everywhere in one tree, each
/// region's own (watched only there) in one tree per region. A region draws from the global tree and its own.
/// The catalogue keeps two: the videos it simulates and the pinned ones.
struct RegionalPool {
    private var global = WeightTree()
    private var globalVideos: [Int32] = []
    private var locals: [WeightTree]
    private var localVideos: [[Int32]]

    init(regions: Int) {
        locals = Array(repeating: WeightTree(), count: regions)
        localVideos = Array(repeating: [], count: regions)
    }

    /// Adds `video` (watched only in region `home`, or everywhere when -1) with its popularity now.
    mutating func append(_ video: Int32, popularity: Double, home: Int32) {
        if home < 0 {
            globalVideos.append(video)
            global.append(popularity)
        } else {
            localVideos[Int(home)].append(video)
            locals[Int(home)].append(popularity)
        }
    }

    /// Re-weights every video: `popularity[video]`, indexed by the catalogue's video numbers.
    mutating func rebuild(_ popularity: [Double]) {
        global.rebuild(globalVideos.map { popularity[Int($0)] })
        for region in locals.indices where !localVideos[region].isEmpty {
            locals[region].rebuild(localVideos[region].map { popularity[Int($0)] })
        }
    }

    /// The popularity now of the videos region `region` can watch.
    func total(region: Int) -> Double { global.total + locals[region].total }

    /// The videos region `region` can watch.
    func videos(region: Int) -> [Int32] { globalVideos + localVideos[region] }

    /// A video for a view in `region`, in proportion to its popularity now.
    @inline(__always)
    func pick(region: Int, _ stream: RandomStream) -> Int {
        let local = locals[region].total
        let u = stream.uniform() * (global.total + local)
        if u < global.total || local <= 0 {
            return Int(globalVideos[global.locate(u)])
        }
        return Int(localVideos[region][locals[region].locate(u - global.total)])
    }
}
