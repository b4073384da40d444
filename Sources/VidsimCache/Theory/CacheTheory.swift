import Foundation

/// Hit ratios of caches under the independent reference model, for checking the simulated ones: object i is
/// requested with probability p_i, independently of every other request, and has size s_i.
///
/// - LRU (the Che approximation; Che, Tung and Wang, IEEE JSAC 2002; Fricker, Robert and Roberts, ITC 2012):
///   an object stays for a characteristic time T after its last request, found from
///   sum_i s_i (1 - exp(-p_i T)) = C; object i hits with probability h_i = 1 - exp(-p_i T).
/// - FIFO (and RANDOM): h_i = p_i T / (1 + p_i T) with sum_i s_i h_i = C (Gast and Van Houdt, 2015).
/// The hit ratio is sum_i p_i h_i; the byte hit ratio sum_i p_i s_i h_i / sum_i p_i s_i. With equal sizes of 1
/// the capacity counts objects. Accurate to well under a percentage point for catalogues of 10^4 objects and
/// more (../shared/REFERENCE.md).
public enum CacheTheory {
    public enum Policy: Sendable { case lru, fifo }

    public struct HitRatios: Sendable, Equatable {
        public let object: Double
        public let byte: Double
        /// The characteristic time, in requests (T above with p_i per request).
        public let characteristicTime: Double
    }

    /// Hit ratios for popularities `probabilities` (summing to 1), sizes `sizes` (nil: all 1) and `capacity` in
    /// the sizes' unit. A capacity of at least the catalogue's total size hits everything.
    public static func hitRatios(_ policy: Policy, probabilities: [Double], sizes: [Double]? = nil,
                                 capacity: Double) -> HitRatios {
        precondition(sizes == nil || sizes!.count == probabilities.count, "one size per object")
        let total: Double = sizes.map { $0.reduce(0, +) } ?? Double(probabilities.count)
        func hit(_ p: Double, _ t: Double) -> Double {
            policy == .lru ? -expm1(-p * t) : p * t / (1 + p * t)
        }
        if capacity >= total { return HitRatios(object: 1, byte: 1, characteristicTime: .infinity) }
        func occupancy(_ t: Double) -> Double {
            var sum = 0.0
            for i in probabilities.indices { sum += (sizes?[i] ?? 1) * hit(probabilities[i], t) }
            return sum
        }
        // Bisection on log T: occupancy rises from 0 to the total as T goes from 0 to infinity.
        var low = 1e-12, high = 1.0
        while occupancy(high) < capacity { high *= 2 }
        for _ in 0..<200 {
            let middle = sqrt(low * high)
            if occupancy(middle) < capacity { low = middle } else { high = middle }
            if high / low < 1 + 1e-13 { break }
        }
        let t = sqrt(low * high)
        var objectHits = 0.0, byteHits = 0.0, bytes = 0.0
        for i in probabilities.indices {
            let h = hit(probabilities[i], t), size = sizes?[i] ?? 1
            objectHits += probabilities[i] * h
            byteHits += probabilities[i] * size * h
            bytes += probabilities[i] * size
        }
        return HitRatios(object: objectHits, byte: byteHits / bytes, characteristicTime: t)
    }

    /// Zipf popularities over `objects` objects: p_k proportional to k^-alpha, k = 1 ... objects.
    public static func zipfProbabilities(objects: Int, alpha: Double) -> [Double] {
        var weights = (1...objects).map { pow(Double($0), -alpha) }
        let sum = weights.reduce(0, +)
        for i in weights.indices { weights[i] /= sum }
        return weights
    }
}
