import XCTest
import VidsimEncoding

/// A clip seen through evenly spaced windows: the frames passed, the same on every pass.
final class SampledClipTests: XCTestCase {
    private func frames(_ clip: FrameSource) throws -> Int {
        var count = 0
        try clip.forEachFrame { _ in count += 1 }
        return count
    }

    func testWindowsPassTheirFramesOnly() throws {
        let source = GeneratedClip(.moderate, width: 64, height: 36, seconds: 2, frameRate: 15)
        let sampled = SampledClip(source, totalFrames: 30, windows: 3, windowFrames: 4)
        XCTAssertEqual(sampled.starts, [0, 13, 26])
        XCTAssertFalse(sampled.isWhole)
        XCTAssertEqual(try frames(sampled), 12)
        XCTAssertEqual(try frames(sampled), 12, "the same frames on another pass")
        // A clip no longer than its samples passes whole.
        let whole = SampledClip(source, totalFrames: 30, windows: 3, windowFrames: 10)
        XCTAssertTrue(whole.isWhole)
        XCTAssertEqual(try frames(whole), 30)
    }
}
