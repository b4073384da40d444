import Foundation
import VidsimPolicies
import VidsimUnits

/// An eviction policy named on the command line, with its parameters: `lru`, `s3fifo`,
/// `s3fifo:small_fraction=0.2,move_to_main_threshold=1` (parameters after a colon, as key=value pairs). The
/// parameters go through the same decoding as a scenario's, so the same checks and messages apply.
public struct PolicyChoice: Sendable {
    /// The text as given, to label results.
    public let label: String
    public let policy: any EvictionPolicy

    public init(label: String, policy: any EvictionPolicy) {
        self.label = label
        self.policy = policy
    }

    /// Parses one choice; errors say what was expected and suggest a close name.
    public static func parse(_ text: String) throws(CacheOptionError) -> PolicyChoice {
        PolicyChoice(label: text.trimmingCharacters(in: .whitespaces),
                     policy: try FamilyChoice.parse(text, registry: EvictionPolicies.registry))
    }

    /// Parses a comma-separated list of choices (a parameter list uses `;` or `+` between its pairs).
    public static func parseList(_ text: String) throws(CacheOptionError) -> [PolicyChoice] {
        var choices: [PolicyChoice] = []
        for item in text.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            choices.append(try parse(String(item)))
        }
        guard !choices.isEmpty else { throw CacheOptionError("expected at least one eviction policy") }
        return choices
    }

}

/// A member of a policy family named on the command line: `name` or `name:key=value;key=value`. The parameters
/// go through the member's own decoding, as a scenario's would, so the same checks and messages apply.
enum FamilyChoice {
    static func parse<Family>(_ text: String, registry: PolicyRegistry<Family>) throws(CacheOptionError) -> Family {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ":", maxSplits: 1).map(String.init)
        let name = (parts.first ?? "").lowercased()
        guard let member = registry.member(named: name) else {
            let hint = Spelling.closest(to: name, among: registry.names).map { " (did you mean '\($0)'?)" } ?? ""
            throw CacheOptionError("unknown \(registry.familyName) \(quoted(name))\(hint); expected one of \(registry.names.joined(separator: ", "))")
        }
        var fields: [String: Any] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: ";").flatMap({ $0.split(separator: "+") }) where !pair.isEmpty {
                let keyValue = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard keyValue.count == 2, !keyValue[0].isEmpty else {
                    throw CacheOptionError("\(name): expected key=value, found \(quoted(String(pair)))")
                }
                let known = member.parameters.map(\.name)
                guard known.contains(keyValue[0]) else {
                    let hint = Spelling.closest(to: keyValue[0], among: known).map { " (did you mean '\($0)'?)" } ?? ""
                    let list = known.isEmpty ? "it takes none" : "it takes \(known.joined(separator: ", "))"
                    throw CacheOptionError("\(name) has no parameter \(quoted(keyValue[0]))\(hint); \(list)")
                }
                if let number = Double(keyValue[1]), !number.isFinite {
                    throw CacheOptionError("\(name): \(keyValue[0]): expected a finite number, found \(quoted(keyValue[1]))")
                }
                fields[keyValue[0]] = Double(keyValue[1]).map { $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) as Any : $0 as Any }
                    ?? keyValue[1]
            }
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: fields)
            return try JSONDecoder().decode(Decoded<Family>.self, from: data, configuration: member).value
        } catch let error as PolicyParameterError {
            throw CacheOptionError("\(name): \(error.codingPath.map(\.stringValue).joined(separator: ".")): \(error.message)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CacheOptionError("\(name): \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)")
        } catch {
            throw CacheOptionError("\(name): \(error)")
        }
    }

    private struct Decoded<Family>: DecodableWithConfiguration {
        let value: Family
        init(from decoder: Decoder, configuration: PolicyRegistry<Family>.Member) throws {
            value = try configuration.decode(decoder)
        }
    }
}

/// An admission filter named on the command line, as policies are: `all`, `second-hit`,
/// `second-hit:window=100000`. `all` (no filter) gives nil.
public enum AdmissionChoice {
    public static func parse(_ text: String) throws(CacheOptionError) -> (any AdmissionFilter)? {
        let filter = try FamilyChoice.parse(text, registry: AdmissionFilters.registry)
        return filter is AdmitAll ? nil : filter
    }
}

/// A bad command-line option of the cache commands, with what was expected.
public struct CacheOptionError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A cache size on the command line: bytes with a unit (`64 GB`, `64GB`), a share of the trace's working set
/// (`5%`), or a plain number of bytes.
public enum CacheSize: Sendable, Equatable {
    case bytes(Int64)
    case shareOfFootprint(Double)

    public static func parse(_ text: String) throws(CacheOptionError) -> CacheSize {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let percent = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)), percent > 0, percent <= 100 else {
                throw CacheOptionError("cache size \(quoted(trimmed)): expected a percentage of the working set in (0, 100]")
            }
            return .shareOfFootprint(percent / 100)
        }
        if let whole = Int64(trimmed) {
            guard whole >= 1 else { throw CacheOptionError("cache size \(quoted(trimmed)): expected at least 1 byte") }
            guard whole <= 1_000_000_000_000_000_000 else {
                throw CacheOptionError("cache size \(quoted(trimmed)): larger than 1,000 PB, more than any cache could hold")
            }
            return .bytes(whole)
        }
        // "64GB" reads as "64 GB".
        var spaced = trimmed
        if let firstLetter = trimmed.firstIndex(where: \.isLetter), firstLetter > trimmed.startIndex,
           trimmed[trimmed.index(before: firstLetter)] != " " {
            spaced.insert(" ", at: firstLetter)
        }
        guard let size = try? DataSize(parsing: spaced) else {
            throw CacheOptionError("cache size \(quoted(trimmed)): expected a size such as 64 GB, a share of the working set such as 5%, or bytes")
        }
        guard size.bytes >= 1 else { throw CacheOptionError("cache size \(quoted(trimmed)): expected at least 1 byte") }
        guard size.bytes <= 1e18 else {
            throw CacheOptionError("cache size \(quoted(trimmed)): larger than 1,000 PB, more than any cache could hold")
        }
        return .bytes(Int64(size.bytes))
    }

    public static func parseList(_ text: String) throws(CacheOptionError) -> [CacheSize] {
        var sizes: [CacheSize] = []
        for item in text.split(separator: ",") where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            sizes.append(try parse(String(item)))
        }
        guard !sizes.isEmpty else { throw CacheOptionError("expected at least one cache size") }
        return sizes
    }

    /// The capacity in bytes for a trace whose working set is `footprint` bytes (at least 1).
    public func bytes(footprint: Int64) -> Int64 {
        switch self {
        case .bytes(let bytes): return bytes
        case .shareOfFootprint(let share): return max(1, Int64((Double(footprint) * share).rounded()))
        }
    }
}
