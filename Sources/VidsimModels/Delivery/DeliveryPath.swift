import VidsimKernel
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// The events the delivery path schedules for itself.
public protocol DeliveryEvents: EventKindType {
    /// A viewer in a region presses play. Payload: the region and the generation of its view process.
    static var viewStarts: Self { get }
    /// A session's next segment is due. Payload: the session's slot.
    static var segmentDue: Self { get }
    /// Every video's popularity moves on to the next interval.
    static var popularityChanges: Self { get }
    /// A new upload becomes watchable. Payload: its index among the publications followed.
    static var videoPublished: Self { get }
    /// Sites go down, or come back. Payload: the outage's index.
    static var outageStarts: Self { get }
    static var outageEnds: Self { get }
    /// The daily pre-positioning of the most popular videos at the edges.
    static var prefill: Self { get }
}

/// The delivery path: viewers in regions watching videos of the catalogue, segment by segment, through edge
/// sites and an optional regional shield to the origin.
///
/// Views arrive in each region at its share of the views, shaped by the rate profile; each picks an edge site
/// of its region (load balanced: uniformly), a video the region can watch (by its popularity now: `Catalog`),
/// a rendition (by the mix) and how much to watch; it asks for the manifest and then one segment per segment
/// length, in real time. A segment is an object of the CDN (video, rendition, segment number; its size the
/// rendition's bit rate times the segment's length); each request goes to its edge site's cache, on a miss to
/// the region's shield, on a miss there to the origin, and every cache on the way admits what it missed.
/// Counts are weighted by the views each simulated view stands for.
///
/// Popularity moves: every `popularityStep` each video is re-weighted by its mean popularity over the next
/// step, and the content path's uploads join the catalogue at their publication times (the step's remainder
/// weighted likewise), so each region's view process restarts at its new rate (a Poisson process is
/// memoryless: the pending view of the old rate is dropped by its generation number). A share of views may go
/// to one-timers: videos watched once, whose objects are never asked for again.
///
/// Sampled runs scale each cache and each object's size in it (`Catalog`), so that every kind of video takes
/// the share of a cache it would take in the whole system.
///
/// Sites fail and come back (`EdgeRouting`): a failed site's cache is lost, its sessions move to a healthy site
/// of their region at their next request, and a region with no site up is served by its failover region, at
/// the failover round trip. Pre-positioning pushes the most popular videos (by the next day's forecast, which
/// the popularity shape gives) to every site up, daily, counting the bytes it fills.
///
/// A component of the kernel (VidsimKernel/Components.md): generic over its events; the caches are
/// `CacheBankProtocol` values built by the chosen policies' types, so each request is one dynamic call into
/// code specialised for its policy.
struct DeliveryPath<Events: DeliveryEvents> {
    /// A new upload to follow: when it is published, its content and the draws that place it.
    struct Publication {
        var time: Double
        var contentSeconds: Double
        var rank: Int
        var probability: Double
        var home: Int32
        var contentClass: UInt8
    }

    private let configuration: DeliveryConfiguration
    private var catalog: Catalog
    private let segmentSeconds: Double
    private let segmentBytes: [Int64]
    private let manifestBytes: Int64
    /// Each region's edge sites, one bank per region; sites are numbered within their region.
    private var edges: [any CacheBankProtocol]
    /// Which site a viewer reaches; sessions hold global site numbers.
    private var routing: EdgeRouting
    /// Per serving tier: the round trips beyond the viewer's own, and seconds per byte on the path.
    private let tierRoundTrip: [Double]
    private let tierSecondsPerByte: [Double]
    private var shields: (any CacheBankProtocol)?
    /// By content class: the renditions its videos are watched at, by share (without players).
    private let renditionPickers: [EmpiricalTable]
    /// Content classes; a view's player pool is its device x classes + its video's class.
    private let classCount: Int
    /// Draws a one-timer's content class (nil with one class).
    private let classPicker: EmpiricalTable?
    private let classStream: RandomStream
    /// Each region's views per second before the profile (its share of the scenario's views).
    private let regionViews: [Double]
    /// Each region's simulated views per second before the profile, and the one-timers' part of it.
    private var regionRates: [Double]
    private var oneTimerRates: [Double]
    /// Each region's simulated views of pinned videos per second (thinned to the sampling rate).
    private var pinnedRates: [Double]
    /// Each region's view process's generation: a view scheduled by an earlier one is dropped.
    private var generations: [Int]
    /// Each region's pending view: when it is due, and the simulated rate it was drawn at (0: none pending).
    private var pendingView: [Double]
    private var pendingRate: [Double]
    private var oneTimersSeen: UInt64 = 0
    /// The new uploads followed, in publication order.
    private let publications: [Publication]

    // Sessions: which region, site, video (-1: a one-timer) and rendition; the object id's video part; the
    // next segment and the last.
    private var sessionRegion: [Int32] = []
    private var sessionSite: [Int32] = []
    private var sessionVideo: [Int32] = []
    private var sessionObject: [UInt64] = []
    private var sessionRendition: [Int32] = []
    /// Whether the session is its new video's first view.
    private var sessionFirstView: [Bool] = []
    /// Whether each new upload followed has been watched (index: its place after the back catalogue).
    private var newWatched: [Bool] = []
    private var sessionNext: [Int32] = []
    private var sessionLast: [Int32] = []
    private var freeSessions: [Int32] = []

