import Foundation
import VidsimKernel

/// The back catalogue as the simulation sees it: the videos it follows, each with its popularity, the number
/// of real videos it stands for, and its duration.
///
/// A catalogue of hundreds of millions of videos is not simulated whole. The `hotVideos` most popular are kept,
/// each standing for itself; of the rest, those whose hashed rank falls under `samplingRate` R are kept, each
/// standing for 1 / R videos like it (spatial sampling, as `vidsim cache curve --sample-rate` does). Views come
/// only to kept videos, at the rate the real views to them would have; a cold view stands for 1 / R views.
/// Caches are scaled to match (see `DeliveryPath`). With R = 1 every video is kept.
struct SampledCatalog {
    /// Each kept video's rank in the whole catalogue (1 = most popular).
    private(set) var ranks: [Int] = []
    /// How many real videos (and views) each kept video stands for: 1 or 1 / R.
    private(set) var weights: [Double] = []
    /// Each kept video's number of segments at the catalogue's segment length.
    private(set) var segments: [Int32] = []
    /// The kept videos' share of all views (the sum of their Zipf probabilities).
    private(set) var viewShare = 0.0
    /// Picks a kept video in proportion to its popularity.
    private let picker: EmpiricalTable

    init(videos: Int, alpha: Double, samplingRate: Double, hotVideos: Int, duration: Distribution,
         segmentSeconds: Double, stream: RandomStream) throws {
        let hot = min(hotVideos, videos)
        let sampler = SpatialSamplingHash(rate: samplingRate)
        var probabilities: [Double] = []
        for rank in 1...max(videos, 1) where rank <= hot || sampler.keeps(UInt64(rank)) {
            ranks.append(rank)
            weights.append(rank <= hot ? 1 : 1 / samplingRate)
            probabilities.append(pow(Double(rank), -alpha))
            let seconds = max(duration.sample(stream), segmentSeconds / 1000)
            segments.append(Int32(min((seconds / segmentSeconds).rounded(.up), 65_535)))
        }
        let normaliser = Self.zipfNormaliser(videos: videos, alpha: alpha)
        viewShare = probabilities.reduce(0, +) / normaliser
        picker = try EmpiricalTable(values: (0..<ranks.count).map(Double.init), weights: probabilities)
    }

    var count: Int { ranks.count }

    /// A kept video, in proportion to its popularity.
    @inline(__always)
    func pick(_ stream: RandomStream) -> Int { Int(picker.sample(stream)) }

    /// The sum of k^-alpha for k = 1 ... videos: exact up to 10^6 terms, the rest by the Euler-Maclaurin formula
    /// (integral plus the end correction), accurate to far below a part in a million.
    static func zipfNormaliser(videos: Int, alpha: Double) -> Double {
        let exact = min(videos, 1_000_000)
        var sum = 0.0
        for k in stride(from: exact, through: 1, by: -1) { sum += pow(Double(k), -alpha) }
        guard videos > exact else { return sum }
        let a = Double(exact), b = Double(videos)
        let integral = abs(alpha - 1) < 1e-12 ? log(b / a) : (pow(b, 1 - alpha) - pow(a, 1 - alpha)) / (1 - alpha)
        // sum_{k=a+1}^{b} f(k) ~ integral_a^b f + (f(b) - f(a)) / 2
        return sum + integral + (pow(b, -alpha) - pow(a, -alpha)) / 2
    }
}

/// The hash that decides which videos a sample keeps: splitmix64's finaliser of the rank, modulo 2^24, under
/// R x 2^24. Fixed, so the same videos are kept on every machine and in every variant of a scenario.
struct SpatialSamplingHash {
    let rate: Double
    private let threshold: UInt64

    init(rate: Double) {
        self.rate = rate
        threshold = UInt64((rate * Double(1 << 24)).rounded())
    }

    @inline(__always)
    func keeps(_ id: UInt64) -> Bool {
        guard rate < 1 else { return true }
        var z = id &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return (z ^ (z >> 31)) % (1 << 24) < threshold
    }
}
