import XCTest
import VidsimEncoding

/// Fitting a source inside a rung's box, as platforms do: the source keeps its shape, sides stay even.
final class PictureSizeTests: XCTestCase {
    private func fit(_ width: Int32, _ height: Int32, into maxWidth: Int32?, _ maxHeight: Int32) -> String {
        PictureSize(width: width, height: height).fitted(maxWidth: maxWidth, maxHeight: maxHeight).description
    }

    func testAWideSourceIsBoundByTheBoxWidthAndKeepsItsShape() {
        XCTAssertEqual(fit(640, 272, into: 426, 240), "426x182")  // 2.35:1 in the 240p box
        XCTAssertEqual(fit(64, 28, into: 32, 18), "32x14")
        XCTAssertEqual(fit(1920, 800, into: 1280, 720), "1280x534")  // 533.3 rounds to the nearest even
    }

    func testASourceOfTheBoxShapeFillsIt() {
        XCTAssertEqual(fit(1920, 1080, into: 426, 240), "426x240")
        XCTAssertEqual(fit(3840, 2160, into: 1920, 1080), "1920x1080")
    }

    func testATallSourceIsBoundByTheBoxHeight() {
        XCTAssertEqual(fit(1080, 1920, into: 1920, 1080), "608x1080")
        XCTAssertEqual(fit(1440, 1080, into: 1280, 720), "960x720")  // 4:3 pillarboxed size
    }

    func testWithNoWidthOnlyTheHeightBounds() {
        XCTAssertEqual(fit(640, 272, into: nil, 240), "564x240")
        XCTAssertEqual(fit(320, 180, into: nil, 120), "214x120")
    }

    /// Odd or tiny results never reach an encoder: sides are even, at least 2, and inside the box.
    func testSidesAreEvenAtLeastTwoAndNeverBeyondTheBox() {
        XCTAssertEqual(fit(8192, 240, into: 426, 240), "426x12")
        XCTAssertEqual(fit(8192, 16, into: 426, 240), "426x2")
        XCTAssertEqual(fit(161, 91, into: 161, 91), "160x90")
        XCTAssertEqual(fit(0, 0, into: 426, 240), "426x240")
        for width in stride(from: Int32(16), through: 400, by: 7) {
            for height in stride(from: Int32(16), through: 400, by: 11) {
                let fitted = PictureSize(width: width, height: height).fitted(maxWidth: 214, maxHeight: 120)
                XCTAssertEqual(fitted.width % 2, 0)
                XCTAssertEqual(fitted.height % 2, 0)
                XCTAssertLessThanOrEqual(fitted.width, 214)
                XCTAssertLessThanOrEqual(fitted.height, 120)
                XCTAssertGreaterThanOrEqual(min(fitted.width, fitted.height), 2)
            }
        }
    }
}