    // Players (when the scenario has them): one pool per device and content class; each session's pool, its
    // slot in the pool, and its pending request's rendition (255: the manifest), segment and idle time.
    private var pools: [PlayerPool] = []
    private let devicePicker: EmpiricalTable?
    private var sessionDevice: [Int32] = []
    private var sessionSlot: [Int32] = []
    private var sessionIdle: [Double] = []
    /// The pending request's bytes.
    private var sessionBytes: [Int64] = []
    private let deviceStream: RandomStream
    private let linkStream: RandomStream
    /// The session whose log is kept for the report's sample (the first to start after the warm-up; -1 before it
    /// starts, -2 once it has ended), and whether one is wanted.
    private var sampleSession = -1
    private var sampleWanted = true

    private let viewStream: RandomStream
    private let thinningStream: RandomStream
    private let videoStream: RandomStream
    private let siteStream: RandomStream
    private let renditionStream: RandomStream
    private let watchStream: RandomStream
    private let oneTimerStream: RandomStream
    private let pinnedStream: RandomStream

    private(set) var statistics: DeliveryStatistics
    /// The requests recorded for `vidsim cache trace`, when asked for.
    private(set) var trace: DeliveryTrace?
    private let tracing: Bool

    /// Regions are numbered in a view's payload below this; the generation above.
    private static var regionSlots: Int { 1 << 10 }

