import Foundation
import VidsimCalibration
import VidsimUnits

/// A scenario: what to simulate, for how long, and with which seed. Read from YAML by `ScenarioLoader`.
///
/// Every field is documented in docs/scenario-reference.md.
public struct Scenario: Decodable, Sendable {
    /// Names the report folder (reports/<name>/); letters, digits, '-', '_' and '.'.
    public var name: String
    public var description: String?
    /// The master seed: every component's random stream is derived from it and the component's name.
    public var seed: UInt64
    public var run: RunSettings
    public var uploads: UploadSettings
    public var ladder: BitrateLadder
    public var transcode: TranscodeSettings
    public var storage: StorageSettings?
    public var metadata: MetadataSettings?
    /// The delivery side (catalogue, views, CDN); nil: the content path only.
    public var delivery: DeliverySettings?
    /// Work besides the uploads (editing, previews) on worker pools of its own; nil: none.
    public var work: WorkSettings?
    /// The databases the model's events read and write; empty: none.
    public var databases: [DatabaseSettings] = []
    /// The availability zones the pools spread over, and their outages; nil: no zones.
    public var zones: ZoneSettings?
    /// Price of ingress, per byte received from creators (often free).
    public var ingestPrice: Price<DataSize>?
    /// The scenario files this scenario was read from, most derived first (the file named, then what it extends).
    public internal(set) var sourceFiles: [String] = []
    /// The ladder file the ladder was read from (`ladder: FILE`), if any.
    public internal(set) var ladderFile: String?
    /// The calibration file the transcode costs were read from (`transcode.calibration`), if any.
    public internal(set) var calibrationFile: String?
    /// The calibration file measured work services were read from (`work.calibration`), if the scenario names one.
    public internal(set) var workCalibrationFile: String?
    /// The bandwidth trace files the players' links were read from, if any.
    public internal(set) var traceFiles: [String] = []

    /// The files read, as reports name them: "run.yaml ← base.yaml; ladder file ladders/per-title.yaml".
    public var filesDescription: String {
        sourceFiles.joined(separator: " ← ") + (ladderFile.map { "; ladder file \($0)" } ?? "")
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, seed, run, uploads, ladder, transcode, storage, metadata, delivery, work, databases, zones
        case ingestPrice = "ingest_price"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, also: ["extends"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        run = try container.decode(RunSettings.self, forKey: .run)
        uploads = try container.decode(UploadSettings.self, forKey: .uploads)
        ladder = try container.decode(BitrateLadder.self, forKey: .ladder)
        transcode = try container.decode(TranscodeSettings.self, forKey: .transcode)
        storage = try container.decodeIfPresent(StorageSettings.self, forKey: .storage)
        metadata = try container.decodeIfPresent(MetadataSettings.self, forKey: .metadata)
        delivery = try container.decodeIfPresent(DeliverySettings.self, forKey: .delivery)
        work = try container.decodeIfPresent(WorkSettings.self, forKey: .work)
        databases = try container.decodeIfPresent([DatabaseSettings].self, forKey: .databases) ?? []
        zones = try container.decodeIfPresent(ZoneSettings.self, forKey: .zones)
        ingestPrice = try container.decodeIfPresent(Price<DataSize>.self, forKey: .ingestPrice)
    }

    /// Checks what concerns more than one field. `calibration` is the calibration file, read by the loader.
    mutating func validate(calibration: Calibration?) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard !name.isEmpty, name.count <= 200, name.allSatisfy({ allowed.contains($0) }), name != ".", name != ".." else {
            throw FieldError(codingPath: [AnyKey("name")],
                             message: "expected a name of at most 200 letters, digits, '-', '_' and '.' (it names the report folder), found '\(quoted(name))'" + (name.count > 200 ? " (\(name.count) characters)" : ""))
        }
        transcode.calibration = calibration
        try transcode.resolveCosts(ladder: ladder)
        if delivery != nil && ladder.rungs.count > 254 {
            throw FieldError(codingPath: [AnyKey("ladder"), AnyKey(ladder.byClass ? "classes" : "rungs")],
                             message: "a scenario with delivery takes at most 254 rungs (each is part of a segment's object id), "
                                 + "found \(ladder.rungs.count)" + (ladder.byClass ? " over the \(ladder.classes.count) classes" : ""))
        }
        // With players the mix is not used (docs/players.md), so its names are not held against the ladder.
        if let renditions = delivery?.renditions, delivery?.players == nil {
            let rungs = ladder.rungNames
            for (index, rendition) in renditions.enumerated() where !ladder.knows(rungName: rendition.rung) {
                var message = "no rung of the ladder is called '\(quoted(rendition.rung))'"
                if let close = Spelling.closest(to: rendition.rung, among: rungs) { message += " (did you mean '\(close)'?)" }
                throw FieldError(codingPath: [AnyKey("delivery"), AnyKey("renditions"), AnyKey(intValue: index)!, AnyKey("rung")],
                                 message: message + "; the ladder has \(rungs.joined(separator: ", "))")
            }
        }
        if let delivery, let players = delivery.players {
            let rungs = ladder.rungNames
            // The most a player holds when it decides: its maximum buffer less a segment.
            let buffer = players.maxBuffer.seconds - delivery.segment.seconds
            for (index, device) in players.devices.enumerated() {
                let path: [CodingKey] = [AnyKey("delivery"), AnyKey("players"), AnyKey("devices"), AnyKey(intValue: index)!]
                if let top = device.maxRung, !ladder.knows(rungName: top) {
                    var message = "no rung of the ladder is called '\(quoted(top))'"
                    if let close = Spelling.closest(to: top, among: rungs) { message += " (did you mean '\(close)'?)" }
                    throw FieldError(codingPath: path + [AnyKey("max_rung")], message: message + "; the ladder has \(rungs.joined(separator: ", "))"
                                        + (ladder.byClass ? " (or name a height between its shortest and tallest rungs, such as 720p)" : ""))
                }
                let count = ladder.classes.indices.map { ladder.playable(inClass: $0, upTo: device.maxRung).count }.max() ?? 1
                if let problem = (device.abr ?? players.abr).problem(bufferSeconds: buffer, rungs: count) {
                    throw FieldError(codingPath: device.abr != nil ? path + [AnyKey("abr")] : [AnyKey("delivery"), AnyKey("players"), AnyKey("abr")],
                                     message: problem)
                }
            }
        }
        if var settings = delivery {
            try settings.resolveSampling(in: self)
            delivery = settings
        }
        try delivery?.checkOutages(horizon: run.horizon)
        try delivery?.checkPinnedFits(in: self)
        try checkDatabases()
        try checkZones()
        guard run.warmUp < run.horizon else {
            throw FieldError(codingPath: [AnyKey("run"), AnyKey("warm_up")],
                             message: "the warm-up (\(run.warmUp)) must end before the horizon (\(run.horizon))")
        }
    }
}

