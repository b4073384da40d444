import Foundation
import XCTest
import VidsimModels
import VidsimPolicies

/// An HLS ladder on disk read as measured segment sizes: the form `vidsim bench --keep` writes.
final class MeasuredSegmentsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-hls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func write(_ name: String, _ text: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    private func segment(_ name: String, bytes: Int) throws {
        try Data(count: bytes).write(to: folder.appendingPathComponent(name))
    }

    /// Two renditions (listed high first), two segments each of measured sizes.
    private func ladder(highSegments: Int = 2) throws -> String {
        try write("master.m3u8", """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-STREAM-INF:BANDWIDTH=3200000,AVERAGE-BANDWIDTH=3000000,RESOLUTION=1280x720
            720p.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=700000,RESOLUTION=640x360
            360p.m3u8
            """)
        try write("720p.m3u8", "#EXTM3U\n" + (0..<highSegments).map { "#EXTINF:4.000000,\n720p_00\($0).ts" }.joined(separator: "\n") + "\n#EXT-X-ENDLIST\n")
        try write("360p.m3u8", "#EXTM3U\n#EXTINF:4.000000,\n360p_000.ts\n#EXTINF:2.000000,\n360p_001.ts\n#EXT-X-ENDLIST\n")
        try segment("720p_000.ts", bytes: 1_600_000)
        try segment("720p_001.ts", bytes: 1_200_000)
        try segment("720p_002.ts", bytes: 1_000)
        try segment("360p_000.ts", bytes: 400_000)
        try segment("360p_001.ts", bytes: 150_000)
        return folder.appendingPathComponent("master.m3u8").path
    }

    func testLadderReadInAscendingBitRateWithEachSegmentsBytes() throws {
        let measured = try MeasuredSegments.read(master: try ladder())
        XCTAssertEqual(measured.names, ["360p", "720p"])
        XCTAssertEqual(measured.bitrates, [700_000, 3_000_000])
        XCTAssertEqual(measured.durations, [4, 4])
        XCTAssertEqual(measured.bytes, [[400_000, 1_600_000], [150_000, 1_200_000]])
        // A longer video repeats the measured segments; the last is cut to fit, its bytes in proportion.
        let sizes = measured.sizes(duration: 10, rungs: 2)
        XCTAssertEqual(sizes.segments, 3)
        XCTAssertEqual(sizes.bytes(segment: 2, rung: 1), 1_600_000 * 2 / 4)
        XCTAssertEqual(sizes.duration(of: 2), 2)
        XCTAssertEqual(sizes.totalSeconds, 10)
        // A device capped to the lowest rung keeps its column.
        XCTAssertEqual(measured.sizes(duration: 8, rungs: 1).bytes(segment: 1, rung: 0), 150_000)
    }

    func testRenditionsCutDifferentlyAreRefused() throws {
        let master = try ladder(highSegments: 3)
        XCTAssertThrowsError(try MeasuredSegments.read(master: master)) { error in
            XCTAssertTrue("\(error)".contains("3 segments where 720p has") || "\(error)".contains("segments where"), "\(error)")
        }
    }

    func testMissingSegmentIsNamedWithItsLine() throws {
        let master = try ladder()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("360p_001.ts"))
        XCTAssertThrowsError(try MeasuredSegments.read(master: master)) { error in
            XCTAssertTrue("\(error)".contains("360p.m3u8:5: segment file"), "\(error)")
        }
        try write("360p.m3u8", "#EXTM3U\n#EXTINF:abc,\n360p_000.ts\n")
        XCTAssertThrowsError(try MeasuredSegments.read(master: master)) { error in
            XCTAssertTrue("\(error)".contains("360p.m3u8:2: expected a segment duration"), "\(error)")
        }
        try write("master.m3u8", "not a playlist\n")
        XCTAssertThrowsError(try MeasuredSegments.read(master: master)) { error in
            XCTAssertTrue("\(error)".contains("expected #EXTM3U"), "\(error)")
        }
    }
}
