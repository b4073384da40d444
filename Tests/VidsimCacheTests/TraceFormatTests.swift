import Foundation
import XCTest
import VidsimCache

/// Reading and writing libCacheSim's trace formats, and the errors a broken trace gets.
final class TraceFormatTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidsim-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func file(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    private func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    func testBothFormatsRoundTrip() throws {
        let trace = try ZipfTrace(objects: 1_000, alpha: 0.9, requests: 5_000, size: 4096, seed: 2).generate()
        for format in TraceFormat.allCases {
            let path = try file("trace.\(format == .csv ? "csv" : "oracleGeneral")", TraceWriter.encode(trace, as: format))
            let read = try TraceReader.read(path: path).trace
            XCTAssertEqual(read.requests.objects, trace.requests.objects, "\(format)")
            XCTAssertEqual(read.requests.sizes, trace.requests.sizes, "\(format)")
            XCTAssertEqual(read.requests.nextAccesses, trace.requests.nextAccesses, "\(format)")
            XCTAssertEqual(read.objectIDs, trace.objectIDs, "\(format)")
            XCTAssertEqual(read.times, trace.times, "\(format)")
        }
    }

    func testCSVWithAHeaderInAnyColumnOrderAndTextIDs() throws {
        let path = try file("t.csv", Data("obj_size,time,obj_id\n100,1,alpha\n200,2,beta\n100,3,alpha\n0,4,gamma\n".utf8))
        let result = try TraceReader.read(path: path)
        XCTAssertEqual(result.trace.count, 3)
        XCTAssertEqual(result.trace.objectCount, 2)
        XCTAssertEqual(result.trace.requests.sizes, [100, 200, 100])
        XCTAssertEqual(result.skippedZeroSize, 1)
        XCTAssertEqual(result.trace.footprintBytes, 300)
    }

    func testBrokenTracesAreNamedWithTheirLineOrRecord() throws {
        let csv = try file("bad.csv", Data("1,5,100\n2,6,100\n3,7,lots\n".utf8))
        XCTAssertEqual(message { _ = try TraceReader.read(path: csv) },
                       "\(csv): line 3: obj_size: expected a whole number of bytes from 0 to 4294967295, found 'lots'")
        let short = try file("short.csv", Data("1,5,100\n2,6\n".utf8))
        XCTAssertTrue(message { _ = try TraceReader.read(path: short) }.contains("line 2: expected 3 comma-separated fields"))
        let time = try file("time.csv", Data("99999999999,5,100\n".utf8))
        XCTAssertTrue(message { _ = try TraceReader.read(path: time) }.contains("line 1: time: expected whole seconds"))

        let trace = try ZipfTrace(objects: 10, alpha: 1, requests: 10, size: 10).generate()
        var binary = TraceWriter.encode(trace, as: .oracleGeneral)
        binary.removeLast(5)
        let truncated = try file("cut.oracleGeneral", binary)
        XCTAssertTrue(message { _ = try TraceReader.read(path: truncated) }.contains("record 10: truncated: 235 bytes"),
                      message { _ = try TraceReader.read(path: truncated) })
        // The wrong format, either way round.
        XCTAssertTrue(message { _ = try TraceReader.read(path: csv, format: .oracleGeneral) }.contains("is text, not oracleGeneral"))
        let binaryAsCSV = try file("b.csv", TraceWriter.encode(trace, as: .oracleGeneral))
        XCTAssertTrue(message { _ = try TraceReader.read(path: binaryAsCSV) }.contains("line 1: is binary, not csv"))
        XCTAssertTrue(message { _ = try TraceReader.read(path: directory.path) }.contains("is a directory"))
        XCTAssertTrue(message { _ = try TraceReader.read(path: directory.appendingPathComponent("none").path) }.contains("no such file"))
        let empty = try file("empty.csv", Data())
        XCTAssertTrue(message { _ = try TraceReader.read(path: empty) }.contains("is empty"))
        let long = try file("long.csv", Data("1,5,\(String(repeating: "x", count: 5000))\n".utf8))
        XCTAssertLessThan(message { _ = try TraceReader.read(path: long) }.count, 250)
    }
}
