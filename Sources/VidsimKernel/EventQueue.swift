/// The pending-event set: a 4-ary min-heap of events in one contiguous array, keyed by (time, sequence).
///
/// A d-ary heap with d = 4 halves the depth of a binary heap and keeps a node's children in one cache line or
/// two, which pays off with the tens of thousands of pending completions a large fleet has. swift-collections'
/// `Heap` is a min-max heap, which does extra comparisons per level to serve both ends; the simulation only ever
/// takes the minimum (on the YouTube day: 65.2 -> 60.3 s). With tens of thousands of events pending, though,
/// every level is a cache miss: `PendingEvents` then hands over to a `CalendarQueue`.
///
/// - Complexity: `insert` O(log₄ n), `popMin` O(4 log₄ n).
@usableFromInline
struct EventQueue<Kind: EventKindType> {
    @usableFromInline var storage: [Event<Kind>] = []

    @inlinable init() {}

    @inlinable var count: Int { storage.count }
    @inlinable var min: Event<Kind>? { storage.first }

    @inlinable
    mutating func insert(_ event: Event<Kind>) {
        storage.append(event)
        var child = storage.count - 1
        storage.withUnsafeMutableBufferPointer { heap in
            while child > 0 {
                let parent = (child - 1) >> 2
                guard event < heap[parent] else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = event
        }
    }

    /// Removes the earliest event. Bottom-up: the hole left at the root walks down along the smallest children
    /// to a leaf (three comparisons a level, none against the moving element), then the last element is sifted
    /// up from there, which seldom takes more than a level or two (Wegener, "Bottom-up heapsort", 1993).
    @inlinable
    mutating func popMin() -> Event<Kind>? {
        guard let last = storage.popLast() else { return nil }
        guard !storage.isEmpty else { return last }
        let first = storage[0]
        storage.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var hole = 0
            while true {
                let firstChild = 4 * hole + 1
                if firstChild >= count { break }
                var smallest = firstChild
                let end = Swift.min(firstChild + 4, count)
                var candidate = firstChild + 1
                while candidate < end {
                    if heap[candidate] < heap[smallest] { smallest = candidate }
                    candidate += 1
                }
                heap[hole] = heap[smallest]
                hole = smallest
            }
            while hole > 0 {
                let parent = (hole - 1) >> 2
                guard last < heap[parent] else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = last
        }
        return first
    }
}
