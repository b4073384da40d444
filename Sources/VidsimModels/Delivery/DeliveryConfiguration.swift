import VidsimKernel
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// What the delivery path needs to know: the catalogue and its popularity, the views, the renditions they
/// watch, and the CDN's tiers. Built from a scenario's `delivery:` section (or directly, in tests).
public struct DeliveryConfiguration: Sendable {
    /// A region: its share of the views and its edge sites.
    public struct Region: Sendable {
        public var name: String
        public var viewShare: Double
        public var edgeSites: Int
        /// Each edge site's cache.
        public var edgeCapacity: DataSize
        /// The region (index) whose sites take this region's viewers when all of its own are down; nil: the
        /// largest other region with a site up.
        public var failover: Int?
        /// The viewer's round trip to another region's sites.
        public var failoverRoundTrip: TimeSpan
        /// How far the region's local time is ahead of the run's clock, in seconds (negative: behind): its views
        /// follow the diurnal shape in local time.
        public var timeOffset: Double

        public init(name: String, viewShare: Double, edgeSites: Int, edgeCapacity: DataSize, failover: Int? = nil,
                    failoverRoundTrip: TimeSpan = TimeSpan(seconds: 0.1), timeOffset: Double = 0) {
            self.timeOffset = timeOffset
            self.name = name
            self.viewShare = viewShare
            self.edgeSites = edgeSites
            self.edgeCapacity = edgeCapacity
            self.failover = failover
            self.failoverRoundTrip = failoverRoundTrip
        }
    }

    /// Sites of a region down for a while: the first `sites` of its sites (all of them for a region outage).
    public struct Outage: Sendable {
        public var region: Int
        public var sites: Int
        public var start: TimeSpan
        public var duration: TimeSpan

        public init(region: Int, sites: Int, start: TimeSpan, duration: TimeSpan) {
            self.region = region
            self.sites = sites
            self.start = start
            self.duration = duration
        }

        public var end: TimeSpan { TimeSpan(seconds: start.seconds + duration.seconds) }
    }

    /// Pre-positioning: daily at `at` (time of day), the `videos` most popular by the next day's forecast pushed
    /// to every edge site, the fill counted over `window`.
    public struct Prefill: Sendable {
        public var videos: Int
        public var at: TimeSpan
        public var window: TimeSpan

        public init(videos: Int, at: TimeSpan, window: TimeSpan) {
            self.videos = videos
            self.at = at
            self.window = window
        }
    }

    /// A rendition viewers watch, with its share of the views of its content class's videos.
    public struct Rendition: Sendable {
        public var name: String
        public var bitrate: BitRate
        public var share: Double
        /// The content class whose videos have it (an index into `classShares`).
        public var contentClass: Int
        /// Its measured quality, when the ladder gives one.
        public var quality: Double?

        public init(name: String, bitrate: BitRate, share: Double, contentClass: Int = 0, quality: Double? = nil) {
            self.name = name
            self.bitrate = bitrate
            self.share = share
            self.contentClass = contentClass
            self.quality = quality
        }
    }

    /// The content classes' shares of the videos (one class, every video, without a ladder by class).
    public var classShares: [Double] = [1]

    /// Videos in the back catalogue, ranked by popularity.
    public var catalogVideos: Int
    /// Zipf exponent of the catalogue's popularity: view k of the ranked catalogue has weight k^-alpha.
    public var zipfAlpha: Double
    /// Videos' durations.
    public var duration: Distribution
    /// The share of the catalogue (and of new uploads) that is never watched, in [0, 1).
    public var neverWatched: Double = 0
    /// The back catalogue's ages at the start, in seconds; nil: all new (age 0).
    public var age: Distribution?
    /// The share of videos watched in one region only (their home, drawn by the regions' shares), in [0, 1].
    public var regional: Double = 0
    /// How a video's popularity rises and falls with its age.
    public var shape: PopularityShape = .constant
    /// How often every video's popularity is re-evaluated (when the shape is not constant).
    public var popularityStep = TimeSpan(seconds: 3_600)
    /// The share of views that go to a video watched only once, in [0, 1).
    public var oneTimers: Double = 0
    /// Whether the content path's uploads join the catalogue when they are published.
    public var newUploads = false
    /// Throughput per transfer: edge site to viewer, shield to edge, origin to the tier in front of it.
    public var edgeBandwidth = BitRate(bitsPerSecond: 25e6)
    public var shieldBandwidth = BitRate(bitsPerSecond: 1e9)
    public var originBandwidth = BitRate(bitsPerSecond: 500e6)
    /// Sites or regions down for a while.
    public var outages: [Outage] = []
    /// Players choosing each segment's rung (the renditions' shares are then unused); nil: the rendition mix.
    public var players: Players?
    public var prefill: Prefill?
    /// The share of a video each view watches, in (0, 1]; nil: all of it.
    public var watchedFraction: Distribution?
    /// Views per second over the day, before the rate profile.
    public var views: EventRate
    /// The diurnal (and weekly, burst) shape of the views.
    public var profile: RateProfile
    public var segment: TimeSpan
    /// Manifest bytes, requested once per view before the first segment.
    public var manifestSize: DataSize
    public var renditions: [Rendition]
    public var regions: [Region]
    public var edgePolicy: any EvictionPolicy
    /// The regional shield tier: one cache per region; nil for none.
    public var shieldPolicy: (any EvictionPolicy)?
    public var shieldCapacity: DataSize
    /// Round trips from the viewer to the edge, the edge to the shield, the shield (or edge) to the origin.
    public var edgeRoundTrip: TimeSpan
    public var shieldRoundTrip: TimeSpan
    public var originRoundTrip: TimeSpan
    /// The share of the catalogue beyond the hot set that is simulated, in (0, 1] (`PopularitySampling`).
    public var samplingRate: Double
    /// The most popular videos simulated in full whatever the sampling rate.
    public var hotVideos: Int
    /// The share of new uploads beyond the hot set that is simulated (at least `samplingRate`); nil: the same.
    public var newVideoSamplingRate: Double?
    /// The most popular videos pinned in every edge cache: their views counted without simulating their
    /// requests (at most `hotVideos`).
    public var pinnedVideos = 0

