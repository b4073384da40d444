import VidsimPolicies
import VidsimUnits

/// `delivery.players`: viewers' players in place of the fixed rendition mix. Each view is a session of an
/// adaptive-bitrate player over the viewer's link, choosing each segment's rung; every segment it fetches is a
/// request to the CDN, and where it is served shapes its download time (docs/players.md).
public struct PlayersSettings: Decodable, Sendable {
    /// A link: a bandwidth process and a factor on its rates.
    public struct Link: Sendable {
        public internal(set) var process: any BandwidthProcess
        public let scale: Double
    }

    /// A class of device: its share of views, the highest rung it plays, and optionally its own link and
    /// algorithm.
    public struct Device: Decodable, Sendable {
        public let name: String
        public let share: Double
        /// The highest rung's name; nil: every rung.
        public let maxRung: String?
        public let abr: (any ABRAlgorithm)?
        public internal(set) var bandwidth: Link?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, share, abr, bandwidth
            case maxRung = "max_rung"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            guard !name.isEmpty && name.count <= 100 else {
                throw decoder.fieldError("expected a name of 1 to 100 characters", field: "name")
            }
            share = try container.decode(Double.self, forKey: .share)
            guard share >= 0 && share <= 1e9 else {
                throw decoder.fieldError("expected a share from 0 to 1e9, found \(shown(share))", field: "share")
            }
            maxRung = try container.decodeIfPresent(String.self, forKey: .maxRung)
            abr = try container.contains(.abr) ? PlayersSettings.decodeABR(container.superDecoder(forKey: .abr)) : nil
            bandwidth = try container.contains(.bandwidth) ? PlayersSettings.decodeLink(container.superDecoder(forKey: .bandwidth)) : nil
        }

