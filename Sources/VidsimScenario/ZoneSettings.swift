import Foundation
import VidsimUnits

/// Availability zones the worker pools spread over, and the periods a zone is lost (the first seed's "several
/// availability zones"):
///
///     zones:
///       names: [zone-a, zone-b, zone-c]
///       outages:
///         - { zone: zone-b, start: 20 h, duration: 2 h }
///
/// A pool (`work.pools[].zones`, `transcode.zones`) launches each worker in the healthy zone of its own where it
/// has the fewest; a lost zone takes its workers and the jobs they were serving (which go back to the head of
/// their queue), and no worker starts there until the zone is back. A fixed-size pool replaces what it lost in
/// its other zones at once (each replacement ready after the pool's start-up); an autoscaled one at its next
/// evaluation, after its scale-up delay and start-up.
public struct ZoneSettings: Decodable, Sendable {
    /// A zone lost from `start` for `duration`.
    public struct ZoneOutage: Decodable, Sendable {
        public let zone: String
        public let start: TimeSpan
        public let duration: TimeSpan

        enum CodingKeys: String, CodingKey, CaseIterable { case zone, start, duration }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            zone = try container.decode(String.self, forKey: .zone)
            start = try container.decode(TimeSpan.self, forKey: .start)
            duration = try container.decode(TimeSpan.self, forKey: .duration)
            guard start.seconds >= 0, start.seconds <= TimeSpan.largest.value else {
                throw decoder.fieldError("expected a start from 0 to \(TimeSpan.largest.text), found \(start)", field: "start")
            }
            guard duration.seconds > 0, duration.seconds <= TimeSpan.largest.value else {
                throw decoder.fieldError("expected a duration above 0 and at most \(TimeSpan.largest.text), found \(duration)", field: "duration")
            }
        }

        /// When the zone is back.
        public var end: TimeSpan { start + duration }
    }

    public let names: [String]
    public let outages: [ZoneOutage]

    enum CodingKeys: String, CodingKey, CaseIterable { case names, outages }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        names = try container.decode([String].self, forKey: .names)
        outages = try container.decodeIfPresent([ZoneOutage].self, forKey: .outages) ?? []
        guard (1...Self.mostZones).contains(names.count) else {
            throw decoder.fieldError("expected 1 to \(Self.mostZones) zones, found \(names.count)", field: "names")
        }
        for (index, name) in names.enumerated() where name.allSatisfy(\.isWhitespace) || names[..<index].contains(name) {
            throw FieldError(codingPath: decoder.codingPath + [AnyKey("names"), AnyKey(intValue: index)!],
                             message: name.allSatisfy(\.isWhitespace) ? "a zone needs a name" : "the zone '\(quoted(name))' is named twice")
        }
        guard outages.count <= 1000 else {
            throw decoder.fieldError("expected at most 1000 outages, found \(outages.count)", field: "outages")
        }
        for (index, outage) in outages.enumerated() {
            let path = decoder.codingPath + [AnyKey("outages"), AnyKey(intValue: index)!]
            guard names.contains(outage.zone) else {
                var message = "no zone is called '\(quoted(outage.zone))': expected one of `names` (\(names.map { "'\($0)'" }.joined(separator: ", ")))"
                if let close = Spelling.closest(to: outage.zone, among: names) { message += " (did you mean '\(close)'?)" }
                throw FieldError(codingPath: path + [AnyKey("zone")], message: message)
            }
            if let earlier = outages[..<index].firstIndex(where: { $0.zone == outage.zone && $0.start < outage.end && outage.start < $0.end }) {
                throw FieldError(codingPath: path + [AnyKey("start")],
                                 message: "the zone '\(quoted(outage.zone))' is already lost from \(outages[earlier].start) to \(outages[earlier].end) "
                                     + "(zones.outages[\(earlier)]): give one outage per period")
            }
        }
    }

    /// The most zones a scenario declares (a zone index is a byte in the model).
    public static let mostZones = 64

    /// The index of each of `zones` (names known to be declared).
    public func indices(of zones: [String]) -> [Int] { zones.map { names.firstIndex(of: $0)! } }
}

extension Scenario {
    /// Checks the zones against the pools: with `zones:`, every pool names its zones among them; without, none does;
    /// an outage starts before the horizon.
    func checkZones() throws {
        var pools: [(path: [CodingKey], zones: [String]?, what: String)] = [([AnyKey("transcode")], transcode.zones, "the transcode fleet")]
        for (index, pool) in (work?.pools ?? []).enumerated() {
            pools.append(([AnyKey("work"), AnyKey("pools"), AnyKey(intValue: index)!], pool.zones, "the pool '\(quoted(pool.name))'"))
        }
        guard let zones else {
            if let pool = pools.first(where: { $0.zones != nil }) {
                throw FieldError(codingPath: pool.path + [AnyKey("zones")],
                                 message: "\(pool.what) names zones, but the scenario declares none: add `zones: { names: [...] }` at the top level, or remove this")
            }
            return
        }
        for pool in pools {
            guard let names = pool.zones, !names.isEmpty else {
                throw FieldError(codingPath: pool.path + [AnyKey("zones")],
                                 message: "\(pool.what) is in no zone: with `zones:` declared, every pool names the zones its workers run in "
                                     + "(for example zones: [\(zones.names.joined(separator: ", "))])")
            }
            for (index, name) in names.enumerated() {
                if !zones.names.contains(name) {
                    var message = "no zone is called '\(quoted(name))': expected one of `zones.names` (\(zones.names.map { "'\($0)'" }.joined(separator: ", ")))"
                    if let close = Spelling.closest(to: name, among: zones.names) { message += " (did you mean '\(close)'?)" }
                    throw FieldError(codingPath: pool.path + [AnyKey("zones"), AnyKey(intValue: index)!], message: message)
                }
                if names[..<index].contains(name) {
                    throw FieldError(codingPath: pool.path + [AnyKey("zones"), AnyKey(intValue: index)!], message: "the zone '\(quoted(name))' is named twice")
                }
            }
        }
        for (index, outage) in zones.outages.enumerated() where outage.start.seconds >= run.horizon.seconds {
            throw FieldError(codingPath: [AnyKey("zones"), AnyKey("outages"), AnyKey(intValue: index)!, AnyKey("start")],
                             message: "expected an outage starting before the horizon (\(run.horizon)), found \(outage.start)")
        }
    }
}
