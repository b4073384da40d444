import CFFmpeg

/// Rescales pictures with libswscale (bicubic, as the ffmpeg program's scale filter does by default).
/// Owns the SwsContext and frees it in deinit.
public final class Scaler {
    private let context: OpaquePointer
    public let width: Int32
    public let height: Int32
    public let format: AVPixelFormat

    public init(from source: (width: Int32, height: Int32, format: AVPixelFormat),
                to width: Int32, _ height: Int32, format: AVPixelFormat = AV_PIX_FMT_YUV420P) throws(FFmpegError) {
        guard let context = sws_getContext(source.width, source.height, source.format, width, height, format,
                                           SWS_BICUBIC, nil, nil, nil) else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL),
                              operation: "cannot scale \(source.width)x\(source.height) to \(width)x\(height)")
        }
        self.context = context
        self.width = width
        self.height = height
        self.format = format
    }

    deinit { sws_freeContext(context) }

    /// A new frame holding `frame` rescaled, with the same presentation time.
    public func scale(_ frame: Frame) throws(FFmpegError) -> Frame {
        let output = try Frame(width: width, height: height, format: format)
        try FFmpegError.check(sws_scale_frame(context, output.pointer, frame.pointer), "scaling to \(width)x\(height)")
        output.presentationTime = frame.presentationTime
        return output
    }

    /// `frame` as an encoder of `width` x `height` 4:2:0 takes it: rescaled by `scaler` (made on the first frame
    /// that needs one, then reused), or the frame itself, referenced, when it already fits.
    public static func fit(_ frame: Frame, to width: Int32, _ height: Int32, reusing scaler: inout Scaler?) throws(FFmpegError) -> Frame {
        if scaler == nil && (frame.width != width || frame.height != height || frame.format != AV_PIX_FMT_YUV420P) {
            scaler = try Scaler(from: (frame.width, frame.height, frame.format), to: width, height)
        }
        if let scaler { return try scaler.scale(frame) }
        return try frame.reference()
    }
}
