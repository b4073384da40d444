import CFFmpeg

/// An error returned by one of FFmpeg's libraries, with FFmpeg's own message (av_strerror).
public struct FFmpegError: Error, CustomStringConvertible, Equatable {
    /// The negative AVERROR code FFmpeg returned.
    public let code: Int32
    /// What vidsim was doing ("opening input", "sending a frame to libx264").
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// FFmpeg's message for the code.
    public var message: String {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = CFFmpeg_strerror(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { "\(operation): \(message)" }

    /// AVERROR(e) for a POSIX error number.
    public static func posix(_ errorNumber: Int32) -> Int32 { CFFmpeg_AVERROR(errorNumber) }
    public static var endOfFile: Int32 { CFFmpeg_AVERROR_EOF() }
    public static var tryAgain: Int32 { CFFmpeg_AVERROR_EAGAIN() }
    public static var encoderNotFound: Int32 { CFFmpeg_AVERROR_ENCODER_NOT_FOUND() }
    public static var streamNotFound: Int32 { CFFmpeg_AVERROR_STREAM_NOT_FOUND() }

    /// Passes a non-negative return code; turns a negative one into an error.
    @discardableResult
    public static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(FFmpegError) -> Int32 {
        guard code >= 0 else { throw FFmpegError(code: code, operation: operation()) }
        return code
    }
}
