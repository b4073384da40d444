import VidsimPolicies

/// LRU's hit ratios at every cache size from one pass over a trace (Mattson et al., "Evaluation techniques for
/// storage hierarchies", 1970), in bytes: a request hits in an LRU cache of C bytes exactly when the bytes of
/// the distinct objects requested since its object's previous request, plus its own size, are at most C. Those
/// byte stack distances come from a Fenwick tree over request positions, holding each object's size at its
/// latest request: O(n log n) for n requests, whatever the number of sizes asked for.
///
/// Exact (equal to replaying LRU at each size) when every object keeps one size and none is larger than the
/// cache; an LRU cache does not admit an object larger than itself, which a stack does not model.
///
/// From a sample (`SpatialSampler`), each object carries a weight, 1 / its sampling probability: its bytes
/// count that many times in the distances and its requests that many times in the ratios, an unbiased
/// (Horvitz-Thompson) estimate of the whole trace's curve.
public struct MissRatioCurve: Sendable {
    /// One point: a cache size and the hit ratios there.
    public struct Point: Sendable, Equatable {
        public let capacity: Int64
        public let objectHitRatio: Double
        public let byteHitRatio: Double
    }

    /// Each request's reuse distance plus its size, in the whole trace's bytes (infinity for a first request),
    /// sorted; and the requests' weights and weighted bytes in that order, summed from the first.
    private let sortedReach: [Double]
    private let cumulativeRequests: [Double]
    private let cumulativeBytes: [Double]
    private let requests: Double
    private let bytes: Double
    /// Requests the curve was computed from (all of them for an exact curve).
    public let sampledRequests: Int

    /// The exact curve of `requests`.
    public init(_ requests: CacheRequests) {
        self.init(requests, objectWeights: nil)
    }

    /// A curve from `requests` where object i stands for `objectWeights[i]` objects like it (nil: all 1).
    public init(_ requests: CacheRequests, objectWeights: [Double]?) {
        let count = requests.count
        var tree = [Double](repeating: 0, count: count + 1)
        var last = [Int](repeating: -1, count: requests.objectCount)
        var reach = [Double](repeating: .infinity, count: count)
        func add(_ position: Int, _ delta: Double) {
            var index = position + 1
            while index <= count { tree[index] += delta; index += index & -index }
        }
        func prefix(_ position: Int) -> Double {
            var index = position + 1, sum = 0.0
            while index > 0 { sum += tree[index]; index -= index & -index }
            return sum
        }
        // Each object's weighted bytes at its latest request, summed over distinct objects.
        var latest = [Double](repeating: 0, count: requests.objectCount)
        var distinct = 0.0
        for position in 0..<count {
            let object = Int(requests.objects[position])
            let size = Double(requests.sizes[position])
            let weighted = size * (objectWeights?[object] ?? 1)
            let previous = last[object]
            if previous >= 0 {
                // Bytes of the distinct objects requested after `previous`, this one excluded, plus its own size.
                reach[position] = distinct - prefix(previous) + size
                add(previous, -latest[object])
                distinct -= latest[object]
            }
            add(position, weighted)
            distinct += weighted
            latest[object] = weighted
            last[object] = position
        }
        var order = Array(0..<count)
        order.sort { reach[$0] < reach[$1] }
        sortedReach = order.map { reach[$0] }
        var runningRequests = 0.0, runningBytes = 0.0
        var requestSums = [Double](), byteSums = [Double]()
        requestSums.reserveCapacity(count)
        byteSums.reserveCapacity(count)
        for position in order {
            let weight = objectWeights?[Int(requests.objects[position])] ?? 1
            runningRequests += weight
            runningBytes += weight * Double(requests.sizes[position])
            requestSums.append(runningRequests)
            byteSums.append(runningBytes)
        }
        cumulativeRequests = requestSums
        cumulativeBytes = byteSums
        sampledRequests = count
        self.requests = runningRequests
        bytes = runningBytes
    }

    /// Hit ratios of an LRU cache of `capacity` bytes.
    public func point(capacity: Int64) -> Point {
        guard requests > 0 else { return Point(capacity: capacity, objectHitRatio: 0, byteHitRatio: 0) }
        let limit = Double(capacity) * (1 + 1e-12)
        // The number of requests whose reach is at most `capacity`.
        var low = 0, high = sortedReach.count
        while low < high {
            let middle = (low + high) / 2
            if sortedReach[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        let hits = low > 0 ? cumulativeRequests[low - 1] : 0
        let hitBytes = low > 0 ? cumulativeBytes[low - 1] : 0
        return Point(capacity: capacity, objectHitRatio: min(1, hits / requests), byteHitRatio: min(1, hitBytes / bytes))
    }

    public func points(capacities: [Int64]) -> [Point] { capacities.map(point(capacity:)) }
}