    public init(catalogVideos: Int, zipfAlpha: Double, duration: Distribution, watchedFraction: Distribution? = nil,
                views: EventRate, profile: RateProfile = RateProfile(diurnal: nil, weekly: nil, bursts: []),
                segment: TimeSpan = TimeSpan(seconds: 4), manifestSize: DataSize = DataSize(bytes: 2_000),
                renditions: [Rendition], regions: [Region], edgePolicy: any EvictionPolicy,
                shieldPolicy: (any EvictionPolicy)? = nil, shieldCapacity: DataSize = .zero,
                edgeRoundTrip: TimeSpan = TimeSpan(seconds: 0.02), shieldRoundTrip: TimeSpan = TimeSpan(seconds: 0.03),
                originRoundTrip: TimeSpan = TimeSpan(seconds: 0.08), samplingRate: Double = 1, hotVideos: Int = 0) {
        self.catalogVideos = catalogVideos
        self.zipfAlpha = zipfAlpha
        self.duration = duration
        self.watchedFraction = watchedFraction
        self.views = views
        self.profile = profile
        self.segment = segment
        self.manifestSize = manifestSize
        self.renditions = renditions
        self.regions = regions
        self.edgePolicy = edgePolicy
        self.shieldPolicy = shieldPolicy
        self.shieldCapacity = shieldCapacity
        self.edgeRoundTrip = edgeRoundTrip
        self.shieldRoundTrip = shieldRoundTrip
        self.originRoundTrip = originRoundTrip
        self.samplingRate = samplingRate
        self.hotVideos = hotVideos
    }
}

