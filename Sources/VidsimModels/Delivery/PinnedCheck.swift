import Foundation
import VidsimKernel
import VidsimUnits

/// Whether pinning holds, by the Che approximation: how often an edge site's cache would hold the pinned videos if
/// they were simulated, and how much edge hit ratio counting them as always cached adds.
///
/// Pinned videos (`delivery.sampling.pinned_videos`) are counted as edge hits without simulating their requests:
/// right for videos a site asks for so often that they never leave its cache, too generous for the least popular
/// of a large pinned set. Under independent requests an LRU cache of C bytes holds an object requested at rate λ
/// with probability 1 − e^(−λT), where the characteristic time T solves Σ sizeᵢ (1 − e^(−λᵢT)) = C over every
/// object (Che, Tung and Wang 2002; Fricker, Robert and Roberts 2012). Here the objects are each watched video's
/// manifest and the segments a view watches of each rendition of its content class (in the class's shares; with
/// players, whose choices are not known before the run, every rung of the class alike), a video's class drawn by
/// the classes' shares, the videos ranked by the catalogue's Zipf popularity (without its rise and decay with age,
/// its regional skew or new uploads), and one-timers are objects asked for once, which fill the cache at their
/// rate. It is LRU's characteristic time whatever the edge's policy: S3-FIFO and SIEVE keep popular objects at
/// least as well as LRU (the check errs on the side of caution for them), FIFO less well. Every rate is
/// proportional to the site's views, so the hit probabilities do not depend on the rate, only on the cache's size:
/// one answer per cache size.
///
/// The catalogue may hold hundreds of millions of videos: the 10,000 most popular are summed one by one, the
/// rest in blocks of 1% of their rank, each at its middle rank.
public struct PinnedCheck: Sendable {
    public struct Region: Sendable, Equatable {
        public let name: String
        /// The least popular pinned video's hit ratio at one of the region's sites: the share of its requests an
        /// LRU cache of the site's size would serve.
        public let leastHit: Double
        /// The edge hit ratio (a share of requests) that counting the pinned videos as always cached adds: over
        /// the pinned videos, their share of the requests times the share of them a cache would miss.
        public let overstatement: Double
        /// The most videos that could be pinned with an overstatement of at most `tolerance`.
        public let safelyPinned: Int
    }

    /// The overstatement below which pinning is taken as sound: half a point of hit ratio.
    public static let tolerance = 0.005

    public let pinned: Int
    public let regions: [Region]

    /// The check for a configuration's pinned videos; nil when none are pinned.
    public init?(_ configuration: DeliveryConfiguration) {
        guard configuration.pinnedVideos > 0 else { return nil }
        let videos = max(1, Int((Double(configuration.catalogVideos) * (1 - configuration.neverWatched)).rounded()))
        let pinned = min(configuration.pinnedVideos, videos)
        self.pinned = pinned
        let model = ObjectModel(configuration)
        let ranks = RankBlocks(videos: videos, alpha: configuration.zipfAlpha)
        // Regions of the same site size share their characteristic time (there may be a thousand regions).
        var times: [Double: Double] = [:]
        regions = configuration.regions.map { region in
            let capacity = region.edgeCapacity.bytes
            let tau = times[capacity] ?? model.characteristicTime(capacity: capacity, ranks: ranks)
            times[capacity] = tau
            var overstatement = 0.0, safelyPinned = 0, leastHit = 1.0
            // The pinned videos are the first ranks, one by one, at their exact probabilities.
            for rank in 1...pinned {
                let probability = ranks.probability(rank: rank)
                let hit = model.hitRatio(rate: probability, tau: tau)
                overstatement += (1 - model.oneTimers) * probability * (1 - hit)
                if overstatement <= Self.tolerance { safelyPinned = rank }
                leastHit = hit
            }
            return Region(name: region.name, leastHit: leastHit, overstatement: overstatement, safelyPinned: safelyPinned)
        }
    }

    /// The region where pinning overstates most.
    public var worst: Region? { regions.max { $0.overstatement < $1.overstatement } }

    /// One sentence for `vidsim validate` and report.md: the worst region's figures, and advice when pinning
    /// overstates by more than `tolerance`.
    public var summary: String {
        guard let worst else { return "" }
        let points = worst.overstatement * 100
        let cached = worst.leastHit >= 0.99995 ? "more than 99.99%" : "\(significant(worst.leastHit * 100, digits: 4))%"
        let added = points < 0.01 ? "less than 0.01 point" : "about \(significant(points, digits: 2)) point\(points == 1 ? "" : "s")"
        var text = "by the Che approximation (an LRU cache under independent views of the catalogue's Zipf popularity), "
            + "the \(pinned == 1 ? "pinned video" : "least popular of the \(pinned) pinned videos") would be cached "
            + "\(cached) of the time at a site of \(worst.name)"
            + (regions.count > 1 ? " (the region where pinning counts most)" : "")
            + ", so counting \(pinned == 1 ? "it" : "them") as always cached adds \(added) of edge hit ratio"
        if worst.overstatement > Self.tolerance {
            text += ": more than \(significant(Self.tolerance * 100, digits: 2)) point; "
                + (worst.safelyPinned > 0 ? "pinning at most \(worst.safelyPinned) keeps it below"
                    : "even the most popular video alone adds more: pin none")
        }
        return text
    }

