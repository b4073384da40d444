import VidsimModels
import VidsimScenario

/// One figure a run reports, declared once: its key, what people call it, its unit, what it means, and how
/// one replication's value is read. Every writer (report.json, report.md, report.csv, report.html and
/// `vidsim compare`) reads figures from the declarations, never from a hand-written copy.
///
/// A declaration can also stand for a family of figures, one for each member of something the scenario names
/// (each delivery region): its key holds the family's placeholder (`delivery.region.<region>.edge_hit_ratio`),
/// docs/report-figures.md lists it once, and `declarations(for:)` expands it into one figure per member.
public struct FigureDeclaration: Sendable {
    /// A stable dotted key: report.json's path to the figure and report.csv's `figure` column
    /// ("transcode.time_to_publish.p95"). For a family, the pattern with its placeholder ("<region>").
    public let key: String
    /// What people call it ("time to publish, p95"); for a family, what each member's figure is called before
    /// the member's name is added ("edge hit ratio").
    public let label: String
    public let unit: FigureUnit
    /// One sentence: what the figure measures, from when to when, in which units.
    public let description: String
    /// What the key's placeholder ranges over, for a family of figures; nil for a single figure.
    public let family: FigureFamily?
    /// Whether the scenario produces the figure at all (upload-transfer figures need a transfer model).
    let applies: @Sendable (Scenario) -> Bool
    /// How one replication's value is read: on its own, or for one member of the family (by its index).
    private let reading: Reading

    private enum Reading: Sendable {
        case single(@Sendable (ReplicationView) -> Double)
        case member(@Sendable (ReplicationView, Int) -> Double)
    }

    init(_ key: String, _ label: String, _ unit: FigureUnit, _ description: String,
         applies: @escaping @Sendable (Scenario) -> Bool = { _ in true },
         value: @escaping @Sendable (ReplicationView) -> Double) {
        self.init(key: key, label: label, unit: unit, description: description, family: nil, applies: applies,
                  reading: .single(value))
    }

    private init(key: String, label: String, unit: FigureUnit, description: String, family: FigureFamily?,
                 applies: @escaping @Sendable (Scenario) -> Bool, reading: Reading) {
        self.key = key
        self.label = label
        self.unit = unit
        self.description = description
        self.family = family
        self.applies = applies
        self.reading = reading
    }

    /// A family of figures: one for each member of `family` a scenario names, its key made from `key` with the
    /// member's key part in place of the placeholder, its value read for the member's index. (A function, not an
    /// initialiser, so that the single figures' trailing closures have one initialiser to match.)
    static func perMember(_ key: String, _ label: String, _ unit: FigureUnit, _ description: String, of family: FigureFamily,
                          applies: @escaping @Sendable (Scenario) -> Bool = { _ in true },
                          value: @escaping @Sendable (ReplicationView, Int) -> Double) -> FigureDeclaration {
        precondition(key.contains(family.token), "a family's key holds its placeholder \(family.token)")
        return FigureDeclaration(key: key, label: label, unit: unit, description: description, family: family,
                                 applies: applies, reading: .member(value))
    }

    /// One replication's value of a single figure (a family's is read per member, after `declarations(for:)`).
    func value(_ view: ReplicationView) -> Double {
        switch reading {
        case let .single(read): return read(view)
        case .member: return .nan
        }
    }

    /// The figures this declaration stands for in `scenario`: itself for a single figure, one per member the
    /// scenario names for a family (none when it names none), in the scenario's order.
    public func declarations(for scenario: Scenario) -> [FigureDeclaration] {
        guard let family, case let .member(read) = reading else { return [self] }
        return family.members(of: scenario).map { member in
            let index = member.index
            return FigureDeclaration(key(for: member), family.label(label, member: member), unit, description,
                                     applies: applies) { read($0, index) }
        }
    }

