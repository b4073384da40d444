import VidsimKernel
import VidsimPolicies

/// Spatial sampling (SHARDS: Waldspurger et al., "Efficient MRC construction with SHARDS", FAST'15): follow
/// only the objects whose hashed id falls under rate R, each standing for 1 / R objects like it, so an LRU
/// curve costs about R of the time and memory of the exact one.
///
/// Under skewed popularity a handful of objects carry a large share of the requests, and whether each falls
/// in the sample moves the estimate by many points (with Zipf popularity of exponent 0.8 over 10^6 objects,
/// plain SHARDS at 1% is off by tens of points). So the sample is stratified: the `hotObjects` most requested
/// objects are followed in full with weight 1, and only the rest are sampled at R with weight 1 / R. The hot
/// set is found by counting requests per object, one cheap pass.
///
/// The hash is fixed (splitmix64's finaliser of the id), so a sample is the same on every machine and run.
public struct SpatialSampler: Sendable, Equatable {
    /// The share of the other objects kept, in (0, 1].
    public let rate: Double
    /// The most requested objects followed in full.
    public let hotObjects: Int
    /// Ids whose hash modulo 2^24 is below this threshold are kept.
    public let threshold: UInt64

    public static let modulus: UInt64 = 1 << 24

    /// A sampler at `rate`; `hotObjects` defaults to none.
    public init(rate: Double, hotObjects: Int = 0) {
        precondition(rate > 0 && rate <= 1, "a sampling rate is in (0, 1]")
        precondition(hotObjects >= 0)
        // The rate the hash realises: a whole number of 2^-24 steps, at least one; weights use it.
        threshold = max(1, UInt64((rate * Double(Self.modulus)).rounded()))
        self.rate = rate < 1 ? Double(threshold) / Double(Self.modulus) : 1
        self.hotObjects = hotObjects
    }

    /// Whether requests for `id` are in the hash sample.
    @inline(__always)
    public func keeps(_ id: UInt64) -> Bool {
        rate >= 1 || Self.mix(id) % Self.modulus < threshold
    }

    /// splitmix64's finaliser: every bit of the id moves every bit of the hash.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        SplitMix64.mix(value)
    }

    /// A sample and each of its objects' weights.
    public struct Sample: Sendable {
        public let trace: RequestTrace
        /// 1 for the hot objects, 1 / rate for the others.
        public let objectWeights: [Double]
    }

    /// The requests of `trace` whose objects are hot or in the hash sample, renumbered densely.
    public func sample(_ trace: RequestTrace) -> Sample {
        var hot = [Bool](repeating: false, count: trace.objectCount)
        if hotObjects > 0 {
            var counts = [Int32](repeating: 0, count: trace.objectCount)
            for object in trace.requests.objects { counts[Int(object)] &+= 1 }
            let ranked = (0..<trace.objectCount).sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
            for object in ranked.prefix(hotObjects) { hot[object] = true }
        }
        let kept = (0..<trace.objectCount).map { hot[$0] || keeps(trace.objectIDs[$0]) }
        var builder = RequestTraceBuilder(expectedRequests: Int(Double(trace.count) * rate * 1.2))
        var weights: [Double] = []
        var numbered = [Bool](repeating: false, count: trace.objectCount)
        for index in 0..<trace.count where kept[Int(trace.requests.objects[index])] {
            let object = Int(trace.requests.objects[index])
            builder.append(time: trace.times[index], id: trace.objectIDs[object], size: trace.requests.sizes[index])
            if !numbered[object] {
                numbered[object] = true
                weights.append(hot[object] ? 1 : 1 / rate)
            }
        }
        return Sample(trace: builder.build(withFuture: false), objectWeights: weights)
    }

    /// LRU's miss-ratio curve of `trace` estimated from its sample.
    public func missRatioCurve(_ trace: RequestTrace) -> MissRatioCurve {
        let sample = sample(trace)
        return MissRatioCurve(sample.trace.requests, objectWeights: sample.objectWeights)
    }
}
