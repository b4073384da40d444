import CFFmpeg
import Foundation

/// Which FFmpeg this vidsim is linked against: written into calibration files and `vidsim version`.
public enum FFmpegLibraries {
    /// FFmpeg's release ("5.1.6-0+deb12u1").
    public static var release: String { String(cString: av_version_info()) }

    /// Each library's version, major.minor.micro.
    public static var libraries: [(name: String, version: String)] {
        [
            ("libavformat", dotted(avformat_version())), ("libavcodec", dotted(avcodec_version())),
            ("libavutil", dotted(avutil_version())), ("libswscale", dotted(swscale_version())),
            ("libavfilter", dotted(avfilter_version())),
        ]
    }

    /// Whether this FFmpeg has an encoder of the given name (libx264, libx265, libvpx-vp9, libsvtav1).
    public static func hasEncoder(_ name: String) -> Bool {
        avcodec_find_encoder_by_name(name) != nil
    }

    /// How much FFmpeg's libraries print on stderr: errors only by default, everything with `verbose`.
    /// SVT-AV1 prints through its own logger, which reads SVT_LOG (1: errors only) when an encoder opens.
    public static func setLogging(verbose: Bool) {
        av_log_set_level(verbose ? AV_LOG_INFO : AV_LOG_ERROR)
        setenv("SVT_LOG", verbose ? "3" : "1", 1)
    }

    /// Makes encodes reproducible whatever the state of the heap: every block malloc hands out is filled with
    /// one byte (glibc's M_PERTURB, as MALLOC_PERTURB_=85 does). x264 (libx264 164, Debian 12) reads memory it
    /// has not written when a picture's width is not a multiple of 16 (a 428x240 rung): without this, the same
    /// encode gives a few bytes more or less from run to run (the ffmpeg program too: try it with two values of
    /// MALLOC_PERTURB_). Each allocation then costs a fill, negligible beside encoding. Call it once, first.
    public static func makeEncodesReproducible() {
        CFFmpeg_fillAllocations(0x55)
    }

    private static func dotted(_ version: UInt32) -> String {
        "\(version >> 16).\((version >> 8) & 0xff).\(version & 0xff)"
    }
}
