import VidsimPolicies

/// A request trace read into memory: each request's time, object and size, with objects renumbered densely
/// (0, 1, 2 ... in order of first appearance) so that caches index flat arrays instead of hashing ids.
public struct RequestTrace: Sendable {
    /// Each request's time, in seconds from the trace's epoch (as the file gives it).
    public var times: [UInt32]
    /// The requests as caches replay them (dense objects, sizes, next accesses).
    public var requests: CacheRequests
    /// Each dense object's id in the file.
    public var objectIDs: [UInt64]

    public init(times: [UInt32], requests: CacheRequests, objectIDs: [UInt64]) {
        precondition(times.count == requests.count && objectIDs.count == requests.objectCount)
        self.times = times
        self.requests = requests
        self.objectIDs = objectIDs
    }

    public var count: Int { requests.count }
    public var objectCount: Int { requests.objectCount }

    /// The working set: the sum of the distinct objects' sizes (each at its first request), the bytes a cache
    /// needs to hold everything the trace asks for.
    public var footprintBytes: Int64 {
        var seen = [Bool](repeating: false, count: objectCount)
        var total: Int64 = 0
        for index in 0..<count where !seen[Int(requests.objects[index])] {
            seen[Int(requests.objects[index])] = true
            total += requests.sizes[index]
        }
        return total
    }

    /// The seconds the trace spans, from its first request to its last.
    public var durationSeconds: Double {
        guard let first = times.first, let last = times.last, last > first else { return 0 }
        return Double(last - first)
    }
}

/// Builds a `RequestTrace` one request at a time, numbering objects as they first appear.
public struct RequestTraceBuilder {
    private var times: [UInt32] = []
    private var objects: [Int32] = []
    private var sizes: [Int64] = []
    private var objectIDs: [UInt64] = []
    private var numbers: ObjectNumbers

    public init(expectedRequests: Int = 0) {
        // Objects are usually far fewer than requests; the table grows when they are not.
        numbers = ObjectNumbers(expected: expectedRequests / 16)
        times.reserveCapacity(expectedRequests)
        objects.reserveCapacity(expectedRequests)
        sizes.reserveCapacity(expectedRequests)
    }

    public var count: Int { objects.count }

    /// Adds a request; false if the trace already names more objects than a dense number can hold (2^31 - 1).
    @discardableResult
    public mutating func append(time: UInt32, id: UInt64, size: Int64) -> Bool {
        guard numbers.count < Int(Int32.max) - 1 else { return false }
        let (number, isNew) = numbers.number(for: id)
        if isNew { objectIDs.append(id) }
        times.append(time)
        objects.append(number)
        sizes.append(size)
        return true
    }

    /// The trace, with next accesses filled when `withFuture` (for offline policies).
    public func build(withFuture: Bool = true) -> RequestTrace {
        var requests = CacheRequests(objects: objects, sizes: sizes, objectCount: objectIDs.count)
        if withFuture { requests.computeNextAccesses() }
        return RequestTrace(times: times, requests: requests, objectIDs: objectIDs)
    }
}
