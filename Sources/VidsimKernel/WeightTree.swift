/// Weighted sampling over a set that grows and whose weights change: a Fenwick (binary indexed) tree of
/// non-negative weights. Appending one weight or changing one costs O(log n), drawing an index in proportion to
/// its weight O(log n), re-weighting everything at once O(n).
///
/// The delivery path keeps its catalogue's popularity here: videos join as they are published and every
/// video's weight follows its age, which an alias table (`EmpiricalTable`) cannot do without a rebuild per change.
public struct WeightTree: Sendable {
    /// 1-based Fenwick sums: `sums[i]` holds the weights of (i - lowbit(i), i].
    private var sums: [Double] = [0]
    /// The weights themselves, 0-based.
    public private(set) var weights: [Double] = []
    /// The sum of every weight (kept exactly by `rebuild`, by addition otherwise).
    public private(set) var total = 0.0

    public init() {}

    public var count: Int { weights.count }

    /// Adds an index of weight `weight` (finite, at least 0) at the end.
    public mutating func append(_ weight: Double) {
        weights.append(weight)
        let index = weights.count
        // The new node covers (index - lowbit, index]: its own weight and the nodes below it in that range.
        var sum = weight
        var child = index - 1
        let lower = index - (index & -index)
        while child > lower {
            sum += sums[child]
            child -= child & -child
        }
        sums.append(sum)
        total += weight
    }

    /// Replaces every weight (`newWeights.count` must equal `count`) in one linear pass.
    public mutating func rebuild(_ newWeights: [Double]) {
        precondition(newWeights.count == weights.count, "WeightTree.rebuild: \(newWeights.count) weights for \(weights.count)")
        weights = newWeights
        sums = [0] + newWeights
        var sum = 0.0
        for index in 1..<sums.count {
            sum += newWeights[index - 1]
            let parent = index + (index & -index)
            if parent < sums.count { sums[parent] += sums[index] }
        }
        total = sum
    }

    /// Sets one weight.
    public mutating func set(_ index: Int, to weight: Double) {
        let delta = weight - weights[index]
        weights[index] = weight
        total += delta
        var node = index + 1
        while node < sums.count {
            sums[node] += delta
            node += node & -node
        }
    }

    /// The index whose cumulative range holds `u * total`, for `u` uniform in [0, 1): index i with probability
    /// weights[i] / total. Never an index of weight 0 unless every weight is 0 (then 0; the tree must not be
    /// empty).
    @inline(__always)
    public func sample(_ u: Double) -> Int { locate(u * total) }

    /// The index whose cumulative range [sum before it, sum through it) holds `target` (in [0, total)).
    @inline(__always)
    public func locate(_ target: Double) -> Int {
        var target = target
        var position = 0
        var step = 1
        while step << 1 < sums.count { step <<= 1 }
        while step > 0 {
            let next = position + step
            if next < sums.count && sums[next] <= target {
                position = next
                target -= sums[next]
            }
            step >>= 1
        }
        // `position` weights sum to at most the target: the next index holds it. Rounding can carry the target
        // past the last positive weight; step back to it.
        var index = min(position, weights.count - 1)
        while index > 0 && weights[index] <= 0 { index -= 1 }
        return index
    }
}
