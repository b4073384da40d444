/// First in, first out: objects leave in the order they came in, whatever their hits.
///
/// Under independent requests its hit ratio follows the FIFO form of the Che approximation; on a trace it
/// matches libCacheSim's FIFO exactly.
public struct FIFOPolicy: EvictionPolicy {
    public static let name = "fifo"
    public static let summary = "first in, first out: evicts the object admitted longest ago"
    public static let parameters: [PolicyParameter] = []

    private var capacity: Int64 = 0
    private var links = QueueLinks()
    private var queue = QueueEnds()

    public init() {}
    public init(from decoder: Decoder) throws {}

    public mutating func reset(capacity: Int64, objects: Int) {
        self = FIFOPolicy()
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
        if links.size(of: object) > 0 { return true }
        guard request.size <= capacity else { return false }
        while queue.bytes + request.size > capacity { links.remove(queue.oldest, from: &queue) }
        links.pushNewest(object, size: request.size, into: &queue)
        return false
    }
}
