import Foundation
import VidsimKernel

/// The videos viewers can watch, as the simulation follows them: the back catalogue at the start, and the
/// content path's uploads as they are published. Each video has a volume (its popularity at its peak: Zipf
/// over the catalogue's ranks), a publication time (a back-catalogue video's is minus its age), a home region
/// when it is watched in one region only, and its popularity now: volume times the `PopularityShape` of its age.
///
/// A catalogue of hundreds of millions of videos is not simulated whole: `PopularitySampling` follows video k
/// with probability r_k (the `hotVideos` largest volumes of the back catalogue in full, the others at the
/// sampling rate R; a new upload draws its rank among the catalogue's and is followed at a rate of its own,
/// whatever its rank), and a followed video stands for 1 / r_k videos like it. Views
/// come only to followed videos, at the rate the real views to them would have, and count 1 / r_k times.
/// Caches are scaled to R of their bytes, and a followed video's objects take R / r_k of their size in them, so
/// that each kind of video takes the share of a cache it would take in the whole system: in expectation, every
/// LRU stack distance in bytes is R times the real one. Without sampling every video is followed and nothing
/// is scaled.
///
/// A region's views go to the videos it can watch (the global ones and its own) in proportion to their
/// popularity now. The real total of that popularity is estimated from the followed videos (each counted
/// 1 / r_k times, an unbiased estimate), so a followed video gets its true share of the region's views.
struct Catalog {
    /// How many real videos (and views) each followed video stands for: 1 / r.
    private(set) var weights: [Double] = []
    /// What a byte of each followed video's objects takes in the scaled caches: R / r.
    private(set) var sizeScales: [Double] = []
    /// Each followed video's number of segments.
    private(set) var segments: [Int32] = []
    /// Volume: the popularity at the peak of the video's life (rank^-alpha).
    private var volumes: [Double] = []
    /// Seconds from the start of the run (a back-catalogue video's is minus its age).
    private var published: [Double] = []
    /// The region a local video is watched in; -1 for a video watched everywhere.
    private var homes: [Int32] = []
    /// Each followed video's content class (its ladder).
    private(set) var classes: [UInt8] = []
    /// The videos of the back catalogue come first; those after are new uploads.
    let backCatalogue: Int

    /// The popularity now of the videos simulated, watched everywhere and each region's own.
    private var simulated: RegionalPool
    /// Pinned videos (the `pinnedVideos` most popular of the back catalogue): taken as always cached at every
    /// edge site, so viewed without simulating their requests.
    let pinnedVideos: Int
    private var pinned: RegionalPool
    /// The estimated real totals of the popularity of the videos watched everywhere and of each region's own
    /// (followed popularity times 1 / r), pinned videos included.
    private var globalEstimate = 0.0
    private var localEstimates: [Double]

    let shape: PopularityShape
    let sampling: PopularitySampling
    /// The caches' scale: the sampling rate R.
    var cacheScale: Double { sampling.rate }
    private let segmentSeconds: Double
    /// The start and end of the interval the current popularity is the mean over.
    private(set) var intervalEnd = 0.0

    /// The back catalogue: `sampling.videos` watched videos ranked by volume; durations, ages and home regions
    /// drawn from `stream` for the followed ones (`regional`: the share watched in one region only, placed by
    /// `regionPicker`); the content classes drawn by `classPicker` from `classStream` (none with one class).
    init(sampling: PopularitySampling, shape: PopularityShape, duration: Distribution, age: Distribution?,
         regional: Double, regions: Int, regionPicker: EmpiricalTable, segmentSeconds: Double, pinnedVideos: Int = 0,
         stream: RandomStream, classPicker: EmpiricalTable? = nil, classStream: RandomStream? = nil) {
        self.sampling = sampling
        self.pinnedVideos = min(pinnedVideos, sampling.hotVideos)
        simulated = RegionalPool(regions: regions)
        pinned = RegionalPool(regions: regions)
        self.shape = shape
        self.segmentSeconds = segmentSeconds
        localEstimates = Array(repeating: 0, count: regions)
        let followed = sampling.followed()
        backCatalogue = followed.count
        for rank in followed {
            let seconds = max(duration.sample(stream), segmentSeconds / 1000)
            let age = max(age?.sample(stream) ?? 0, 0)
            let home = regional > 0 && stream.uniform() < regional ? Int32(regionPicker.sample(stream)) : -1
            let contentClass = classStream.flatMap { classes in classPicker.map { UInt8($0.sample(classes)) } } ?? 0
            add(rank: rank, probability: sampling.probability(rank: rank), contentSeconds: seconds, published: -age, home: home,
                contentClass: contentClass, at: 0, until: 0, pinnable: true)
        }
    }

    var count: Int { weights.count }

