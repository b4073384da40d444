/// Whether a cache takes in an object it missed: one member of the admission family. A filter sees every miss
/// (the cache's hits do not reach it) and answers whether this miss's object is admitted; a refused object is
/// served to the client but not stored, so it evicts nothing.
///
/// To add a filter: one file with a type conforming to this protocol, its `member` added to
/// `AdmissionFilters.registry`, and a row in docs/cache.md (a test checks).
public protocol AdmissionFilter: Sendable {
    static var name: String { get }
    static var summary: String { get }
    static var parameters: [PolicyParameter] { get }
    /// Reads the filter's parameters; out-of-range values throw `PolicyParameterError`.
    init(from decoder: Decoder) throws
    /// Forgets everything it has seen.
    mutating func reset()
    /// A miss for `object` (its id as the trace or catalogue gives it): whether to admit it.
    mutating func admits(_ object: UInt64, size: Int64) -> Bool
}

extension AdmissionFilter {
    public static var member: PolicyRegistry<any AdmissionFilter>.Member {
        .init(name: name, summary: summary, parameters: parameters, decode: { try Self(from: $0) })
    }
}

/// Every admission filter vidsim knows, by name.
public enum AdmissionFilters {
    public static let registry = PolicyRegistry<any AdmissionFilter>(
        familyName: "admission filter", members: [AdmitAll.member, SecondHitFilter.member])
}

/// Admits every miss: a cache without a filter.
public struct AdmitAll: AdmissionFilter {
    public static let name = "all"
    public static let summary = "admits every object it misses (no filter)"
    public static let parameters: [PolicyParameter] = []

    public init() {}
    public init(from decoder: Decoder) throws {}
    public mutating func reset() {}
    @inline(__always) public mutating func admits(_ object: UInt64, size: Int64) -> Bool { true }
}