    init(configuration: DeliveryConfiguration, seeds: StreamSeeds, sampleInterval: TimeSpan,
         publications published: [PublishedVideo] = [], trace: DeliveryTrace? = nil) throws {
        self.trace = trace
        tracing = trace != nil
        self.configuration = configuration
        segmentSeconds = configuration.segment.seconds
        let regionCount = configuration.regions.count
        guard regionCount < Self.regionSlots else {
            throw DeliveryConfigurationError("the delivery side takes fewer than \(Self.regionSlots) regions, found \(regionCount)")
        }
        let regionPicker = try EmpiricalTable(values: configuration.regions.indices.map(Double.init),
                                              weights: configuration.regions.map(\.viewShare))
        let watchedVideos = max(1, Int((Double(configuration.catalogVideos) * (1 - configuration.neverWatched)).rounded()))
        let sampling = PopularitySampling(videos: watchedVideos, alpha: configuration.zipfAlpha,
                                          hotVideos: configuration.hotVideos, rate: configuration.samplingRate,
                                          salt: UInt64(seeds.seed(for: "delivery.sample")))
        classCount = configuration.classShares.count
        guard (1...255).contains(classCount) else {
            throw DeliveryConfigurationError("the delivery side takes 1 to 255 content classes, found \(classCount)")
        }
        classPicker = classCount > 1
            ? try EmpiricalTable(values: configuration.classShares.indices.map(Double.init), weights: configuration.classShares) : nil
        classStream = seeds.stream(for: "delivery.content_class")
        catalog = Catalog(sampling: sampling, shape: configuration.shape, duration: configuration.duration,
                          age: configuration.age, regional: configuration.regional, regions: regionCount,
                          regionPicker: regionPicker, segmentSeconds: segmentSeconds,
                          pinnedVideos: configuration.pinnedVideos, stream: seeds.stream(for: "delivery.catalog"),
                          classPicker: classPicker, classStream: classStream)
        // New uploads: each draws whether it is ever watched, its rank, whether it is followed (at the new videos'
        // sampling rate) and its home, from a stream of its own keyed by its number in arrival order (so a variant
        // that publishes in another order gives each upload the same draws); only the followed are kept.
        let newSeeds = seeds.seed(for: "delivery.new_videos")
        var kept: [Publication] = []
        // At least the catalogue's rate, as the hash realises it (a sampled new video's objects take R / r of
        // their size in the scaled caches, at most their own).
        let newRate = max(sampling.rate, min(1, configuration.newVideoSamplingRate ?? 0))
        if configuration.newUploads {
            for video in published {
                let newStream = RandomStream(seed: UInt32(truncatingIfNeeded: SplitMix64.mix(UInt64(newSeeds) << 32 | UInt64(video.upload))))
                let watched = newStream.uniform() >= configuration.neverWatched
                let rankDraw = newStream.uniform(), followDraw = newStream.uniform()
                let local = newStream.uniform() < configuration.regional
                let home = local ? Int32(regionPicker.sample(newStream)) : -1
                let rank = min(sampling.videos, 1 + Int(rankDraw * Double(sampling.videos)))
                // Whatever its rank: a new upload of a hot video's rank is a viral one, whose views at their
                // peak are a share of the whole platform's (one of rank 100 takes about 1% of YouTube's), too
                // many to simulate in full.
                let probability = newRate
                guard watched, followDraw < probability else { continue }
                kept.append(Publication(time: video.time, contentSeconds: video.contentSeconds, rank: rank,
                                        probability: probability, home: home,
                                        contentClass: UInt8(min(max(video.contentClass, 0), classCount - 1))))
            }
        }
        publications = kept
        segmentBytes = configuration.renditions.map { Int64(max(1, ($0.bitrate.bitsPerSecond * configuration.segment.seconds / 8).rounded())) }
        manifestBytes = Int64(max(1, configuration.manifestSize.bytes.rounded()))
        let rate = catalog.cacheScale
        // Slots for the mean segment viewers ask for (renditions in their shares): a cache holds about its bytes
        // over that many objects (the popular videos' scaled-down ones and the manifests fit in the spare slots,
        // and a cache that needs more grows).
        let shareTotal = configuration.renditions.reduce(0) { $0 + $1.share }
        let meanSegment = shareTotal > 0
            ? zip(configuration.renditions, segmentBytes).reduce(0.0) { $0 + $1.0.share * Double($1.1) } / shareTotal
            : Double(segmentBytes.min() ?? 1)
        let typical = max(1, Int64(meanSegment.rounded()))
        // Pinned videos hold their objects (every rendition watched, every segment, the manifest) in every edge
        // site of the regions that watch them: what is left is the cache the simulated videos share.
        var watchedBytesPerSegment = [Double](repeating: 0, count: classCount)
        for (index, rendition) in configuration.renditions.enumerated() where rendition.share > 0 {
            watchedBytesPerSegment[rendition.contentClass] += Double(segmentBytes[index])
        }
        var edgeCapacities: [Double] = []
        for (index, region) in configuration.regions.enumerated() {
            let pinned = catalog.pinnedBytes(region: index, bytesPerSegment: watchedBytesPerSegment, manifest: Double(manifestBytes))
            guard pinned < region.edgeCapacity.bytes * 0.9 else {
                throw DeliveryConfigurationError(
                    "the \(configuration.pinnedVideos) pinned videos take \(DataSize(bytes: pinned)) of each edge site of region "
                        + "'\(region.name)', which holds \(region.edgeCapacity): pin fewer (delivery.sampling.pinned_videos) or give "
                        + "the sites more cache (at most 90% of a site may be pinned)")
            }
            edgeCapacities.append(region.edgeCapacity.bytes - pinned)
        }
        // Besides segments, a cache holds the followed videos' manifests: small, so at a low sampling rate nearly
        // all of them, as many objects as the segments or more. The typical object counts both.
        let manifests = Double(catalog.count + kept.count), manifestSize = Double(manifestBytes)
        let typicalObject = { (capacity: Double) -> Int64 in
            let objects = capacity / Double(typical) + min(manifests, capacity / manifestSize)
            return max(1, Int64((capacity / max(objects, 1)).rounded()))
        }
        edges = configuration.regions.indices.map { index in
            let capacity = edgeCapacities[index] * rate
            return configuration.edgePolicy.makeBank(count: configuration.regions[index].edgeSites, capacity: Int64(capacity),
                                                     typicalObject: typicalObject(capacity))
        }
        shields = configuration.shieldPolicy?.makeBank(count: regionCount,
                                                        capacity: Int64(configuration.shieldCapacity.bytes * rate),
                                                        typicalObject: typicalObject(configuration.shieldCapacity.bytes * rate))
        renditionPickers = try (0..<classCount).map { contentClass in
            let members = configuration.renditions.indices.filter { configuration.renditions[$0].contentClass == contentClass }
            guard !members.isEmpty else { throw DeliveryConfigurationError("content class \(contentClass) has no rendition") }
            return try EmpiricalTable(values: members.map(Double.init), weights: members.map { configuration.renditions[$0].share })
        }
        if let players = configuration.players {
            devicePicker = try EmpiricalTable(values: players.devices.indices.map(Double.init), weights: players.devices.map(\.share))
            let renditions = configuration.renditions, seconds = configuration.segment.seconds, classes = classCount
            pools = try players.devices.flatMap { device in
                guard device.renditionsByClass.count == classes, device.renditionsByClass.allSatisfy({ !$0.isEmpty }) else {
                    throw DeliveryConfigurationError("device \(device.name) needs renditions for each of the \(classes) content classes")
                }
                return device.renditionsByClass.map { playable in
                    PlayerPool(algorithm: device.algorithm, process: device.process, scale: device.scale, settings: players.settings,
                               bitrates: playable.map { renditions[$0].bitrate.bitsPerSecond },
                               ladderRungs: playable, segmentSeconds: seconds)
                }
            }
        } else {
            devicePicker = nil
        }
        deviceStream = seeds.stream(for: "delivery.device")
        linkStream = seeds.stream(for: "delivery.player_link")
        let shares = configuration.regions.map(\.viewShare)
        let totalShare = shares.reduce(0, +)
        regionViews = shares.map { configuration.views.perSecond * $0 / totalShare }
        regionRates = Array(repeating: 0, count: regionCount)
        oneTimerRates = Array(repeating: 0, count: regionCount)
        pinnedRates = Array(repeating: 0, count: regionCount)
        generations = Array(repeating: 0, count: regionCount)
        pendingView = Array(repeating: 0, count: regionCount)
        pendingRate = Array(repeating: 0, count: regionCount)
        viewStream = seeds.stream(for: "delivery.views")
        thinningStream = seeds.stream(for: "delivery.diurnal")
        videoStream = seeds.stream(for: "delivery.video")
        siteStream = seeds.stream(for: "delivery.site")
        renditionStream = seeds.stream(for: "delivery.rendition")
        watchStream = seeds.stream(for: "delivery.watched")
        oneTimerStream = seeds.stream(for: "delivery.one_timers")
        pinnedStream = seeds.stream(for: "delivery.pinned")
        statistics = DeliveryStatistics(regions: regionCount, hasShield: shields != nil,
                                        bucketSeconds: sampleInterval.seconds,
                                        outages: configuration.outages.map { .init(start: $0.start.seconds, end: $0.end.seconds) })
        if let players = configuration.players {
            statistics.players = PlayerStatistics(regions: regionCount, devices: players.devices.count,
                                                  rungs: configuration.renditions.count)
        }
        routing = EdgeRouting(regions: configuration.regions)
        // A hit at the edge pays the viewer's round trip; a shield hit adds the edge-shield one; an origin fetch
        // adds the origin's. A transfer runs at the slowest link on its way.
        let hasShield = configuration.shieldPolicy != nil
        let shieldTrip = hasShield ? configuration.shieldRoundTrip.seconds : 0
        tierRoundTrip = [0, shieldTrip, shieldTrip + configuration.originRoundTrip.seconds]
        let edgeRate = configuration.edgeBandwidth.bitsPerSecond
        let shieldRate = hasShield ? min(edgeRate, configuration.shieldBandwidth.bitsPerSecond) : edgeRate
        let originRate = min(shieldRate, configuration.originBandwidth.bitsPerSecond)
        tierSecondsPerByte = [8 / edgeRate, 8 / shieldRate, 8 / originRate]
    }

