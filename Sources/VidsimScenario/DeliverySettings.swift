import Foundation
import VidsimKernel
import VidsimPolicies
import VidsimUnits

/// The delivery side: a catalogue watched by viewers in regions, through edge sites, an optional regional
/// shield and the origin. See docs/scenario-reference.md, "delivery".
public struct DeliverySettings: Decodable, Sendable {
    /// The back catalogue: its size, popularity and durations.
    public struct Catalog: Decodable, Sendable {
        public let videos: Int
        public let zipfAlpha: Double
        /// nil: the uploads' durations.
        public let duration: DistributionSpec<TimeSpan>?
        /// The videos' ages at the start of the run; nil: 0 to 5 years, uniformly.
        public let age: DistributionSpec<TimeSpan>?
        /// The share of videos never watched at all.
        public let neverWatched: Double
        /// The share of videos watched in one region only.
        public let regional: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case videos, duration, age, regional
            case zipfAlpha = "zipf_alpha"
            case neverWatched = "never_watched"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            videos = try container.decode(Int.self, forKey: .videos)
            zipfAlpha = try container.decodeIfPresent(Double.self, forKey: .zipfAlpha) ?? 0.9
            duration = try container.decodeIfPresent(DistributionSpec<TimeSpan>.self, forKey: .duration)
            guard (1...Self.largestCatalog).contains(videos) else {
                throw decoder.fieldError("expected 1 to \(Self.largestCatalog) videos, found \(videos)", field: "videos")
            }
            guard zipfAlpha > 0 && zipfAlpha <= 5 else {
                throw decoder.fieldError("expected a Zipf exponent in (0, 5], found \(shown(zipfAlpha))", field: "zipf_alpha")
            }
            age = try container.decodeIfPresent(DistributionSpec<TimeSpan>.self, forKey: .age)
            if let age {
                let largest = age.distribution.upperTail
                guard age.distribution.mean >= 0 && largest <= Self.oldestVideo else {
                    throw decoder.fieldError("expected ages from 0 to 100 years, found one of \(shown(largest / 86_400)) days",
                                             field: "age")
                }
            }
            neverWatched = try container.decodeIfPresent(Double.self, forKey: .neverWatched) ?? 0
            guard neverWatched >= 0 && neverWatched < 1 else {
                throw decoder.fieldError("expected a share of videos from 0 to below 1, found \(shown(neverWatched))",
                                         field: "never_watched")
            }
            regional = try container.decodeIfPresent(Double.self, forKey: .regional) ?? 0
            guard regional >= 0 && regional <= 1 else {
                throw decoder.fieldError("expected a share of videos from 0 to 1, found \(shown(regional))", field: "regional")
            }
            if let duration {
                let mean = duration.distribution.mean
                guard mean > 0 && mean <= 30 * 86_400 else {
                    throw decoder.fieldError("expected a mean duration above 0 and at most 30 days, found \(shown(mean)) s", field: "duration")
                }
            }
        }

