import VidsimEncoding
import VidsimScenario

/// The ladder `vidsim bench` encodes: a scenario's, or the seed's six rungs.
enum BenchLadder {
    /// The seed document's fixed ladder, encoded with x264 at preset medium.
    static let seedRungs: [(name: String, width: Int32, height: Int32, bitsPerSecond: Int)] = [
        ("240p", 426, 240, 300_000), ("360p", 640, 360, 700_000), ("480p", 854, 480, 1_500_000),
        ("720p", 1280, 720, 3_000_000), ("1080p", 1920, 1080, 6_000_000), ("2160p", 3840, 2160, 16_000_000),
    ]

    /// The seed ladder for one codec; `preset` nil means the codec's default.
    static func seed(codec: String, preset: String?, threads: Int) -> [BenchmarkRung] {
        let preset = preset ?? EncoderSettings.defaultPreset(for: codec)
        return seedRungs.map { rung in
            BenchmarkRung(
                name: rung.name, width: rung.width, height: rung.height,
                settings: EncoderSettings(
                    codec: codec, preset: preset,
                    rateControl: .bitrate(target: rung.bitsPerSecond, maxrate: rung.bitsPerSecond,
                                          bufferSize: 2 * rung.bitsPerSecond),
                    threads: threads))
        }
    }

    /// A scenario's ladder, with its codec and preset unless overridden.
    static func from(_ ladder: BitrateLadder, codec: String?, preset: String?, threads: Int) throws -> [BenchmarkRung] {
        try ladder.rungs.map { rung in
            guard let height = rung.height else {
                throw BenchError("rung '\(rung.name)' has no height: the benchmark needs each rung's picture size")
            }
            let maxrate = Int(rung.maxBitrate.bitsPerSecond)
            let buffer = Int(rung.maxBitrate.bitsPerSecond * rung.vbvBuffer.seconds)
            let rateControl: EncoderSettings.RateControl = rung.crf.map {
                .crf($0, maxrate: rung.crfIsCapped ? maxrate : nil, bufferSize: rung.crfIsCapped ? buffer : nil)
            } ?? .bitrate(target: Int(rung.bitrate.bitsPerSecond), maxrate: maxrate, bufferSize: buffer)
            let chosenCodec = codec ?? ladder.codec
            return BenchmarkRung(
                name: rung.name, width: rung.width.map(Int32.init), height: Int32(height),
                settings: EncoderSettings(codec: chosenCodec,
                                          preset: preset ?? (codec == nil ? ladder.preset : EncoderSettings.defaultPreset(for: chosenCodec)),
                                          rateControl: rateControl, threads: threads))
        }
    }
}

/// A problem with the benchmark's own inputs, said in one line.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