    /// Views simulated per second at the start (before the rate profile), all regions.
    var simulatedViewRate: Double { regionRates.reduce(0, +) }
    /// Videos followed, the back catalogue's and the new uploads'.
    var followedVideos: Int { catalog.count }

    /// Weighs the catalogue for the first interval and schedules the first view of each region, the first
    /// publication and the first change of popularity.
    mutating func start(scheduler: inout EventScheduler<Events>) {
        if !catalog.shape.isConstant {
            catalog.refresh(from: 0, to: configuration.popularityStep.seconds)
            scheduler.schedule(.popularityChanges, at: configuration.popularityStep)
        }
        if let first = publications.first {
            scheduler.schedule(.videoPublished, at: TimeSpan(seconds: first.time), payload: 0)
        }
        restartViews(at: .zero, region: nil, scheduler: &scheduler)
        for (index, outage) in configuration.outages.enumerated() {
            scheduler.schedule(.outageStarts, at: outage.start, payload: index)
            scheduler.schedule(.outageEnds, at: outage.end, payload: index)
        }
        if let prefill = configuration.prefill {
            scheduler.schedule(.prefill, at: prefill.at)
        }
    }

    /// Sites go down: their caches are lost, and viewers go to the sites still up.
    mutating func outageStarts(_ index: Int) {
        let outage = configuration.outages[index]
        for site in routing.fail(region: outage.region, sites: outage.sites) {
            edges[Int(routing.regionOf[site])].clear(Int(routing.localOf[site]))
        }
    }

    /// Sites come back, empty.
    mutating func outageEnds(_ index: Int) {
        let outage = configuration.outages[index]
        routing.recover(region: outage.region, sites: outage.sites)
    }

    /// Pushes the most popular videos of the next day to every edge site up (each region the videos it can
    /// watch), every rendition viewers watch, manifest and segments; counts the bytes that were not cached.
    mutating func prefill(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduler.schedule(.prefill, after: TimeSpan(seconds: 86_400))
        guard let prefill = configuration.prefill else { return }
        let renditions = (0..<classCount).map { contentClass in
            configuration.renditions.indices.filter {
                configuration.renditions[$0].share > 0 && configuration.renditions[$0].contentClass == contentClass
            }
        }
        // What fits the smallest edge cache, most popular first: a push beyond it would evict what was pushed.
        let room = configuration.regions.map { $0.edgeCapacity.bytes * catalog.cacheScale }.min() ?? 0
        var chosen: [Int] = [], taken = 0.0
        for video in catalog.forecastTop(realVideos: Double(prefill.videos), from: time.seconds, to: time.seconds + 86_400) {
            let perRendition = renditions[Int(catalog.classes[video])].reduce(0.0) { $0 + Double(segmentBytes[$1]) }
                * Double(catalog.segments[video])
            let bytes = (perRendition + Double(manifestBytes)) * catalog.sizeScales[video]
            guard taken + bytes <= room else { break }
            taken += bytes
            chosen.append(video)
        }
        var filled = 0.0, objects = 0.0
        // Least popular first, so the most popular are the most recent in every policy's order.
        for video in chosen.reversed() {
            let scale = catalog.sizeScales[video], weight = catalog.weights[video]
            let home = catalog.home(of: video)
            for site in 0..<routing.regionOf.count where routing.isUp(site) {
                let region = Int(routing.regionOf[site])
                guard home < 0 || home == region else { continue }
                let local = Int(routing.localOf[site])
                func push(_ object: UInt64, _ bytes: Int64) {
                    let cached = scale == 1 ? bytes : max(1, Int64((Double(bytes) * scale).rounded()))
                    if !edges[region].access(local, object: object, size: cached) {
                        filled += Double(bytes) * weight
                        objects += weight
                    }
                }
                push(objectID(video: UInt64(video), rendition: 255, segment: 0), manifestBytes)
                for rendition in renditions[Int(catalog.classes[video])] {
                    for segment in 0..<Int(catalog.segments[video]) {
                        push(objectID(video: UInt64(video), rendition: rendition, segment: segment), segmentBytes[rendition])
                    }
                }
            }
        }
        statistics.countFill(bytes: filled, objects: objects)
    }

