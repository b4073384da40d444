/// LFU with dynamic aging (Arlitt et al., "Evaluating content management techniques for web proxy caches",
/// 2000): each cached object's priority is its hit count plus the cache's age L at its last request; the
/// lowest priority is evicted and L becomes its priority. Popular objects stay, yet an object that was popular
/// long ago ages out as L rises. Ties go to the object whose priority was set first.
public struct LFUDAPolicy: EvictionPolicy {
    public static let name = "lfuda"
    public static let summary = "LFU with dynamic aging: evicts the lowest (requests + age at last request)"
    public static let parameters: [PolicyParameter] = []

    private var capacity: Int64 = 0
    private var used: Int64 = 0
    private var age = 0.0
    private var heap = IndexedHeap()
    private var cachedSize: [Int64] = []
    private var frequency: [UInt32] = []

    public init() {}
    public init(from decoder: Decoder) throws {}

    public mutating func reset(capacity: Int64, objects: Int) {
        self = LFUDAPolicy()
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
            heap.set(object, priority: Double(frequency[index]) + age)
            return true
        }
        guard request.size <= capacity else { return false }
        while used + request.size > capacity, let victim = heap.popMinimum() {
            age = priority(victim)
            used -= cachedSize[Int(victim)]
            cachedSize[Int(victim)] = 0
        }
        frequency[index] = 1
        cachedSize[index] = request.size
        used += request.size
        heap.set(object, priority: 1 + age)
        return false
    }

    private func priority(_ object: Int32) -> Double { heap.key(of: object) }
}
