import VidsimCalibration
import VidsimUnits

/// A fixed bitrate ladder: the renditions every upload is transcoded into, and how they are encoded.
public struct BitrateLadder: Decodable, Sendable {
    public let name: String?
    /// The encoder, given by FFmpeg's name (libx264, libx265, libvpx-vp9, libsvtav1); default libx264.
    public let codec: VideoCodec
    /// The encoder's speed preset; when the scenario gives none, the codec's default (`VideoCodec.defaultPreset`:
    /// "medium" for x264/x265, "8" for SVT-AV1, cpu-used "4" for VP9), as `vidsim bench` uses.
    public let preset: String
    public let rungs: [Rung]

    /// One rendition: its name, picture size, bit rate and rate control.
    public struct Rung: Decodable, Sendable {
        public let name: String
        public let width: Int?
        public let height: Int?
        /// The average video bit rate: what storage and delivery are computed from, and the encoder's target
        /// unless `crf` is given.
        public let bitrate: BitRate
        /// The VBV cap on the bit rate (default: the bitrate itself).
        public let maxBitrate: BitRate
        /// The VBV buffer, as seconds of `max_bitrate` (default 2 s).
        public let vbvBuffer: TimeSpan
        /// Encode at this constant rate factor instead of a target bit rate (capped by max_bitrate if given).
        public let crf: Double?
        private let maxBitrateGiven: Bool

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, width, height, bitrate, crf
            case maxBitrate = "max_bitrate"
            case vbvBuffer = "vbv_buffer"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            width = try container.decodeIfPresent(Int.self, forKey: .width)
            height = try container.decodeIfPresent(Int.self, forKey: .height)
            bitrate = try container.decode(BitRate.self, forKey: .bitrate)
            let maxBitrate = try container.decodeIfPresent(BitRate.self, forKey: .maxBitrate)
            maxBitrateGiven = maxBitrate != nil
            self.maxBitrate = maxBitrate ?? bitrate
            vbvBuffer = try container.decodeIfPresent(TimeSpan.self, forKey: .vbvBuffer) ?? TimeSpan(seconds: 2)
            crf = try container.decodeIfPresent(Double.self, forKey: .crf)
            guard bitrate.bitsPerSecond > 0 else { throw decoder.fieldError("a rung's bitrate must be positive", field: "bitrate") }
            guard self.maxBitrate >= bitrate else {
                throw decoder.fieldError("max_bitrate (\(self.maxBitrate)) must be at least the bitrate (\(bitrate))", field: "max_bitrate")
            }
            guard vbvBuffer.seconds > 0 else { throw decoder.fieldError("the VBV buffer must be positive", field: "vbv_buffer") }
            if let crf, !(0...63).contains(crf) { throw decoder.fieldError("expected a CRF between 0 and 63", field: "crf") }
            for (field, value) in [("width", width), ("height", height)] {
                if let value, value <= 0 { throw decoder.fieldError("expected a positive number of pixels", field: field) }
            }
        }

        /// Whether a CRF encode is capped (only when max_bitrate was given).
        public var crfIsCapped: Bool { maxBitrateGiven }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, codec, preset, rungs }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        let codecName = try container.decodeIfPresent(String.self, forKey: .codec) ?? VideoCodec.x264.encoderName
        do { codec = try VideoCodec(encoderName: codecName) } catch {
            throw decoder.fieldError(error.description, field: "codec")
        }
        preset = try container.decodeIfPresent(String.self, forKey: .preset) ?? codec.defaultPreset
        do { try codec.checkPreset(preset) } catch { throw decoder.fieldError(error.description, field: "preset") }
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
