import Foundation
import VidsimKernel
import VidsimUnits

/// An estimate of a run's size made from the scenario alone, before it starts: how many events it will
/// simulate, how many time-series samples it will keep, and how much memory it will hold at its peak.
///
/// A scenario whose every value is reasonable can still ask for a run no machine finishes: 100 years at
/// 500 hours/min, a billion workers, a sample every millisecond for a year. The loader refuses such a run
/// (`ScenarioLoader.load(path:force:)`), naming the fields that drive it, unless forced.
///
/// Events, per replication:
/// - per upload: its arrival, the end of its transfer (with `transfer`; one event per chunk attempt with the
///   `per-chunk` model), one task per eligible rung (one per segment with `split`), one stitch per rung with a
///   stitch time;
/// - a sample every `sample_interval`, an autoscaling evaluation every `interval`, spot interruption
///   candidates at `interruptions` per spot slot;
/// - two events per job of a work class (its arrival and its end), at its rate over the horizon; a work pool's
///   spot interruption candidates at `interruptions` per spot slot (as the fleet's).
///
/// Uploads are the mean arrival rate integrated over the horizon with the diurnal, weekly and burst profile.
/// Checked against real runs: seed-youtube-day 600 M (the run: 580 M), remix-launch without its work classes
/// 99 M (96 M) and with them 327 M (324 M), starter
/// 874 k (871 k); the estimate runs a little high because work still in progress at the horizon is not
/// simulated.
///
/// Peak memory, for the replications running at once (one per core): the fleet (an entry and a pending event
/// per worker), the uploads in flight and their tasks (more when the fleet cannot keep up and a backlog
/// builds), and the time series every replication keeps until the report.
public struct RunSize: Sendable, Equatable {
    /// The most events a run may simulate, over all replications.
    public static let eventLimit = 5e9
    /// The most memory a run may need at its peak.
    public static let memoryLimit = 8.0 * 1_073_741_824
    /// The most time-series samples a replication may take.
    public static let sampleLimit = 1e7

    /// Uploads started in one replication.
    public let uploadsPerReplication: Double
    /// Events each upload causes: arrival, transfer, tasks, stitches.
    public let eventsPerUpload: Double
    /// Time-series samples in one replication.
    public let samplesPerReplication: Double
    /// Autoscaling evaluations in one replication.
    public let autoscalingEvaluations: Double
    /// Spot interruption candidates and the replacements they launch, in one replication.
    public let interruptionEvents: Double
    /// The delivery side's events in one replication: views simulated (after sampling) and their requests.
    public let deliveryEvents: Double
    /// The part of `deliveryEvents` that stands for the players' ABR decisions (in events of 1 us).
    public let decisionEvents: Double
    /// The work classes' events in one replication: each job's arrival and end of service.
    public let workEvents: Double
    /// Of those, each work pool's spot interruption candidates, per replication.
    public let workSpotEvents: [Double]
    /// All events of one replication.
    public let eventsPerReplication: Double
    /// All events of the run.
    public let events: Double
    public let replications: Int
    /// Bytes held at the peak: the replications running at once, and what every replication keeps.
    public let peakMemoryBytes: Double

    /// The memory's parts, to say which one drives it.
    let fleetBytes: Double
    let uploadsInFlightBytes: Double
    let backlogBytes: Double
    let samplesBytes: Double
    /// The delivery side's memory per replication: caches, followed videos, sessions, statistics.
    public let deliveryBytes: Double
    /// The work classes' memory per replication: the jobs a pool too small leaves waiting, and the classes'
    /// latency histograms.
    let workBytes: Double
    let concurrentReplications: Int