    /// A family's key for one member ("delivery.region.americas.edge_hit_ratio"); the key itself for a single
    /// figure.
    public func key(for member: FigureFamily.Member) -> String {
        guard let family else { return key }
        return key.replacingOccurrences(of: family.token, with: member.key)
    }
}

/// What a family of figures ranges over: the members a scenario names (its delivery regions), each with a key
/// part made from its name. The placeholder (`<region>`) stands for the key part in the family's keys.
public struct FigureFamily: Sendable {
    /// The placeholder's name: "region" is written `<region>` in keys.
    public let placeholder: String
    /// One or two sentences for docs/report-figures.md: what the placeholder stands for.
    public let documentation: String
    /// The members' names in the scenario's order; none when the scenario has nothing of the kind.
    private let names: @Sendable (Scenario) -> [String]

    /// One member: its key part, its name as the scenario gives it, and its position in the scenario's list.
    public struct Member: Sendable, Equatable {
        /// The name made safe for a dotted key ("north_america" for "North America").
        public let key: String
        public let name: String
        /// Its position in the scenario's list: the model's index for it.
        public let index: Int
    }

    init(placeholder: String, documentation: String, names: @escaping @Sendable (Scenario) -> [String]) {
        self.placeholder = placeholder
        self.documentation = documentation
        self.names = names
    }

    /// The placeholder as keys write it: `<region>`.
    public var token: String { "<\(placeholder)>" }

    /// A table of the family's figures for report.md and report.html: a header (the placeholder, then each
    /// figure's label) and, for each member the scenario names, its name and each figure as people read it
    /// ("83.1% ± 0.4%"). Empty when the run has none of the figures.
    public func table(_ metrics: RunMetrics, _ declarations: [FigureDeclaration]) -> (header: [String], rows: [[String]]) {
        let rows = members(of: metrics.scenario).compactMap { member -> [String]? in
            let cells = declarations.map { metrics[$0.key(for: member)]?.formatted }
            guard cells.contains(where: { $0 != nil }) else { return nil }
            return [member.name] + cells.map { $0 ?? "" }
        }
        return ([placeholder] + declarations.map(\.label), rows)
    }

    /// The members `scenario` names, in its order, with distinct key parts.
    public func members(of scenario: Scenario) -> [Member] {
        let names = names(scenario)
        return zip(Self.keyParts(names), names).enumerated().map { Member(key: $1.0, name: $1.1, index: $0) }
    }

    /// A member's label: the family's label and the member's name ("edge hit ratio, americas").
    func label(_ label: String, member: Member) -> String { "\(label), \(member.name)" }

    /// Names as key parts: lower-cased, each run of characters other than ASCII letters and digits written as one
    /// `_` (none at either end), so that a part never adds a level to a dotted key; an empty result is `unnamed`,
    /// and a part equal to an earlier one gets `_2`, `_3`, ... ("North America" -> "north_america").
    public static func keyParts(_ names: [String]) -> [String] {
        var used = Set<String>()
        return names.map { name in
            var part = ""
            var gap = false
            for character in name.lowercased().unicodeScalars {
                if ("a"..."z").contains(character) || ("0"..."9").contains(character) {
                    if gap && !part.isEmpty { part += "_" }
                    part.unicodeScalars.append(character)
                    gap = false
                } else {
                    gap = true
                }
            }
            if part.isEmpty { part = "unnamed" }
            var unique = part
            var suffix = 2
            while used.contains(unique) {
                unique = "\(part)_\(suffix)"
                suffix += 1
            }
            used.insert(unique)
            return unique
        }
    }
}

/// What a figure's value is read from: one replication's result, its scenario, and what is derived from both
/// (storage growth, metadata load), computed once per replication.
public struct ReplicationView: Sendable {
    public let result: ContentPathResult
    public let scenario: Scenario
    public let derived: DerivedFigures
}

