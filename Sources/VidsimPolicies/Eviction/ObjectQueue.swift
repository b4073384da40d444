/// First-in-first-out queues of objects, threaded through one array of nodes indexed by object number, as the
/// FIFO-family policies keep them: O(1) to add at the newest end, take from the oldest, or unlink any object.
/// Several queues may share one set of nodes as long as an object is in at most one of them at a time. A node
/// holds the object's neighbours and its size (0 when in no queue): 16 bytes, so a request touches one cache
/// line for its object (three separate arrays cost three misses per request on a large catalogue).
struct QueueLinks: Sendable {
    private struct Node {
        /// The next object towards the oldest end, or -1.
        var older: Int32 = -1
        /// The next object towards the newest end, or -1.
        var newer: Int32 = -1
        var size: Int64 = 0
    }

    private var nodes: [Node] = []

    mutating func reserve(objects: Int) {
        if nodes.count < objects { nodes.append(contentsOf: repeatElement(Node(), count: objects - nodes.count)) }
    }

    /// The object's size while it is in a queue, 0 when it is in none.
    @inline(__always)
    func size(of object: Int32) -> Int64 { nodes[Int(object)].size }

    /// Adds `object` at `queue`'s newest end.
    @inline(__always)
    mutating func pushNewest(_ object: Int32, size: Int64, into queue: inout QueueEnds) {
        nodes[Int(object)] = Node(older: queue.newest, newer: -1, size: size)
        if queue.newest >= 0 { nodes[Int(queue.newest)].newer = object } else { queue.oldest = object }
        queue.newest = object
        queue.bytes += size
        queue.count += 1
    }

    /// Unlinks `object`, which must be in `queue`; its size becomes 0.
    @inline(__always)
    mutating func remove(_ object: Int32, from queue: inout QueueEnds) {
        let node = nodes[Int(object)]
        if node.older >= 0 { nodes[Int(node.older)].newer = node.newer } else { queue.oldest = node.newer }
        if node.newer >= 0 { nodes[Int(node.newer)].older = node.older } else { queue.newest = node.older }
        nodes[Int(object)].size = 0
        queue.bytes -= node.size
        queue.count -= 1
    }

    /// Moves `object`, which must be in `queue`, to its newest end.
    @inline(__always)
    mutating func moveToNewest(_ object: Int32, in queue: inout QueueEnds) {
        guard queue.newest != object else { return }
        let size = nodes[Int(object)].size
        remove(object, from: &queue)
        pushNewest(object, size: size, into: &queue)
    }

    /// The object after `object` towards the newest end, or -1.
    @inline(__always)
    func newer(than object: Int32) -> Int32 { nodes[Int(object)].newer }
}

/// One queue's ends and what it holds.
struct QueueEnds: Sendable {
    var newest: Int32 = -1
    var oldest: Int32 = -1
    var bytes: Int64 = 0
    var count = 0
}
