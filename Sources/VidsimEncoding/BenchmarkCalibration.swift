import CFFmpeg
import Foundation
import VidsimCalibration

extension Calibration {
    /// A calibration from the benchmark's measurements of every clip, on this machine and this FFmpeg.
    public init(measurements: [ClipMeasurement], rungs: [BenchmarkRung], note: String?, measuredAt: Date = Date()) {
        var samples: [Sample] = []
        var clips: [ClipRecord] = []
        for clip in measurements {
            var records: [RungRecord] = []
            for measured in clip.rungs {
                let record = RungRecord(
                    rung: measured.rung, codec: measured.codec.encoderName, preset: measured.preset, width: measured.width,
                    height: measured.height, cpuSecondsPerContentSecond: measured.cpuSecondsPerContentSecond,
                    encodeCPUSeconds: measured.encodeCPUSeconds, scaleCPUSeconds: measured.scaleCPUSeconds,
                    wallSeconds: measured.wallSeconds, bytes: measured.bytes, bitsPerSecond: measured.bitsPerSecond,
                    psnr: measured.psnr, ssim: measured.ssim, cpuAttribution: measured.cpuAttribution)
                records.append(record)
                let settings = rungs.first { $0.name == measured.rung && $0.settings.codec == measured.codec }?.settings
                samples.append(Sample(clip: clip.clip, record: record,
                                      rateControl: settings.map { Self.describe($0.rateControl) } ?? "unknown",
                                      threads: settings?.threads ?? 1))
            }
            clips.append(ClipRecord(
                clip: clip.clip, width: clip.width, height: clip.height, frameRate: clip.frameRate, frames: clip.frames,
                decodeCPUSeconds: clip.decodeCPUSeconds, rungs: records, skippedRungs: clip.skippedRungs))
        }
        let codecs = Set(rungs.map(\.settings.codec))
        var encoders: [String: String] = [:]
        for codec in codecs {
            if let encoder = avcodec_find_encoder_by_name(codec.encoderName) {
                encoders[codec.encoderName] = String(cString: encoder.pointee.long_name)
            }
        }
        let software = Software(
            ffmpeg: FFmpegLibraries.release,
            libraries: Dictionary(uniqueKeysWithValues: FFmpegLibraries.libraries.map { ($0.name, $0.version) }),
            encoders: encoders)
        self.init(clips: clips, samples: samples, machine: .current(note: note), software: software, measuredAt: measuredAt)
    }

    /// Each editing operation's cost across the clips it was measured on, in the order of `operations`.
    public static func operationCosts(_ results: [(clip: String, measured: [OperationMeasurement])],
                                      operations: [EditOperation]) -> [OperationCost] {
        operations.compactMap { operation in
            let records = results.compactMap { result in
                result.measured.first { $0.operation == operation.label }.map { measured in
                    OperationRecord(clip: result.clip, width: measured.width, height: measured.height,
                                    contentSeconds: measured.contentSeconds, cpuSeconds: measured.cpuSeconds,
                                    wallSeconds: measured.wallSeconds, cpuSecondsPerContentSecond: measured.cpuSecondsPerContentSecond,
                                    bytes: measured.bytes, bitsPerSecond: measured.bitsPerSecond)
                }
            }
            guard !records.isEmpty else { return nil }
            return OperationCost(operation: operation.label, name: operation.name, height: operation.height.map(Int.init),
                                 purpose: operation.purpose, ffmpegArguments: operation.ffmpegArguments.joined(separator: " "),
                                 clips: records)
        }
    }

    static func describe(_ rateControl: EncoderSettings.RateControl) -> String {
        switch rateControl {
        case let .bitrate(target, maxrate, bufferSize): return "bitrate \(target) maxrate \(maxrate) bufsize \(bufferSize)"
        case let .crf(value, maxrate, bufferSize):
            return "crf \(value)" + (maxrate.map { " maxrate \($0)" } ?? "") + (bufferSize.map { " bufsize \($0)" } ?? "")
        }
    }
}
