import VidsimScenario
import VidsimUnits

/// The CDN tier that served an object to a player: the delivery statistics' tiers.
public typealias ServingTier = DeliveryStatistics.Tier

extension DeliveryStatistics.Tier {
    public var name: String {
        switch self {
        case .edge: "edge"
        case .shield: "shield"
        case .origin: "origin"
        }
    }
}

/// What serving an object from each tier costs a player: the round trips before its first byte and the rate
/// the path allows, as the delivery model counts them (DeliveryPath): an edge hit pays the viewer's round trip
/// to the edge; a shield hit adds the edge-shield round trip; an origin fetch adds the origin's; a transfer runs
/// at the slowest link on its way.
public struct TierPaths: Sendable, Equatable {
    /// Seconds before the first byte, per tier (edge, shield, origin).
    public let roundTrip: [Double]
    /// The path's rate cap in bits per second, per tier.
    public let cap: [Double]
    /// Whether there is a shield tier (without one, an edge miss goes to the origin).
    public let hasShield: Bool

    public init(edgeRoundTrip: TimeSpan, edgeBandwidth: BitRate, shield: (roundTrip: TimeSpan, bandwidth: BitRate)?,
                originRoundTrip: TimeSpan, originBandwidth: BitRate) {
        let edge = edgeRoundTrip.seconds
        let shieldTrip = shield?.roundTrip.seconds ?? 0
        roundTrip = [edge, edge + shieldTrip, edge + shieldTrip + originRoundTrip.seconds]
        let edgeRate = edgeBandwidth.bitsPerSecond
        let shieldRate = shield.map { min(edgeRate, $0.bandwidth.bitsPerSecond) } ?? edgeRate
        cap = [edgeRate, shieldRate, min(shieldRate, originBandwidth.bitsPerSecond)]
        hasShield = shield != nil
    }

    /// The tiers of a scenario's `delivery` section.
    public init(_ delivery: DeliverySettings) {
        self.init(edgeRoundTrip: delivery.edge.roundTrip, edgeBandwidth: delivery.edge.bandwidth,
                  shield: delivery.shield.map { ($0.roundTrip, $0.bandwidth) },
                  originRoundTrip: delivery.origin.roundTrip, originBandwidth: delivery.origin.bandwidth)
    }

    /// The delivery section's defaults: 20 ms and 25 Mbps to the edge, 30 ms and 1 Gbps to a shield, 80 ms and
    /// 500 Mbps to the origin.
    public static let typical = TierPaths(
        edgeRoundTrip: TimeSpan(seconds: 0.02), edgeBandwidth: BitRate(bitsPerSecond: 25e6),
        shield: (TimeSpan(seconds: 0.03), BitRate(bitsPerSecond: 1e9)),
        originRoundTrip: TimeSpan(seconds: 0.08), originBandwidth: BitRate(bitsPerSecond: 500e6))
}

/// Which tier serves each object a player asks for.
public protocol SegmentSource {
    /// Serves `object` (`PlaybackSession.manifestObject`, or segment x rungs + rung) and returns the tier it
    /// came from; the source fills its caches as a CDN would.
    mutating func serve(object: Int) -> ServingTier
}

/// The CDN as a handful of sessions of one video see it: what the edge and the shield hold, with room for the
/// whole video (one video's objects do not evict each other). Cold: nothing cached yet (the seed's brand-new
/// video); warm: every object at the edge.
public struct VideoCache: SegmentSource {
    public enum Start: String, Sendable, CaseIterable { case cold, warm }

    public let start: Start
    public let hasShield: Bool
    private var edge: Set<Int> = []
    private var shield: Set<Int> = []

    public init(start: Start, hasShield: Bool) {
        self.start = start
        self.hasShield = hasShield
    }

    public mutating func serve(object: Int) -> ServingTier {
        if start == .warm || edge.contains(object) { return .edge }
        edge.insert(object)
        if hasShield {
            if shield.contains(object) { return .shield }
            shield.insert(object)
        }
        return .origin
    }
}
