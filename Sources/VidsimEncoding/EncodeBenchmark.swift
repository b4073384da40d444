import CFFmpeg
import Foundation
import VidsimCalibration

/// One rung as the benchmark encodes it: a box the source is fitted into, and the encoder's settings.
public struct BenchmarkRung: Sendable, Hashable {
    public var name: String
    /// The widest the rendition may be, in pixels; nil bounds only the height.
    public var width: Int32?
    /// The tallest the rendition may be, in pixels. A source is fitted inside width x height keeping its aspect
    /// ratio (`PictureSize.fitted`); a source shorter than this is not encoded at this rung (no upscaling).
    public var height: Int32
    public var settings: EncoderSettings

    public init(name: String, width: Int32?, height: Int32, settings: EncoderSettings) {
        self.name = name
        self.width = width
        self.height = height
        self.settings = settings
    }
}

/// Encodes clips into a ladder in-process and measures each rung: CPU time, bytes, bit rate, PSNR and SSIM.
///
/// Each source is decoded (or generated) once and every rung is fed from that one decode, as one ffmpeg
/// process with a split filter would: each frame is scaled to each rung's size (libswscale, bicubic) and sent
/// to that rung's encoder, whose CPU time is read from the calling thread's clock. That is exact when every
/// encoder keeps its work on the calling thread (`EncoderSettings.keepsToCallingThread`). When one does not
/// (x265, SVT-AV1, or more than one thread), each rung is instead encoded in a pass of its own, flushed, and
/// charged the process's CPU time for that pass less the cost of decoding the source, measured in a
/// decode-only pass. A last pass decodes the renditions, scales them back to the source's size and compares
/// them with the source in libavfilter's psnr and ssim filters; it is not part of the cost.
public struct EncodeBenchmark {
    public var rungs: [BenchmarkRung]
    public var measureQuality: Bool
    /// Where to write each clip's renditions as HLS, if anywhere.
    public var keepDirectory: URL?

    public init(rungs: [BenchmarkRung], measureQuality: Bool = true, keepDirectory: URL? = nil) {
        self.rungs = rungs
        self.measureQuality = measureQuality
        self.keepDirectory = keepDirectory
    }

    /// The state of one rung during the encoding pass.
    private final class RungRun {
        let rung: BenchmarkRung
        let width: Int32
        let height: Int32
        let encoder: VideoEncoder
        var scaler: Scaler?
        var packets: [Packet] = []
        var bytes = 0
        var frames = 0
        var encodeCPU = 0.0
        var scaleCPU = 0.0
        var wall = 0.0

        init(_ rung: BenchmarkRung, width: Int32, height: Int32, frameRate: AVRational) throws(FFmpegError) {
            self.rung = rung
            self.width = width
            self.height = height
            encoder = try VideoEncoder(settings: rung.settings, width: width, height: height, frameRate: frameRate)
        }

        /// Scales `frame` to this rung's size and encodes it, adding the CPU and wall time each step took.
        func encode(_ frame: Frame, cpu: () -> Double) throws(FFmpegError) {
            let wallStart = ProcessClock.wallSeconds()
            let scaleStart = cpu()
            if scaler == nil && (width != frame.width || height != frame.height || frame.format != AV_PIX_FMT_YUV420P) {
                scaler = try Scaler(from: (frame.width, frame.height, frame.format), to: width, height)
            }
            let input: Frame
            if let scaler { input = try scaler.scale(frame) } else { input = try frame.reference() }
            let encodeStart = cpu()
            try encoder.send(input)
            try drain()
            let end = cpu()
            scaleCPU += encodeStart - scaleStart
            encodeCPU += end - encodeStart
            wall += ProcessClock.wallSeconds() - wallStart
            frames += 1
        }

        /// Flushes the encoder at the end of the clip.
        func finish(cpu: () -> Double) throws(FFmpegError) {
            let wallStart = ProcessClock.wallSeconds()
            let start = cpu()
            try encoder.send(nil)
            try drain()
            encodeCPU += cpu() - start
            wall += ProcessClock.wallSeconds() - wallStart
        }

        func drain() throws(FFmpegError) {
            let packet = Packet()
            while try encoder.receive(into: packet) {
                bytes += packet.size
                packets.append(try packet.reference())
                packet.unreference()
            }
        }
    }

