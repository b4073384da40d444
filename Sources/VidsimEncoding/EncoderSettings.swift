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

    /// Whether all of an encode's work happens on the thread that calls the encoder, so that thread's CPU clock
    /// measures it exactly: x264 and libvpx with one thread do; x265 (its frame encoder always has a thread of
    /// its own) and SVT-AV1 (threaded throughout) never do.
    public var keepsToCallingThread: Bool {
        threads == 1 && (codec == "libx264" || codec == "libvpx-vp9")
    }

    /// The preset vidsim uses when none is given: x264/x265 "medium", SVT-AV1 "8", VP9 cpu-used "4".
    public static func defaultPreset(for codec: String) -> String? {
        switch codec {
        case "libx264", "libx265": return "medium"
        case "libsvtav1": return "8"
        case "libvpx-vp9": return "4"
        default: return nil
        }
    }

    /// The same settings as ffmpeg program options, for comparisons and for users to reproduce an encode.
    public var ffmpegArguments: [String] {
        var arguments = ["-c:v", codec]
        if let preset { arguments += [codec == "libvpx-vp9" ? "-cpu-used" : "-preset", preset] }
        switch rateControl {
        case let .bitrate(target, maxrate, bufferSize):
            arguments += ["-b:v", "\(target)"]
            if codec != "libsvtav1" || maxrate > target { arguments += ["-maxrate", "\(maxrate)"] }
            arguments += ["-bufsize", "\(bufferSize)"]
        case let .crf(value, maxrate, bufferSize):
            arguments += ["-crf", "\(value)"]
            if codec == "libvpx-vp9" { arguments += ["-b:v", "0"] }
            if let maxrate { arguments += ["-maxrate", "\(maxrate)"] }
            if let bufferSize { arguments += ["-bufsize", "\(bufferSize)"] }
        }
        if codec == "libx265" && threads == 1 { arguments += ["-x265-params", "pools=none:frame-threads=1"] }
        arguments += ["-threads", "\(threads)"]
        return arguments
    }
}
