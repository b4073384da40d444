import VidsimKernel
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// The events the delivery path schedules for itself.
public protocol DeliveryEvents: EventKindType {
    /// A viewer presses play.
    static var viewStarts: Self { get }
    /// A session's next segment is due. Payload: the session's slot.
    static var segmentDue: Self { get }
}

/// The delivery path: viewers in regions watching videos of the catalogue, segment by segment, through edge
/// sites and an optional regional shield to the origin.
///
/// Each view picks a region (by its share), an edge site in it (load balanced: uniformly), a video (by its
/// popularity), a rendition (by the mix) and how much to watch; it asks for the manifest and then one segment
/// per segment length, in real time. A segment is an object of the CDN (video, rendition, segment number; its
/// size the rendition's bit rate times the segment's length); each request goes to its edge site's cache, on a
/// miss to the region's shield, on a miss there to the origin, and every cache on the way admits what it
/// missed. Counts are weighted by the views each simulated view stands for (`SampledCatalog`).
///
/// Sampled runs scale each cache and each object's size in it (`SampledCatalog`), so that every kind of video
/// takes the share of a cache it would take in the whole system.
///
/// A component of the kernel (VidsimKernel/Components.md): generic over its events; the caches are
/// `CacheBankProtocol` values built by the chosen policies' types, so each request is one dynamic call into
/// code specialised for its policy.
struct DeliveryPath<Events: DeliveryEvents> {
    private let configuration: DeliveryConfiguration
    private let catalog: SampledCatalog
    private let segmentSeconds: Double
    private let segmentBytes: [Int64]
    private let manifestBytes: Int64
    /// Each region's edge sites, one bank per region; sites are numbered within their region.
    private var edges: [any CacheBankProtocol]
    private var shields: (any CacheBankProtocol)?
    private let regionPicker: EmpiricalTable
    private let renditionPicker: EmpiricalTable
    private let viewRate: Double

    // Sessions: which region, site, video and rendition; the next segment and the last.
    private var sessionRegion: [Int32] = []
    private var sessionSite: [Int32] = []
    private var sessionVideo: [Int32] = []
    private var sessionRendition: [Int32] = []
    private var sessionNext: [Int32] = []
    private var sessionLast: [Int32] = []
    private var freeSessions: [Int32] = []

    private let viewStream: RandomStream
    private let thinningStream: RandomStream
    private let videoStream: RandomStream
    private let regionStream: RandomStream
    private let siteStream: RandomStream
    private let renditionStream: RandomStream
    private let watchStream: RandomStream

    private(set) var statistics: DeliveryStatistics
    /// The requests recorded for `vidsim cache trace`, when asked for.
    private(set) var trace: DeliveryTrace?

    init(configuration: DeliveryConfiguration, seeds: StreamSeeds, sampleInterval: TimeSpan, trace: DeliveryTrace? = nil) throws {
        self.trace = trace
        self.configuration = configuration
        segmentSeconds = configuration.segment.seconds
        catalog = try SampledCatalog(
            videos: configuration.catalogVideos, alpha: configuration.zipfAlpha, hotVideos: configuration.hotVideos,
            samplingRate: configuration.samplingRate, duration: configuration.duration, segmentSeconds: segmentSeconds, stream: seeds.stream(for: "delivery.catalog"))
        segmentBytes = configuration.renditions.map { Int64(max(1, ($0.bitrate.bitsPerSecond * configuration.segment.seconds / 8).rounded())) }
        manifestBytes = Int64(max(1, configuration.manifestSize.bytes.rounded()))
        let rate = catalog.cacheScale
        // Slots for segments of the smallest rendition (a sampled video's objects take their own size in the
        // scaled caches; the few popular videos' smaller ones and the manifests fit in the spare slots, and a
        // cache that needs more grows).
        let smallest = max(1, segmentBytes.min() ?? 1)
        edges = configuration.regions.map { region in
            configuration.edgePolicy.makeBank(count: region.edgeSites, capacity: Int64(region.edgeCapacity.bytes * rate),
                                              smallestObject: smallest)
        }
        shields = configuration.shieldPolicy?.makeBank(count: configuration.regions.count,
                                                        capacity: Int64(configuration.shieldCapacity.bytes * rate),
                                                        smallestObject: smallest)
        regionPicker = try EmpiricalTable(values: configuration.regions.indices.map(Double.init),
                                          weights: configuration.regions.map(\.viewShare))
        renditionPicker = try EmpiricalTable(values: configuration.renditions.indices.map(Double.init),
                                             weights: configuration.renditions.map(\.share))
        viewRate = configuration.views.perSecond * catalog.viewShare
        viewStream = seeds.stream(for: "delivery.views")
        thinningStream = seeds.stream(for: "delivery.diurnal")
        videoStream = seeds.stream(for: "delivery.video")
        regionStream = seeds.stream(for: "delivery.region")
        siteStream = seeds.stream(for: "delivery.site")
        renditionStream = seeds.stream(for: "delivery.rendition")
        watchStream = seeds.stream(for: "delivery.watched")
        statistics = DeliveryStatistics(regions: configuration.regions.count, hasShield: shields != nil,
                                        bucketSeconds: sampleInterval.seconds)
    }

