/// A binary min-heap of objects keyed by a priority, with each object's place remembered so its key can be
/// changed or it can be removed in O(log n): the priority-based policies (LFUDA, GDSF, Belady) keep their
/// cached objects in one. Ties go to the object whose key was set first (a sequence number), so replays are
/// deterministic.
struct IndexedHeap: Sendable {
    private var heap: [Int32] = []
    private var key: [Double] = []
    private var stamp: [UInt64] = []
    /// Each object's index in `heap`, or -1.
    private var position: [Int32] = []
    private var sequence: UInt64 = 0

    var count: Int { heap.count }
    var minimum: Int32? { heap.first }

    mutating func reserve(objects: Int) {
        if position.count < objects {
            position.append(contentsOf: repeatElement(-1, count: objects - position.count))
            key.append(contentsOf: repeatElement(0, count: objects - key.count))
            stamp.append(contentsOf: repeatElement(0, count: objects - stamp.count))
        }
    }

    mutating func removeAll() {
        for object in heap { position[Int(object)] = -1 }
        heap.removeAll(keepingCapacity: true)
    }

    func key(of object: Int32) -> Double { key[Int(object)] }

    /// Inserts `object` with `priority`, or changes its priority if it is in the heap.
    mutating func set(_ object: Int32, priority: Double) {
        let index = Int(object)
        key[index] = priority
        stamp[index] = sequence
        sequence &+= 1
        if position[index] < 0 {
            position[index] = Int32(heap.count)
            heap.append(object)
            siftUp(heap.count - 1)
        } else {
            let at = Int(position[index])
            siftUp(at)
            siftDown(Int(position[index]))
        }
    }

    /// Removes and returns the object with the smallest priority.
    mutating func popMinimum() -> Int32? {
        guard let first = heap.first else { return nil }
        remove(at: 0)
        return first
    }

    mutating func remove(_ object: Int32) {
        let at = Int(position[Int(object)])
        if at >= 0 { remove(at: at) }
    }

    private mutating func remove(at: Int) {
        let object = heap[at]
        position[Int(object)] = -1
        let last = heap.removeLast()
        guard at < heap.count else { return }
        heap[at] = last
        position[Int(last)] = Int32(at)
        siftUp(at)
        siftDown(Int(position[Int(last)]))
    }

    @inline(__always)
    private func less(_ a: Int32, _ b: Int32) -> Bool {
        let ka = key[Int(a)], kb = key[Int(b)]
        return ka < kb || (ka == kb && stamp[Int(a)] < stamp[Int(b)])
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let object = heap[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(object, heap[parent]) else { break }
            heap[child] = heap[parent]
            position[Int(heap[child])] = Int32(child)
            child = parent
        }
        heap[child] = object
        position[Int(object)] = Int32(child)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let object = heap[parent]
        while true {
            var child = 2 * parent + 1
            guard child < heap.count else { break }
            if child + 1 < heap.count && less(heap[child + 1], heap[child]) { child += 1 }
            guard less(heap[child], object) else { break }
            heap[parent] = heap[child]
            position[Int(heap[parent])] = Int32(parent)
            parent = child
        }
        heap[parent] = object
        position[Int(object)] = Int32(parent)
    }
}
