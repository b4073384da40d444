import Foundation

/// How a sampled run chooses which of a Zipf-popular catalogue's videos to follow: the `hotVideos` most popular
/// in full (probability 1), and of the rest each with probability `rate`, decided by hashing its rank.
///
/// Under Zipf popularity a few videos carry a large share of the views, and whether each of them falls in a
/// plain sample (SHARDS, Waldspurger et al., FAST'15) swings a hit ratio by tens of points (measured on 10^6
/// objects at 1%: up to 55 points); following them in full removes that. A followed video stands for 1 / r of
/// its kind. Which of the others are followed depends on `salt`: the delivery path takes it from the
/// replication's seeds, so each replication follows its own sample (the replications' spread includes what
/// sampling adds to a figure) while every variant of a scenario follows the same one in the same replication
/// (common random numbers), on every machine.
public struct PopularitySampling: Sendable, Equatable {
    public let videos: Int
    public let alpha: Double
    /// The most popular videos, followed in full.
    public let hotVideos: Int
    /// The probability that any other video is followed, in (0, 1].
    public let rate: Double
    /// Chooses the sample: the same salt, the same videos followed.
    public let salt: UInt64

    /// A sampler at `rate`, taken as the nearest multiple of 2^-24 that the hash can realise (at least one).
    public init(videos: Int, alpha: Double, hotVideos: Int, rate: Double, salt: UInt64 = 0) {
        self.videos = videos
        self.salt = salt
        self.alpha = alpha
        self.hotVideos = rate < 1 ? min(max(hotVideos, 0), videos) : videos
        self.rate = rate < 1 ? max(1, (rate * Double(1 << 24)).rounded()) / Double(1 << 24) : 1
    }

    /// The probability that video `rank` is followed.
    @inline(__always)
    public func probability(rank: Int) -> Double { rank <= hotVideos ? 1 : rate }

    /// The followed videos' ranks, in rank order.
    public func followed() -> [Int] {
        var ranks = Array(1...max(hotVideos, 1)).filter { $0 <= hotVideos }
        guard hotVideos < videos else { return ranks }
        let threshold = UInt64((rate * Double(1 << 24)).rounded())
        for rank in (hotVideos + 1)...videos where Self.hash(UInt64(rank) &+ salt) % (1 << 24) < threshold {
            ranks.append(rank)
        }
        return ranks
    }

    /// The share of the views the followed videos carry, expected.
    public var requestShare: Double {
        guard hotVideos < videos else { return 1 }
        let head = ZipfSampler.harmonic(hotVideos, exponent: alpha) / ZipfSampler.harmonic(videos, exponent: alpha)
        return head + (1 - head) * rate
    }

    /// The share of the catalogue followed, expected.
    public var videoShare: Double {
        (Double(hotVideos) + Double(videos - hotVideos) * rate) / Double(max(videos, 1))
    }

    /// splitmix64's finaliser.
    @inline(__always)
    static func hash(_ value: UInt64) -> UInt64 {
        SplitMix64.mix(value)
    }
}