        /// Two billion videos: the sample is drawn by hashing every rank once (a few seconds at this size).
        public static let largestCatalog = 2_000_000_000
        /// A hundred years, in seconds.
        public static let oldestVideo = 100 * 365.25 * 86_400
        /// The ages when none are given: uploads at a steady rate over five years.
        public static let defaultAge = Distribution.uniform(low: 0, high: 5 * 365.25 * 86_400)
    }

    /// How a video's views rise and fall with its age (a shot-noise model): a rise after publication, a
    /// half-life, a floor it settles at, and how often the simulation re-evaluates it.
    public struct Popularity: Decodable, Sendable {
        public let rise: TimeSpan
        public let halfLife: TimeSpan
        public let floor: Double
        public let step: TimeSpan

        enum CodingKeys: String, CodingKey, CaseIterable {
            case rise, floor, step
            case halfLife = "half_life"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            rise = try container.decodeIfPresent(TimeSpan.self, forKey: .rise) ?? .zero
            halfLife = try container.decode(TimeSpan.self, forKey: .halfLife)
            floor = try container.decodeIfPresent(Double.self, forKey: .floor) ?? 0.05
            step = try container.decodeIfPresent(TimeSpan.self, forKey: .step) ?? TimeSpan(seconds: 3_600)
            guard rise.seconds >= 0 && rise.seconds <= Catalog.oldestVideo else {
                throw decoder.fieldError("expected a rise from 0 to 100 years, found \(rise)", field: "rise")
            }
            guard halfLife.seconds >= 60 && halfLife.seconds <= Catalog.oldestVideo else {
                throw decoder.fieldError("expected a half-life from 1 min to 100 years, found \(halfLife)", field: "half_life")
            }
            guard floor >= 0 && floor <= 1 else {
                throw decoder.fieldError("expected a floor from 0 to 1 (a share of the peak), found \(shown(floor))", field: "floor")
            }
            guard step.seconds >= 60 && step.seconds <= 7 * 86_400 else {
                throw decoder.fieldError("expected a step from 1 min to 7 days, found \(step)", field: "step")
            }
        }
    }

    /// A rendition's share of the views, by the ladder's rung name.
    public struct RenditionShare: Decodable, Sendable {
        public let rung: String
        public let share: Double

        enum CodingKeys: String, CodingKey, CaseIterable { case rung, share }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            rung = try container.decode(String.self, forKey: .rung)
            share = try container.decode(Double.self, forKey: .share)
            guard share >= 0 && share <= 1e9 else {
                throw decoder.fieldError("expected a share from 0 to 1e9, found \(shown(share))", field: "share")
            }
        }
    }

    /// A region: its share of the views and its edge sites.
    public struct Region: Decodable, Sendable {
        public let name: String
        public let share: Double
        public let edgeSites: Int
        public let edgeCache: DataSize
        /// The region whose edge sites take this region's viewers when all of its own are down; nil: the
        /// largest other region.
        public let failover: String?
        /// The viewer's round trip to the failover region's sites.
        public let failoverRoundTrip: TimeSpan
        /// How far the region's local time is ahead of the run's clock, in seconds (negative: behind; -24 h to
        /// +24 h): its views follow `diurnal` in local time.
        public let timeOffset: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, share, failover
            case edgeSites = "edge_sites"
            case edgeCache = "edge_cache"
            case failoverRoundTrip = "failover_round_trip"
            case timeOffset = "time_offset"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            share = try container.decodeIfPresent(Double.self, forKey: .share) ?? 1
            edgeSites = try container.decodeIfPresent(Int.self, forKey: .edgeSites) ?? 1
            edgeCache = try container.decode(DataSize.self, forKey: .edgeCache)
            guard share > 0 && share <= 1e9 else {
                throw decoder.fieldError("expected a share above 0 and at most 1e9, found \(shown(share))", field: "share")
            }
            guard (1...Self.largestSiteCount).contains(edgeSites) else {
                throw decoder.fieldError("expected 1 to \(Self.largestSiteCount) edge sites, found \(edgeSites)", field: "edge_sites")
            }
            try checkCache(edgeCache, decoder: decoder, field: "edge_cache")
            failover = try container.decodeIfPresent(String.self, forKey: .failover)
            failoverRoundTrip = try container.decodeIfPresent(TimeSpan.self, forKey: .failoverRoundTrip) ?? TimeSpan(seconds: 0.1)
            try checkRoundTrip(failoverRoundTrip, decoder: decoder, field: "failover_round_trip")
            timeOffset = try Self.decodeOffset(container, decoder: decoder)
        }

        /// `time_offset`: a duration with an optional sign ("-5 h", "+5.5 h", "8 h"), at most a day either way.
        private static func decodeOffset(_ container: KeyedDecodingContainer<CodingKeys>, decoder: Decoder) throws -> Double {
            guard container.contains(.timeOffset) else { return 0 }
            guard let text = try? container.decode(String.self, forKey: .timeOffset) else {
                let found = (try? container.decodeNil(forKey: .timeOffset)) == true ? "nothing" : "a list or a mapping"
                throw decoder.fieldError("expected a duration ahead of the run's clock with an optional sign, such as '-5 h' or "
                                         + "'+1 h', found \(found)", field: "time_offset")
            }
            var body = Substring(text.trimmingCharacters(in: .whitespaces)), sign = 1.0
            if let first = body.first, first == "-" || first == "+" {
                sign = first == "-" ? -1 : 1
                body = body.dropFirst()
            }
            let span: TimeSpan
            do {
                span = try TimeSpan(parsing: String(body))
            } catch {
                throw decoder.fieldError("expected a duration with an optional sign, such as '-5 h': \(error.description)",
                                         field: "time_offset")
            }
            guard span.seconds <= 86_400 else {
                throw decoder.fieldError("expected at most a day ahead or behind (-24 h to +24 h), found '\(text)'",
                                         field: "time_offset")
            }
            return sign * span.seconds
        }

        public static let largestSiteCount = 100_000
    }

    /// The edge tier's policy and round trip.
    public struct Edge: Decodable, Sendable {
        public let policy: any EvictionPolicy
        public let roundTrip: TimeSpan
        /// An edge site's throughput to one viewer.
        public let bandwidth: BitRate

        enum CodingKeys: String, CodingKey, CaseIterable {
            case policy, bandwidth
            case roundTrip = "round_trip"
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let name = try container.decodeIfPresent(String.self, forKey: .policy) ?? LRUPolicy.name
            policy = try decoder.decodePolicy(EvictionPolicies.registry, commonKeys: CodingKeys.self, name: name)
            try refuseOffline(policy, decoder: decoder)
            roundTrip = try container.decodeIfPresent(TimeSpan.self, forKey: .roundTrip) ?? TimeSpan(seconds: 0.02)
            try checkRoundTrip(roundTrip, decoder: decoder)
            bandwidth = try container.decodeIfPresent(BitRate.self, forKey: .bandwidth) ?? Self.defaultBandwidth
            try checkBandwidth(bandwidth, decoder: decoder)
        }

        init(policy: any EvictionPolicy, roundTrip: TimeSpan) {
            self.policy = policy
            self.roundTrip = roundTrip
            bandwidth = Self.defaultBandwidth
        }

        /// A broadband viewer's share of an edge site.
        public static let defaultBandwidth = BitRate(bitsPerSecond: 25e6)
    }

    /// The regional shield tier: one cache per region.
    public struct Shield: Decodable, Sendable {
        public let cache: DataSize
        public let policy: any EvictionPolicy
        public let roundTrip: TimeSpan
        /// The shield's throughput to an edge site, per fetch.
        public let bandwidth: BitRate

        enum CodingKeys: String, CodingKey, CaseIterable {
            case cache, policy, bandwidth
            case roundTrip = "round_trip"
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let name = try container.decodeIfPresent(String.self, forKey: .policy) ?? LRUPolicy.name
            policy = try decoder.decodePolicy(EvictionPolicies.registry, commonKeys: CodingKeys.self, name: name)
            try refuseOffline(policy, decoder: decoder)
            cache = try container.decode(DataSize.self, forKey: .cache)
            try checkCache(cache, decoder: decoder, field: "cache")
            roundTrip = try container.decodeIfPresent(TimeSpan.self, forKey: .roundTrip) ?? TimeSpan(seconds: 0.03)
            try checkRoundTrip(roundTrip, decoder: decoder)
            bandwidth = try container.decodeIfPresent(BitRate.self, forKey: .bandwidth) ?? BitRate(bitsPerSecond: 1e9)
            try checkBandwidth(bandwidth, decoder: decoder)
        }
    }

    /// The origin (object storage): its round trip from the tier in front of it.
    public struct Origin: Decodable, Sendable {
        public let roundTrip: TimeSpan
        /// The origin's throughput to the cache tier in front of it, per fetch.
        public let bandwidth: BitRate

        enum CodingKeys: String, CodingKey, CaseIterable {
            case bandwidth
            case roundTrip = "round_trip"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            roundTrip = try container.decodeIfPresent(TimeSpan.self, forKey: .roundTrip) ?? TimeSpan(seconds: 0.08)
            try checkRoundTrip(roundTrip, decoder: decoder)
            bandwidth = try container.decodeIfPresent(BitRate.self, forKey: .bandwidth) ?? Self.defaultBandwidth
            try checkBandwidth(bandwidth, decoder: decoder)
        }

        init() {
            roundTrip = TimeSpan(seconds: 0.08)
            bandwidth = Self.defaultBandwidth
        }

        /// One object-storage GET's throughput.
        public static let defaultBandwidth = BitRate(bitsPerSecond: 500e6)
    }

    /// Edge sites, or a whole region, down for a while: `sites` of the region's sites (nil: all of them) from
    /// `start` for `duration`.
    public struct Outage: Decodable, Sendable {
        public let region: String
        public let sites: Int?
        public let start: TimeSpan
        public let duration: TimeSpan

        enum CodingKeys: String, CodingKey, CaseIterable { case region, sites, start, duration }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            region = try container.decode(String.self, forKey: .region)
            sites = try container.decodeIfPresent(Int.self, forKey: .sites)
            start = try container.decode(TimeSpan.self, forKey: .start)
            duration = try container.decode(TimeSpan.self, forKey: .duration)
            if let sites, sites < 1 {
                throw decoder.fieldError("expected at least 1 site, found \(sites)", field: "sites")
            }
            guard duration.seconds > 0 else {
                throw decoder.fieldError("expected a duration above 0, found \(duration)", field: "duration")
            }
        }
    }

    /// Pre-positioning: every day at `at` (time of day), the `videos` most popular videos by the forecast of the
    /// next day are pushed to every edge site, the fill spread over `window`.
    public struct Prefill: Decodable, Sendable {
        public let videos: Int
        public let at: TimeSpan
        public let window: TimeSpan

        enum CodingKeys: String, CodingKey, CaseIterable { case videos, at, window }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            videos = try container.decode(Int.self, forKey: .videos)
            at = try container.decodeIfPresent(TimeSpan.self, forKey: .at) ?? TimeSpan(seconds: 4 * 3_600)
            window = try container.decodeIfPresent(TimeSpan.self, forKey: .window) ?? TimeSpan(seconds: 2 * 3_600)
            guard (1...1_000_000).contains(videos) else {
                throw decoder.fieldError("expected 1 to 1,000,000 videos, found \(videos)", field: "videos")
            }
            guard at.seconds >= 0 && at.seconds < 86_400 else {
                throw decoder.fieldError("expected a time of day from 0 h to below 24 h, found \(at)", field: "at")
            }
            guard window.seconds >= 60 && window.seconds <= 86_400 else {
                throw decoder.fieldError("expected a fill window of 1 min to 1 day, found \(window)", field: "window")
            }
        }
    }

    /// Sampling: the most popular videos in full, a hashed share of the rest.
    public struct Sampling: Decodable, Sendable {
        /// The rate; with `rate: auto`, the one `DeliverySettings.resolveSampling` chose for `target`.
        public internal(set) var rate: Double
        public let hotVideos: Int
        /// The share of new uploads beyond the hot set followed; nil: `rate`.
        public let newVideos: Double?
        /// With `rate: auto`: the delivery side's run time to aim for, per replication on one core.
        public let target: TimeSpan?
        /// The most popular videos (at most `hotVideos`) taken as always cached at every edge site: their views
        /// counted, their requests not simulated.
        public let pinnedVideos: Int

        enum CodingKeys: String, CodingKey, CaseIterable {
            case rate, target
            case pinnedVideos = "pinned_videos"
            case hotVideos = "hot_videos"
            case newVideos = "new_videos"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let word = try? container.decode(String.self, forKey: .rate), Double(word) == nil {
                guard word == "auto" else {
                    throw decoder.fieldError("expected a sampling rate from 1e-7 to 1, or 'auto', found '\(quoted(word))'", field: "rate")
                }
                target = try container.decodeIfPresent(TimeSpan.self, forKey: .target) ?? TimeSpan(seconds: 60)
                guard let target, target.seconds >= 1 && target.seconds <= 86_400 else {
                    throw decoder.fieldError("expected a target of 1 s to 1 day", field: "target")
                }
                rate = 1
            } else {
                rate = try container.decode(Double.self, forKey: .rate)
                target = nil
                if container.contains(.target) {
                    throw decoder.fieldError("'target' goes with 'rate: auto' only (it chooses the rate)", field: "target")
                }
            }
            hotVideos = try container.decodeIfPresent(Int.self, forKey: .hotVideos) ?? 10_000
            pinnedVideos = try container.decodeIfPresent(Int.self, forKey: .pinnedVideos) ?? 0
            guard (0...hotVideos).contains(pinnedVideos) else {
                throw decoder.fieldError("expected 0 to hot_videos (\(hotVideos)) pinned videos, found \(pinnedVideos)",
                                         field: "pinned_videos")
            }
            guard rate >= 1e-7 && rate <= 1 else {
                throw decoder.fieldError("expected a sampling rate from 1e-7 to 1, found \(shown(rate))", field: "rate")
            }
            guard (0...10_000_000).contains(hotVideos) else {
                throw decoder.fieldError("expected 0 to 10,000,000 hot videos, found \(hotVideos)", field: "hot_videos")
            }
            newVideos = try container.decodeIfPresent(Double.self, forKey: .newVideos)
            if let newVideos {
                guard newVideos >= (target == nil ? rate : 1e-7) && newVideos <= 1 else {
                    throw decoder.fieldError("expected a share of new uploads from the sampling rate (\(shown(rate))) to 1, "
                                             + "found \(shown(newVideos))", field: "new_videos")
                }
            }
        }

        init(rate: Double, hotVideos: Int) {
            self.rate = rate
            self.hotVideos = hotVideos
            newVideos = nil
            target = nil
            pinnedVideos = 0
        }
    }

    /// One step of a tiered price: this price per byte for the month's volume up to `upTo` (nil: beyond).
    public struct PriceTier: Decodable, Sendable {
        public let upTo: DataSize?
        public let price: Price<DataSize>

        enum CodingKeys: String, CodingKey, CaseIterable {
            case price
            case upTo = "up_to"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            upTo = try container.decodeIfPresent(DataSize.self, forKey: .upTo)
            price = try container.decode(Price<DataSize>.self, forKey: .price)
            guard price.dollarsPerBaseUnit >= 0 && price.dollarsPerBaseUnit.isFinite else {
                throw decoder.fieldError("expected a price of 0 or more", field: "price")
            }
        }
    }

    public let catalog: Catalog
    /// nil: every video keeps its popularity for ever.
    public let popularity: Popularity?
    /// Whether the content path's uploads join the catalogue when published.
    public let newUploads: Bool
    /// The share of views that go to a video watched only once.
    public let oneTimers: Double
    public let views: EventRate
    public let diurnal: DiurnalProfile?
    public let watched: Double
    public let segment: TimeSpan
    public let manifestSize: DataSize
    public let renditions: [RenditionShare]?
    public let regions: [Region]
    public let edge: Edge
    public let shield: Shield?
    public let origin: Origin
    public internal(set) var sampling: Sampling
    /// Sites or regions down for a while.
    public let outages: [Outage]
    /// Pre-positioning of the most popular videos at the edges, daily; nil: none.
    public let prefill: Prefill?
    /// Egress to viewers, tiered by the month's volume (CDN list prices fall with volume); nil: free.
    public let egressPrice: [PriceTier]?
    /// The origin's egress, per byte it sends to the CDN; nil: free.
    public let originEgressPrice: Price<DataSize>?
    /// The CDN's price per request from viewers (every manifest and segment asked of an edge); nil: free.
    public let requestPrice: Price<RequestCount>?
    /// The origin's price per request it serves (each miss that reaches it, each object pushed by pre-positioning:
    /// an object store's GET); nil: free.
    public let originRequestPrice: Price<RequestCount>?
    /// Viewers' players choosing each segment's rung; nil: the rendition mix. With players, `renditions` (given or
    /// inherited from the scenario a file extends) is not used.
    public internal(set) var players: PlayersSettings?

    /// The rate profile of the views.
    public var profile: RateProfile { RateProfile(diurnal: diurnal, weekly: nil, bursts: []) }

    /// The views' largest multiplier of their mean, every region together: the daily shape's peak, or lower when
    /// regions in other time zones peak at other hours of the run (each region's shape in its local time, weighted
    /// by its share; the largest over a day at one-minute steps).
    public var peakMultiplier: Double {
        let profile = self.profile
        guard diurnal != nil, regions.contains(where: { $0.timeOffset != 0 }) else { return profile.maximum }
        let total = regions.reduce(0) { $0 + $1.share }
        var peak = 0.0
        for minute in 0..<1_440 {
            let time = TimeSpan(seconds: Double(minute) * 60)
            peak = max(peak, regions.reduce(0) { $0 + $1.share * profile.multiplier(at: time, localOffset: $1.timeOffset) } / total)
        }
        return peak
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case catalog, popularity, views, diurnal, watched, segment, renditions, regions, edge, shield, origin, sampling
        case outages, prefill, players
        case newUploads = "new_uploads"
        case oneTimers = "one_timers"
        case manifestSize = "manifest_size"
        case egressPrice = "egress_price"
        case originEgressPrice = "origin_egress_price"
        case requestPrice = "request_price"
        case originRequestPrice = "origin_request_price"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        catalog = try container.decode(Catalog.self, forKey: .catalog)
        popularity = try container.decodeIfPresent(Popularity.self, forKey: .popularity)
        newUploads = try container.decodeIfPresent(Bool.self, forKey: .newUploads) ?? true
        oneTimers = try container.decodeIfPresent(Double.self, forKey: .oneTimers) ?? 0
        guard oneTimers >= 0 && oneTimers < 1 else {
            throw decoder.fieldError("expected a share of views from 0 to below 1, found \(shown(oneTimers))", field: "one_timers")
        }
        views = try container.decode(EventRate.self, forKey: .views)
        guard views.perSecond > 0 && views.perSecond <= 1e7 else {
            throw decoder.fieldError("expected views above 0 and at most 10,000,000/s, found \(views)", field: "views")
        }
        diurnal = try container.decodeIfPresent(DiurnalProfile.self, forKey: .diurnal)
        watched = try container.decodeIfPresent(Double.self, forKey: .watched) ?? 1
        guard watched > 0 && watched <= 1 else {
            throw decoder.fieldError("expected the share of a video each view watches, in (0, 1], found \(shown(watched))", field: "watched")
        }
        segment = try container.decodeIfPresent(TimeSpan.self, forKey: .segment) ?? TimeSpan(seconds: 4)
        guard segment.seconds >= 0.1 && segment.seconds <= 600 else {
            throw decoder.fieldError("expected a segment of 0.1 s to 10 min, found \(segment)", field: "segment")
        }
        manifestSize = try container.decodeIfPresent(DataSize.self, forKey: .manifestSize) ?? DataSize(bytes: 2_000)
        guard manifestSize.bytes >= 1 && manifestSize.bytes <= 1e9 else {
            throw decoder.fieldError("expected a manifest of 1 byte to 1 GB, found \(manifestSize)", field: "manifest_size")
        }
        renditions = try container.decodeIfPresent([RenditionShare].self, forKey: .renditions)
        if let renditions {
            guard !renditions.isEmpty, renditions.contains(where: { $0.share > 0 }) else {
                throw decoder.fieldError("expected at least one rendition with a positive share", field: "renditions")
            }
        }
        regions = try container.decode([Region].self, forKey: .regions)
        guard !regions.isEmpty && regions.count <= 1000 else {
            throw decoder.fieldError("expected 1 to 1000 regions, found \(regions.count)", field: "regions")
        }
        if container.contains(.edge) {
            edge = try Edge(from: container.superDecoder(forKey: .edge))
        } else {
            edge = Edge(policy: LRUPolicy(), roundTrip: TimeSpan(seconds: 0.02))
        }
        shield = try container.decodeIfPresent(Shield.self, forKey: .shield)
        origin = try container.decodeIfPresent(Origin.self, forKey: .origin) ?? Origin()
        let names = regions.map(\.name)
        for (index, region) in regions.enumerated() {
            guard names.filter({ $0 == region.name }).count == 1 else {
                throw FieldError(codingPath: decoder.codingPath + [AnyKey("regions"), AnyKey(intValue: index)!, AnyKey("name")],
                                 message: "expected region names to differ, found '\(region.name)' twice")
            }
            if let failover = region.failover {
                guard names.contains(failover), failover != region.name else {
                    var message = "expected another region's name, found '\(failover)'"
                    if let close = Spelling.closest(to: failover, among: names.filter { $0 != region.name }) {
                        message += " (did you mean '\(close)'?)"
                    }
                    throw FieldError(codingPath: decoder.codingPath + [AnyKey("regions"), AnyKey(intValue: index)!, AnyKey("failover")],
                                     message: message)
                }
            }
        }
        outages = try container.decodeIfPresent([Outage].self, forKey: .outages) ?? []
        guard outages.count <= 1000 else {
            throw decoder.fieldError("expected at most 1000 outages, found \(outages.count)", field: "outages")
        }
        for (index, outage) in outages.enumerated() {
            let path = decoder.codingPath + [AnyKey("outages"), AnyKey(intValue: index)!]
            guard let region = regions.first(where: { $0.name == outage.region }) else {
                var message = "expected a region's name, found '\(outage.region)'"
                if let close = Spelling.closest(to: outage.region, among: names) { message += " (did you mean '\(close)'?)" }
                throw FieldError(codingPath: path + [AnyKey("region")], message: message)
            }
            if let sites = outage.sites, sites > region.edgeSites {
                throw FieldError(codingPath: path + [AnyKey("sites")],
                                 message: "expected at most the region's \(region.edgeSites) edge sites, found \(sites)")
            }
        }
        prefill = try container.decodeIfPresent(Prefill.self, forKey: .prefill)
        sampling = try container.decodeIfPresent(Sampling.self, forKey: .sampling) ?? Sampling(rate: 1, hotVideos: 0)
        egressPrice = try container.decodeIfPresent([PriceTier].self, forKey: .egressPrice)
        if let tiers = egressPrice {
            guard !tiers.isEmpty, tiers.last?.upTo == nil else {
                throw decoder.fieldError("the last egress price tier must have no 'up_to' (it prices everything beyond)", field: "egress_price")
            }
            let bounds = tiers.dropLast().map { $0.upTo?.bytes ?? .infinity }
            guard bounds.allSatisfy({ $0 > 0 }), zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw decoder.fieldError("expected 'up_to' volumes that increase from tier to tier", field: "egress_price")
            }
        }
        originEgressPrice = try container.decodeIfPresent(Price<DataSize>.self, forKey: .originEgressPrice)
        requestPrice = try container.decodeIfPresent(Price<RequestCount>.self, forKey: .requestPrice)
        originRequestPrice = try container.decodeIfPresent(Price<RequestCount>.self, forKey: .originRequestPrice)
        players = try container.decodeIfPresent(PlayersSettings.self, forKey: .players)
        if let players, players.maxBuffer.seconds < segment.seconds {
            throw FieldError(codingPath: decoder.codingPath + [AnyKey("players"), AnyKey("max_buffer")],
                             message: "expected a maximum buffer of at least one segment (\(segment)), found \(players.maxBuffer)")
        }
    }

    /// The wall time one core takes per delivery event, for choosing `sampling: { rate: auto }`, by the memory
    /// the caches and catalogue take (`bytes`, as the run-size check counts it): each request looks up and
    /// updates a cache at random, so once the caches outgrow the processor's own caches every event waits on
    /// main memory, more the larger they are (page walks). Fitted on this project's 2-core machine of 2026 (a
    /// release build, one replication per core): 1.1 us per event at 100 MB (startup-cdn.yaml), 2.2 us at 575 MB,
    /// 2.5 us at 2 GB and 3.0 us at 8 GB (youtube-cdn-day.yaml at several rates); 1 us below 64 MB, rising by
    /// 2/7 us per doubling. The report states the rate chosen and the run's own events per second.
    public static func secondsPerEvent(memory bytes: Double) -> Double {
        let doublings = max(0, log2(max(bytes, 1) / (64 * 1_048_576)))
        return (1 + min(doublings, 10) * 2 / 7) * 1e-6
    }

    /// With `rate: auto`, chooses the sampling rate whose delivery events take about `target` on one core, as
    /// the run-size check counts events and memory (`secondsPerEvent`), and whose caches fit half the run-size
    /// check's memory limit: both grow with the rate (more videos followed, caches scaled by it), so the rate is
    /// found by bisection on its logarithm.
    mutating func resolveSampling(in scenario: Scenario) throws {
        guard let target = sampling.target else { return }
        let horizon = scenario.run.horizon.seconds
        let uploads = scenario.uploads.arrivalRate.perSecond * RunSize.integratedMultiplier(scenario.uploads.profile, over: horizon)
        let heads = RunSize.DeliveryHeads(self)
        func seconds(at rate: Double) -> Double {
            var trial = self
            trial.sampling.rate = rate
            let footprint = RunSize.deliveryFootprint(trial, in: scenario, uploadsPerReplication: uploads, heads: heads)
            // A rate whose caches would not fit half the run-size check's memory (two replications at once) is
            // too high whatever its time.
            guard footprint.bytes <= RunSize.memoryLimit / 2 else { return .infinity }
            // Players' decisions are counted in events of 1 us already.
            return (footprint.events - footprint.decisions) * Self.secondsPerEvent(memory: footprint.bytes) + footprint.decisions * 1e-6
        }
        let videos = max(1, Int((Double(catalog.videos) * (1 - catalog.neverWatched)).rounded()))
        let hot = min(sampling.hotVideos, videos)
        // Everything fits the target, or the hot set is the whole catalogue: nothing to sample.
        guard hot < videos, seconds(at: 1) > target.seconds else {
            sampling.rate = 1
            return
        }
        let lowest = 1e-7
        guard seconds(at: lowest) < target.seconds else {
            let head = ZipfSampler.harmonic(hot, exponent: catalog.zipfAlpha) / ZipfSampler.harmonic(videos, exponent: catalog.zipfAlpha)
            throw FieldError(
                codingPath: [AnyKey("delivery"), AnyKey("sampling"), AnyKey("hot_videos")],
                message: "the \(hot) hot videos alone carry \(shown(head * 100))% of the views, about "
                    + "\(shown(seconds(at: lowest).rounded())) s of simulation against a target of \(target): "
                    + "expected fewer hot videos, more of them pinned (or a longer target)")
        }
        var low = log(lowest), high = 0.0
        // 40 halvings of ln(1e7): the rate to a relative 1e-11, far finer than the 2^-24 steps the hash realises.
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if seconds(at: exp(middle)) > target.seconds { high = middle } else { low = middle }
        }
        // At least a hundred videos followed beyond the hot set, so the sample stands for the rest.
        sampling.rate = min(1, max(exp(low), 100 / Double(videos - hot)))
    }

    /// Each rung's share of content class `index`'s views, by rung number (0 outside the class): the mix's shares of
    /// the rungs it names (as the delivery path resolves the names in a ladder by class), or every rung of the class
    /// alike with players (which ignore the mix) or without a mix. What the run-size check and the pinned set's
    /// check count as watched.
    func watchedShares(inClass index: Int, of ladder: BitrateLadder) -> [Double] {
        var shares = [Double](repeating: 0, count: ladder.rungs.count)
        if let mix = renditions, players == nil {
            for entry in mix {
                if let rung = ladder.byClass ? ladder.rung(named: entry.rung, inClass: index)
                    : ladder.rungs.firstIndex(where: { $0.name == entry.rung }) {
                    shares[rung] += entry.share
                }
            }
        } else {
            for rung in ladder.classes[index].rungs { shares[rung] = 1 }
        }
        return shares
    }

    /// Refuses a pinned set that would not fit the edge sites: pinned videos hold every segment of each rendition
    /// viewers watch, and their manifest, in every site of the regions that watch them, and at most 90% of a site
    /// may be pinned. Counted for the mean video here (the run checks the videos it draws, so a set at the limit
    /// may still be refused when the run starts).
    func checkPinnedFits(in scenario: Scenario) throws {
        let pinned = min(sampling.pinnedVideos, catalog.videos)
        guard pinned > 0 else { return }
        let ladder = scenario.ladder
        // Each class's watched renditions, their segments' bytes added, weighted by the classes' shares.
        var bytesPerSegment = 0.0
        for (index, contentClass) in ladder.classes.enumerated() {
            let shares = watchedShares(inClass: index, of: ladder)
            bytesPerSegment += contentClass.share * contentClass.rungs.reduce(0) {
                $0 + (shares[$1] > 0 ? ladder.rungs[$1].bitrate.bitsPerSecond * segment.seconds / 8 : 0)
            }
        }
        let classShares = ladder.classes.reduce(0) { $0 + $1.share }
        let duration = (catalog.duration ?? scenario.uploads.duration).distribution.mean
        let perVideo = manifestSize.bytes + (duration / segment.seconds).rounded(.up) * bytesPerSegment / max(classShares, 1e-300)
        let shares = regions.reduce(0) { $0 + $1.share }
        for region in regions {
            // A regional video is pinned only in its home region, drawn by the regions' shares.
            let videos = Double(pinned) * ((1 - catalog.regional) + catalog.regional * region.share / max(shares, 1e-300))
            let bytes = videos * perVideo
            // As the run checks it: a pinned set must take less than 90% of a site.
            guard bytes < region.edgeCache.bytes * 0.9 else {
                throw FieldError(
                    codingPath: [AnyKey("delivery"), AnyKey("sampling"), AnyKey("pinned_videos")],
                    message: "the \(pinned) pinned videos take about \(DataSize(bytes: bytes)) of each edge site of region "
                        + "'\(region.name)' (a mean video's manifest and every segment of each rendition watched), which holds "
                        + "\(region.edgeCache): expected at most 90% of a site pinned; pin fewer or give the sites more cache")
            }
        }
    }

    /// Refuses outages that start at or after the horizon (nothing of them would be observed).
    func checkOutages(horizon: TimeSpan) throws {
        for (index, outage) in outages.enumerated() where outage.start.seconds >= horizon.seconds {
            throw FieldError(codingPath: [AnyKey("delivery"), AnyKey("outages"), AnyKey(intValue: index)!, AnyKey("start")],
                             message: "expected an outage starting before the horizon (\(horizon)), found \(outage.start)")
        }
    }

    /// The cost of a month's egress of `bytes` at the tiered prices (each tier's price on the volume within it).
    public func monthlyEgressCost(bytes: Double) -> Double {
        guard let tiers = egressPrice else { return 0 }
        var cost = 0.0, below = 0.0
        for tier in tiers {
            let top = tier.upTo?.bytes ?? .infinity
            let within = max(0, min(bytes, top) - below)
            cost += within * tier.price.dollarsPerBaseUnit
            below = top
            if bytes <= top { break }
        }
        return cost
    }
}