extension DeliveryConfiguration {
    /// The configuration a scenario's `delivery:` section gives.
    public init(settings: DeliverySettings, scenario: Scenario) {
        let ladder = scenario.ladder
        var renditions: [Rendition] = []
        // Players choose among every rung; the mix is for views without players. In a ladder by class, each
        // class's videos are watched at its rungs the mix names (or its closest: `BitrateLadder.rung(named:)`).
        if let shares = settings.renditions, settings.players == nil, !ladder.byClass {
            // One fixed ladder: the mix as written, rung by rung.
            renditions = shares.compactMap { share in
                ladder.rungs.first { $0.name == share.rung }.map {
                    Rendition(name: $0.name, bitrate: $0.bitrate, share: share.share, quality: $0.quality)
                }
            }
        } else if let shares = settings.renditions, settings.players == nil {
            for (index, contentClass) in ladder.classes.enumerated() {
                var classShares: [Int: Double] = [:], order: [Int] = []
                for share in shares {
                    guard let rung = ladder.rung(named: share.rung, inClass: index) else { continue }
                    if classShares[rung] == nil { order.append(rung) }
                    classShares[rung, default: 0] += share.share
                }
                let total = order.reduce(0) { $0 + classShares[$1]! }
                for rung in order {
                    let r = ladder.rungs[rung]
                    renditions.append(Rendition(name: r.label, bitrate: r.bitrate,
                                                share: total > 0 ? contentClass.share * classShares[rung]! / total : 0,
                                                contentClass: index, quality: r.quality))
                }
            }
        } else {
            renditions = ladder.rungs.map { rung in
                Rendition(name: rung.label, bitrate: rung.bitrate, share: ladder.classes[rung.contentClass].share,
                          contentClass: rung.contentClass, quality: rung.quality)
            }
        }
        self.init(
            catalogVideos: settings.catalog.videos, zipfAlpha: settings.catalog.zipfAlpha,
            duration: (settings.catalog.duration ?? scenario.uploads.duration).distribution,
            watchedFraction: settings.watched < 1 ? .constant(settings.watched) : nil,
            views: settings.views, profile: settings.profile, segment: settings.segment, manifestSize: settings.manifestSize,
            renditions: renditions,
            regions: settings.regions.map { region in
                Region(name: region.name, viewShare: region.share, edgeSites: region.edgeSites, edgeCapacity: region.edgeCache,
                       failover: region.failover.flatMap { name in settings.regions.firstIndex { $0.name == name } },
                       failoverRoundTrip: region.failoverRoundTrip, timeOffset: region.timeOffset)
            },
            edgePolicy: settings.edge.policy, shieldPolicy: settings.shield?.policy,
            shieldCapacity: settings.shield?.cache ?? .zero, edgeRoundTrip: settings.edge.roundTrip,
            shieldRoundTrip: settings.shield?.roundTrip ?? .zero, originRoundTrip: settings.origin.roundTrip,
            samplingRate: settings.sampling.rate, hotVideos: settings.sampling.hotVideos)
        classShares = ladder.classes.map(\.share)
        neverWatched = settings.catalog.neverWatched
        age = settings.catalog.age?.distribution ?? DeliverySettings.Catalog.defaultAge
        regional = settings.catalog.regional
        if let popularity = settings.popularity {
            shape = PopularityShape(rise: popularity.rise.seconds, halfLife: popularity.halfLife.seconds, floor: popularity.floor)
            popularityStep = popularity.step
        }
        oneTimers = settings.oneTimers
        newUploads = settings.newUploads
        newVideoSamplingRate = settings.sampling.newVideos
        pinnedVideos = settings.sampling.pinnedVideos
        edgeBandwidth = settings.edge.bandwidth
        shieldBandwidth = settings.shield?.bandwidth ?? shieldBandwidth
        originBandwidth = settings.origin.bandwidth
        outages = settings.outages.map { outage in
            let region = settings.regions.firstIndex { $0.name == outage.region } ?? 0
            return Outage(region: region, sites: outage.sites ?? settings.regions[region].edgeSites, start: outage.start,
                          duration: outage.duration)
        }
        prefill = settings.prefill.map { Prefill(videos: $0.videos, at: $0.at, window: $0.window) }
        players = settings.players.map { Players($0, ladder: ladder, manifestSize: settings.manifestSize) }
    }
}

extension DeliveryConfiguration {
    /// Viewers' players: the settings every device shares and each device class.
    public struct Players: Sendable {
        public struct Device: Sendable {
            public var name: String
            public var share: Double
            public var algorithm: any ABRAlgorithm
            public var process: any BandwidthProcess
            public var scale: Double
            /// By content class, the renditions (indices into `renditions`) the device plays, in ascending bit rate.
            public var renditionsByClass: [[Int]]

            public init(name: String, share: Double, algorithm: any ABRAlgorithm, process: any BandwidthProcess, scale: Double = 1,
                        renditions: [Int]) {
                self.init(name: name, share: share, algorithm: algorithm, process: process, scale: scale, renditionsByClass: [renditions])
            }

            public init(name: String, share: Double, algorithm: any ABRAlgorithm, process: any BandwidthProcess, scale: Double = 1,
                        renditionsByClass: [[Int]]) {
                self.name = name
                self.share = share
                self.algorithm = algorithm
                self.process = process
                self.scale = scale
                self.renditionsByClass = renditionsByClass
            }
        }

        public var settings: PlayerSettings
        public var devices: [Device]

        public init(settings: PlayerSettings, devices: [Device]) {
            self.settings = settings
            self.devices = devices
        }

        /// A scenario's `delivery.players`, over the ladder's rungs (the renditions, in ladder order).
        public init(_ players: PlayersSettings, ladder: BitrateLadder, manifestSize: DataSize) {
            settings = PlayerSettings(startup: players.startup, maxBuffer: players.maxBuffer, resume: players.resume,
                                      payloadShare: players.payloadShare, manifestSize: manifestSize,
                                      rebufferPenalty: players.rebufferPenalty, smoothnessPenalty: players.smoothnessPenalty,
                                      abandonment: players.abandon)
            devices = players.devices.map { device in
                let link = device.bandwidth ?? players.bandwidth
                return Device(name: device.name, share: device.share, algorithm: device.abr ?? players.abr, process: link.process,
                              scale: link.scale,
                              renditionsByClass: ladder.classes.indices.map { ladder.playable(inClass: $0, upTo: device.maxRung) })
            }
        }
    }
}

/// A delivery configuration built in code (not from a scenario, whose loader checks the same) the model cannot run.
public struct DeliveryConfigurationError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