    /// What a view asks for, as an LRU cache sees it.
    private struct ObjectModel {
        /// A content class: its share of the videos, and each of its renditions' share of its views (summing to
        /// 1) and segment bytes.
        struct Class {
            var share: Double
            var renditions: [(share: Double, bytes: Double)]
        }

        let manifest: Double
        /// Segments a view watches.
        let segments: Double
        let classes: [Class]
        let oneTimers: Double
        let bytesPerView: Double

        init(_ configuration: DeliveryConfiguration) {
            manifest = configuration.manifestSize.bytes
            let watched = configuration.watchedFraction.map { min(max($0.mean, 0), 1) } ?? 1
            segments = max(1, (watched * configuration.duration.mean / configuration.segment.seconds).rounded(.up))
            // A rendition's share is its class's share times its share within the class (DeliveryConfiguration).
            var byClass: [Int: [(share: Double, bytes: Double)]] = [:]
            for rendition in configuration.renditions where rendition.share > 0 {
                byClass[rendition.contentClass, default: []].append(
                    (rendition.share, rendition.bitrate.bitsPerSecond * configuration.segment.seconds / 8))
            }
            let total = byClass.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.share } }
            classes = byClass.keys.sorted().map { key in
                let renditions = byClass[key]!, classTotal = renditions.reduce(0) { $0 + $1.share }
                return Class(share: classTotal / total, renditions: renditions.map { ($0.share / classTotal, $0.bytes) })
            }
            oneTimers = configuration.oneTimers
            bytesPerView = manifest + segments * classes.reduce(0) { sum, contentClass in
                sum + contentClass.share * contentClass.renditions.reduce(0) { $0 + $1.share * $1.bytes }
            }
        }

        /// The bytes a cache holds of a video viewed at `rate` (views per unit of time) with characteristic time
        /// `tau`: each object's size times the probability it is there, over the classes the video may be of.
        func occupancy(rate: Double, tau: Double) -> Double {
            var bytes = manifest * -expm1(-rate * tau)
            for contentClass in classes {
                var segmentBytes = 0.0
                for rendition in contentClass.renditions {
                    segmentBytes += rendition.bytes * -expm1(-rate * rendition.share * tau)
                }
                bytes += contentClass.share * segments * segmentBytes
            }
            return bytes
        }

        /// The bytes of every object of a video, whatever its rate.
        var videoBytes: Double {
            manifest + segments * classes.reduce(0) { $0 + $1.share * $1.renditions.reduce(0) { $0 + $1.bytes } }
        }

        /// The share of a video's requests (its manifest, then its segments) a cache with `tau` serves.
        func hitRatio(rate: Double, tau: Double) -> Double {
            var hits = -expm1(-rate * tau)
            for contentClass in classes {
                var segmentHits = 0.0
                for rendition in contentClass.renditions {
                    segmentHits += rendition.share * -expm1(-rate * rendition.share * tau)
                }
                hits += contentClass.share * segments * segmentHits
            }
            return hits / (1 + segments)
        }

        /// The characteristic time of a cache of `capacity` bytes, in units where the watched catalogue's views
        /// (one-timers aside) come at rate 1: infinite when everything fits.
        func characteristicTime(capacity: Double, ranks: RankBlocks) -> Double {
            if oneTimers == 0, capacity >= ranks.videos * videoBytes { return .infinity }
            func total(_ tau: Double) -> Double {
                var bytes = oneTimers / (1 - oneTimers) * tau * bytesPerView
                for block in ranks.blocks { bytes += block.count * occupancy(rate: block.probability, tau: tau) }
                return bytes
            }
            var high = 1.0
            while total(high) < capacity {
                high *= 4
                if high > 1e300 { return .infinity }
            }
            var low = 0.0
            for _ in 0..<100 {
                let middle = low == 0 ? high / 2 : (low * high).squareRoot()
                if total(middle) < capacity { low = middle } else { high = middle }
                if high - low <= high * 1e-9 { break }
            }
            return (low + high) / 2
        }
    }

    /// The ranks of a Zipf catalogue: the first one by one, then blocks of 1% of their rank, each with its videos'
    /// count and the view probability at its middle rank.
    private struct RankBlocks {
        let norm: Double
        let alpha: Double
        /// The watched videos.
        let videos: Double
        private(set) var blocks: [(probability: Double, count: Double)] = []

        init(videos: Int, alpha: Double) {
            self.alpha = alpha
            self.videos = Double(videos)
            norm = ZipfSampler.harmonic(videos, exponent: alpha)
            let single = min(videos, 10_000)
            blocks.reserveCapacity(single + 2_000)
            for rank in 1...single { blocks.append((pow(Double(rank), -alpha) / norm, 1)) }
            var start = single + 1
            while start <= videos {
                let end = min(videos, max(start, Int((Double(start) * 1.01).rounded(.down))))
                let middle = (Double(start) + Double(end)) / 2
                blocks.append((pow(middle, -alpha) / norm, Double(end - start + 1)))
                start = end + 1
            }
        }

        func probability(rank: Int) -> Double { pow(Double(rank), -alpha) / norm }
    }
}
