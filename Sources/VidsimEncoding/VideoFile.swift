import CFFmpeg

/// A video file opened for decoding: libavformat demuxes it, libavcodec decodes its best video stream.
///
/// Owns the AVFormatContext and the decoder's AVCodecContext and frees them in deinit.
public final class VideoFile {
    public let path: String
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var decoder: UnsafeMutablePointer<AVCodecContext>?
    private let streamIndex: Int32

    public init(path: String) throws(FFmpegError) {
        self.path = path
        var format: UnsafeMutablePointer<AVFormatContext>?
        try FFmpegError.check(avformat_open_input(&format, path, nil, nil), "opening \(path)")
        self.format = format
        do throws(FFmpegError) {
            try FFmpegError.check(avformat_find_stream_info(format, nil), "reading stream information of \(path)")
            var codec: UnsafePointer<AVCodec>?
            let index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0)
            if index == FFmpegError.streamNotFound {
                throw FFmpegError(code: index, operation: "no video stream in the file")
            }
            try FFmpegError.check(index, "finding a video stream in \(path)")
            streamIndex = index
            guard let codec, let context = avcodec_alloc_context3(codec) else {
                throw FFmpegError(code: FFmpegError.posix(ENOMEM), operation: "allocating a decoder for \(path)")
            }
            decoder = context
            try FFmpegError.check(avcodec_parameters_to_context(context, format!.pointee.streams[Int(index)]!.pointee.codecpar),
                                  "configuring the decoder for \(path)")
            context.pointee.thread_count = 0
            try FFmpegError.check(avcodec_open2(context, codec, nil), "opening the decoder for \(path)")
        } catch {
            avcodec_free_context(&decoder)
            avformat_close_input(&self.format)
            throw error
        }
    }

    deinit {
        avcodec_free_context(&decoder)
        avformat_close_input(&format)
    }

    private var stream: UnsafeMutablePointer<AVStream> { format!.pointee.streams[Int(streamIndex)]! }
    public var width: Int32 { decoder!.pointee.width }
    public var height: Int32 { decoder!.pointee.height }
    public var pixelFormat: AVPixelFormat { decoder!.pointee.pix_fmt }
    public var timeBase: AVRational { stream.pointee.time_base }

    /// Frames per second: the stream's average frame rate, or its guessed rate.
    public var frameRate: AVRational {
        let average = stream.pointee.avg_frame_rate
        if average.num > 0 && average.den > 0 { return average }
        return av_guess_frame_rate(format, stream, nil)
    }

    /// The number of frames the container announces, or its duration times the frame rate; nil if unknown.
    public var expectedFrameCount: Int? {
        if stream.pointee.nb_frames > 0 { return Int(stream.pointee.nb_frames) }
        let duration = format!.pointee.duration
        guard duration > 0 else { return nil }
        return Int(Double(duration) / Double(AV_TIME_BASE) * av_q2d(frameRate))
    }

    /// Decodes every frame in order, calling `body` with each (the frame is reused after `body` returns).
    public func decode(_ body: (Frame) throws -> Void) throws {
        let packet = Packet()
        let frame = Frame()
        func drain() throws {
            while true {
                let status = avcodec_receive_frame(decoder, frame.pointer)
                if status == FFmpegError.tryAgain || status == FFmpegError.endOfFile { return }
                try FFmpegError.check(status, "decoding \(path)")
                if frame.pointer.pointee.best_effort_timestamp != Int64.min {
                    frame.presentationTime = frame.pointer.pointee.best_effort_timestamp
                }
                try body(frame)
                frame.unreference()
            }
        }
        while true {
            let status = av_read_frame(format, packet.pointer)
            if status == FFmpegError.endOfFile { break }
            try FFmpegError.check(status, "reading \(path)")
            defer { packet.unreference() }
            guard packet.streamIndex == streamIndex else { continue }
            try FFmpegError.check(avcodec_send_packet(decoder, packet.pointer), "decoding \(path)")
            try drain()
        }
        try FFmpegError.check(avcodec_send_packet(decoder, nil), "flushing the decoder of \(path)")
        try drain()
    }
}
