import VidsimUnits

/// A fixed bitrate ladder: the renditions every upload is transcoded into.
public struct BitrateLadder: Decodable, Sendable {
    public let name: String?
    public let rungs: [Rung]

    /// One rendition: its name, its picture height and its video bit rate.
    public struct Rung: Decodable, Sendable {
        public let name: String
        public let width: Int?
        public let height: Int?
        public let bitrate: BitRate

        enum CodingKeys: String, CodingKey, CaseIterable { case name, width, height, bitrate }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            width = try container.decodeIfPresent(Int.self, forKey: .width)
            height = try container.decodeIfPresent(Int.self, forKey: .height)
            bitrate = try container.decode(BitRate.self, forKey: .bitrate)
            guard bitrate.bitsPerSecond > 0 else { throw decoder.fieldError("a rung's bitrate must be positive", field: "bitrate") }
            for (field, value) in [("width", width), ("height", height)] {
                if let value, value <= 0 { throw decoder.fieldError("expected a positive number of pixels", field: field) }
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, rungs }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        rungs = try container.decode([Rung].self, forKey: .rungs)
        guard !rungs.isEmpty else { throw decoder.fieldError("a ladder needs at least one rung", field: "rungs") }
        var seen = Set<String>()
        for (index, rung) in rungs.enumerated() where !seen.insert(rung.name).inserted {
            throw FieldError(codingPath: decoder.codingPath + [AnyKey("rungs"), AnyKey(intValue: index)!, AnyKey("name")],
                             message: "two rungs are named '\(rung.name)'")
        }
    }

    /// The sum of the rungs' bit rates: storage per content second is this divided by 8.
    public var totalBitrate: BitRate { rungs.reduce(.zero) { $0 + $1.bitrate } }
}
