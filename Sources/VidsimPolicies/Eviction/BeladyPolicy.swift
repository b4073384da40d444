/// Belady's MIN (Belady, "A study of replacement algorithms for a virtual-storage computer", 1966): evicts the
/// cached object whose next request is furthest in the future, and does not admit an object requested further
/// off than every cached one (or never again). It reads the future, so it runs on traces only, as the bound the
/// online policies are measured against: with equal sizes no policy hits more often; with sizes it is the
/// usual furthest-next-request heuristic, a near-bound rather than the exact optimum (which is NP-hard).
public struct BeladyPolicy: EvictionPolicy {
    public static let name = "belady"
    public static let summary = "Belady's offline optimum: evicts the object requested furthest in the future"
    public static let parameters: [PolicyParameter] = []
    public static let needsFuture = true

    private var capacity: Int64 = 0
    private var used: Int64 = 0
    /// Cached objects keyed by minus their next request, so the heap's minimum is the furthest.
    private var heap = IndexedHeap()
    private var cachedSize: [Int64] = []

    public init() {}
    public init(from decoder: Decoder) throws {}

    public mutating func reset(capacity: Int64, objects: Int) {
        self = BeladyPolicy()
        self.capacity = capacity
        reserve(objects: objects)
    }

    public mutating func reserve(objects: Int) {
        heap.reserve(objects: objects)
        if cachedSize.count < objects { cachedSize.append(contentsOf: repeatElement(0, count: objects - cachedSize.count)) }
    }

    public var usedBytes: Int64 { used }
    public func contains(_ object: Int32) -> Bool { cachedSize[Int(object)] > 0 }

    public mutating func access(_ request: CacheRequest) -> Bool {
        let object = request.object, index = Int(object)
        let key = -Double(request.nextAccess)
        if cachedSize[index] > 0 {
            heap.set(object, priority: key)
            return true
        }
        guard request.size <= capacity, request.nextAccess != CacheRequest.never else { return false }
        while used + request.size > capacity, let furthest = heap.minimum {
            // Bypass: the new object is wanted later than anything it would displace.
            if heap.key(of: furthest) >= key { return false }
            heap.remove(furthest)
            used -= cachedSize[Int(furthest)]
            cachedSize[Int(furthest)] = 0
        }
        cachedSize[index] = request.size
        used += request.size
        heap.set(object, priority: key)
        return false
    }
}