    // Bytes per item, from the model's arrays (VidsimModels): a worker's state, token, task, position in the
    // spot list and its pending event; an upload's table row, ingest and transfer state and pending event; a
    // task's slot, rung, service time, queue time, queue entry and free-list entry.
    static let bytesPerWorker = 128.0
    /// A waiting job: its class, pool and arrival time, its queue entry and its free-list entry, with slack.
    static let bytesPerWaitingJob = 64.0
    /// A work pool's worker: its state, zone, epoch, job and idle token, with the arrays' slack.
    static let bytesPerPoolWorker = 48.0
    /// An open editing session: its slot and its pending event, with the queue's slack.
    static let bytesPerWorkSession = 64.0
    /// A work class's two latency histograms (HdrHistogram, microseconds to days at three digits) and counters.
    static let bytesPerWorkClass = 1_048_576.0
    static let bytesPerUploadInFlight = 256.0
    static let bytesPerTask = 64.0
    static let bytesPerSample = 96.0
    /// A cache slot: the policy's node (16, or a heap entry and keys for LFUDA and GDSF), the id table's entries
    /// (up to 64 at its power-of-two size), the slot's owner (8), the policy's own bytes, and room for the table's
    /// doubling; a followed video: rank, weight, size scale, segments, its alias-table entry and what building
    /// them holds; a session with its pending event.
    static let bytesPerCacheSlot = 128.0
    static let bytesPerVideo = 96.0
    static let bytesPerSession = 80.0
    /// A player's session besides: its state machine, segment sizes, algorithm and link.
    static let bytesPerPlayer = 1_500.0
    /// What a replication holds whatever its size: histograms, the kernel's tables, the ladder.
    static let bytesPerReplication = 32.0 * 1_048_576

