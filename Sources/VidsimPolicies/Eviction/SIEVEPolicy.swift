/// SIEVE (Zhang et al., "SIEVE is simpler than LRU", NSDI'24): one FIFO queue and a visited bit per object.
/// A hit only sets the bit. To evict, a hand moves from the oldest end towards the newest, clearing the bits it
/// passes, and evicts the first object whose bit is clear; it stays there for the next eviction and wraps to
/// the oldest end when it falls off the newest. New objects enter at the newest end, unvisited.
public struct SIEVEPolicy: EvictionPolicy {
    public static let name = "sieve"
    public static let summary = "SIEVE (NSDI'24): a FIFO queue with a visited bit and a moving hand"
    public static let parameters: [PolicyParameter] = []

    private var capacity: Int64 = 0
    private var links = QueueLinks()
    private var queue = QueueEnds()
    private var visited: [Bool] = []
    /// Where the next eviction search starts; -1 for the oldest end.
    private var hand: Int32 = -1

    public init() {}
    public init(from decoder: Decoder) throws {}

    public mutating func reset(capacity: Int64, objects: Int) {
        self = SIEVEPolicy()
        self.capacity = capacity
        reserve(objects: objects)
    }

    public mutating func reserve(objects: Int) {
        links.reserve(objects: objects)
        if visited.count < objects { visited.append(contentsOf: repeatElement(false, count: objects - visited.count)) }
    }

    public var usedBytes: Int64 { queue.bytes }
    public func contains(_ object: Int32) -> Bool { links.size(of: object) > 0 }

    @inline(__always)
    public mutating func access(_ request: CacheRequest) -> Bool {
        let object = request.object
        if links.size(of: object) > 0 {
            visited[Int(object)] = true
            return true
        }
        guard request.size <= capacity else { return false }
        while queue.bytes + request.size > capacity { evict() }
        links.pushNewest(object, size: request.size, into: &queue)
        visited[Int(object)] = false
        return false
    }

    private mutating func evict() {
        var candidate = hand >= 0 ? hand : queue.oldest
        while visited[Int(candidate)] {
            visited[Int(candidate)] = false
            candidate = links.newer(than: candidate)
            if candidate < 0 { candidate = queue.oldest }
        }
        hand = links.newer(than: candidate)
        links.remove(candidate, from: &queue)
    }
}