    /// Every video moves on to its popularity over the next step.
    mutating func popularityChanges(at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let step = configuration.popularityStep.seconds
        catalog.refresh(from: time.seconds, to: time.seconds + step)
        restartViews(at: time, region: nil, scheduler: &scheduler)
        scheduler.schedule(.popularityChanges, after: configuration.popularityStep)
    }

    /// A new upload becomes watchable: it joins the catalogue and its regions' views restart at their new rate.
    mutating func videoPublished(_ index: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let video = publications[index]
        catalog.publish(contentSeconds: video.contentSeconds, at: time.seconds, rank: video.rank,
                        probability: video.probability, home: video.home, contentClass: video.contentClass)
        restartViews(at: time, region: video.home < 0 ? nil : Int(video.home), scheduler: &scheduler)
        if index + 1 < publications.count {
            scheduler.schedule(.videoPublished, at: TimeSpan(seconds: publications[index + 1].time), payload: index + 1)
        }
    }

    /// Sets a region's (nil: every region's) simulated view rate from the catalogue now and reschedules its
    /// pending view for the new rate.
    ///
    /// The pending view is moved, not drawn again: its remaining wait at the old rate is a share of an
    /// exponential gap, and at the new rate the same share of the gap comes after that wait x old / new (the
    /// time change of a Poisson process; its thinning by the day's profile was decided where it was drawn, which
    /// the move shifts by a fraction of one gap). No draw is spent, so two runs whose rates differ (a variant
    /// publishing its uploads later) keep their views' draws in step: view k of a region takes the k-th gap in
    /// both, and the comparison stays paired.
    private mutating func restartViews(at time: TimeSpan, region only: Int?, scheduler: inout EventScheduler<Events>) {
        let oneTimers = configuration.oneTimers
        for region in only.map({ [$0] }) ?? Array(regionViews.indices) {
            oneTimerRates[region] = regionViews[region] * oneTimers * catalog.cacheScale
            pinnedRates[region] = catalog.pinnedVideos > 0
                ? regionViews[region] * (1 - oneTimers) * catalog.pinnedShare(region: region) * catalog.cacheScale : 0
            regionRates[region] = regionViews[region] * (1 - oneTimers) * catalog.followedShare(region: region)
                + oneTimerRates[region] + pinnedRates[region]
            generations[region] += 1
            let old = pendingRate[region], due = pendingView[region], rate = regionRates[region]
            if old > 0, due >= time.seconds, rate > 0, rate.isFinite {
                let moved = time.seconds + (due - time.seconds) * (old / rate)
                pendingView[region] = moved
                pendingRate[region] = rate
                scheduler.schedule(.viewStarts, at: TimeSpan(seconds: moved), payload: generations[region] * Self.regionSlots + region)
            } else {
                scheduleView(region: region, after: time, scheduler: &scheduler)
            }
        }
    }

    private mutating func scheduleView(region: Int, after time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let rate = regionRates[region]
        guard rate > 0 && rate.isFinite else {
            pendingRate[region] = 0
            return
        }
        let next = configuration.profile.nextArrival(after: time, rate: rate, gaps: viewStream, thinning: thinningStream,
                                                     localOffset: configuration.regions[region].timeOffset)
        pendingView[region] = next.seconds
        pendingRate[region] = rate
        scheduler.schedule(.viewStarts, at: next, payload: generations[region] * Self.regionSlots + region)
    }

    /// A viewer presses play: the manifest and the first segment now, the rest one segment length apart.
    mutating func viewStarts(_ payload: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let region = payload % Self.regionSlots
        guard payload / Self.regionSlots == generations[region] else { return }
        scheduleView(region: region, after: time, scheduler: &scheduler)
        let site = routing.pick(region: region, siteStream.uniform())
        let players = devicePicker != nil
        if pinnedRates[region] > 0 && pinnedStream.uniform() * regionRates[region] < pinnedRates[region] {
            if players {
                pinnedPlayerView(region: region, site: site, at: time)
            } else {
                pinnedView(region: region, site: site, at: time)
            }
            return
        }
        let video: Int, object: UInt64, segments: Int, contentClass: Int
        if oneTimerRates[region] > 0
            && oneTimerStream.uniform() * (regionRates[region] - pinnedRates[region]) < oneTimerRates[region] {
            // A one-timer: a video of its own, never asked for again, its duration drawn like the catalogue's.
            video = -1
            object = 1 << 32 | oneTimersSeen
            oneTimersSeen += 1
            let seconds = max(configuration.duration.sample(oneTimerStream), segmentSeconds / 1000)
            segments = Int(min((seconds / segmentSeconds).rounded(.up), 65_535))
            contentClass = classPicker.map { Int($0.sample(classStream)) } ?? 0
        } else {
            video = catalog.pick(region: region, videoStream)
            object = UInt64(video)
            segments = Int(catalog.segments[video])
            contentClass = Int(catalog.classes[video])
        }
        let rendition = players ? 0 : Int(renditionPickers[contentClass].sample(renditionStream))
        // The share watched: one draw per view (a player's session watches that share of the content).
        var watchedShare = 1.0
        if let fraction = configuration.watchedFraction { watchedShare = min(max(fraction.sample(watchStream), 0), 1) }
        let watched = max(1, Int((watchedShare * Double(segments)).rounded(.up)))
        statistics.countView(weight: video >= 0 ? catalog.weights[video] : 1 / catalog.cacheScale,
                             isNew: video >= catalog.backCatalogue)
        var firstView = false
        if video >= catalog.backCatalogue {
            let index = video - catalog.backCatalogue
            while newWatched.count <= index { newWatched.append(false) }
            firstView = !newWatched[index]
            newWatched[index] = true
        }
        if players {
            let session = newSession()
            sessionRegion[session] = Int32(region)
            sessionSite[session] = Int32(site)
            sessionVideo[session] = Int32(video)
            sessionObject[session] = object
            sessionFirstView[session] = firstView
            let device = Int(devicePicker!.sample(deviceStream)) * classCount + contentClass
            let watchSeconds = Double(segments) * segmentSeconds * watchedShare
            sessionDevice[session] = Int32(device)
            sessionSlot[session] = Int32(pools[device].start(segments: segments, lastSeconds: segmentSeconds,
                                                             watchSeconds: max(watchSeconds, 1e-3), random: linkStream))
            if sampleWanted && sampleSession == -1 { sampleSession = session }
            playerRequests(session: session, at: time, scheduler: &scheduler)
            return
        }
        request(region: region, site: site, object: objectID(video: object, rendition: 255, segment: 0),
                bytes: manifestBytes, video: video, firstView: firstView, at: time)
        request(region: region, site: site, object: objectID(video: object, rendition: rendition, segment: 0),
                bytes: segmentBytes[rendition], video: video, firstView: firstView, at: time)
        guard watched > 1 else { return }
        let session = newSession()
        sessionRegion[session] = Int32(region)
        sessionSite[session] = Int32(site)
        sessionVideo[session] = Int32(video)
        sessionObject[session] = object
        sessionRendition[session] = Int32(rendition)
        sessionFirstView[session] = firstView
        sessionNext[session] = 1
        sessionLast[session] = Int32(watched - 1)
        scheduler.schedule(.segmentDue, after: TimeSpan(seconds: segmentSeconds), payload: session)
    }

