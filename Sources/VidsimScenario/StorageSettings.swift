import Foundation
import VidsimUnits

/// Object storage for raw files and renditions: redundancy, tiers by age, retention, and growth over months.
public struct StorageSettings: Decodable, Sendable {
    /// How each logical byte is made durable: n full replicas, or erasure coding with k data and m parity.
    public enum Redundancy: Sendable, Equatable {
        case replicas(Int)
        case erasure(data: Int, parity: Int)

        /// Physical bytes per logical byte: n, or (k + m) / k.
        public var overhead: Double {
            switch self {
            case let .replicas(count): return Double(count)
            case let .erasure(data, parity): return Double(data + parity) / Double(data)
            }
        }
    }

    /// A storage class objects move into at an age, with its price per GB-month.
    public struct Tier: Decodable, Sendable {
        public let name: String
        /// Age from which objects are in this tier.
        public let after: TimeSpan
        /// Price per byte-month (written "$0.023/GB", per month).
        public let monthlyPrice: Price<DataSize>

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, after
            case monthlyPrice = "monthly_price"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            after = try container.decodeIfPresent(TimeSpan.self, forKey: .after) ?? .zero
            monthlyPrice = try container.decode(Price<DataSize>.self, forKey: .monthlyPrice)
        }
    }

    public let redundancy: Redundancy
    /// Tiers in order of age; the first starts at age 0.
    public let tiers: [Tier]
    /// How long raw uploads are kept; nil: forever.
    public let keepRawFor: TimeSpan?
    /// The share of uploads their creators delete, and at what age.
    public let deletedFraction: Double
    public let deletedAfter: TimeSpan
    /// How many months of growth to report.
    public let months: Int
    /// The upload rate's growth per month (0.03: 3% a month).
    public let monthlyGrowth: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case redundancy, tiers, deletions, months
        case keepRawFor = "keep_raw_for"
        case monthlyGrowth = "monthly_growth"
    }

    enum RedundancyKeys: String, CodingKey, CaseIterable { case replicas, erasure }
    enum ErasureKeys: String, CodingKey, CaseIterable { case data, parity }
    enum DeletionKeys: String, CodingKey, CaseIterable { case fraction, after }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.redundancy) {
            let redundancyDecoder = try container.superDecoder(forKey: .redundancy)
            try redundancyDecoder.rejectUnknownKeys(RedundancyKeys.self)
            let keys = try redundancyDecoder.container(keyedBy: RedundancyKeys.self)
            if let replicas = try keys.decodeIfPresent(Int.self, forKey: .replicas) {
                guard (1...100).contains(replicas) else {
                    throw redundancyDecoder.fieldError("expected 1 to 100 replicas, found \(replicas)", field: "replicas")
                }
                guard !keys.contains(.erasure) else {
                    throw redundancyDecoder.fieldError("give either replicas or erasure, not both", field: "erasure")
                }
                redundancy = .replicas(replicas)
            } else if keys.contains(.erasure) {
                let erasureDecoder = try keys.superDecoder(forKey: .erasure)
                try erasureDecoder.rejectUnknownKeys(ErasureKeys.self)
                let erasure = try erasureDecoder.container(keyedBy: ErasureKeys.self)
                let data = try erasure.decode(Int.self, forKey: .data)
                let parity = try erasure.decode(Int.self, forKey: .parity)
                guard (1...1000).contains(data), (0...1000).contains(parity) else {
                    throw erasureDecoder.fieldError("expected 1 to 1000 data and 0 to 1000 parity fragments, found data \(data) and parity \(parity)")
                }
                redundancy = .erasure(data: data, parity: parity)
            } else {
                throw redundancyDecoder.fieldError("give 'replicas: N' or 'erasure: { data: k, parity: m }'")
            }
        } else {
            redundancy = .replicas(1)
        }
        let tiers = try container.decodeIfPresent([Tier].self, forKey: .tiers) ?? []
        guard !tiers.isEmpty else { throw decoder.fieldError("a storage section needs at least one tier with its monthly_price", field: "tiers") }
        guard tiers.count <= 100 else { throw decoder.fieldError("expected at most 100 tiers, found \(tiers.count)", field: "tiers") }
        guard tiers[0].after == .zero else {
            throw FieldError(codingPath: decoder.codingPath + [AnyKey("tiers"), AnyKey(intValue: 0)!, AnyKey("after")],
                             message: "the first tier must start at age 0 (objects are somewhere from the day they arrive)")
        }
        for index in tiers.indices.dropFirst() where tiers[index].after <= tiers[index - 1].after {
            throw FieldError(codingPath: decoder.codingPath + [AnyKey("tiers"), AnyKey(intValue: index)!, AnyKey("after")],
                             message: "tiers must be in order of increasing age")
        }
        self.tiers = tiers
        keepRawFor = try container.decodeIfPresent(TimeSpan.self, forKey: .keepRawFor)
        if container.contains(.deletions) {
            let deletionDecoder = try container.superDecoder(forKey: .deletions)
            try deletionDecoder.rejectUnknownKeys(DeletionKeys.self)
            let deletion = try deletionDecoder.container(keyedBy: DeletionKeys.self)
            deletedFraction = try deletion.decode(Double.self, forKey: .fraction)
            deletedAfter = try deletion.decodeIfPresent(TimeSpan.self, forKey: .after) ?? .zero
            guard (0...1).contains(deletedFraction) else {
                throw deletionDecoder.fieldError("expected a fraction between 0 and 1", field: "fraction")
            }
        } else {
            deletedFraction = 0
            deletedAfter = .zero
        }
        months = try container.decodeIfPresent(Int.self, forKey: .months) ?? 12
        monthlyGrowth = try container.decodeIfPresent(Double.self, forKey: .monthlyGrowth) ?? 0
        guard (1...120).contains(months) else { throw decoder.fieldError("expected 1 to 120 months", field: "months") }
        guard monthlyGrowth > -1 && monthlyGrowth <= 10 else {
            throw decoder.fieldError("expected a monthly growth above -1 (-100%) and at most 10 (+1000%), found \(shown(monthlyGrowth))", field: "monthly_growth")
        }
    }
}