    public init(scenario: Scenario, cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        let run = scenario.run, uploads = scenario.uploads, transcode = scenario.transcode
        let horizon = run.horizon.seconds
        replications = run.replications

        uploadsPerReplication = uploads.arrivalRate.perSecond * Self.integratedMultiplier(uploads.profile, over: horizon)

        // Each format's share and which rungs it gets (rungs taller than the source are not transcoded).
        let rungs = scenario.ladder.rungs
        let shares: [(weight: Double, height: Int?)] = uploads.formats.map { mix in
            let total = mix.reduce(0) { $0 + $1.weight }
            return mix.map { ($0.weight / max(total, .leastNonzeroMagnitude), $0.height) }
        } ?? [(1, nil)]
        let costs = transcode.resolvedCosts.count == rungs.count ? transcode.resolvedCosts.map(\.cost)
            : Array(repeating: 1, count: rungs.count)
        var eligibleRungs = 0.0, eligibleCost = 0.0
        // Each rung counts for its class's share of uploads (every rung, for a fixed ladder).
        let classShares = scenario.ladder.classes.map(\.share)
        for share in shares {
            for (index, rung) in rungs.enumerated() {
                let eligible = share.height.map { height in rung.height.map { $0 <= height } ?? true } ?? true
                if eligible {
                    let weight = share.weight * classShares[rung.contentClass]
                    eligibleRungs += weight
                    eligibleCost += weight * costs[index]
                }
            }
        }
        // A per-title analysis is one more task per upload of its class.
        let analysed = scenario.ladder.classes.filter { ($0.analysisCPUPerContentSecond ?? 0) > 0 }.reduce(0) { $0 + $1.share }

        let meanDuration = uploads.duration.distribution.mean
        let segmentsPerRung = transcode.split.map { max(1, meanDuration / $0.segment.seconds + 0.5) } ?? 1
        var perUpload = 1 + eligibleRungs * segmentsPerRung + analysed
        if let split = transcode.split, split.stitch.seconds > 0 { perUpload += eligibleRungs }
        let meanFileBytes = meanDuration * uploads.sourceBitrate.distribution.mean / 8
        var transferSeconds = 0.0
        if let transfer = uploads.transfer {
            switch transfer.model {
            case .aggregate:
                perUpload += 1
            case .perChunk:
                let chunks = max(1, meanFileBytes / transfer.chunkSize.bytes + 0.5)
                perUpload += chunks / (1 - transfer.chunkFailureProbability)
            }
            transferSeconds = meanFileBytes * 8 / max(transfer.uplink.distribution.mean, 1)
                / (1 - transfer.chunkFailureProbability)
        }
        eventsPerUpload = perUpload

        samplesPerReplication = horizon / run.sampleInterval.seconds + 1
        let autoscaling = transcode.autoscaling
        autoscalingEvaluations = autoscaling.map { horizon / max($0.interval.seconds, 1e-3) + 1 } ?? 0
        let largestFleet = Double(autoscaling?.maximum ?? transcode.workers)
        interruptionEvents = Self.spotCandidates(transcode.spot, largest: largestFleet, fixed: autoscaling == nil, horizon: horizon)
        var spotCandidates = [Double](repeating: 0, count: scenario.work?.pools.count ?? 0)
        // The delivery side: views to the videos followed (the hot set in full, a share R of the rest), each an
        // event per segment it watches; memory for the caches' slots and the followed videos.
        if let delivery = scenario.delivery {
            (deliveryEvents, deliveryBytes, decisionEvents) = Self.deliveryFootprint(delivery, in: scenario,
                                                                                     uploadsPerReplication: uploadsPerReplication)
        } else {
            deliveryEvents = 0
            decisionEvents = 0
            deliveryBytes = 0
        }
        // The work classes: two events a job; the jobs a pool cannot serve by the horizon stay queued.
        if let work = scenario.work {
            var jobs = 0.0, undoneJobs = 0.0, evaluations = 0.0
            for (poolIndex, pool) in work.pools.enumerated() {
                spotCandidates[poolIndex] = Self.spotCandidates(pool.spot, largest: Double(pool.autoscaling?.maximum ?? pool.workers),
                                                                fixed: pool.autoscaling == nil, horizon: horizon)
                var arrivals = 0.0, service = 0.0
                for (workClass, route) in zip(work.classes, work.poolIndices) where route.pool == poolIndex {
                    let count = workClass.rate.perSecond
                        * Self.integratedMultiplier(workClass.profile, over: horizon)
                    arrivals += count
                    service += count * workClass.meanServiceSeconds
                }
                jobs += arrivals
                let capacity = Double(pool.autoscaling?.maximum ?? pool.workers) * horizon
                evaluations += pool.autoscaling.map { horizon / $0.interval.seconds } ?? 0
                if service > capacity { undoneJobs += arrivals * (1 - capacity / service) }
            }
            // A zone's loss sends jobs back (a few events each), negligible beside the arrivals.
            workEvents = 2 * jobs + evaluations + samplesPerReplication + Double(2 * (scenario.zones?.outages.count ?? 0))
                + spotCandidates.reduce(0, +)
            // Each pool's workers at their most (an entry each), each class's sessions open at its peak (a slot and a
            // pending event each: the sessions' rate at its peak times their mean length, jobs x (think time +
            // service)), and the work's series (six a pool, three a class) at every sample.
            let workers = work.pools.reduce(0.0) { $0 + Double($1.autoscaling?.maximum ?? $1.workers) }
            let sessions = work.classes.reduce(0.0) { total, workClass in
                guard let settings = workClass.sessions else { return total }
                let length = settings.jobs * (settings.thinkTime.distribution.mean + workClass.meanServiceSeconds)
                return total + settings.rate.perSecond * workClass.profile.maximum * length
            }
            let series = Double(6 * work.pools.count + 3 * work.classes.count) * 8 * samplesPerReplication
            workBytes = undoneJobs * Self.bytesPerWaitingJob + Double(work.classes.count) * Self.bytesPerWorkClass
                + workers * Self.bytesPerPoolWorker + sessions * Self.bytesPerWorkSession + series
        } else {
            workEvents = 0
            workBytes = 0
        }
        workSpotEvents = spotCandidates
        eventsPerReplication = uploadsPerReplication * eventsPerUpload + samplesPerReplication
            + autoscalingEvaluations + interruptionEvents + largestFleet + deliveryEvents + workEvents
        events = eventsPerReplication * Double(replications)

        // Memory. Uploads in flight: the peak arrival rate times the time an upload spends in the system when
        // the fleet keeps up (its transfer, then its longest task); when it cannot, the work it leaves undone
        // stays queued, uploads and tasks alike.
        let peakRate = uploads.arrivalRate.perSecond * uploads.profile.maximum
        let tasksPerUpload = eligibleRungs * segmentsPerRung
        let longestTask = (transcode.split.map { min($0.segment.seconds, meanDuration) } ?? meanDuration)
            * (costs.max() ?? 1) + (transcode.split?.stitch.seconds ?? 0)
        let inFlight = min(peakRate * (transferSeconds + longestTask), uploadsPerReplication)
        let work = uploadsPerReplication * meanDuration * eligibleCost
        let capacity = largestFleet * horizon
        let undone = work > 0 ? max(0, 1 - capacity / work) : 0
        let backlogUploads = uploadsPerReplication * undone
        fleetBytes = largestFleet * Self.bytesPerWorker
        uploadsInFlightBytes = inFlight * (Self.bytesPerUploadInFlight + tasksPerUpload * Self.bytesPerTask)
        backlogBytes = backlogUploads * (Self.bytesPerUploadInFlight + tasksPerUpload * Self.bytesPerTask)
        samplesBytes = samplesPerReplication * Self.bytesPerSample
        concurrentReplications = max(1, min(replications, cores))
        let perReplication = Self.bytesPerReplication + fleetBytes + uploadsInFlightBytes + backlogBytes + deliveryBytes + workBytes
        peakMemoryBytes = Double(concurrentReplications) * perReplication + Double(replications) * samplesBytes
    }

