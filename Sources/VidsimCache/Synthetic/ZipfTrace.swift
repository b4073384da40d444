import VidsimKernel

/// A synthetic trace under the independent reference model: each request names object k with probability
/// proportional to k^-alpha (k = 1 ... objects), independently, one request a second. Object k's id is k, its
/// size fixed for the whole trace: `size` bytes, or drawn once per object from `sizeDistribution`.
public struct ZipfTrace: Sendable {
    public let objects: Int
    public let alpha: Double
    public let requests: Int
    public let size: Int64
    public let sizeDistribution: Distribution?
    public let seed: UInt64

    public init(objects: Int, alpha: Double, requests: Int, size: Int64 = 1, sizeDistribution: Distribution? = nil,
                seed: UInt64 = 1) {
        self.objects = objects
        self.alpha = alpha
        self.requests = requests
        self.size = size
        self.sizeDistribution = sizeDistribution
        self.seed = seed
    }

    /// Each object's size, in rank order (rank 1 first).
    public func objectSizes() -> [Int64] {
        guard let sizeDistribution else { return Array(repeating: size, count: objects) }
        let stream = StreamSeeds(scenarioSeed: seed, replication: 0).stream(for: "zipf-trace-sizes")
        return (0..<objects).map { _ in
            let drawn = sizeDistribution.sample(stream).rounded()
            return Int64(Swift.min(Swift.max(drawn, 1), Double(UInt32.max)))
        }
    }

    public func generate() throws -> RequestTrace {
        let sampler = try ZipfSampler(items: objects, exponent: alpha)
        let stream = StreamSeeds(scenarioSeed: seed, replication: 0).stream(for: "zipf-trace")
        let sizes = objectSizes()
        var builder = RequestTraceBuilder(expectedRequests: requests)
        for index in 0..<requests {
            let rank = sampler.sample(stream)
            builder.append(time: UInt32(truncatingIfNeeded: index), id: UInt64(rank), size: sizes[rank - 1])
        }
        return builder.build()
    }
}