    /// Views simulated per second (before the rate profile): the real views to the videos followed.
    var simulatedViewRate: Double { viewRate }
    /// Videos followed.
    var followedVideos: Int { catalog.count }

    /// Schedules the first view.
    mutating func start(scheduler: inout EventScheduler<Events>) {
        guard viewRate > 0 else { return }
        scheduler.schedule(.viewStarts, at: nextView(after: .zero))
    }

    /// A viewer presses play: the manifest and the first segment now, the rest one segment length apart.
    mutating func viewStarts(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduler.schedule(.viewStarts, at: nextView(after: time))
        let region = Int(regionPicker.sample(regionStream))
        let sites = configuration.regions[region].edgeSites
        let site = min(Int(siteStream.uniform() * Double(sites)), sites - 1)
        let video = catalog.pick(videoStream)
        let rendition = Int(renditionPicker.sample(renditionStream))
        var watched = Int(catalog.segments[video])
        if let fraction = configuration.watchedFraction {
            let share = min(max(fraction.sample(watchStream), 0), 1)
            watched = max(1, Int((share * Double(watched)).rounded(.up)))
        }
        statistics.countView(weight: catalog.weights[video])
        request(region: region, site: site, object: objectID(video: video, rendition: 255, segment: 0),
                bytes: manifestBytes, video: video, at: time)
        request(region: region, site: site, object: objectID(video: video, rendition: rendition, segment: 0),
                bytes: segmentBytes[rendition], video: video, at: time)
        guard watched > 1 else { return }
        let session: Int
        if let free = freeSessions.popLast() {
            session = Int(free)
        } else {
            session = sessionRegion.count
            sessionRegion.append(0)
            sessionSite.append(0)
            sessionVideo.append(0)
            sessionRendition.append(0)
            sessionNext.append(0)
            sessionLast.append(0)
        }
        sessionRegion[session] = Int32(region)
        sessionSite[session] = Int32(site)
        sessionVideo[session] = Int32(video)
        sessionRendition[session] = Int32(rendition)
        sessionNext[session] = 1
        sessionLast[session] = Int32(watched - 1)
        scheduler.schedule(.segmentDue, after: TimeSpan(seconds: segmentSeconds), payload: session)
    }

    /// A session's next segment is due.
    mutating func segmentDue(session: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let video = Int(sessionVideo[session]), rendition = Int(sessionRendition[session])
        let segment = Int(sessionNext[session])
        request(region: Int(sessionRegion[session]), site: Int(sessionSite[session]),
                object: objectID(video: video, rendition: rendition, segment: segment),
                bytes: segmentBytes[rendition], video: video, at: time)
        if segment < Int(sessionLast[session]) {
            sessionNext[session] = Int32(segment + 1)
            scheduler.schedule(.segmentDue, after: TimeSpan(seconds: segmentSeconds), payload: session)
        } else {
            freeSessions.append(Int32(session))
        }
    }

    /// One request down the tiers until a cache holds the object.
    @inline(__always)
    private mutating func request(region: Int, site: Int, object: UInt64, bytes: Int64, video: Int, at time: TimeSpan) {
        let weight = catalog.weights[video]
        // In a sampled run an object takes S / r of its size in the scaled caches.
        let scale = catalog.sizeScales[video]
        let cached = scale == 1 ? bytes : max(1, Int64((Double(bytes) * scale).rounded()))
        if trace != nil && trace!.filter.matches(region: region, site: site) {
            trace!.record(time: time.seconds, object: object, size: bytes)
        }
        let servedBy: DeliveryStatistics.Tier
        if edges[region].access(site, object: object, size: cached) {
            servedBy = .edge
        } else if shields != nil {
            servedBy = shields!.access(region, object: object, size: cached) ? .shield : .origin
        } else {
            servedBy = .origin
        }
        statistics.count(region: region, servedBy: servedBy, bytes: Double(bytes), weight: weight, at: time.seconds)
    }

    /// A segment's object id: the video's index among those followed, the rendition (255 for the manifest) and
    /// the segment number.
    @inline(__always)
    private func objectID(video: Int, rendition: Int, segment: Int) -> UInt64 {
        UInt64(video) << 24 | UInt64(rendition) << 16 | UInt64(segment)
    }

    /// The next view: Poisson at the followed videos' rate, thinned to the rate profile (as uploads are).
    private func nextView(after time: TimeSpan) -> TimeSpan {
        configuration.profile.nextArrival(after: time, rate: viewRate, gaps: viewStream, thinning: thinningStream)
    }

    mutating func resetStatistics(at time: TimeSpan) { statistics.reset(at: time.seconds) }
}