    /// The delivery side's events and bytes per replication: views to the videos followed (the hot set in full,
    /// a share R of the rest), each an event per segment it watches; memory for the caches' slots, the followed
    /// videos, the sessions and the statistics' buckets.
    /// The shares of the views the hot set and the pinned videos carry (Zipf over the catalogue's ranks): sums
    /// over up to a million ranks that do not depend on the sampling rate, so `rate: auto` takes them once.
    struct DeliveryHeads {
        let hot: Double
        let pinned: Double

        init(_ delivery: DeliverySettings) {
            let videos = delivery.catalog.videos, alpha = delivery.catalog.zipfAlpha
            let all = ZipfSampler.harmonic(videos, exponent: alpha)
            func share(_ count: Int) -> Double {
                count <= 0 ? 0 : count >= videos ? 1 : ZipfSampler.harmonic(count, exponent: alpha) / all
            }
            hot = share(delivery.sampling.hotVideos)
            pinned = share(delivery.sampling.pinnedVideos)
        }
    }

    static func deliveryFootprint(_ delivery: DeliverySettings, in scenario: Scenario, uploadsPerReplication: Double,
                                  heads: DeliveryHeads? = nil) -> (events: Double, bytes: Double, decisions: Double) {
        let uploads = scenario.uploads, horizon = scenario.run.horizon.seconds
        let videos = delivery.catalog.videos, alpha = delivery.catalog.zipfAlpha
        let sampling = PopularitySampling(videos: videos, alpha: alpha, hotVideos: delivery.sampling.hotVideos,
                                          rate: delivery.sampling.rate)
        let heads = heads ?? DeliveryHeads(delivery)
        let duration = (delivery.catalog.duration ?? uploads.duration).distribution.mean
        let segments = max(1, delivery.watched * duration / delivery.segment.seconds + 0.5)
        // Pinned videos' views are thinned to R and cost one event each (as `segments` of them would).
        let pinnedCount = min(delivery.sampling.pinnedVideos, videos)
        let pinnedHead = heads.pinned
        // As PopularitySampling.requestShare: the hot set in full, R of the rest.
        let requestShare = sampling.hotVideos >= videos ? 1 : heads.hot + (1 - heads.hot) * sampling.rate
        let followedShare = requestShare - pinnedHead + pinnedHead * sampling.rate / segments
        let views = delivery.views.perSecond * Self.integratedMultiplier(delivery.profile, over: horizon) * followedShare
        // New uploads followed (at the new videos' rate, whatever their rank), and every step each followed video
        // is re-weighted: counted as a quarter of an event each.
        // At the new videos' rate, and at least the catalogue's (as the delivery path follows them).
        let newRate = max(delivery.sampling.rate, min(1, delivery.sampling.newVideos ?? 0))
        let newFollowed = delivery.newUploads ? uploadsPerReplication * newRate : 0
        let steps = delivery.popularity.map { horizon / $0.step.seconds } ?? 0
        let followedVideos = Double(videos) * sampling.videoShare + newFollowed
        // Pre-positioning: each day, every site takes at most what fits its cache (in objects of the smallest
        // rendition watched), counted as a quarter of an event each.
        var prefillAccesses = 0.0
        if let prefill = delivery.prefill {
            let days = (horizon / 86_400).rounded(.up)
            let smallestObject = max(1, (scenario.ladder.rungs.map(\.bitrate.bitsPerSecond).min() ?? 1) * delivery.segment.seconds / 8)
            for region in delivery.regions {
                let fits = region.edgeCache.bytes * delivery.sampling.rate / smallestObject
                let renditions = delivery.renditions.map { Double($0.count) }
                    ?? Double(scenario.ladder.rungs.count) / Double(scenario.ladder.classes.count)
                let objects = Double(prefill.videos) * (segments / delivery.watched * renditions + 1)
                prefillAccesses += days * Double(region.edgeSites) * min(fits, objects)
            }
        }
        // Each followed publication, and each popularity step, moves its regions' pending views to the new rate: a
        // view event scheduled anew and the old one taken and dropped, per region (one region for a regional
        // video, every region for the others).
        let regionCount = Double(delivery.regions.count), catalog = delivery.catalog
        let restartsPerPublication = 2 * (catalog.regional + (1 - catalog.regional) * regionCount)
        let restarts = newFollowed * (1 - catalog.neverWatched) * restartsPerPublication + steps * 2 * regionCount
        var events = views * segments + followedVideos * steps / 4 + prefillAccesses / 4 + restarts
        // Players: each request also costs its ABR decision, counted in events of 1 us (a delivery event's time
        // with small caches; MPC's search can weigh several).
        var playerBytes = 0.0, decisions = 0.0
        if let players = delivery.players {
            let shares = players.devices.map(\.share), total = max(shares.reduce(0, +), 1e-300)
            var decision = 0.0
            for (device, share) in zip(players.devices, shares) {
                let ladder = scenario.ladder
                let rungs = ladder.classes.indices.map { ladder.playable(inClass: $0, upTo: device.maxRung).count }.max() ?? 1
                decision += share / total * (device.abr ?? players.abr).decisionSeconds(rungs: rungs)
            }
            // Pinned views are played through too (thinned to R, a decision per segment).
            let played = delivery.views.perSecond * Self.integratedMultiplier(delivery.profile, over: horizon)
                * (requestShare - pinnedHead + pinnedHead * sampling.rate)
            decisions = played * segments * decision / 1e-6
            events += decisions
            playerBytes = Self.bytesPerPlayer
        }
        let rate = delivery.sampling.rate
        // The mean segment viewers ask for (renditions in their shares) sets the objects a cache holds, as the
        // delivery path sizes its caches' slots.
        var shareSum = 0.0, shareBits = 0.0
        // Each class's renditions in the mix (as the delivery path resolves its names), or every rung alike with
        // players (which ignore the mix); in a class's share.
        let ladder = scenario.ladder
        for (index, contentClass) in ladder.classes.enumerated() {
            let shares = delivery.watchedShares(inClass: index, of: ladder)
            let total = shares.reduce(0, +)
            guard total > 0 else { continue }
            for rung in contentClass.rungs where shares[rung] > 0 {
                let share = contentClass.share * shares[rung] / total
                shareSum += share
                shareBits += share * ladder.rungs[rung].bitrate.bitsPerSecond
            }
        }
        let smallest = max(1, (shareSum > 0 ? shareBits / shareSum : 1) * delivery.segment.seconds / 8)
        // A cache's objects: the sampled videos' at their own size in R of its bytes, and the popular videos'
        // (at R of their size) as many as fit the whole cache, at most all of them.
        let renditions = delivery.renditions.map { Double($0.count) }
                    ?? Double(scenario.ladder.rungs.count) / Double(scenario.ladder.classes.count)
        let hotObjects = Double(sampling.hotVideos - pinnedCount) * (segments + 1) * renditions
        // Besides segments, a cache holds the followed videos' manifests (nearly all of them at a low rate).
        let manifest = max(1, delivery.manifestSize.bytes)
        func objects(_ cache: Double) -> Double {
            let sampled = cache * rate / smallest + min(followedVideos, cache * rate / manifest)
            return rate < 1 ? sampled + min(cache / smallest, hotObjects) : sampled
        }
        var slots = 0.0
        for region in delivery.regions { slots += Double(region.edgeSites) * max(16, objects(region.edgeCache.bytes)) * 3 }
        if let shield = delivery.shield { slots += Double(delivery.regions.count) * max(16, objects(shield.cache.bytes)) * 3 }
        let followed = followedVideos
        // Per sample interval, region and tier: requests and bytes.
        let buckets = (horizon / scenario.run.sampleInterval.seconds + 1) * Double(delivery.regions.count) * 3 * 16
        let sessions = delivery.views.perSecond * followedShare * (delivery.profile.maximum) * segments * delivery.segment.seconds
        let bytes = slots * Self.bytesPerCacheSlot + followed * Self.bytesPerVideo + sessions * (Self.bytesPerSession + playerBytes) + buckets
        return (events, bytes, decisions)
    }

