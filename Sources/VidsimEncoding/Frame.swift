import CFFmpeg

/// A decoded picture: owns one AVFrame and frees it in deinit.
public final class Frame {
    public let pointer: UnsafeMutablePointer<AVFrame>

    public init() {
        guard let frame = av_frame_alloc() else { fatalError("av_frame_alloc: out of memory") }
        pointer = frame
    }

    /// A frame with its own picture buffers of the given size and pixel format.
    public convenience init(width: Int32, height: Int32, format: AVPixelFormat) throws(FFmpegError) {
        self.init()
        pointer.pointee.width = width
        pointer.pointee.height = height
        pointer.pointee.format = format.rawValue
        try FFmpegError.check(av_frame_get_buffer(pointer, 0), "allocating a \(width)x\(height) frame")
    }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }

    public var width: Int32 { pointer.pointee.width }
    public var height: Int32 { pointer.pointee.height }
    public var format: AVPixelFormat { AVPixelFormat(rawValue: pointer.pointee.format) }
    public var presentationTime: Int64 {
        get { pointer.pointee.pts }
        set { pointer.pointee.pts = newValue }
    }

    /// Drops the picture, keeping the allocation for reuse.
    public func unreference() { av_frame_unref(pointer) }

    /// A new reference to the same picture buffers (no copy).
    public func reference() throws(FFmpegError) -> Frame {
        let copy = Frame()
        try FFmpegError.check(av_frame_ref(copy.pointer, pointer), "referencing a frame")
        return copy
    }

    /// A value a filter attached to the frame ("lavfi.psnr.mse_avg"), if present.
    public func metadata(_ key: String) -> String? {
        guard let entry = av_dict_get(pointer.pointee.metadata, key, nil, 0), let value = entry.pointee.value else {
            return nil
        }
        return String(cString: value)
    }
}

/// An encoded packet: owns one AVPacket and frees it in deinit.
public final class Packet {
    public let pointer: UnsafeMutablePointer<AVPacket>

    public init() {
        guard let packet = av_packet_alloc() else { fatalError("av_packet_alloc: out of memory") }
        pointer = packet
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&packet)
    }

    public var size: Int { Int(pointer.pointee.size) }
    public var streamIndex: Int32 { pointer.pointee.stream_index }
    public func unreference() { av_packet_unref(pointer) }

    /// A new reference to the same data (no copy).
    public func reference() throws(FFmpegError) -> Packet {
        let copy = Packet()
        try FFmpegError.check(av_packet_ref(copy.pointer, pointer), "referencing a packet")
        return copy
    }
}
