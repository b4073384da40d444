import Foundation
import VidsimCalibration
import VidsimEncoding
import VidsimScenario

/// The ladder `vidsim bench` encodes: a scenario's, or the seed's six rungs.
enum BenchLadder {
    /// The seed document's fixed ladder, encoded with x264 at preset medium.
    static let seedRungs: [(name: String, width: Int32, height: Int32, bitsPerSecond: Int)] = [
        ("240p", 426, 240, 300_000), ("360p", 640, 360, 700_000), ("480p", 854, 480, 1_500_000),
        ("720p", 1280, 720, 3_000_000), ("1080p", 1920, 1080, 6_000_000), ("2160p", 3840, 2160, 16_000_000),
    ]

    /// The largest rung side the benchmark encodes, in pixels (8K is 7680x4320).
    static let largestSide = 8192
    /// The highest bit rate and VBV buffer the benchmark hands an encoder: FFmpeg keeps the buffer in 32 bits.
    static let largestBits = Int(Int32.max)

    /// The seed ladder for one codec; `preset` nil means the codec's default.
    static func seed(codec: VideoCodec, preset: String?, threads: Int) -> [BenchmarkRung] {
        seedRungs.map { rung in
            BenchmarkRung(
                name: rung.name, width: rung.width, height: rung.height,
                settings: EncoderSettings(
                    codec: codec, preset: preset,
                    rateControl: .bitrate(target: rung.bitsPerSecond, maxrate: rung.bitsPerSecond,
                                          bufferSize: 2 * rung.bitsPerSecond),
                    threads: threads))
        }
    }

    /// A scenario's ladder encoded with `codec` (nil: the ladder's own). The preset is `preset` if given, else
    /// the ladder's when its own codec is used, else the codec's default: the same codec always gets the same
    /// default preset, whether named on the command line or in the scenario.
    static func from(_ ladder: BitrateLadder, codec: VideoCodec?, preset: String?, threads: Int) throws(BenchError)
        -> [BenchmarkRung]
    {
        let chosenCodec = codec ?? ladder.codec
        let chosenPreset = preset ?? (chosenCodec == ladder.codec ? ladder.preset : chosenCodec.defaultPreset)
        var rungs: [BenchmarkRung] = []
        for rung in ladder.rungs {
            guard let height = rung.height else {
                throw BenchError("rung '\(rung.name)' has no height: the benchmark needs each rung's picture size")
            }
            for (side, value) in [("height", height), ("width", rung.width)] {
                guard let value else { continue }
                guard value % 2 == 0, value <= largestSide else {
                    throw BenchError("rung '\(rung.name)': \(side) \(value) must be an even number of pixels (4:2:0 needs it) no larger than \(largestSide)")
                }
            }
            let target = try bits(rung.bitrate.bitsPerSecond, "bitrate", unit: "bit/s", rung: rung.name)
            let maxrate = try bits(rung.maxBitrate.bitsPerSecond, "max_bitrate", unit: "bit/s", rung: rung.name)
            let buffer = try bits(rung.maxBitrate.bitsPerSecond * rung.vbvBuffer.seconds, "VBV buffer (max_bitrate x vbv_buffer)",
                                  unit: "bits", rung: rung.name)
            let rateControl: EncoderSettings.RateControl = rung.crf.map {
                .crf($0, maxrate: rung.crfIsCapped ? maxrate : nil, bufferSize: rung.crfIsCapped ? buffer : nil)
            } ?? .bitrate(target: target, maxrate: maxrate, bufferSize: buffer)
            rungs.append(BenchmarkRung(
                name: rung.name, width: rung.width.map(Int32.init), height: Int32(height),
                settings: EncoderSettings(codec: chosenCodec, preset: chosenPreset, rateControl: rateControl,
                                          threads: threads)))
        }
        return rungs
    }

    /// A rate in bits per second (or a buffer in bits) as an encoder takes it, if it fits.
    private static func bits(_ value: Double, _ field: String, unit: String, rung: String) throws(BenchError) -> Int {
        guard value.isFinite, value >= 1, value <= Double(largestBits) else {
            throw BenchError("rung '\(rung)': a \(field) of \(String(format: "%.0f", value)) \(unit) is outside what an encoder takes (1 to \(largestBits) \(unit))")
        }
        return Int(value.rounded())
    }
}

/// A problem with the benchmark's own inputs, said in one line.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
