import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events zones schedule: a zone lost, and back. Payload: the outage's index in `zones.outages`.
public protocol ZoneOutageEvents: EventKindType {
    static var zoneLost: Self { get }
    static var zoneBack: Self { get }
}

/// The scenario's zone outages as a component schedules them, and which zones are up now. Each pool that spreads
/// over zones (the transcode fleet, a work pool) launches in the zones up and loses its workers in a zone lost.
struct ZoneOutages {
    /// Each outage: the zone's index in `zones.names`, when it is lost and when it is back.
    let outages: [(zone: Int, start: TimeSpan, end: TimeSpan)]
    /// Whether each zone is up now (none without zones).
    private(set) var up: [Bool]
    /// The outages under way in each zone: two that touch (one ends when the next starts) may run their events in
    /// either order at that instant, and the zone is up only when none is under way.
    private var underWay: [Int]

    init(_ zones: ZoneSettings?) {
        outages = zones.map { zones in zones.outages.map { (zones.names.firstIndex(of: $0.zone)!, $0.start, $0.end) } } ?? []
        up = [Bool](repeating: true, count: zones?.names.count ?? 0)
        underWay = [Int](repeating: 0, count: up.count)
    }

    /// Schedules every outage's start and end.
    func schedule<Events: ZoneOutageEvents>(scheduler: inout EventScheduler<Events>) {
        for (index, outage) in outages.enumerated() {
            scheduler.schedule(.zoneLost, at: outage.start, payload: index)
            scheduler.schedule(.zoneBack, at: outage.end, payload: index)
        }
    }

    /// Outage `index` starts: its zone is down; returns the zone.
    mutating func lost(_ index: Int) -> Int {
        let zone = outages[index].zone
        underWay[zone] += 1
        up[zone] = false
        return zone
    }

    /// Outage `index` ends: its zone is up; returns the zone.
    mutating func back(_ index: Int) -> Int {
        let zone = outages[index].zone
        underWay[zone] -= 1
        up[zone] = underWay[zone] == 0
        return zone
    }

    /// The zones up once every outage starting at `time` has begun: where a pool refilling at `time` launches, so
    /// that zones lost at one instant (their events run one after the other) take no replacement meant for another.
    func up(after time: TimeSpan) -> [Bool] {
        var result = up
        for outage in outages where outage.start.seconds == time.seconds { result[outage.zone] = false }
        return result
    }

    /// Where a pool launches its next worker: the position in `zones` (the pool's zones, as the scenario's indices)
    /// of the zone up with the fewest of the pool's workers alive (`aliveInZone`, by position), the first such on a
    /// tie; 0 for a pool without zones; nil when every zone of the pool is down.
    static func launchZone(zones: [Int], aliveInZone: [Int], zoneUp: [Bool]) -> Int? {
        guard !zones.isEmpty else { return 0 }
        var best: Int?
        for local in zones.indices where zoneUp[zones[local]] {
            if best == nil || aliveInZone[local] < aliveInZone[best!] { best = local }
        }
        return best
    }
}