    /// The rate profile's multiplier integrated over [0, horizon], in seconds: the horizon itself for a flat
    /// profile, more with bursts. The first year is integrated in steps of at most a minute; a longer horizon
    /// is taken to continue at the first year's mean.
    /// Spot interruption candidates over `horizon`: the rate times a slot per spot worker the fleet or pool may have
    /// (two spare), each an event; a fixed one also replaces the worker it interrupts (a start-up).
    static func spotCandidates(_ spot: SpotSettings?, largest: Double, fixed: Bool, horizon: Double) -> Double {
        guard let spot, spot.fraction > 0 else { return 0 }
        return spot.interruptions.perSecond * ((largest * spot.fraction).rounded(.up) + 2) * horizon * (fixed ? 2 : 1)
    }

    static func integratedMultiplier(_ profile: RateProfile, over horizon: Double) -> Double {
        guard !profile.isFlat, horizon > 0 else { return horizon }
        let span = min(horizon, 366 * 86_400)
        let steps = max(1, min(600_000, Int((span / 60).rounded(.up))))
        let step = span / Double(steps)
        var integral = 0.0
        for index in 0..<steps {
            integral += profile.multiplier(at: TimeSpan(seconds: (Double(index) + 0.5) * step)) * step
        }
        return span < horizon ? integral / span * horizon : integral
    }