    /// Measures one clip. `progress` is called with the fraction of frames done (0...1).
    public func measure(_ source: FrameSource, expectedFrames: Int? = nil, progress: ((Double) -> Void)? = nil)
        throws -> ClipMeasurement
    {
        let frameRate = source.frameRate
        guard frameRate.num > 0, frameRate.den > 0 else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL),
                              operation: "\(source.name) has no frame rate (\(frameRate.num)/\(frameRate.den))")
        }
        var runs: [RungRun] = []
        var skipped: [String] = []
        for rung in rungs {
            guard rung.height <= source.height else {
                skipped.append("\(rung.name): \(rung.height) lines is taller than the \(source.height)-line source")
                continue
            }
            let size = PictureSize(width: source.width, height: source.height)
                .fitted(maxWidth: rung.width, maxHeight: rung.height)
            runs.append(try RungRun(rung, width: size.width, height: size.height, frameRate: frameRate))
        }
        let exact = runs.allSatisfy { $0.rung.settings.keepsToCallingThread }
        let cpu = ProcessClock.threadCPUSeconds
        let encodingShare = measureQuality ? 0.8 : 1.0
        var frames = 0
        var sourceFormat = AV_PIX_FMT_YUV420P
        let decodeCPU: Double
        var unattributed = 0.0

        if exact {
            // Pass 1: decode once, scale and encode every rung, timing each rung's calls on this thread.
            let loopStart = cpu()
            let processStart = ProcessClock.processCPUSeconds()
            try source.forEachFrame { frame in
                if frames == 0 { sourceFormat = frame.format }
                frames += 1
                for run in runs { try run.encode(frame, cpu: cpu) }
                if let expectedFrames, expectedFrames > 0 {
                    progress?(min(Double(frames) / Double(expectedFrames), 1) * encodingShare)
                }
            }
            for run in runs { try run.finish(cpu: cpu) }
            let rungCPU = runs.reduce(0.0) { $0 + $1.encodeCPU + $1.scaleCPU }
            let loopCPU = cpu() - loopStart
            decodeCPU = max(loopCPU - rungCPU, 0)
            unattributed = max(ProcessClock.processCPUSeconds() - processStart - loopCPU, 0)
        } else {
            // A decode-only pass prices the decode; then each rung gets a pass of its own on the process clock.
            let decodeStart = ProcessClock.processCPUSeconds()
            try source.forEachFrame { frame in
                if frames == 0 { sourceFormat = frame.format }
                frames += 1
            }
            decodeCPU = ProcessClock.processCPUSeconds() - decodeStart
            for (index, run) in runs.enumerated() {
                let passStart = ProcessClock.processCPUSeconds()
                var done = 0
                try source.forEachFrame { frame in
                    try run.encode(frame, cpu: cpu)
                    done += 1
                    progress?((Double(index) + Double(done) / Double(max(frames, 1))) / Double(runs.count) * encodingShare)
                }
                try run.finish(cpu: cpu)
                let passCPU = ProcessClock.processCPUSeconds() - passStart
                run.encodeCPU = max(passCPU - decodeCPU - run.scaleCPU, 0)
            }
        }
        guard frames > 0 else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL), operation: "\(source.name) has no video frames")
        }

        // Pass 2: quality of every rung against the source, in one more pass over it.
        var quality: [(psnr: Double, psnrLuma: Double, ssim: Double, ssimLuma: Double, frames: Int)?] =
            Array(repeating: nil, count: runs.count)
        if measureQuality {
            quality = try measureQuality(of: runs, source: source, sourceFormat: sourceFormat, frames: frames, progress: progress)
        }
        if let keepDirectory {
            let folder = keepDirectory.appendingPathComponent(Self.folderName(source.name))
            try HLSWriter.write(renditions: runs.map { ($0.rung.name, $0.encoder, $0.packets, $0.width, $0.height, $0.bytes) },
                                frames: frames, frameRate: frameRate, to: folder)
        }
        progress?(1)

        let contentSeconds = Double(frames) * av_q2d(av_inv_q(frameRate))
        let measurements = runs.indices.map { index -> RungMeasurement in
            let run = runs[index]
            let q = quality[index]
            return RungMeasurement(
                rung: run.rung.name, codec: run.rung.settings.codec, preset: run.rung.settings.preset,
                width: Int(run.width), height: Int(run.height), frames: run.frames, contentSeconds: contentSeconds,
                encodeCPUSeconds: run.encodeCPU, scaleCPUSeconds: run.scaleCPU, wallSeconds: run.wall,
                cpuSecondsPerContentSecond: (run.encodeCPU + run.scaleCPU) / contentSeconds,
                bytes: run.bytes, bitsPerSecond: Double(run.bytes) * 8 / contentSeconds,
                psnr: q?.psnr, psnrLuma: q?.psnrLuma, ssim: q?.ssim, ssimLuma: q?.ssimLuma,
                cpuAttribution: exact ? "thread" : "process, own pass")
        }
        return ClipMeasurement(
            clip: source.name, width: Int(source.width), height: Int(source.height), frameRate: av_q2d(frameRate),
            frames: frames, contentSeconds: contentSeconds, decodeCPUSeconds: decodeCPU,
            unattributedCPUSeconds: unattributed, rungs: measurements,
            skippedRungs: skipped)
    }

    private func measureQuality(
        of runs: [RungRun], source: FrameSource, sourceFormat: AVPixelFormat, frames: Int, progress: ((Double) -> Void)?
    ) throws -> [(psnr: Double, psnrLuma: Double, ssim: Double, ssimLuma: Double, frames: Int)?] {
        let decoders = try runs.map { try PacketDecoder(codecID: $0.encoder.codecID, packets: $0.packets) }
        let upscalers = try runs.map {
            try Scaler(from: ($0.width, $0.height, AV_PIX_FMT_YUV420P), to: source.width, source.height)
        }
        let meters = try runs.map { _ in
            try QualityMeter(width: source.width, height: source.height, referenceFormat: sourceFormat,
                             frameRate: source.frameRate)
        }
        var index = 0
        try source.forEachFrame { frame in
            for run in runs.indices {
                guard let decoded = try decoders[run].next() else {
                    throw FFmpegError(code: FFmpegError.posix(EINVAL),
                                      operation: "\(runs[run].rung.name) has fewer frames than \(source.name)")
                }
                try meters[run].compare(rendition: try upscalers[run].scale(decoded), source: frame)
            }
            index += 1
            progress?(0.8 + 0.2 * Double(index) / Double(frames))
        }
        return try meters.map { try $0.finish() }
    }

    static func folderName(_ clip: String) -> String {
        String(clip.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