/// The figures of one replication that need more than its result: storage over the months ahead from its daily
/// ingest, the metadata database's load from its upload rates, and the prices applied to its traffic.
public struct DerivedFigures: Sendable {
    public let months: [StorageGrowth.Month]?
    public let metadata: MetadataLoad?
    /// Each of `databases`, from this replication's event rates.
    public let databases: [DatabaseLoad]
    /// Bytes the platform received from creators per day (sent, with retries; the files' size without a
    /// transfer model).
    public let receivedBytesPerDay: Double
    public let ingestCostPerDay: Double
    public let rawBytesPerDay: Double
    public let renditionBytesPerDay: Double
    public let contentHoursPerDay: Double

    init(result: ContentPathResult, scenario: Scenario) {
        let steady = scenario.run.dailyFigures == .steadyState
        rawBytesPerDay = steady ? result.rawBytesStartedPerDay : result.rawBytesPerDay
        renditionBytesPerDay = steady ? result.renditionBytesStartedPerDay : result.renditionBytesPerDay
        contentHoursPerDay = steady ? result.contentHoursStartedPerDay : result.contentHoursPerDay
        receivedBytesPerDay = result.bytesSentPerDay > 0 ? result.bytesSentPerDay : result.rawBytesPerDay
        ingestCostPerDay = receivedBytesPerDay * (scenario.ingestPrice?.dollarsPerBaseUnit ?? 0)
        months = scenario.storage.map { [rawBytesPerDay, renditionBytesPerDay] settings in
            StorageGrowth(settings: settings, rawBytesPerDay: rawBytesPerDay, renditionBytesPerDay: renditionBytesPerDay)
                .months()
        }
        let uploadShapePeak = RateProfile(diurnal: scenario.uploads.profile.diurnal, weekly: scenario.uploads.profile.weekly, bursts: []).maximum
        metadata = scenario.metadata.map { settings in
            MetadataLoad(settings: settings,
                         meanUploadsPerSecond: Double(result.uploads) / result.observedSeconds,
                         peakUploadsPerSecond: result.peakUploadsPerSecond,
                         viewShapePeak: uploadShapePeak)
        }
        databases = scenario.databases.map { settings in
            DatabaseLoad(settings: settings) { load in
                Self.rate(of: load, result: result, scenario: scenario, uploadShapePeak: uploadShapePeak)
            }
        }
    }

    /// The mean and peak rate per second of the event a database's load names: uploads as simulated (the busiest
    /// sample interval's rate at the peak); views as the delivery side simulated them (or `metadata.views`), at
    /// the peak of their daily shape; a work class's jobs as simulated, at the peak of its daily shape; another
    /// event at its flat rate.
    static func rate(of load: DatabaseSettings.Load, result: ContentPathResult, scenario: Scenario,
                     uploadShapePeak: Double) -> DatabaseLoad.Rate {
        if let rate = load.rate { return DatabaseLoad.Rate(mean: rate.perSecond, peak: rate.perSecond) }
        if load.per == "upload" {
            return DatabaseLoad.Rate(mean: Double(result.uploads) / result.observedSeconds, peak: result.peakUploadsPerSecond)
        }
        if load.per == "view" {
            // The peak from the declared mean rate and its shape: the mean over a window shorter than a day is not
            // the day's.
            if let delivery = result.delivery, let settings = scenario.delivery {
                return DatabaseLoad.Rate(mean: delivery.statistics.views / delivery.measuredSeconds,
                                         peak: settings.views.perSecond * settings.peakMultiplier)
            }
            let mean = scenario.metadata?.views.perSecond ?? 0
            return DatabaseLoad.Rate(mean: mean, peak: mean * uploadShapePeak)
        }
        if let classes = scenario.work?.classes, let index = classes.firstIndex(where: { $0.name == load.per }),
           let measured = result.work?.classes[index] {
            let shape = classes[index].profile.maximum
            return DatabaseLoad.Rate(mean: measured.arrivalsPerSecond, peak: classes[index].rate.perSecond * shape)
        }
        return DatabaseLoad.Rate(mean: 0, peak: 0)
    }
}