    /// Refuses a run larger than the limits, at the field that drives it.
    func check(_ scenario: Scenario) throws {
        let run = scenario.run
        let rateField: [CodingKey] = [AnyKey("uploads"), AnyKey(scenario.uploads.contentRate != nil ? "rate" : "count")]
        let force = " (vidsim run --force runs it anyway)"

        guard samplesPerReplication <= Self.sampleLimit else {
            throw FieldError(
                codingPath: [AnyKey("run"), AnyKey("sample_interval")],
                message: "expected at most \(Self.count(Self.sampleLimit)) time-series samples per replication, "
                    + "found \(Self.count(samplesPerReplication)) (run.horizon \(run.horizon) / run.sample_interval "
                    + "\(run.sampleInterval)): sample less often or shorten the horizon" + force)
        }

        guard events <= Self.eventLimit else {
            let uploadEvents = uploadsPerReplication * eventsPerUpload
            let breakdown = "\(Self.count(uploadsPerReplication)) uploads x \(Self.count(eventsPerUpload)) events each"
                + (samplesPerReplication > 1e6 ? " + \(Self.count(samplesPerReplication)) samples" : "")
                + (autoscalingEvaluations > 1e6 ? " + \(Self.count(autoscalingEvaluations)) autoscaling evaluations" : "")
                + (interruptionEvents > 1e6 ? " + \(Self.count(interruptionEvents)) spot interruptions" : "")
                + (workEvents > 1e6 ? " + \(Self.count(workEvents)) work events" : "")
                + " per replication, x \(replications) replication\(replications == 1 ? "" : "s")"
            let found = "expected a run of at most \(Self.count(Self.eventLimit)) events, found about "
                + "\(Self.count(events)) (\(breakdown))"
            let field: [CodingKey]
            let advice: String
            let largestOther = max(autoscalingEvaluations, interruptionEvents)
            if let work = scenario.work, workEvents > uploadEvents, workEvents > deliveryEvents, eventsPerReplication > Self.eventLimit,
               let spotty = workSpotEvents.indices.max(by: { workSpotEvents[$0] < workSpotEvents[$1] }),
               workSpotEvents[spotty] > workEvents / 2 {
                field = [AnyKey("work"), AnyKey("pools"), AnyKey(intValue: spotty)!, AnyKey("spot"), AnyKey("interruptions")]
                advice = "\(Self.count(workSpotEvents[spotty])) of them are pool '\(work.pools[spotty].name)''s spot interruption candidates "
                    + "(its interruption rate x a slot per spot worker it may have, up to its largest size): lower the rate or the pool's "
                    + "largest size"
            } else if let work = scenario.work, workEvents > uploadEvents, workEvents > deliveryEvents, eventsPerReplication > Self.eventLimit {
                let busiest = work.classes.indices.max { work.classes[$0].rate.perSecond < work.classes[$1].rate.perSecond }!
                // A class in sessions has no `rate` of its own: its sessions' rate brings its jobs.
                field = [AnyKey("work"), AnyKey("classes"), AnyKey(intValue: busiest)!]
                    + (work.classes[busiest].sessions != nil ? [AnyKey("sessions"), AnyKey("rate")] : [AnyKey("rate")])
                advice = "\(Self.count(workEvents)) of them are the work classes' jobs (an arrival and an end each): lower "
                    + "the classes' rates or shorten run.horizon (\(run.horizon))"
            } else if let players = scenario.delivery?.players, decisionEvents > deliveryEvents / 2, deliveryEvents > uploadEvents,
               eventsPerReplication > Self.eventLimit {
                field = [AnyKey("delivery"), AnyKey("players"), AnyKey("abr")]
                advice = "\(Self.count(deliveryEvents)) of them are the delivery side's, most of them the players' ABR decisions "
                    + "(\(players.abr.name), counted as events of 1 us): a cheaper algorithm, fewer rungs or a shorter MPC horizon, "
                    + "or sample the catalogue (delivery.sampling)"
            } else if let delivery = scenario.delivery, deliveryEvents > uploadEvents, eventsPerReplication > Self.eventLimit {
                field = delivery.sampling.rate < 1 ? [AnyKey("delivery"), AnyKey("sampling"), AnyKey("rate")]
                    : [AnyKey("delivery"), AnyKey("views")]
                advice = "\(Self.count(deliveryEvents)) of them are the delivery side's segment requests: sample the catalogue "
                    + "(delivery.sampling: { rate: 0.001, hot_videos: 1000 } follows the 1,000 most popular videos and a thousandth "
                    + "of the rest)"
            } else if eventsPerReplication <= Self.eventLimit {
                field = [AnyKey("run"), AnyKey("replications")]
                advice = "run fewer replications"
            } else if interruptionEvents > uploadEvents && interruptionEvents >= largestOther {
                field = [AnyKey("transcode"), AnyKey("spot"), AnyKey("interruptions")]
                advice = "lower the spot interruption rate or the fleet's size"
            } else if autoscalingEvaluations > uploadEvents {
                field = [AnyKey("transcode"), AnyKey("autoscaling"), AnyKey("interval")]
                advice = "evaluate the autoscaling policy less often or shorten the horizon"
            } else if eventsPerReplication / max(run.horizon.days, 1e-9) <= Self.eventLimit && run.horizon.days > 1 {
                field = [AnyKey("run"), AnyKey("horizon")]
                advice = "shorten run.horizon (\(run.horizon)), or lower the upload rate"
            } else if let split = scenario.transcode.split, eventsPerUpload > 200 {
                field = [AnyKey("transcode"), AnyKey("split"), AnyKey("segment")]
                advice = "lengthen transcode.split.segment (\(split.segment)) or shorten the uploads"
            } else if scenario.uploads.transfer?.model == .perChunk, eventsPerUpload > 200 {
                field = [AnyKey("uploads"), AnyKey("transfer"), AnyKey("model")]
                advice = "use the aggregate transfer model or larger chunks"
            } else {
                field = rateField
                advice = "lower the upload rate or shorten run.horizon (\(run.horizon))"
            }
            throw FieldError(codingPath: field, message: found + ": " + advice + force)
        }

        guard peakMemoryBytes <= Self.memoryLimit else {
            let parts: [(bytes: Double, field: [CodingKey], what: String, advice: String)] = [
                (fleetBytes * Double(concurrentReplications),
                 scenario.transcode.autoscaling == nil ? [AnyKey("transcode"), AnyKey("workers")]
                     : [AnyKey("transcode"), AnyKey("autoscaling"), AnyKey("max")],
                 "the fleet", "fewer workers"),
                (uploadsInFlightBytes * Double(concurrentReplications), rateField,
                 "uploads in flight", "a lower upload rate or faster uplinks"),
                (backlogBytes * Double(concurrentReplications),
                 scenario.transcode.autoscaling == nil ? [AnyKey("transcode"), AnyKey("workers")]
                     : [AnyKey("transcode"), AnyKey("autoscaling"), AnyKey("max")],
                 "the backlog of a fleet too small for the work", "more workers, or cheaper rungs"),
                (samplesBytes * Double(replications), [AnyKey("run"), AnyKey("sample_interval")],
                 "time-series samples", "fewer samples"),
                (deliveryBytes * Double(concurrentReplications),
                 scenario.delivery?.sampling.rate ?? 1 < 1 ? [AnyKey("delivery"), AnyKey("sampling"), AnyKey("rate")]
                     : [AnyKey("delivery"), AnyKey("regions")],
                 "the CDN's caches and catalogue", "smaller caches or a lower delivery.sampling.rate (caches scale with it)"),
                (workBytes * Double(concurrentReplications), [AnyKey("work"), AnyKey("pools")],
                 "the jobs a work pool too small for its classes leaves waiting", "more workers in the pools, or lower rates"),
            ]
            let largest = parts.max { $0.bytes < $1.bytes }!
            throw FieldError(
                codingPath: largest.field,
                message: "expected a run needing at most \(DataSize(bytes: Self.memoryLimit)) of memory, found about "
                    + "\(DataSize(bytes: peakMemoryBytes)) with \(concurrentReplications) replication"
                    + "\(concurrentReplications == 1 ? "" : "s") at once, most of it for \(largest.what) "
                    + "(\(DataSize(bytes: largest.bytes))): \(largest.advice)" + force)
        }
    }

    /// A count in words: "874 thousand", "580 million", "1.2 billion", "3.5e13".
    public static func count(_ value: Double) -> String {
        switch value {
        case ..<1e4: return significant(value.rounded(), digits: 4)
        case ..<1e6: return significant(value / 1e3, digits: 3) + " thousand"
        case ..<1e9: return significant(value / 1e6, digits: 3) + " million"
        case ..<1e12: return significant(value / 1e9, digits: 3) + " billion"
        default: return value.isFinite ? String(format: "%.2g", value) : "infinitely many"
        }
    }
}
