import Foundation

extension Calibration {
    /// One rung of one clip as the benchmark measured it, in the terms the calibration needs.
    public struct Sample: Sendable {
        public var clip: String
        public var record: RungRecord
        public var rateControl: String
        public var threads: Int

        public init(clip: String, record: RungRecord, rateControl: String, threads: Int) {
            self.clip = clip
            self.record = record
            self.rateControl = rateControl
            self.threads = threads
        }
    }

    /// Summarises every clip's measurements into per codec/preset/rung costs with their spread across clips.
    public init(clips: [ClipRecord], samples: [Sample], machine: Machine, software: Software, measuredAt: Date) {
        vidsimCalibrationVersion = Self.currentVersion
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        self.measuredAt = formatter.string(from: measuredAt)
        self.machine = machine
        self.software = software
        psnrAverage = "10 log10(255^2 / mean MSE over frames), MSE weighted over Y, U and V by plane area (the ffmpeg psnr filter's 'average'); SSIM is the mean over frames of the ssim filter's 'All'"
        self.clips = clips
        var order: [String] = []
        var groups: [String: [Sample]] = [:]
        for sample in samples {
            let key = "\(sample.record.codec)|\(sample.record.preset ?? "")|\(sample.record.rung)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(sample)
        }
        costs = order.map { key in
            let group = groups[key]!
            let first = group[0]
            let psnr = group.compactMap(\.record.psnr).filter(\.isFinite)
            let ssim = group.compactMap(\.record.ssim)
            return RungCost(
                codec: first.record.codec, preset: first.record.preset, rung: first.record.rung,
                width: first.record.width, height: first.record.height, rateControl: first.rateControl,
                threads: first.threads,
                cpuSecondsPerContentSecond: Spread(group.map(\.record.cpuSecondsPerContentSecond)),
                bitsPerSecond: Spread(group.map(\.record.bitsPerSecond)),
                psnr: psnr.isEmpty ? nil : Spread(psnr),
                ssim: ssim.isEmpty ? nil : Spread(ssim))
        }
    }
}