private func checkCache(_ size: DataSize, decoder: Decoder, field: String) throws {
    guard size.bytes >= 1e6 && size.bytes <= 1e18 else {
        throw decoder.fieldError("expected a cache of 1 MB to 1,000 PB, found \(size)", field: field)
    }
}

private func checkRoundTrip(_ roundTrip: TimeSpan, decoder: Decoder, field: String = "round_trip") throws {
    guard roundTrip.seconds >= 0 && roundTrip.seconds <= 60 else {
        throw decoder.fieldError("expected a round trip from 0 to 60 s, found \(roundTrip)", field: field)
    }
}

private func checkBandwidth(_ bandwidth: BitRate, decoder: Decoder) throws {
    guard bandwidth.bitsPerSecond >= 1e3 && bandwidth.bitsPerSecond <= 1e13 else {
        throw decoder.fieldError("expected a bandwidth of 1 kbps to 10 Tbps, found \(bandwidth)", field: "bandwidth")
    }
}

private func refuseOffline(_ policy: any EvictionPolicy, decoder: Decoder) throws {
    guard !type(of: policy).needsFuture else {
        throw decoder.fieldError("'\(type(of: policy).name)' reads the future, so it serves trace replays (vidsim cache) only; "
                                 + "choose an online policy", field: "policy")
    }
}