    /// Adds a video of `rank` (its volume's rank among the catalogue's) published at `published`, with its
    /// popularity from `time` to `until` (the end of the current interval).
    private mutating func add(rank: Int, probability r: Double, contentSeconds: Double, published time: Double, home: Int32,
                              contentClass: UInt8, at now: Double, until end: Double, pinnable: Bool = false) {
        let index = Int32(weights.count)
        weights.append(1 / r)
        sizeScales.append(sampling.rate / r)
        segments.append(Int32(min((contentSeconds / segmentSeconds).rounded(.up), 65_535)))
        volumes.append(pow(Double(rank), -sampling.alpha))
        published.append(time)
        homes.append(home)
        classes.append(contentClass)
        let popularity = popularity(of: weights.count - 1, from: now, to: end)
        // The back catalogue's hot set may be pinned; a new upload is cached nowhere yet, so never is.
        if pinnable && rank <= pinnedVideos {
            pinned.append(index, popularity: popularity, home: home)
        } else {
            simulated.append(index, popularity: popularity, home: home)
        }
        if home < 0 {
            globalEstimate += popularity / r
        } else {
            localEstimates[Int(home)] += popularity / r
        }
    }

    /// A new upload published now, of rank `rank` among the catalogue's volumes, followed with probability
    /// `probability`.
    mutating func publish(contentSeconds: Double, at time: Double, rank: Int, probability: Double, home: Int32, contentClass: UInt8) {
        add(rank: rank, probability: probability, contentSeconds: contentSeconds, published: time, home: home,
            contentClass: contentClass, at: time, until: max(intervalEnd, time))
    }

    /// Video `index`'s mean popularity over [from, to] (its value at `from` for an empty interval).
    private func popularity(of index: Int, from: Double, to: Double) -> Double {
        let volume = volumes[index]
        guard !shape.isConstant else { return volume }
        let born = published[index]
        return volume * (to > from ? shape.meanLevel(from: from - born, to: to - born) : shape.level(at: from - born))
    }

    /// Re-weights every video by its mean popularity over [from, to] (the next interval).
    mutating func refresh(from: Double, to: Double) {
        intervalEnd = to
        var now: [Double] = []
        now.reserveCapacity(count)
        globalEstimate = 0
        for region in localEstimates.indices { localEstimates[region] = 0 }
        for video in 0..<count {
            let p = popularity(of: video, from: from, to: to)
            now.append(p)
            if homes[video] < 0 {
                globalEstimate += p * weights[video]
            } else {
                localEstimates[Int(homes[video])] += p * weights[video]
            }
        }
        simulated.rebuild(now)
        pinned.rebuild(now)
    }

    /// The share of region `region`'s views that go to the videos of `pool`: their popularity over the
    /// estimated real total of the videos the region can watch.
    private func share(of pool: RegionalPool, region: Int) -> Double {
        let real = globalEstimate + localEstimates[region]
        guard real > 0 else { return 0 }
        return min(1, pool.total(region: region) / real)
    }

    /// The share of region `region`'s views that go to pinned videos.
    func pinnedShare(region: Int) -> Double { share(of: pinned, region: region) }

    /// A pinned video for a view in `region`, in proportion to its popularity now.
    func pickPinned(region: Int, _ stream: RandomStream) -> Int { pinned.pick(region: region, stream) }

    /// The bytes of the pinned videos region `region` watches, at `bytesPerSegment` by content class (every
    /// rendition viewers watch, one segment each) and `manifest` bytes each: what they hold in each of the
    /// region's edge sites.
    func pinnedBytes(region: Int, bytesPerSegment: [Double], manifest: Double) -> Double {
        pinned.videos(region: region).reduce(0) {
            $0 + Double(segments[Int($1)]) * bytesPerSegment[Int(classes[Int($1)])] + manifest
        }
    }

    /// The region a local video is watched in; -1 for one watched everywhere.
    func home(of video: Int) -> Int { Int(homes[video]) }

    /// The followed videos most popular over [from, to] (the forecast the popularity shape gives), most popular
    /// first, as many as stand for `realVideos` videos (each followed video stands for 1 / r of them).
    func forecastTop(realVideos: Double, from: Double, to: Double) -> [Int] {
        var forecast: [Double] = []
        forecast.reserveCapacity(count)
        for video in 0..<count { forecast.append(popularity(of: video, from: from, to: to)) }
        let order = (0..<count).filter { forecast[$0] > 0 }.sorted { (a: Int, b: Int) -> Bool in
            forecast[a] > forecast[b] || (forecast[a] == forecast[b] && a < b)
        }
        var chosen: [Int] = [], covered = 0.0
        for video in order where covered < realVideos {
            chosen.append(video)
            covered += weights[video]
        }
        return chosen
    }

    /// The share of region `region`'s views that go to followed videos: their popularity over the estimated
    /// real total of the videos the region can watch.
    func followedShare(region: Int) -> Double { share(of: simulated, region: region) }

    /// A followed video for a view in `region`, in proportion to its popularity now.
    @inline(__always)
    func pick(region: Int, _ stream: RandomStream) -> Int { simulated.pick(region: region, stream) }

}
