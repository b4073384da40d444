import VidsimKernel
import VidsimUnits

/// The delivery path's events, when it runs alone.
public enum DeliveryEvent: UInt8, DeliveryEvents {
    case viewStarts
    case segmentDue
    case popularityChanges
    case videoPublished
    case outageStarts
    case outageEnds
    case prefill
}

/// The delivery path as a simulation of its own: a thin dispatcher to `DeliveryPath`.
struct DeliveryModel: SimulationModel {
    var path: DeliveryPath<DeliveryEvent>

    mutating func handle(_ event: Event<DeliveryEvent>, scheduler: inout EventScheduler<DeliveryEvent>) {
        switch event.kind {
        case .viewStarts: path.viewStarts(event.payload, at: event.time, scheduler: &scheduler)
        case .segmentDue: path.segmentDue(session: event.payload, at: event.time, scheduler: &scheduler)
        case .popularityChanges: path.popularityChanges(at: event.time, scheduler: &scheduler)
        case .videoPublished: path.videoPublished(event.payload, at: event.time, scheduler: &scheduler)
        case .outageStarts: path.outageStarts(event.payload)
        case .outageEnds: path.outageEnds(event.payload)
        case .prefill: path.prefill(at: event.time, scheduler: &scheduler)
        }
    }

    mutating func warmUpEnded(at time: TimeSpan) { path.resetStatistics(at: time) }
    mutating func finish(at time: TimeSpan) {}
}

/// What one replication of the delivery path measured.
public struct DeliveryResult: Sendable {
    public let statistics: DeliveryStatistics
    /// Seconds measured (horizon minus warm-up).
    public let measuredSeconds: Double
    /// Videos followed and the views simulated per second (before the profile), for the sampling's cost.
    public let followedVideos: Int
    public let simulatedViewRate: Double
    public let events: Int
    /// The requests recorded, when asked for.
    public let trace: DeliveryTrace?

    /// The busiest time bucket's bits per second from the edges to viewers (buckets of the sample interval).
    public var peakEdgeEgressBitsPerSecond: Double {
        let bucket = statistics.bucketSeconds
        let first = Int(statistics.since / bucket)
        var peak = 0.0
        for index in first..<max(first, statistics.bucketCount) {
            let bytes = DeliveryStatistics.Tier.allCases.map { statistics.bytes(bucket: index, tier: $0) }
            // A bucket cut by the warm-up or the horizon counts over its observed part only.
            let start = max(Double(index) * bucket, statistics.since)
            let end = min(Double(index + 1) * bucket, statistics.since + measuredSeconds)
            guard end > start else { continue }
            peak = max(peak, bytes.reduce(0, +) * 8 / (end - start))
        }
        return peak
    }

    /// Mean bits per second on each link over the measured time.
    public var edgeEgress: BitRate { BitRate(bitsPerSecond: statistics.edgeEgressBytes * 8 / measuredSeconds) }
    public var shieldEgress: BitRate { BitRate(bitsPerSecond: statistics.shieldEgressBytes * 8 / measuredSeconds) }
    public var originEgress: BitRate { BitRate(bitsPerSecond: statistics.originEgressBytes * 8 / measuredSeconds) }
    /// Requests per second reaching the origin.
    public var originRequestRate: Double { statistics.requests[2] / measuredSeconds }
}

/// Runs the delivery path alone, with the videos a content path published (in time order) joining its
/// catalogue when `configuration.newUploads`: the same as one simulation holding both paths, since what
/// viewers do never reaches back to the uploads (ContentPathSimulation runs the two one after the other).
public enum DeliverySimulation {
    /// One replication of `configuration` until `horizon`, statistics from `warmUp` on.
    public static func simulate(_ configuration: DeliveryConfiguration, horizon: TimeSpan, warmUp: TimeSpan = .zero,
                                sampleInterval: TimeSpan = TimeSpan(seconds: 3600), seeds: StreamSeeds,
                                publications: [PublishedVideo] = [], trace: DeliveryTrace? = nil) throws -> DeliveryResult {
        // Built in place: a second reference to the path would make the first write to each cache copy it.
        var model = DeliveryModel(path: try DeliveryPath<DeliveryEvent>(configuration: configuration, seeds: seeds,
                                                                        sampleInterval: sampleInterval,
                                                                        publications: publications, trace: trace))
        var scheduler = EventScheduler<DeliveryEvent>()
        model.path.start(scheduler: &scheduler)
        model.run(scheduler: &scheduler, until: horizon, warmUp: warmUp)
        return DeliveryResult(statistics: model.path.statistics, measuredSeconds: horizon.seconds - warmUp.seconds,
                              followedVideos: model.path.followedVideos, simulatedViewRate: model.path.simulatedViewRate,
                              events: scheduler.eventsProcessed, trace: model.path.trace)
    }
}