/// How long to simulate, what to discard, and how many independent replications to run.
public struct RunSettings: Decodable, Sendable {
    /// Simulated time to run, from 0.
    public var horizon: TimeSpan
    /// Statistics gathered before this time are discarded.
    public var warmUp: TimeSpan
    /// Independent runs, each with its own seeds; figures are reported as mean ± 95% confidence interval.
    public var replications: Int
    /// How often time series (queue length, busy workers) are sampled.
    public var sampleInterval: TimeSpan
    /// How the daily figures (content hours, bytes stored per day) count uploads.
    public var dailyFigures: DailyFigures

    /// How daily figures count uploads.
    public enum DailyFigures: String, Decodable, Sendable, CaseIterable {
        /// Every upload started in the observed window, whether or not its file arrived by the horizon: the
        /// platform's steady-state rate (arrival rate x mean size), what "how much does a day add" means.
        case steadyState = "steady-state"
        /// Only the files that reached the platform within the window: a platform starting empty at time zero,
        /// missing the uploads still in flight at the horizon.
        case coldStart = "cold-start"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case horizon
        case warmUp = "warm_up"
        case replications
        case sampleInterval = "sample_interval"
        case dailyFigures = "daily_figures"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        horizon = try container.decode(TimeSpan.self, forKey: .horizon)
        warmUp = try container.decodeIfPresent(TimeSpan.self, forKey: .warmUp) ?? .zero
        replications = try container.decodeIfPresent(Int.self, forKey: .replications) ?? 1
        sampleInterval = try container.decodeIfPresent(TimeSpan.self, forKey: .sampleInterval) ?? .hours(1)
        dailyFigures = try Self.dailyFigures(in: container, decoder: decoder)
        guard horizon.seconds > 0 else { throw decoder.fieldError("the horizon must be positive", field: "horizon") }
        guard (1...10_000).contains(replications) else {
            throw decoder.fieldError("expected between 1 and 10000 replications", field: "replications")
        }
        guard sampleInterval.seconds > 0 else {
            throw decoder.fieldError("the sample interval must be positive", field: "sample_interval")
        }
    }

    /// `daily_figures`, steady-state when absent. A misspelt choice gets the loader's "expected one of ...,
    /// found ... (did you mean ...?)", with a suggestion also for a choice written short or with other
    /// separators ("steady", "cold start"), which edit distance alone finds too far.
    private static func dailyFigures(in container: KeyedDecodingContainer<CodingKeys>, decoder: Decoder) throws -> DailyFigures {
        guard container.contains(.dailyFigures), (try? container.decodeNil(forKey: .dailyFigures)) == false,
              let text = try? container.decode(String.self, forKey: .dailyFigures) else {
            // Absent, null, a list or a mapping: the loader's own messages.
            return try container.decodeIfPresent(DailyFigures.self, forKey: .dailyFigures) ?? .steadyState
        }
        if let choice = DailyFigures(rawValue: text) { return choice }
        let names = DailyFigures.allCases.map(\.rawValue)
        var message = "expected one of \(names.joined(separator: ", ")), found '\(quoted(text))'"
        if let close = Spelling.closest(to: text, among: names) ?? closestChoice(to: text, among: names) {
            message += " (did you mean '\(close)'?)"
        }
        throw decoder.fieldError(message, field: CodingKeys.dailyFigures.stringValue)
    }

    /// The one choice a word begins, or equals once case and separators are set aside: "steady" and
    /// "Steady State" for "steady-state"; nil when none or several do.
    private static func closestChoice(to word: String, among names: [String]) -> String? {
        func plain(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
        let typed = plain(word)
        guard typed.count >= 3 else { return nil }
        let matches = names.filter { plain($0) == typed || plain($0).hasPrefix(typed) }
        return matches.count == 1 ? matches[0] : nil
    }
}
