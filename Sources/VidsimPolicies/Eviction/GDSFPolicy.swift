/// Greedy-Dual-Size-Frequency (Cherkasova, "Improving WWW proxies performance with Greedy-Dual-Size-Frequency
/// caching policy", HP Labs 1998): each cached object's priority is L + requests / size (in bytes, at a cost
/// of one per miss, so object hits are what it maximises); the lowest is evicted and L becomes its priority.
/// Small popular objects stay; large ones leave first unless they are requested often.
public struct GDSFPolicy: EvictionPolicy {
    public static let name = "gdsf"
    public static let summary = "Greedy-Dual-Size-Frequency: evicts the lowest L + requests / size (size-aware)"
    public static let parameters: [PolicyParameter] = []

    private var capacity: Int64 = 0
    private var used: Int64 = 0
    private var inflation = 0.0
    private var heap = IndexedHeap()
    private var cachedSize: [Int64] = []
    private var frequency: [UInt32] = []

    public init() {}
    public init(from decoder: Decoder) throws {}

    public mutating func reset(capacity: Int64, objects: Int) {
        self = GDSFPolicy()
        self.capacity = capacity
        reserve(objects: objects)
    }

    public mutating func reserve(objects: Int) {
        heap.reserve(objects: objects)
        if cachedSize.count < objects {
            cachedSize.append(contentsOf: repeatElement(0, count: objects - cachedSize.count))
            frequency.append(contentsOf: repeatElement(0, count: objects - frequency.count))
        }
    }

    public var usedBytes: Int64 { used }
    public func contains(_ object: Int32) -> Bool { cachedSize[Int(object)] > 0 }

    public mutating func access(_ request: CacheRequest) -> Bool {
        let object = request.object, index = Int(object)
        if cachedSize[index] > 0 {
            frequency[index] &+= 1
            heap.set(object, priority: inflation + Double(frequency[index]) / Double(cachedSize[index]))
            return true
        }
        guard request.size <= capacity else { return false }
        while used + request.size > capacity, let victim = heap.popMinimum() {
            inflation = heap.key(of: victim)
            used -= cachedSize[Int(victim)]
            cachedSize[Int(victim)] = 0
        }
        frequency[index] = 1
        cachedSize[index] = request.size
        used += request.size
        heap.set(object, priority: inflation + 1 / Double(request.size))
        return false
    }
}
