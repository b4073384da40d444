import Foundation
import VidsimUnits

/// A database the platform runs (the first seed's relational store for accounts and access control, a NoSQL
/// store for metadata, personalisation and edit history): its nodes' capacity, replication and price, and the
/// reads and writes each event of the model brings it.
public struct DatabaseSettings: Decodable, Sendable {
    public enum DatabaseKind: String, Decodable, Sendable, CaseIterable { case relational, nosql }

    /// Reads and writes per event of one kind: an upload, a view, a job of a work class (by its name), or an event
    /// vidsim does not simulate (a sign-up), given with its own rate.
    public struct Load: Decodable, Sendable {
        public let per: String
        /// The mean rate of an event vidsim does not simulate; nil for uploads, views and work classes.
        public let rate: EventRate?
        public let reads: Double
        public let writes: Double

        enum CodingKeys: String, CodingKey, CaseIterable { case per, rate, reads, writes }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            per = try container.decode(String.self, forKey: .per)
            rate = try container.decodeIfPresent(EventRate.self, forKey: .rate)
            reads = try container.decodeIfPresent(Double.self, forKey: .reads) ?? 0
            writes = try container.decodeIfPresent(Double.self, forKey: .writes) ?? 0
            for (field, value) in [("reads", reads), ("writes", writes)] where !(0...1e6).contains(value) {
                throw decoder.fieldError("expected 0 to 1,000,000 \(field) per event, found \(shown(value))", field: field)
            }
            guard reads + writes > 0 else { throw decoder.fieldError("expected some reads or writes per event", field: "reads") }
            if let rate, !(rate.perSecond > 0 && rate.perSecond <= 1e9) {
                throw decoder.fieldError("expected a rate above 0 and at most 1,000,000,000/s, found \(shown(rate.perSecond))/s", field: "rate")
            }
        }
    }

    public let name: String
    public let kind: DatabaseKind
    /// Queries per second one node serves at most.
    public let nodeCapacity: EventRate
    /// Copies of each shard, each on its own node: every write goes to each, reads are spread over them.
    public let replication: Int
    /// The share of a node's capacity to plan for at the peak.
    public let targetUtilisation: Double
    /// Per node-hour.
    public let price: Price<TimeSpan>
    public let load: [Load]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, kind, replication, price, load
        case nodeCapacity = "node_capacity"
        case targetUtilisation = "target_utilisation"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(DatabaseKind.self, forKey: .kind)
        nodeCapacity = try container.decode(EventRate.self, forKey: .nodeCapacity)
        replication = try container.decodeIfPresent(Int.self, forKey: .replication) ?? 1
        targetUtilisation = try container.decodeIfPresent(Double.self, forKey: .targetUtilisation) ?? 0.7
        price = try container.decodeIfPresent(Price<TimeSpan>.self, forKey: .price) ?? Price(dollarsPerBaseUnit: 0)
        load = try container.decodeIfPresent([Load].self, forKey: .load) ?? []
        guard !name.allSatisfy(\.isWhitespace) else { throw decoder.fieldError("a database needs a name", field: "name") }
        guard nodeCapacity.perSecond >= 1e-3, nodeCapacity.perSecond <= 1e9 else {
            throw decoder.fieldError("expected a node capacity from 0.001/s to 1,000,000,000/s, found \(shown(nodeCapacity.perSecond))/s", field: "node_capacity")
        }
        guard (1...100).contains(replication) else {
            throw decoder.fieldError("expected 1 to 100 copies of each shard, found \(replication)", field: "replication")
        }
        guard targetUtilisation > 0 && targetUtilisation <= 1 else {
            throw decoder.fieldError("expected a utilisation in (0, 1], found \(shown(targetUtilisation))", field: "target_utilisation")
        }
        guard price.dollarsPerBaseUnit >= 0, price.dollarsPerBaseUnit * 3600 <= 1e6 else {
            throw decoder.fieldError("expected a price from $0/h to $1,000,000/h per node, found \(price)", field: "price")
        }
        guard !load.isEmpty else {
            throw decoder.fieldError("a database fed by no event: give its load, the reads and writes per upload, view, work class's job or other event",
                                     field: "load")
        }
    }
}

extension Scenario {
    /// The events a database's load may name that the model simulates: uploads, views (with `delivery:` or
    /// `metadata.views`) and each work class's jobs.
    public var databaseEventSources: [String] {
        ["upload"] + (delivery != nil || (metadata?.views.perSecond ?? 0) > 0 ? ["view"] : []) + (work?.classes.map(\.name) ?? [])
    }

    /// Database names unique; each load names an event the model simulates (without `rate`) or another (with it).
    func checkDatabases() throws {
        let names = databases.map(\.name)
        let sources = databaseEventSources
        for (index, database) in databases.enumerated() {
            let path: [CodingKey] = [AnyKey("databases"), AnyKey(intValue: index)!]
            if names[..<index].contains(database.name) {
                throw FieldError(codingPath: path + [AnyKey("name")], message: "another database is already called '\(quoted(database.name))'")
            }
            for (entry, load) in database.load.enumerated() {
                let at = path + [AnyKey("load"), AnyKey(intValue: entry)!]
                let simulated = sources.contains(load.per)
                if simulated, load.rate != nil {
                    throw FieldError(codingPath: at + [AnyKey("rate")],
                                     message: "'\(quoted(load.per))' is simulated, at the rate the model gives it: a rate is for events vidsim does not simulate (sign-ups)")
                }
                if !simulated && load.rate == nil {
                    let close = Spelling.closest(to: load.per, among: sources)
                    let message = "no event of the model is called '\(quoted(load.per))'"
                        + (close.map { " (did you mean '\($0)'?)" } ?? "")
                        + ": expected one of " + sources.joined(separator: ", ")
                        + (load.per == "view" ? " (views are simulated with delivery:, or given by metadata.views)" : "")
                        + ", or, for an event vidsim does not simulate (a sign-up), its rate beside it: per: sign_up, rate: 20/s"
                    throw FieldError(codingPath: at + [AnyKey("per")], message: message)
                }
            }
        }
    }
}
