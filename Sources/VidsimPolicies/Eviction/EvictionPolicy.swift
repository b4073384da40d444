/// One request as a cache sees it: which object (a dense number from 0, assigned when the trace or the
/// catalogue was read), how many bytes, and when the same object is asked for next (the request's position in
/// the sequence; `CacheRequest.never` if never again). Only offline policies (Belady) read `nextAccess`.
public struct CacheRequest: Sendable, Equatable {
    public var object: Int32
    public var size: Int64
    public var nextAccess: Int64

    public static let never = Int64.max

    public init(object: Int32, size: Int64, nextAccess: Int64 = CacheRequest.never) {
        self.object = object
        self.size = size
        self.nextAccess = nextAccess
    }
}

/// A sequence of requests in contiguous arrays (objects, sizes and next accesses), as caches replay them.
public struct CacheRequests: Sendable {
    public var objects: [Int32]
    public var sizes: [Int64]
    /// Each request's next access of the same object (a position in this sequence), or `CacheRequest.never`;
    /// empty when no policy needs the future.
    public var nextAccesses: [Int64]
    /// How many distinct objects the requests name: object numbers run from 0 to `objectCount - 1`.
    public var objectCount: Int

    public init(objects: [Int32], sizes: [Int64], nextAccesses: [Int64] = [], objectCount: Int) {
        precondition(objects.count == sizes.count, "one size per request")
        self.objects = objects
        self.sizes = sizes
        self.nextAccesses = nextAccesses
        self.objectCount = objectCount
    }

    public var count: Int { objects.count }

    /// Fills `nextAccesses` by one backward pass: each request's next request for the same object.
    public mutating func computeNextAccesses() {
        var seen = [Int64](repeating: CacheRequest.never, count: objectCount)
        var next = [Int64](repeating: CacheRequest.never, count: objects.count)
        var position = objects.count - 1
        while position >= 0 {
            let object = Int(objects[position])
            next[position] = seen[object]
            seen[object] = Int64(position)
            position -= 1
        }
        nextAccesses = next
    }
}

/// What a replay counted: requests and bytes asked for, and those served from the cache.
public struct CacheCounts: Sendable, Equatable {
    public var requests = 0
    public var hits = 0
    public var bytesRequested: Int64 = 0
    public var bytesHit: Int64 = 0

    public init() {}

    public var objectHitRatio: Double { requests > 0 ? Double(hits) / Double(requests) : 0 }
    public var byteHitRatio: Double { bytesRequested > 0 ? Double(bytesHit) / Double(bytesRequested) : 0 }

    @inline(__always)
    public mutating func count(size: Int64, hit: Bool) {
        requests += 1
        bytesRequested += size
        if hit {
            hits += 1
            bytesHit += size
        }
    }
}

