import XCTest
import VidsimLadder

/// The grid's resolutions from the source's height down.
final class LadderGridTests: XCTestCase {
    func testHeightsFromTheSourceDown() {
        XCTAssertEqual(LadderGrid(sourceHeight: 2160).heights, [2160, 1440, 1080, 720, 480, 360, 240], "4K: 2160p to 240p")
        XCTAssertEqual(LadderGrid(sourceHeight: 720).heights, [720, 480, 360, 240])
        XCTAssertEqual(LadderGrid(sourceHeight: 1081).heights, [1080, 720, 480, 360, 240], "an odd height: once, even")
        XCTAssertEqual(LadderGrid(sourceHeight: 272).heights, [272, 240, 144], "its own height, then the standard ones")
        XCTAssertEqual(LadderGrid(sourceHeight: 144).heights, [144, 108, 72], "176x144: 144p and below")
        XCTAssertEqual(LadderGrid(sourceHeight: 720, crfs: [20, 30]).count, 8)
    }
}
