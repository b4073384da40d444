import CFFmpeg
import Foundation

/// What one editing operation cost on one clip.
public struct OperationMeasurement: Sendable, Codable, Equatable {
    /// The operation as `--operations` names it (`preview:360`, `trim`).
    public var operation: String
    /// The output's real size: the source fitted inside the operation's height, never scaled up.
    public var width: Int
    public var height: Int
    public var frames: Int
    /// Packets the encoder wrote: one per frame read, unless the filter chain or the encoder lost some.
    public var packets: Int
    public var contentSeconds: Double
    /// CPU seconds (user plus system, every thread of the process) for the whole operation: decoding the
    /// clip, filtering, scaling and encoding it. An editing job does all of it, so all of it is its cost.
    public var cpuSeconds: Double
    public var wallSeconds: Double
    /// `cpuSeconds` per content second: what a work class's service time is computed from.
    public var cpuSecondsPerContentSecond: Double
    public var bytes: Int
    public var bitsPerSecond: Double
}

/// Runs editing operations (`EditOperation`) on a clip in-process and measures each: a pass of its own over the
/// clip per operation, charged the process's CPU time for that pass, decode included (reading the upload is part
/// of an editing job). A clip that is not a file (a generated one) is first encoded in memory as an upload would
/// be (`EncodedClip`, not charged), so every operation decodes a real stream, not the cost of generating pictures.
public struct OperationBenchmark {
    public var operations: [EditOperation]

    public init(operations: [EditOperation]) { self.operations = operations }

    /// Measures every operation on one clip. `progress` is called with the fraction done (0...1).
    public func measure(_ source: FrameSource, expectedFrames: Int? = nil, progress: ((Double) -> Void)? = nil)
        throws -> [OperationMeasurement]
    {
        let frameRate = source.frameRate
        guard frameRate.num > 0, frameRate.den > 0 else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL),
                              operation: "\(source.name) has no frame rate (\(frameRate.num)/\(frameRate.den))")
        }
        let upload: FrameSource = source is FileClip ? source : try EncodedClip(encoding: source)
        return try operations.enumerated().map { index, operation in
            try run(operation, on: upload, expectedFrames: expectedFrames) { done in
                progress?((Double(index) + done) / Double(operations.count))
            }
        }
    }

    private func run(_ operation: EditOperation, on source: FrameSource, expectedFrames: Int?,
                     progress: (Double) -> Void) throws -> OperationMeasurement {
        let frameRate = source.frameRate
        let size = PictureSize(width: source.width, height: source.height)
            .fitted(maxWidth: nil, maxHeight: min(operation.height ?? source.height, source.height))
        let cpuStart = ProcessClock.processCPUSeconds()
        let wallStart = ProcessClock.wallSeconds()
        let encoder = try VideoEncoder(settings: operation.settings, width: size.width, height: size.height, frameRate: frameRate)
        var graph: FilterGraph?
        var scaler: Scaler?
        let filtered = Frame()
        let packet = Packet()
        var bytes = 0
        var frames = 0
        var packets = 0

        func drain() throws {
            while try encoder.receive(into: packet) {
                bytes += packet.size
                packets += 1
                packet.unreference()
            }
        }
        func encode(_ frame: Frame) throws {
            try encoder.send(try Scaler.fit(frame, to: size.width, size.height, reusing: &scaler))
            try drain()
        }
        func encodeFiltered() throws {
            guard let graph else { return }
            while try graph.pull(from: "out", into: filtered) {
                try encode(filtered)
                filtered.unreference()
            }
        }

        try source.forEachFrame { frame in
            if let filter = operation.filter {
                if graph == nil {
                    let format = FilterGraph.SourceFormat(width: frame.width, height: frame.height, pixelFormat: frame.format,
                                                          timeBase: av_inv_q(frameRate))
                    graph = try FilterGraph("[in]\(filter)[out]", sources: [("in", format)], sinks: ["out"])
                }
                let input = try frame.reference()
                input.presentationTime = Int64(frames)
                try graph!.push(input, into: "in")
                try encodeFiltered()
            } else {
                try encode(frame)
            }
            frames += 1
            if let expectedFrames, expectedFrames > 0 { progress(min(Double(frames) / Double(expectedFrames), 1)) }
        }
        guard frames > 0 else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL), operation: "\(source.name) has no video frames")
        }
        if let graph {
            try graph.push(nil, into: "in")
            try encodeFiltered()
        }
        try encoder.send(nil)
        try drain()
        let cpu = ProcessClock.processCPUSeconds() - cpuStart
        let contentSeconds = Double(frames) * av_q2d(av_inv_q(frameRate))
        progress(1)
        return OperationMeasurement(
            operation: operation.label, width: Int(size.width), height: Int(size.height), frames: frames, packets: packets,
            contentSeconds: contentSeconds, cpuSeconds: cpu, wallSeconds: ProcessClock.wallSeconds() - wallStart,
            cpuSecondsPerContentSecond: cpu / contentSeconds, bytes: bytes, bitsPerSecond: Double(bytes) * 8 / contentSeconds)
    }
}
