/// How one rendition is encoded: the encoder, its preset, its rate control and its threads.
public struct EncoderSettings: Sendable, Hashable, Codable {
    /// Rate control as a ladder gives it.
    public enum RateControl: Sendable, Hashable, Codable {
        /// Average bit rate with a VBV cap: maxrate and buffer size in bits per second and bits.
        case bitrate(target: Int, maxrate: Int, bufferSize: Int)
        /// Constant rate factor (quality), optionally capped by a VBV maxrate and buffer.
        case crf(Double, maxrate: Int?, bufferSize: Int?)
    }

    /// FFmpeg's encoder name: libx264, libx265, libvpx-vp9, libsvtav1.
    public var codec: String
    /// The encoder's speed preset (x264/x265 "medium", SVT-AV1 "8", VP9 cpu-used "4"); nil for its default.
    public var preset: String?
    public var rateControl: RateControl
    /// Encoder threads; 1 keeps all of an encode's work on the calling thread, so its CPU time is exact.
    public var threads: Int

    public init(codec: String, preset: String?, rateControl: RateControl, threads: Int) {
        self.codec = codec
        self.preset = preset
        self.rateControl = rateControl
        self.threads = threads
    }

    /// The same settings as ffmpeg program options, for comparisons and for users to reproduce an encode.
    public var ffmpegArguments: [String] {
        var arguments = ["-c:v", codec]
        if let preset { arguments += [codec == "libvpx-vp9" ? "-cpu-used" : "-preset", preset] }
        switch rateControl {
        case let .bitrate(target, maxrate, bufferSize):
            arguments += ["-b:v", "\(target)", "-maxrate", "\(maxrate)", "-bufsize", "\(bufferSize)"]
        case let .crf(value, maxrate, bufferSize):
            arguments += ["-crf", "\(value)"]
            if codec == "libvpx-vp9" { arguments += ["-b:v", "0"] }
            if let maxrate { arguments += ["-maxrate", "\(maxrate)"] }
            if let bufferSize { arguments += ["-bufsize", "\(bufferSize)"] }
        }
        arguments += ["-threads", "\(threads)"]
        return arguments
    }
}
