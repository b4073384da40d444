import Foundation
import VidsimKernel

/// The back catalogue as the simulation sees it: the videos it follows, each with its popularity, the number
/// of real videos it stands for, the size its objects take in the scaled caches, and its duration.
///
/// A catalogue of hundreds of millions of videos is not simulated whole: `PopularitySampling` follows video k
/// with probability r_k (the most popular in full, the others at the sampling rate R), and a followed video
/// stands for 1 / r_k videos like it. Views come only to followed videos, at the rate the real views to them
/// would have, and count 1 / r_k times. Caches are scaled to R of their bytes, and a followed video's objects
/// take R / r_k of their size in them (a popular video's R times its size, a sampled one's its own), so that
/// each kind of video takes the share of a cache it would take in the whole system: in expectation, every LRU
/// stack distance in bytes is R times the real one. Without sampling, every video is followed and nothing is
/// scaled.
struct SampledCatalog {
    /// Each followed video's rank in the whole catalogue (1 = most popular).
    private(set) var ranks: [Int] = []
    /// How many real videos (and views) each followed video stands for: 1 / r.
    private(set) var weights: [Double] = []
    /// What a byte of each followed video's objects takes in the scaled caches: S / r.
    private(set) var sizeScales: [Double] = []
    /// Each followed video's number of segments at the catalogue's segment length.
    private(set) var segments: [Int32] = []
    /// The followed videos' share of all views (the sum of their Zipf probabilities).
    private(set) var viewShare = 0.0
    /// The caches' scale: the sampling rate R.
    let cacheScale: Double
    /// Picks a followed video in proportion to its popularity.
    private let picker: EmpiricalTable

    init(videos: Int, alpha: Double, hotVideos: Int, samplingRate: Double, duration: Distribution, segmentSeconds: Double,
         stream: RandomStream) throws {
        let sampling = PopularitySampling(videos: max(videos, 1), alpha: alpha, hotVideos: hotVideos, rate: samplingRate)
        let followed = sampling.followed()
        cacheScale = sampling.rate
        var popularity: [Double] = []
        popularity.reserveCapacity(followed.count)
        for rank in followed {
            let r = sampling.probability(rank: rank)
            ranks.append(rank)
            weights.append(1 / r)
            sizeScales.append(cacheScale / r)
            popularity.append(pow(Double(rank), -alpha))
            let seconds = max(duration.sample(stream), segmentSeconds / 1000)
            segments.append(Int32(min((seconds / segmentSeconds).rounded(.up), 65_535)))
        }
        viewShare = popularity.reduce(0, +) / ZipfSampler.harmonic(videos, exponent: alpha)
        picker = try EmpiricalTable(values: (0..<ranks.count).map(Double.init), weights: popularity)
    }

    var count: Int { ranks.count }

    /// A followed video, in proportion to its popularity.
    @inline(__always)
    func pick(_ stream: RandomStream) -> Int { Int(picker.sample(stream)) }
}
