import Foundation
import XCTest
import VidsimCalibration
import VidsimEncoding

/// Editing operations (`vidsim bench --operations`): their names, what one pass over a clip measures, and the
/// calibration file's record of them.
final class OperationBenchmarkTests: XCTestCase {
    override class func setUp() { FFmpegLibraries.setLogging(verbose: false) }

    func testOperationsAreNamedWithAnOptionalHeight() throws {
        XCTAssertEqual(try EditOperation(parsing: "trim").label, "trim")
        XCTAssertNil(try EditOperation(parsing: "trim").height)
        XCTAssertEqual(try EditOperation(parsing: "preview").label, "preview:360")
        XCTAssertEqual(try EditOperation(parsing: "preview:480").height, 480)
        XCTAssertEqual(try EditOperation(parsing: "filter:720p").height, 720)
        XCTAssertNotNil(try EditOperation(parsing: "filter").filter)
        XCTAssertEqual(EditOperation.names, ["filter", "preview", "trim"])
        func message(_ text: String) -> String {
            do { _ = try EditOperation(parsing: text); return "" } catch { return error.description }
        }
        XCTAssertTrue(message("prevew").contains("did you mean 'preview'?"), message("prevew"))
        XCTAssertTrue(message("blur").contains("known: filter, preview, trim"), message("blur"))
        XCTAssertTrue(message("preview:1").contains("expected a height of 2 to 4320 lines"), message("preview:1"))
        XCTAssertTrue(message("preview:tall").contains("found 'tall'"), message("preview:tall"))
        XCTAssertTrue(message("trim,filter").contains("separate operations with spaces"), message("trim,filter"))
        XCTAssertEqual(try EditOperation(parsing: "preview:480").ffmpegArguments.prefix(2),
                       ["-vf", "scale=-2:'min(480,ih)'"])
    }

    /// Every operation reads every frame once, at the size it asks for and never larger than the source.
    func testEachOperationIsMeasuredAtItsSizeWithoutUpscaling() throws {
        let clip = GeneratedClip(.moderate, width: 320, height: 180, seconds: 1, frameRate: 30)
        let operations = try ["trim", "filter", "preview", "preview:90"].map { try EditOperation(parsing: $0) }
        let measured = try OperationBenchmark(operations: operations).measure(clip)
        XCTAssertEqual(measured.map(\.operation), ["trim", "filter", "preview:360", "preview:90"])
        XCTAssertEqual(measured.map { "\($0.width)x\($0.height)" }, ["320x180", "320x180", "320x180", "160x90"])
        for operation in measured {
            XCTAssertEqual(operation.frames, 30, operation.operation)
            XCTAssertEqual(operation.packets, 30, "every frame read is encoded, the filter's flushed: \(operation.operation)")
            XCTAssertEqual(operation.contentSeconds, 1, accuracy: 1e-9)
            XCTAssertGreaterThan(operation.cpuSeconds, 0, operation.operation)
            XCTAssertEqual(operation.cpuSecondsPerContentSecond, operation.cpuSeconds / operation.contentSeconds, accuracy: 1e-12)
            XCTAssertGreaterThan(operation.bytes, 0, operation.operation)
            XCTAssertEqual(operation.bitsPerSecond, Double(operation.bytes) * 8, accuracy: 1e-9)
        }
        // The filter changes the picture: the same encoder at the same CRF gives another stream.
        XCTAssertNotEqual(measured[0].bytes, measured[1].bytes)
        // The same encoder settings on a quarter of the pixels: fewer bytes.
        XCTAssertLessThan(measured[3].bytes, measured[2].bytes)
    }

    /// The calibration keeps each operation's spread over clips and every clip's figures, and reads back equal;
    /// a cost that is not a positive finite number is refused at its field.
    func testOperationsRoundTripThroughTheCalibrationFile() throws {
        let operations = try ["trim", "preview:90"].map { try EditOperation(parsing: $0) }
        let clips = [GeneratedClip(.still, width: 192, height: 108, seconds: 0.5, frameRate: 30),
                     GeneratedClip(.detailed, width: 192, height: 108, seconds: 0.5, frameRate: 30)]
        let results = try clips.map { clip in (clip: clip.name, measured: try OperationBenchmark(operations: operations).measure(clip)) }
        var calibration = Calibration(measurements: [], rungs: [], note: "test")
        calibration.operations = Calibration.operationCosts(results, operations: operations)
        let costs = try XCTUnwrap(calibration.operations)
        XCTAssertEqual(costs.map(\.operation), ["trim", "preview:90"])
        XCTAssertEqual(costs.map(\.height), [nil, 90])
        XCTAssertEqual(costs[0].clips.map(\.clip), clips.map(\.name))
        let perClip = results.map { $0.measured[0].cpuSecondsPerContentSecond }
        XCTAssertEqual(costs[0].cpuSecondsPerContentSecond.mean, (perClip[0] + perClip[1]) / 2, accuracy: 1e-12)
        XCTAssertEqual(costs[0].cpuSecondsPerContentSecond.clips, 2)
        XCTAssertTrue(costs[1].ffmpegArguments.contains("-preset ultrafast"), costs[1].ffmpegArguments)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-operations-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try calibration.json().write(to: url)
        let read = try Calibration.read(path: url.path)
        XCTAssertEqual(read, calibration)
        XCTAssertEqual(read.operationCost(name: "preview", height: nil)?.operation, "preview:90")
        XCTAssertEqual(read.operationCost(name: "preview", height: 90)?.operation, "preview:90")
        XCTAssertNil(read.operationCost(name: "preview", height: 360))
        XCTAssertTrue(read.costs.isEmpty)

        var broken = calibration
        var twice = calibration
        twice.operations!.append(twice.operations![0])
        try twice.json().write(to: url)
        XCTAssertThrowsError(try Calibration.read(path: url.path)) { error in
            XCTAssertEqual((error as? CalibrationError)?.field, "operations[2]")
            XCTAssertTrue("\(error)".contains("'trim' again: operations[0] has it already"), "\(error)")
        }
        broken.operations![1].cpuSecondsPerContentSecond.mean = -1
        try broken.json().write(to: url)
        XCTAssertThrowsError(try Calibration.read(path: url.path)) { error in
            XCTAssertEqual((error as? CalibrationError)?.field, "operations[1].cpu_seconds_per_content_second.mean")
        }
    }
}