        init(name: String, share: Double) {
            self.name = name
            self.share = share
            maxRung = nil
            abr = nil
            bandwidth = nil
        }
    }

    public let abr: any ABRAlgorithm
    public internal(set) var bandwidth: Link
    /// Buffered before playback starts, and after a stall before it resumes; nil: one segment.
    public let startup: TimeSpan?
    public let resume: TimeSpan?
    public let maxBuffer: TimeSpan
    public let payloadShare: Double
    public let rebufferPenalty: Double
    public let smoothnessPenalty: Double
    /// At least one; without `devices`, one called "all" with every rung.
    public internal(set) var devices: [Device]
    /// `abandon: true` (dash.js's defaults) or `{ grace, multiplier, safety, interval }`; nil: never abandon.
    public let abandon: AbandonmentRule?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case abr, bandwidth, startup, resume, devices, abandon
        case maxBuffer = "max_buffer"
        case payloadShare = "payload_share"
        case rebufferPenalty = "rebuffer_penalty"
        case smoothnessPenalty = "smoothness_penalty"
    }

    /// The fields an `abr:` mapping takes beside the algorithm's parameters.
    enum ABRKeys: String, CodingKey, CaseIterable { case algorithm }
    /// The fields an `abandon:` mapping takes.
    enum AbandonKeys: String, CodingKey, CaseIterable { case grace, multiplier, safety, interval }
    /// The fields a `bandwidth:` mapping takes beside the process's parameters.
    enum LinkKeys: String, CodingKey, CaseIterable { case process, scale }

    /// The default algorithm when a scenario names none: dash.js's BOLA-E.
    public static let defaultAlgorithm = BOLAEABR.name

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        abr = try container.contains(.abr) ? Self.decodeABR(container.superDecoder(forKey: .abr)) : BOLAEABR()
        guard container.contains(.bandwidth) else {
            throw decoder.fieldError("players need the viewers' link: bandwidth: { process: constant, rate: 5 Mbps }, a "
                                     + "markov chain or traces (docs/players.md)", field: "bandwidth")
        }
        bandwidth = try Self.decodeLink(container.superDecoder(forKey: .bandwidth))
        startup = try container.decodeIfPresent(TimeSpan.self, forKey: .startup)
        resume = try container.decodeIfPresent(TimeSpan.self, forKey: .resume)
        maxBuffer = try container.decodeIfPresent(TimeSpan.self, forKey: .maxBuffer) ?? TimeSpan(seconds: 30)
        payloadShare = try container.decodeIfPresent(Double.self, forKey: .payloadShare) ?? 0.95
        rebufferPenalty = try container.decodeIfPresent(Double.self, forKey: .rebufferPenalty) ?? 4.3
        smoothnessPenalty = try container.decodeIfPresent(Double.self, forKey: .smoothnessPenalty) ?? 1
        guard maxBuffer.seconds >= 0.1 && maxBuffer.seconds <= 3_600 else {
            throw decoder.fieldError("expected a maximum buffer from 0.1 s to 1 h, found \(maxBuffer)", field: "max_buffer")
        }
        for (field, value) in [("startup", startup), ("resume", resume)] {
            guard let value else { continue }
            guard value.seconds > 0 && value.seconds <= maxBuffer.seconds else {
                throw decoder.fieldError("expected a buffer above 0 s and at most max_buffer (\(maxBuffer)), found \(value)", field: field)
            }
        }
        guard payloadShare > 0 && payloadShare <= 1 else {
            throw decoder.fieldError("expected a share in (0, 1], found \(shown(payloadShare))", field: "payload_share")
        }
        for (field, value) in [("rebuffer_penalty", rebufferPenalty), ("smoothness_penalty", smoothnessPenalty)] where !(value >= 0 && value <= 1e6) {
            throw decoder.fieldError("expected a number from 0 to 1e6, found \(shown(value))", field: field)
        }
        abandon = try container.contains(.abandon) ? Self.decodeAbandon(container.superDecoder(forKey: .abandon)) : nil
        devices = try container.decodeIfPresent([Device].self, forKey: .devices) ?? [Device(name: "all", share: 1)]
        guard !devices.isEmpty && devices.count <= 100 else {
            throw decoder.fieldError("expected 1 to 100 devices, found \(devices.count)", field: "devices")
        }
        guard devices.contains(where: { $0.share > 0 }) else {
            throw decoder.fieldError("expected at least one device with a positive share", field: "devices")
        }
        for (index, device) in devices.enumerated() {
            let path = decoder.codingPath + [AnyKey("devices"), AnyKey(intValue: index)!]
            if devices.filter({ $0.name == device.name }).count > 1 {
                throw FieldError(codingPath: path + [AnyKey("name")], message: "expected device names to differ, found '\(device.name)' twice")
            }
        }
    }

    /// `abr: { algorithm: NAME, <its parameters> }`.
    static func decodeABR(_ decoder: Decoder) throws -> any ABRAlgorithm {
        typealias Keys = ABRKeys
        let container = try decoder.container(keyedBy: Keys.self)
        let name = try container.decodeIfPresent(String.self, forKey: .algorithm) ?? defaultAlgorithm
        return try decoder.decodePolicy(ABRAlgorithms.registry, commonKeys: Keys.self, name: name, nameField: "algorithm")
    }

    /// `abandon: true | false | { grace: 500 ms, multiplier: 1.8, safety: 0.9, interval: 250 ms }`.
    static func decodeAbandon(_ decoder: Decoder) throws -> AbandonmentRule? {
        if let single = try? decoder.singleValueContainer(), let on = try? single.decode(Bool.self) {
            return on ? AbandonmentRule() : nil
        }
        guard (try? decoder.container(keyedBy: AbandonKeys.self)) != nil else {
            throw decoder.fieldError("expected true, false or a mapping { grace, multiplier, safety, interval }, found "
                                     + decoder.foundDescription)
        }
        try decoder.rejectUnknownKeys(AbandonKeys.self)
        let container = try decoder.container(keyedBy: AbandonKeys.self)
        var rule = AbandonmentRule()
        rule.grace = try container.decodeIfPresent(TimeSpan.self, forKey: .grace) ?? rule.grace
        rule.multiplier = try container.decodeIfPresent(Double.self, forKey: .multiplier) ?? rule.multiplier
        rule.safety = try container.decodeIfPresent(Double.self, forKey: .safety) ?? rule.safety
        rule.interval = try container.decodeIfPresent(TimeSpan.self, forKey: .interval) ?? rule.interval
        guard rule.grace.seconds >= 0 && rule.grace.seconds <= 60 else {
            throw decoder.fieldError("expected a grace time from 0 to 60 s, found \(rule.grace)", field: "grace")
        }
        guard rule.multiplier >= 0 && rule.multiplier <= 100 else {
            throw decoder.fieldError("expected a multiplier from 0 to 100, found \(shown(rule.multiplier))", field: "multiplier")
        }
        guard rule.safety > 0 && rule.safety <= 1 else {
            throw decoder.fieldError("expected a safety factor in (0, 1], found \(shown(rule.safety))", field: "safety")
        }
        guard rule.interval.seconds >= 0.01 && rule.interval.seconds <= 60 else {
            throw decoder.fieldError("expected an interval between checks from 10 ms to 60 s, found \(rule.interval)", field: "interval")
        }
        return rule
    }

    /// `bandwidth: { process: NAME, scale: 1, <its parameters> }`.
    static func decodeLink(_ decoder: Decoder) throws -> Link {
        typealias Keys = LinkKeys
        let container = try decoder.container(keyedBy: Keys.self)
        guard let name = try container.decodeIfPresent(String.self, forKey: .process) else {
            throw decoder.fieldError("expected a bandwidth process: \(BandwidthProcesses.registry.names.joined(separator: ", "))",
                                     field: "process")
        }
        let process = try decoder.decodePolicy(BandwidthProcesses.registry, commonKeys: Keys.self, name: name, nameField: "process")
        let scale = try container.decodeIfPresent(Double.self, forKey: .scale) ?? 1
        guard scale > 0 && scale <= 1e6 else {
            throw decoder.fieldError("expected a factor in (0, 1e6], found \(shown(scale))", field: "scale")
        }
        return Link(process: process, scale: scale)
    }
}
