import VidsimUnits
/// A video encoder vidsim knows how to drive and price: FFmpeg's encoder, its default speed preset, and how
/// that preset is set.
///
/// Parsed once where a name comes in (`vidsim bench --codec`, a scenario's `ladder.codec`), so the benchmark,
/// the scenario and the calibration lookup always agree on the codec and on the preset it gets by default.
/// The raw value is FFmpeg's encoder name, which is also how calibration files record the codec.
public enum VideoCodec: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// H.264 with x264.
    case x264 = "libx264"
    /// HEVC with x265.
    case x265 = "libx265"
    /// VP9 with libvpx.
    case vp9 = "libvpx-vp9"
    /// AV1 with SVT-AV1.
    case svtAV1 = "libsvtav1"

    /// What the encoder's speed preset is: one of a list of names, or a number.
    public enum PresetKind: Sendable, Equatable {
        /// A named preset, fastest first (x264 and x265 share the names ultrafast ... placebo).
        case named([String])
        /// A whole number: SVT-AV1's preset, libvpx's cpu-used (higher is faster for both).
        case number
    }

    /// The codec for FFmpeg's encoder name; an unknown name is an error naming the codecs vidsim knows.
    public init(encoderName: String) throws(UnknownVideoCodec) {
        guard let codec = VideoCodec(rawValue: encoderName) else { throw UnknownVideoCodec(name: encoderName) }
        self = codec
    }

    /// FFmpeg's encoder name (libx264, libx265, libvpx-vp9, libsvtav1).
    public var encoderName: String { rawValue }

    public var description: String { rawValue }

    /// The preset used when a ladder or the command line gives none: x264/x265 "medium", SVT-AV1 "8",
    /// VP9 cpu-used "4". Chosen near each encoder's usual VOD trade-off, not FFmpeg's own default (which for
    /// SVT-AV1 and libvpx is much slower).
    public var defaultPreset: String {
        switch self {
        case .x264, .x265: return "medium"
        case .svtAV1: return "8"
        case .vp9: return "4"
        }
    }

    /// The encoder's private FFmpeg option the preset sets: `preset`, or `cpu-used` for libvpx.
    public var presetOption: String {
        self == .vp9 ? "cpu-used" : "preset"
    }

    /// What values the preset takes.
    public var presetKind: PresetKind {
        switch self {
        case .x264, .x265:
            return .named(["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"])
        case .svtAV1, .vp9: return .number
        }
    }

    /// Checks that `preset` has the shape this codec's preset takes (a known name, or a whole number); the
    /// encoder itself checks a number's range when it opens.
    public func checkPreset(_ preset: String) throws(InvalidPreset) {
        switch presetKind {
        case let .named(names):
            guard names.contains(preset) else {
                throw InvalidPreset(codec: self, preset: preset, expected: "one of \(names.joined(separator: ", "))")
            }
        case .number:
            guard Int(preset) != nil else {
                throw InvalidPreset(codec: self, preset: preset, expected: "a whole number")
            }
        }
    }

    /// The known encoder names, for messages: "libx264, libx265, libvpx-vp9, libsvtav1".
    public static var knownNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A codec name vidsim does not know.
public struct UnknownVideoCodec: Error, Equatable, CustomStringConvertible {
    public let name: String
    public var description: String { "unknown codec '\(quoted(name))': vidsim knows \(VideoCodec.knownNames)" }
}

/// A preset the codec does not take.
public struct InvalidPreset: Error, Equatable, CustomStringConvertible {
    public let codec: VideoCodec
    public let preset: String
    /// What the codec takes instead ("one of ultrafast, ...", "a whole number from -1 to 13").
    public let expected: String

    public init(codec: VideoCodec, preset: String, expected: String) {
        self.codec = codec
        self.preset = preset
        self.expected = expected
    }

    public var description: String {
        "\(codec) \(codec.presetOption) '\(quoted(preset))' is invalid: expected \(expected)"
    }
}

extension Calibration {
    /// The cost for a rung encoded with `codec` at `preset`, matched by rung name or failing that by height.
    public func cost(codec: VideoCodec, preset: String?, rung: String, height: Int?) -> RungCost? {
        cost(codec: codec.encoderName, preset: preset, rung: rung, height: height)
    }
}
