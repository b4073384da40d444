import VidsimCalibration

/// How one rendition is encoded: the encoder, its preset, its rate control and its threads.
public struct EncoderSettings: Sendable, Hashable, Codable {
    /// Rate control as a ladder gives it.
    public enum RateControl: Sendable, Hashable, Codable {
        /// Average bit rate with a VBV cap: maxrate and buffer size in bits per second and bits.
        case bitrate(target: Int, maxrate: Int, bufferSize: Int)
        /// Constant rate factor (quality), optionally capped by a VBV maxrate and buffer.
        case crf(Double, maxrate: Int?, bufferSize: Int?)
    }

    public var codec: VideoCodec
    /// The encoder's speed preset (x264/x265 "medium", SVT-AV1 "8", VP9 cpu-used "4"), set through
    /// `codec.presetOption`.
    public var preset: String
    public var rateControl: RateControl
    /// Encoder threads; 1 keeps all of an encode's work on the calling thread, so its CPU time is exact.
    public var threads: Int

    /// Settings for `codec`; a nil `preset` means the codec's default (`VideoCodec.defaultPreset`).
    public init(codec: VideoCodec, preset: String? = nil, rateControl: RateControl, threads: Int) {
        self.codec = codec
        self.preset = preset ?? codec.defaultPreset
        self.rateControl = rateControl
        self.threads = threads
    }

    /// Whether all of an encode's work happens on the thread that calls the encoder, so that thread's CPU clock
    /// measures it exactly: x264 and libvpx with one thread do; x265 (its frame encoder always has a thread of
    /// its own) and SVT-AV1 (threaded throughout) never do.
    public var keepsToCallingThread: Bool {
        threads == 1 && (codec == .x264 || codec == .vp9)
    }

    /// The same settings as ffmpeg program options, for comparisons and for users to reproduce an encode.
    public var ffmpegArguments: [String] {
        var arguments = ["-c:v", codec.encoderName, "-\(codec.presetOption)", preset]
        switch rateControl {
        case let .bitrate(target, maxrate, bufferSize):
            arguments += ["-b:v", "\(target)"]
            if codec != .svtAV1 || maxrate > target { arguments += ["-maxrate", "\(maxrate)"] }
            arguments += ["-bufsize", "\(bufferSize)"]
        case let .crf(value, maxrate, bufferSize):
            arguments += ["-crf", "\(value)"]
            if codec == .vp9 { arguments += ["-b:v", "0"] }
            if let maxrate { arguments += ["-maxrate", "\(maxrate)"] }
            if let bufferSize { arguments += ["-bufsize", "\(bufferSize)"] }
        }
        if codec == .x265 && threads == 1 { arguments += ["-x265-params", "pools=none:frame-threads=1"] }
        arguments += ["-threads", "\(threads)"]
        return arguments
    }
}
