import VidsimUnits

/// A kind of source file creators upload (4K camera, 1080p phone, vertical phone video, ...), drawn per upload
/// by weight. Rungs taller than the source's `height` are not transcoded: nobody upscales.
public struct SourceFormat: Decodable, Sendable {
    public let name: String
    /// Relative share of uploads.
    public let weight: Double
    /// The picture lines the ladder is compared against: the short side (1080 for a 1080x1920 vertical video).
    public let height: Int
    /// The file's bit rate.
    public let bitrate: DistributionSpec<BitRate>

    enum CodingKeys: String, CodingKey, CaseIterable { case name, weight, height, bitrate }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        weight = try container.decode(Double.self, forKey: .weight)
        height = try container.decode(Int.self, forKey: .height)
        bitrate = try container.decode(DistributionSpec<BitRate>.self, forKey: .bitrate)
        guard weight >= 0 && weight <= 1e9 else {
            throw decoder.fieldError("expected a weight from 0 to 1e9, found \(shown(weight))", field: "weight")
        }
        guard (1...100_000).contains(height) else {
            throw decoder.fieldError("expected a number of lines from 1 to 100000, found \(height)", field: "height")
        }
    }
}
