import Foundation
import XCTest
import VidsimEncoding

/// The FFmpeg edge: AVERROR codes cross as Swift errors carrying FFmpeg's own messages.
final class FFmpegErrorTests: XCTestCase {
    func testErrorsCarryFFmpegsOwnMessage() {
        XCTAssertEqual(FFmpegError.posix(ENOENT), -ENOENT)
        XCTAssertEqual(FFmpegError(code: FFmpegError.posix(ENOENT), operation: "opening x.mp4").description,
                       "opening x.mp4: No such file or directory")
        XCTAssertEqual(FFmpegError(code: FFmpegError.endOfFile, operation: "reading").message, "End of file")
        XCTAssertThrowsError(try FFmpegError.check(FFmpegError.tryAgain, "decoding")) { error in
            XCTAssertEqual((error as? FFmpegError)?.code, FFmpegError.tryAgain)
        }
        XCTAssertEqual(try FFmpegError.check(3, "ok"), 3)
    }

    func testLibraryVersionsAndEncoderLookup() {
        XCTAssertFalse(FFmpegLibraries.release.isEmpty)
        XCTAssertEqual(FFmpegLibraries.libraries.map(\.name),
                       ["libavformat", "libavcodec", "libavutil", "libswscale", "libavfilter"])
        XCTAssertFalse(FFmpegLibraries.hasEncoder("no-such-encoder"))
    }
}
