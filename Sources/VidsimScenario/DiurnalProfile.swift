import Foundation
import VidsimUnits

/// How a rate varies over the day: a multiplier of the mean rate, averaging 1 over 24 hours.
///
/// Either a smooth curve given by its peak-to-mean ratio and the hour of its peak,
/// m(h) = 1 + (peak_to_mean - 1) cos(2π (h - peak_hour) / 24), or 24 hourly weights (normalised to mean 1,
/// constant within each hour).
public struct DiurnalProfile: Decodable, Sendable {
    public enum Shape: Sendable {
        case sinusoid(peakToMean: Double, peakHour: Double)
        case hourly([Double])
    }
    public let shape: Shape

    public init(_ shape: Shape) { self.shape = shape }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case peakToMean = "peak_to_mean"
        case peakHour = "peak_hour"
        case hourly
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let weights = try container.decodeIfPresent([Double].self, forKey: .hourly) {
            guard weights.count == 24 else {
                throw decoder.fieldError("expected 24 hourly weights, found \(weights.count)", field: "hourly")
            }
            guard weights.allSatisfy({ $0 >= 0 && $0 <= 1e9 }), weights.contains(where: { $0 > 0 }) else {
                throw decoder.fieldError("hourly weights must be non-negative and not all zero", field: "hourly")
            }
            let mean = weights.reduce(0, +) / 24
            shape = .hourly(weights.map { $0 / mean })
            return
        }
        let peakToMean = try container.decode(Double.self, forKey: .peakToMean)
        let peakHour = try container.decodeIfPresent(Double.self, forKey: .peakHour) ?? 20
        guard (1...2).contains(peakToMean) else {
            throw decoder.fieldError(
                "expected a peak-to-mean ratio between 1 and 2 (a cosine cannot go higher without the rate going negative); use 'hourly' weights for sharper peaks",
                field: "peak_to_mean")
        }
        guard (0..<24).contains(peakHour) else {
            throw decoder.fieldError("expected an hour of the day, 0 to 24", field: "peak_hour")
        }
        shape = .sinusoid(peakToMean: peakToMean, peakHour: peakHour)
    }

    /// The rate multiplier at a time counted from midnight of day one.
    @inlinable
    public func multiplier(at time: TimeSpan) -> Double {
        let hour = (time.seconds / 3600).truncatingRemainder(dividingBy: 24)
        switch shape {
        case let .sinusoid(peakToMean, peakHour):
            return 1 + (peakToMean - 1) * cos(2 * Double.pi * (hour - peakHour) / 24)
        case let .hourly(weights):
            return weights[min(Int(hour), 23)]
        }
    }

    /// The largest multiplier: the rate a thinning algorithm must propose at.
    public var maximum: Double {
        switch shape {
        case let .sinusoid(peakToMean, _): return peakToMean
        case let .hourly(weights): return weights.max()!
        }
    }
}