    /// A free session slot (a new one when none is free).
    private mutating func newSession() -> Int {
        if let free = freeSessions.popLast() { return Int(free) }
        sessionRegion.append(0)
        sessionSite.append(0)
        sessionVideo.append(0)
        sessionObject.append(0)
        sessionRendition.append(0)
        sessionFirstView.append(false)
        sessionNext.append(0)
        sessionLast.append(0)
        sessionDevice.append(0)
        sessionSlot.append(0)
        sessionIdle.append(0)
        sessionBytes.append(0)
        return sessionRegion.count - 1
    }

    /// A player's request goes out now: the CDN serves it, the player's link carries it, and the player's next
    /// request is scheduled for when this one arrives plus its idle wait (or the session ends).
    private mutating func playerRequests(session: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let device = Int(sessionDevice[session]), slot = Int(sessionSlot[session])
        guard let request = pools[device].nextRequest(slot) else {
            endPlayerSession(session, at: time)
            return
        }
        // The request goes out after its idle wait.
        sessionIdle[session] = request.idleSeconds
        sessionRendition[session] = request.rung < 0 ? 255 : Int32(pools[device].ladderRungs[request.rung])
        sessionNext[session] = Int32(max(request.segment, 0))
        sessionBytes[session] = Int64(min(request.bytes.rounded(), 9e18))
        if request.idleSeconds > 0 {
            scheduler.schedule(.segmentDue, after: TimeSpan(seconds: request.idleSeconds), payload: session)
        } else {
            playerRequestDue(session: session, at: time, scheduler: &scheduler)
        }
    }

    /// A player's pending request reaches the CDN.
    private mutating func playerRequestDue(session: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        let device = Int(sessionDevice[session]), slot = Int(sessionSlot[session])
        var site = Int(sessionSite[session])
        if site < 0 || !routing.isUp(site) {
            site = routing.pick(region: Int(sessionRegion[session]), siteStream.uniform())
            sessionSite[session] = Int32(site)
        }
        let rendition = Int(sessionRendition[session]), segment = Int(sessionNext[session])
        let bytes = sessionBytes[session]
        let served = route(region: Int(sessionRegion[session]), site: site,
                           object: objectID(video: sessionObject[session], rendition: rendition, segment: segment),
                           bytes: max(bytes, 1), video: Int(sessionVideo[session]), firstView: sessionFirstView[session], at: time)
        let tier = served.tier
        let (seconds, carried, record) = pools[device].serve(slot, idleSeconds: sessionIdle[session], firstByte: served.firstByte,
                                                             cap: 8 / tierSecondsPerByte[tier.rawValue], tier: tier)
        // An abandoned download the edge missed is counted in full: the edge completes its fill (the object is
        // cached whole), so the shield or origin serves all of it.
        count(served, bytes: tier == .edge ? max(carried, 1) : Double(max(bytes, 1)))
        let viewer = device / classCount
        if rendition != 255 && segment == 0 && record?.abandoned != true {
            statistics.players?.countFirstSegment(device: viewer, tier: tier, weight: served.weight)
        }
        if session == sampleSession, let record {
            statistics.players?.sample.append(record)
            statistics.players?.sampleDevice = viewer
        }
        // The next request is decided when this one arrives.
        guard let next = pools[device].nextRequest(slot) else {
            scheduler.schedule(.segmentDue, after: TimeSpan(seconds: seconds), payload: session | Self.endFlag)
            return
        }
        sessionIdle[session] = next.idleSeconds
        sessionRendition[session] = next.rung < 0 ? 255 : Int32(pools[device].ladderRungs[next.rung])
        sessionNext[session] = Int32(max(next.segment, 0))
        sessionBytes[session] = Int64(min(next.bytes.rounded(), 9e18))
        scheduler.schedule(.segmentDue, after: TimeSpan(seconds: seconds + next.idleSeconds), payload: session)
    }

