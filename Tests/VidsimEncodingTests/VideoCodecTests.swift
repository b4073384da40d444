import XCTest
import VidsimCalibration
import VidsimEncoding

/// The codec type: parsed once from FFmpeg's encoder name, with one default preset however it is named.
final class VideoCodecTests: XCTestCase {
    func testEncoderNamesParseAndAnUnknownOneNamesTheKnownCodecs() throws {
        XCTAssertEqual(try VideoCodec(encoderName: "libx264"), .x264)
        XCTAssertEqual(try VideoCodec(encoderName: "libx265"), .x265)
        XCTAssertEqual(try VideoCodec(encoderName: "libvpx-vp9"), .vp9)
        XCTAssertEqual(try VideoCodec(encoderName: "libsvtav1"), .svtAV1)
        XCTAssertThrowsError(try VideoCodec(encoderName: "libaom-av1")) { error in
            XCTAssertEqual("\(error)", "unknown codec 'libaom-av1': vidsim knows libx264, libx265, libvpx-vp9, libsvtav1")
        }
    }

    /// Settings made without a preset take the codec's default, the same one the scenario ladder uses.
    func testEachCodecHasOneDefaultPresetAppliedThroughItsOwnOption() {
        let expected: [VideoCodec: (preset: String, option: String)] = [
            .x264: ("medium", "preset"), .x265: ("medium", "preset"), .svtAV1: ("8", "preset"), .vp9: ("4", "cpu-used"),
        ]
        for codec in VideoCodec.allCases {
            let settings = EncoderSettings(codec: codec, rateControl: .crf(30, maxrate: nil, bufferSize: nil), threads: 1)
            XCTAssertEqual(settings.preset, expected[codec]?.preset, "\(codec)")
            XCTAssertEqual(codec.presetOption, expected[codec]?.option, "\(codec)")
            XCTAssertNoThrow(try codec.checkPreset(codec.defaultPreset), "\(codec)")
            XCTAssertNoThrow(try codec.checkPresetWithEncoder(codec.defaultPreset), "\(codec)")
            let arguments = settings.ffmpegArguments
            XCTAssertEqual(Array(arguments.prefix(4)), ["-c:v", codec.encoderName, "-\(codec.presetOption)", codec.defaultPreset])
        }
    }

    func testAPresetOfTheWrongShapeOrOutOfTheEncodersRangeIsRefused() throws {
        XCTAssertThrowsError(try VideoCodec.vp9.checkPreset("medium")) { error in
            XCTAssertEqual("\(error)", "libvpx-vp9 cpu-used 'medium' is invalid: expected a whole number")
        }
        XCTAssertThrowsError(try VideoCodec.x264.checkPreset("7")) { error in
            XCTAssertTrue("\(error)".hasPrefix("libx264 preset '7' is invalid: expected one of ultrafast, "), "\(error)")
        }
        XCTAssertNoThrow(try VideoCodec.x265.checkPreset("veryslow"))
        guard VideoCodec.svtAV1.isAvailable else { throw XCTSkip("this FFmpeg has no libsvtav1") }
        XCTAssertNoThrow(try VideoCodec.svtAV1.checkPresetWithEncoder("12"))
        XCTAssertThrowsError(try VideoCodec.svtAV1.checkPresetWithEncoder("99")) { error in
            XCTAssertTrue("\(error)".contains("expected a whole number from "), "\(error)")
        }
    }

    /// Measurements keep the codec typed; the calibration file records FFmpeg's name, as it always has.
    func testTheCalibrationFileRecordsTheEncoderName() throws {
        let rung = BenchmarkRung(name: "144p", width: 256, height: 144, settings: EncoderSettings(
            codec: .x264, rateControl: .crf(30, maxrate: nil, bufferSize: nil), threads: 1))
        let clip = GeneratedClip(.still, width: 256, height: 144, seconds: 0.2, frameRate: 30)
        let measurement = try EncodeBenchmark(rungs: [rung], measureQuality: false).measure(clip)
        XCTAssertEqual(measurement.rungs.first?.codec, .x264)
        XCTAssertEqual(measurement.rungs.first?.preset, "medium")
        let json = try Calibration(measurements: [measurement], rungs: [rung], note: nil).json()
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        let cost = try XCTUnwrap((object?["costs"] as? [[String: Any]])?.first)
        XCTAssertEqual(cost["codec"] as? String, "libx264")
        XCTAssertEqual(cost["preset"] as? String, "medium")
    }
}