/// How a cache chooses what to evict: one member of the eviction family.
///
/// Objects are dense numbers (0 ..< objects), so a policy keeps its state in flat arrays indexed by object
/// rather than a hash table: a lookup is one array read. Capacities are in bytes and objects have their own
/// sizes. Every policy follows the same rules on a miss, as libCacheSim does: an object larger than the whole
/// cache is not admitted (and evicts nothing); otherwise objects are evicted until the new one fits, then it is
/// admitted. A hit never changes an object's stored size.
///
/// To add a policy: one file with a type conforming to this protocol, holding its parameters (decoded from the
/// mapping that names it) and its state, and its `member` added to `EvictionPolicies.registry`; document it in
/// docs/cache.md (a test checks). The replay loop (`replay`) is specialised for each policy by the compiler,
/// so a registered policy runs as fast as one called by its concrete type.
public protocol EvictionPolicy: Sendable {
    /// The name a scenario or `vidsim cache --policy` writes.
    static var name: String { get }
    /// One line for docs and `validate`.
    static var summary: String { get }
    /// The parameters it takes.
    static var parameters: [PolicyParameter] { get }
    /// Whether it needs each request's next access (offline policies).
    static var needsFuture: Bool { get }
    /// Reads the policy's parameters; out-of-range values throw `PolicyParameterError`.
    init(from decoder: Decoder) throws
    /// Empties the cache and sets its capacity in bytes (positive) and the number of objects it may see.
    mutating func reset(capacity: Int64, objects: Int)
    /// Makes room for objects numbered up to `objects - 1` (a catalogue that grows), keeping what is cached.
    mutating func reserve(objects: Int)
    /// One request: true on a hit; on a miss the object is admitted (if it fits at all), evicting as needed.
    mutating func access(_ request: CacheRequest) -> Bool
    /// Bytes cached now.
    var usedBytes: Int64 { get }
    /// Whether `object` is cached now.
    func contains(_ object: Int32) -> Bool
    /// Whether the policy holds anything of `object`: cached, or remembered after its eviction (S3-FIFO's ghost).
    func remembers(_ object: Int32) -> Bool
    /// Drops whatever the policy remembers of `object`, which is not cached (a ghost entry, a count): its number
    /// is about to name another object.
    mutating func forget(_ object: Int32)
    /// Replays `requests` through an empty cache of `capacity` bytes, counting all but the first `warmUp`;
    /// with `admission`, a missed object is stored only if the filter admits it. A requirement (with the one
    /// implementation below) rather than an extension method so that each policy's witness is that
    /// implementation specialised for it: called through `any EvictionPolicy`, the loop then calls `access`
    /// directly and inlines it, instead of going through the witness table per request.
    func replay(_ requests: CacheRequests, capacity: Int64, warmUp: Int, admission: (any AdmissionFilter)?) -> CacheCounts
    /// One request to cache `index` of a bank (see `CacheBankProtocol`). A requirement with one implementation
    /// (in CacheBank.swift) for the same reason as `replay`: the bank's generic code calls it through the
    /// policy's witness, which is that implementation specialised for the policy, lookups and policy inlined.
    static func access(_ caches: inout [LocalCache<Self>], index: Int, object: UInt64, size: Int64) -> Bool
}

extension EvictionPolicy {
    public static var needsFuture: Bool { false }

    public mutating func forget(_ object: Int32) {}
    public func remembers(_ object: Int32) -> Bool { contains(object) }

    /// This policy as a registry member.
    public static var member: PolicyRegistry<any EvictionPolicy>.Member {
        .init(name: name, summary: summary, parameters: parameters, decode: { try Self(from: $0) })
    }

    /// Replays `requests` through a cache of `capacity` bytes, empty at the start; the counts skip the first
    /// `warmUp` requests (the cache still sees them).
    public func replay(_ requests: CacheRequests, capacity: Int64, warmUp: Int,
                       admission: (any AdmissionFilter)?) -> CacheCounts {
        var cache = self
        cache.reset(capacity: capacity, objects: requests.objectCount)
        var counts = CacheCounts()
        let future = Self.needsFuture
        var filter = admission
        filter?.reset()
        requests.objects.withUnsafeBufferPointer { objects in
            requests.sizes.withUnsafeBufferPointer { sizes in
                requests.nextAccesses.withUnsafeBufferPointer { next in
                    for index in 0..<objects.count {
                        let request = CacheRequest(object: objects[index], size: sizes[index],
                                                   nextAccess: future ? next[index] : CacheRequest.never)
                        let hit: Bool
                        if filter != nil && !cache.contains(request.object)
                            && !filter!.admits(UInt64(request.object), size: request.size) {
                            hit = false
                        } else {
                            hit = cache.access(request)
                        }
                        if index >= warmUp { counts.count(size: request.size, hit: hit) }
                    }
                }
            }
        }
        return counts
    }
}

extension EvictionPolicy {
    /// Replays `requests` through an empty cache of `capacity` bytes, counting every request, admitting every
    /// miss.
    public func replay(_ requests: CacheRequests, capacity: Int64) -> CacheCounts {
        replay(requests, capacity: capacity, warmUp: 0, admission: nil)
    }

    /// The same, without counting the first `warmUp` requests.
    public func replay(_ requests: CacheRequests, capacity: Int64, warmUp: Int) -> CacheCounts {
        replay(requests, capacity: capacity, warmUp: warmUp, admission: nil)
    }
}

/// Every eviction policy vidsim knows, by name.
public enum EvictionPolicies {
    public static let registry = PolicyRegistry<any EvictionPolicy>(
        familyName: "eviction policy",
        members: [LRUPolicy.member, FIFOPolicy.member, SIEVEPolicy.member, S3FIFOPolicy.member, LFUDAPolicy.member,
                  GDSFPolicy.member, BeladyPolicy.member])
}