    /// A player has every segment: its figures are counted and its slots freed.
    private mutating func endPlayerSession(_ session: Int, at time: TimeSpan) {
        let device = Int(sessionDevice[session])
        let summary = pools[device].finish(Int(sessionSlot[session]))
        let weight = weight(of: Int(sessionVideo[session])), rungs = pools[device].ladderRungs, viewer = device / classCount
        statistics.players?.add(summary, region: Int(sessionRegion[session]), device: viewer, ladderRungs: rungs,
                                weight: weight)
        if session == sampleSession {
            sampleSession = -2
            sampleWanted = false
        }
        freeSessions.append(Int32(session))
    }

    /// How many real views a simulated view of `video` stands for.
    private func weight(of video: Int) -> Double { video >= 0 ? catalog.weights[video] : 1 / catalog.cacheScale }

    /// A session's end is flagged in its event's payload.
    private static var endFlag: Int { 1 << 40 }

    /// A player's view of a pinned video: every object an edge hit (the site holds them all), so the session is
    /// played through at once, its requests counted at the view's start without touching a cache.
    private mutating func pinnedPlayerView(region: Int, site: Int, at time: TimeSpan) {
        let video = catalog.pickPinned(region: region, videoStream)
        let segments = Int(catalog.segments[video])
        var watchSeconds = Double(segments) * segmentSeconds
        if let fraction = configuration.watchedFraction {
            watchSeconds *= min(max(fraction.sample(watchStream), 0), 1)
        }
        let weight = 1 / catalog.cacheScale
        statistics.countView(weight: weight)
        let device = Int(devicePicker!.sample(deviceStream)) * classCount + Int(catalog.classes[video])
        let viewer = device / classCount
        let slot = pools[device].start(segments: segments, lastSeconds: segmentSeconds, watchSeconds: max(watchSeconds, 1e-3),
                                       random: linkStream)
        let serving = site >= 0 ? Int(routing.regionOf[site]) : -1
        let tier: DeliveryStatistics.Tier = site >= 0 ? .edge : .origin
        let viewerTrip = serving == region ? configuration.edgeRoundTrip.seconds : configuration.regions[region].failoverRoundTrip.seconds
        let firstByte = viewerTrip + tierRoundTrip[tier.rawValue]
        while let next = pools[device].nextRequest(slot) {
            let served = pools[device].serve(slot, idleSeconds: next.idleSeconds, firstByte: firstByte,
                                             cap: 8 / tierSecondsPerByte[tier.rawValue], tier: tier)
            let bytes = max(served.bytes, 1)
            statistics.count(region: region, servedBy: tier, bytes: bytes, weight: weight, at: time.seconds, firstByte: firstByte,
                             fetch: firstByte + bytes * tierSecondsPerByte[tier.rawValue], rerouted: serving != region)
            if next.segment == 0 && served.record?.abandoned != true {
                statistics.players?.countFirstSegment(device: viewer, tier: tier, weight: weight)
            }
        }
        let summary = pools[device].finish(slot)
        let rungs = pools[device].ladderRungs
        statistics.players?.add(summary, region: region, device: viewer, ladderRungs: rungs, weight: weight)
    }

    /// A view of a pinned video: its manifest and every segment it watches are edge hits (the site holds them
    /// all), counted at once at the view's start without simulating the requests; the view stands for 1 / R
    /// views (pinned views are thinned to the sampling rate). With no site up, the origin serves them.
    private mutating func pinnedView(region: Int, site: Int, at time: TimeSpan) {
        let video = catalog.pickPinned(region: region, videoStream)
        let rendition = Int(renditionPickers[Int(catalog.classes[video])].sample(renditionStream))
        var watched = Int(catalog.segments[video])
        if let fraction = configuration.watchedFraction {
            let share = min(max(fraction.sample(watchStream), 0), 1)
            watched = max(1, Int((share * Double(watched)).rounded(.up)))
        }
        let weight = 1 / catalog.cacheScale
        statistics.countView(weight: weight)
        let serving = site >= 0 ? Int(routing.regionOf[site]) : -1
        let tier: DeliveryStatistics.Tier = site >= 0 ? .edge : .origin
        let viewerTrip = serving == region ? configuration.edgeRoundTrip.seconds : configuration.regions[region].failoverRoundTrip.seconds
        let firstByte = viewerTrip + tierRoundTrip[tier.rawValue]
        let manifest = Double(manifestBytes), segment = Double(segmentBytes[rendition])
        statistics.count(region: region, servedBy: tier, bytes: manifest, weight: weight, at: time.seconds, firstByte: firstByte,
                         fetch: firstByte + manifest * tierSecondsPerByte[tier.rawValue], rerouted: serving != region)
        statistics.count(region: region, servedBy: tier, bytes: segment, weight: weight * Double(watched), at: time.seconds,
                         firstByte: firstByte, fetch: firstByte + segment * tierSecondsPerByte[tier.rawValue],
                         rerouted: serving != region)
    }

