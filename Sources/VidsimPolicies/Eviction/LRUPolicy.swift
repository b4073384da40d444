/// Least recently used: a hit moves the object to the newest end; the oldest is evicted.
///
/// Under independent requests its hit ratio follows the Che approximation (VidsimCache's CacheTheory); on a
/// trace it matches libCacheSim's LRU exactly.
public struct LRUPolicy: EvictionPolicy {
    public static let name = "lru"
    public static let summary = "least recently used: evicts the object requested longest ago"
    public static let parameters: [PolicyParameter] = []

    private var capacity: Int64 = 0
    private var links = QueueLinks()
    private var queue = QueueEnds()

    public init() {}
    public init(from decoder: Decoder) throws {}

    public mutating func reset(capacity: Int64, objects: Int) {
        self = LRUPolicy()
        self.capacity = capacity
        reserve(objects: objects)
    }

    public mutating func reserve(objects: Int) {
        links.reserve(objects: objects)
    }

    public var usedBytes: Int64 { queue.bytes }
    public func contains(_ object: Int32) -> Bool { links.size(of: object) > 0 }

    @inline(__always)
    public mutating func access(_ request: CacheRequest) -> Bool {
        let object = request.object
        if links.size(of: object) > 0 {
            links.moveToNewest(object, in: &queue)
            return true
        }
        guard request.size <= capacity else { return false }
        while queue.bytes + request.size > capacity { links.remove(queue.oldest, from: &queue) }
        links.pushNewest(object, size: request.size, into: &queue)
        return false
    }
}
