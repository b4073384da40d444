import CFFmpeg

/// Decodes a rendition's stored packets back into pictures, one at a time, for quality measurement.
final class PacketDecoder {
    private var context: UnsafeMutablePointer<AVCodecContext>?
    private let packets: [Packet]
    private var nextPacket = 0
    private var flushed = false

    init(codecID: AVCodecID, packets: [Packet]) throws(FFmpegError) {
        guard let codec = avcodec_find_decoder(codecID), let context = avcodec_alloc_context3(codec) else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL), operation: "no decoder for the rendition's codec")
        }
        self.context = context
        self.packets = packets
        context.pointee.thread_count = 1
        do throws(FFmpegError) {
            try FFmpegError.check(avcodec_open2(context, codec, nil), "opening a decoder for the rendition")
        } catch {
            avcodec_free_context(&self.context)
            throw error
        }
    }

    deinit { avcodec_free_context(&context) }

    /// The next picture in presentation order, or nil when the stream is exhausted.
    func next() throws(FFmpegError) -> Frame? {
        let frame = Frame()
        while true {
            let status = avcodec_receive_frame(context, frame.pointer)
            if status >= 0 { return frame }
            if status == FFmpegError.endOfFile { return nil }
            guard status == FFmpegError.tryAgain else { try FFmpegError.check(status, "decoding the rendition"); return nil }
            if nextPacket < packets.count {
                try FFmpegError.check(avcodec_send_packet(context, packets[nextPacket].pointer), "decoding the rendition")
                nextPacket += 1
            } else if !flushed {
                try FFmpegError.check(avcodec_send_packet(context, nil), "flushing the rendition decoder")
                flushed = true
            } else {
                return nil
            }
        }
    }
}
