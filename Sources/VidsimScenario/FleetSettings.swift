import Foundation
import VidsimUnits

/// Spot (preemptible) workers: cheaper, and taken back now and then.
public struct SpotSettings: Decodable, Sendable {
    /// The share of launched workers that are spot, 0 to 1.
    public let fraction: Double
    /// Spot price = on-demand price x (1 - discount).
    public let discount: Double
    /// Interruptions per spot worker-hour; an interrupted task goes back to the head of its queue.
    public let interruptions: EventRate

    enum CodingKeys: String, CodingKey, CaseIterable { case fraction, discount, interruptions }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fraction = try container.decode(Double.self, forKey: .fraction)
        discount = try container.decodeIfPresent(Double.self, forKey: .discount) ?? 0.6
        interruptions = try container.decodeIfPresent(EventRate.self, forKey: .interruptions) ?? .zero
        guard (0...1).contains(fraction) else { throw decoder.fieldError("expected a fraction between 0 and 1, found \(shown(fraction))", field: "fraction") }
        guard (0..<1).contains(discount) else { throw decoder.fieldError("expected a discount in [0, 1), found \(shown(discount))", field: "discount") }
        // Candidates come at the rate times the spot slots: below one in 10,000 worker-hours the gaps between
        // them leave what the simulation clock represents; above one a minute the run is all interruptions.
        guard interruptions.perSecond == 0 || (interruptions.perSecond >= 1e-4 / 3600 && interruptions.perSecond <= 1.0 / 60) else {
            throw decoder.fieldError(
                "expected 0, or from 0.0001/h to 60/h interruptions per spot worker-hour, found \(shown(interruptions.perSecond * 3600))/h",
                field: "interruptions")
        }
    }
}

/// Split-and-stitch: each rung is cut into segments transcoded in parallel, then stitched.
public struct SplitSettings: Decodable, Sendable {
    /// Content length of a segment.
    public let segment: TimeSpan
    /// Time to stitch a rung's segments once the last is done (no worker is held).
    public let stitch: TimeSpan

    enum CodingKeys: String, CodingKey, CaseIterable { case segment, stitch }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        segment = try container.decode(TimeSpan.self, forKey: .segment)
        stitch = try container.decodeIfPresent(TimeSpan.self, forKey: .stitch) ?? .zero
        guard segment.seconds >= 1 else { throw decoder.fieldError("a segment must be at least 1 s of content", field: "segment") }
        guard stitch.seconds <= 86_400 else {
            throw decoder.fieldError("expected a stitch of at most 1 day, found \(stitch)", field: "stitch")
        }
    }
}