/// The metadata database's load: writes per upload, reads per view, and the shards they need.
public struct MetadataSettings: Decodable, Sendable {
    public let writesPerUpload: Double
    /// Video views (the delivery path is not simulated yet: a rate the scenario gives).
    public let views: EventRate
    public let readsPerView: Double
    /// Queries per second one shard serves at most.
    public let shardCapacity: EventRate
    /// The share of a shard's capacity to plan for at the peak.
    public let targetUtilisation: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case views
        case writesPerUpload = "writes_per_upload"
        case readsPerView = "reads_per_view"
        case shardCapacity = "shard_capacity"
        case targetUtilisation = "target_utilisation"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        writesPerUpload = try container.decodeIfPresent(Double.self, forKey: .writesPerUpload) ?? 10
        views = try container.decodeIfPresent(EventRate.self, forKey: .views) ?? .zero
        readsPerView = try container.decodeIfPresent(Double.self, forKey: .readsPerView) ?? 3
        shardCapacity = try container.decode(EventRate.self, forKey: .shardCapacity)
        targetUtilisation = try container.decodeIfPresent(Double.self, forKey: .targetUtilisation) ?? 0.7
        guard (0...1e6).contains(writesPerUpload) else {
            throw decoder.fieldError("expected 0 to 1,000,000 writes per upload, found \(shown(writesPerUpload))", field: "writes_per_upload")
        }
        guard (0...1e6).contains(readsPerView) else {
            throw decoder.fieldError("expected 0 to 1,000,000 reads per view, found \(shown(readsPerView))", field: "reads_per_view")
        }
        guard shardCapacity.perSecond > 0 else { throw decoder.fieldError("a shard must serve some queries", field: "shard_capacity") }
        guard targetUtilisation > 0 && targetUtilisation <= 1 else {
            throw decoder.fieldError("expected a utilisation in (0, 1]", field: "target_utilisation")
        }
    }
}
