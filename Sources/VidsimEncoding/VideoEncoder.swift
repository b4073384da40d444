import CFFmpeg
import VidsimCalibration

/// One rendition's encoder: owns the AVCodecContext and frees it in deinit.
///
/// Frames are renumbered 0, 1, 2, ... in a time base of one frame, as the ffmpeg program does for video.
public final class VideoEncoder {
    public let settings: EncoderSettings
    private var context: UnsafeMutablePointer<AVCodecContext>?
    private var nextPresentationTime: Int64 = 0

    public init(settings: EncoderSettings, width: Int32, height: Int32, frameRate: AVRational) throws(FFmpegError) {
        self.settings = settings
        guard width >= 2, height >= 2, width % 2 == 0, height % 2 == 0 else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL),
                              operation: "encoding at \(width)x\(height): 4:2:0 pictures need even sizes of at least 2x2")
        }
        guard let codec = avcodec_find_encoder_by_name(settings.codec.encoderName) else {
            throw FFmpegError(code: FFmpegError.encoderNotFound,
                              operation: "this FFmpeg has no encoder named '\(settings.codec)'")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw FFmpegError(code: FFmpegError.posix(ENOMEM), operation: "allocating the \(settings.codec) encoder")
        }
        self.context = context
        context.pointee.width = width
        context.pointee.height = height
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.time_base = av_inv_q(frameRate)
        context.pointee.framerate = frameRate
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        context.pointee.thread_count = Int32(clamping: settings.threads)
        let options = context.pointee.priv_data
        let presetOption = settings.codec.presetOption
        try FFmpegError.check(av_opt_set(options, presetOption, settings.preset, 0),
                              "setting \(settings.codec) \(presetOption) to '\(settings.preset)'")
        if settings.codec == .x265 {
            // x265 logs through its own printf and starts a thread pool whatever thread_count says: quiet it
            // unless FFmpeg's logging is verbose, and with one thread keep all its work on this thread.
            var parameters = av_log_get_level() >= AV_LOG_INFO ? [] : ["log-level=error"]
            if settings.threads == 1 { parameters += ["pools=none", "frame-threads=1"] }
            if !parameters.isEmpty {
                try FFmpegError.check(av_opt_set(options, "x265-params", parameters.joined(separator: ":"), 0),
                                      "setting x265-params")
            }
        }
        switch settings.rateControl {
        case let .bitrate(target, maxrate, bufferSize):
            context.pointee.bit_rate = Int64(clamping: target)
            // SVT-AV1 encodes VBR and refuses a cap equal to the target; a cap only above it means anything.
            if settings.codec != .svtAV1 || maxrate > target { context.pointee.rc_max_rate = Int64(clamping: maxrate) }
            context.pointee.rc_buffer_size = Int32(clamping: bufferSize)
        case let .crf(value, maxrate, bufferSize):
            try FFmpegError.check(av_opt_set(options, "crf", "\(value)", 0), "setting \(settings.codec) crf to \(value)")
            if let maxrate { context.pointee.rc_max_rate = Int64(clamping: maxrate) }
            if let bufferSize { context.pointee.rc_buffer_size = Int32(clamping: bufferSize) }
        }
        do throws(FFmpegError) {
            try FFmpegError.check(avcodec_open2(context, codec, nil), "opening the \(settings.codec) encoder at \(width)x\(height)")
        } catch {
            avcodec_free_context(&self.context)
            throw error
        }
    }

    deinit { avcodec_free_context(&context) }

    /// The codec's identifier, for a decoder of the output.
    public var codecID: AVCodecID { context!.pointee.codec_id }

    /// The encoder's stream parameters, for a muxer.
    func copyParameters(to parameters: UnsafeMutablePointer<AVCodecParameters>) throws(FFmpegError) {
        try FFmpegError.check(avcodec_parameters_from_context(parameters, context), "copying \(settings.codec) parameters")
    }

    /// The time base packets are stamped in.
    var timeBase: AVRational { context!.pointee.time_base }

    /// Sends one frame to encode; nil flushes the encoder at the end of the stream.
    public func send(_ frame: Frame?) throws(FFmpegError) {
        if let frame {
            frame.presentationTime = nextPresentationTime
            nextPresentationTime += 1
            frame.pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE
        }
        try FFmpegError.check(avcodec_send_frame(context, frame?.pointer), "encoding with \(settings.codec)")
    }

    /// Takes the next encoded packet into `packet`: false when the encoder needs more input or has finished.
    public func receive(into packet: Packet) throws(FFmpegError) -> Bool {
        let status = avcodec_receive_packet(context, packet.pointer)
        if status == FFmpegError.tryAgain || status == FFmpegError.endOfFile { return false }
        try FFmpegError.check(status, "encoding with \(settings.codec)")
        return true
    }
}