    /// A session's next segment is due (a player's: its next request goes out, or its session ends).
    mutating func segmentDue(session payload: Int, at time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        if devicePicker != nil {
            if payload & Self.endFlag != 0 {
                endPlayerSession(payload & (Self.endFlag - 1), at: time)
            } else {
                playerRequestDue(session: payload, at: time, scheduler: &scheduler)
            }
            return
        }
        let session = payload
        let video = Int(sessionVideo[session]), rendition = Int(sessionRendition[session])
        let segment = Int(sessionNext[session])
        var site = Int(sessionSite[session])
        if site < 0 || !routing.isUp(site) {
            // The site went down (or none was up): the player reconnects to a site up now.
            site = routing.pick(region: Int(sessionRegion[session]), siteStream.uniform())
            sessionSite[session] = Int32(site)
        }
        request(region: Int(sessionRegion[session]), site: site,
                object: objectID(video: sessionObject[session], rendition: rendition, segment: segment),
                bytes: segmentBytes[rendition], video: video, firstView: sessionFirstView[session], at: time)
        if segment < Int(sessionLast[session]) {
            sessionNext[session] = Int32(segment + 1)
            scheduler.schedule(.segmentDue, after: TimeSpan(seconds: segmentSeconds), payload: session)
        } else {
            freeSessions.append(Int32(session))
        }
    }

    /// One request of a viewer of `region` through global edge site `site` (-1: none up; the origin serves it)
    /// down the tiers until a cache holds the object.
    @inline(__always) @discardableResult
    private mutating func request(region: Int, site: Int, object: UInt64, bytes: Int64, video: Int, firstView: Bool = false,
                                  at time: TimeSpan) -> (tier: DeliveryStatistics.Tier, firstByte: Double) {
        let served = route(region: region, site: site, object: object, bytes: bytes, video: video, firstView: firstView, at: time)
        count(served, bytes: Double(bytes))
        return (served.tier, served.firstByte)
    }

    /// Where a request was served, and what counting it needs.
    private struct Served {
        var tier: DeliveryStatistics.Tier
        var firstByte: Double
        var region: Int32
        var fresh: Bool
        var firstView: Bool
        var rerouted: Bool
        var weight: Double
        var time: Double
    }

    /// The caches' answer to a request for `object` (of `bytes`) from a viewer of `region` at `site` (-1: none up):
    /// the tier that served it and the first byte's round trips. Counted by `count`, once its bytes are known.
    private mutating func route(region: Int, site: Int, object: UInt64, bytes: Int64, video: Int, firstView: Bool,
                                at time: TimeSpan) -> Served {
        // How many real views this one stands for (a one-timer is sampled at R), and in a sampled run the share
        // of its size an object takes in the scaled caches: R / r.
        let weight: Double, scale: Double
        if video >= 0 {
            weight = catalog.weights[video]
            scale = catalog.sizeScales[video]
        } else {
            weight = 1 / catalog.cacheScale
            scale = 1
        }
        let fresh = video >= catalog.backCatalogue
        let cached = scale == 1 ? bytes : max(1, Int64((Double(bytes) * scale).rounded()))
        let servedBy: DeliveryStatistics.Tier
        let serving: Int
        if site >= 0 {
            serving = Int(routing.regionOf[site])
            let local = Int(routing.localOf[site])
            if tracing { record(region: serving, site: local, object: object, bytes: bytes, at: time) }
            if edges[serving].access(local, object: object, size: cached) {
                servedBy = .edge
            } else if shields != nil {
                servedBy = shields!.access(serving, object: object, size: cached) ? .shield : .origin
            } else {
                servedBy = .origin
            }
        } else {
            serving = -1
            servedBy = .origin
        }
        let viewerTrip = serving == region ? configuration.edgeRoundTrip.seconds : configuration.regions[region].failoverRoundTrip.seconds
        return Served(tier: servedBy, firstByte: viewerTrip + tierRoundTrip[servedBy.rawValue], region: Int32(region), fresh: fresh,
                      firstView: firstView, rerouted: serving != region, weight: weight, time: time.seconds)
    }

    /// Counts a served request's `bytes` (fewer than the object's when a player abandoned it).
    private mutating func count(_ served: Served, bytes: Double) {
        statistics.count(region: Int(served.region), servedBy: served.tier, bytes: bytes, weight: served.weight, at: served.time,
                         isNew: served.fresh, firstView: served.firstView, firstByte: served.firstByte,
                         fetch: served.firstByte + bytes * tierSecondsPerByte[served.tier.rawValue], rerouted: served.rerouted)
    }

    /// Records a request for `vidsim cache trace` (out of line: the hot path only tests `tracing`).
    @inline(never)
    private mutating func record(region: Int, site: Int, object: UInt64, bytes: Int64, at time: TimeSpan) {
        guard var recorded = trace.take() else { return }
        if recorded.filter.matches(region: region, site: site) {
            recorded.record(time: time.seconds, object: object, size: bytes)
        }
        trace = recorded
    }

    /// A segment's object id: the video's index among those followed (2^32 and up for one-timers), the rendition
    /// (255 for the manifest) and the segment number.
    @inline(__always)
    private func objectID(video: UInt64, rendition: Int, segment: Int) -> UInt64 {
        video << 24 | UInt64(rendition) << 16 | UInt64(segment)
    }

    mutating func resetStatistics(at time: TimeSpan) {
        statistics.reset(at: time.seconds)
        // The report's sample session is the first to start after the warm-up.
        sampleSession = -1
        sampleWanted = true
    }
}
