import Foundation

/// A measured bandwidth trace: pieces of constant throughput, one after another.
///
/// Two formats are read:
/// - the "cooked" traces of Pensieve and the ABR papers after it: one sample a line, `time_seconds
///   throughput_Mbps` (spaces or tabs), the throughput holding from the previous line's time up to this one's
///   (so the first line's throughput is never used, as in Pensieve's simulator); `#` starts a comment;
/// - Sabre's network JSON: `[{"duration_ms": 1000, "bandwidth_kbps": 5000, "latency_ms": 75}, ...]`.
public struct BandwidthTrace: Sendable, Equatable {
    public let name: String
    public let pieces: [LinkPiece]
    /// The trace's length in seconds.
    public let totalSeconds: Double

    public init(name: String, pieces: [LinkPiece]) {
        self.name = name
        self.pieces = pieces
        totalSeconds = pieces.reduce(0) { $0 + $1.seconds }
    }

    /// The time-weighted mean throughput in bits per second.
    public var meanBitsPerSecond: Double {
        pieces.reduce(0) { $0 + $1.bitsPerSecond * $1.seconds } / totalSeconds
    }

    /// Reads a trace file in either format.
    public static func read(path: String) throws(BandwidthFileError) -> BandwidthTrace {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BandwidthFileError(path: path, message: "cannot read the trace: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BandwidthFileError(path: path, message: "not a text file (expected 'time_s throughput_Mbps' lines or Sabre's JSON)")
        }
        let name = (path as NSString).lastPathComponent
        if text.drop(while: \.isWhitespace).first == "[" {
            return try parseSabre(text, name: name, path: path)
        }
        return try parseCooked(text, name: name, path: path)
    }

    /// Parses `time_seconds throughput_Mbps` lines.
    public static func parseCooked(_ text: String, name: String, path: String) throws(BandwidthFileError) -> BandwidthTrace {
        var pieces: [LinkPiece] = []
        var previousTime: Double?
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "," })
            if fields.isEmpty { continue }
            guard fields.count >= 2 else {
                throw BandwidthFileError(path: path, line: lineNumber,
                                         message: "expected 'time_seconds throughput_Mbps', found '\(content.trimmingCharacters(in: .whitespaces))'")
            }
            guard let time = Double(fields[0]), time.isFinite, time >= 0 else {
                throw BandwidthFileError(path: path, line: lineNumber, message: "expected a time in seconds (0 or more), found '\(fields[0])'")
            }
            guard let mbps = Double(fields[1]), mbps.isFinite, mbps >= 0, mbps <= 1e6 else {
                throw BandwidthFileError(path: path, line: lineNumber,
                                         message: "expected a throughput in Mbit/s from 0 to 1e6, found '\(fields[1])'")
            }
            if let previousTime {
                guard time >= previousTime else {
                    throw BandwidthFileError(path: path, line: lineNumber,
                                             message: "times must not go backwards: \(time) s after \(previousTime) s")
                }
                if time > previousTime {
                    pieces.append(LinkPiece(bitsPerSecond: mbps * 1e6, seconds: time - previousTime))
                }
            }
            previousTime = time
        }
        return try checked(BandwidthTrace(name: name, pieces: pieces), path: path)
    }

    /// Parses Sabre's `[{duration_ms, bandwidth_kbps, latency_ms}]`.
    public static func parseSabre(_ text: String, name: String, path: String) throws(BandwidthFileError) -> BandwidthTrace {
        let entries: [Any]
        do {
            guard let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
                throw BandwidthFileError(path: path, message: "expected a JSON array of {duration_ms, bandwidth_kbps, latency_ms}")
            }
            entries = array
        } catch let error as BandwidthFileError {
            throw error
        } catch {
            throw BandwidthFileError(path: path, message: "not valid JSON: \(error.localizedDescription)")
        }
        var pieces: [LinkPiece] = []
        for (index, entry) in entries.enumerated() {
            let place = "entry \(index + 1)"
            guard let object = entry as? [String: Any] else {
                throw BandwidthFileError(path: path, message: "\(place): expected an object {duration_ms, bandwidth_kbps, latency_ms}")
            }
            func number(_ key: String, required: Bool) throws(BandwidthFileError) -> Double {
                guard let value = object[key] else {
                    if required { throw BandwidthFileError(path: path, message: "\(place): missing '\(key)'") }
                    return 0
                }
                guard let number = (value as? NSNumber)?.doubleValue, number.isFinite, number >= 0, number <= 1e12 else {
                    throw BandwidthFileError(path: path, message: "\(place): '\(key)' must be a number from 0 to 1e12, found \(value)")
                }
                return number
            }
            let duration = try number("duration_ms", required: true)
            let rate = try number("bandwidth_kbps", required: true)
            let latency = try number("latency_ms", required: false)
            guard latency <= 60_000 else {
                throw BandwidthFileError(path: path, message: "\(place): 'latency_ms' must be at most 60000, found \(latency)")
            }
            if duration > 0 {
                pieces.append(LinkPiece(bitsPerSecond: rate * 1e3, seconds: duration / 1e3, latencySeconds: latency / 1e3))
            }
        }
        return try checked(BandwidthTrace(name: name, pieces: pieces), path: path)
    }

    private static func checked(_ trace: BandwidthTrace, path: String) throws(BandwidthFileError) -> BandwidthTrace {
        guard !trace.pieces.isEmpty, trace.totalSeconds > 0 else {
            throw BandwidthFileError(path: path, message: "the trace covers no time: it needs at least two samples with increasing times")
        }
        guard trace.meanBitsPerSecond >= 1_000 else {
            throw BandwidthFileError(path: path,
                                     message: "the trace's mean throughput is \(trace.meanBitsPerSecond) bit/s: below 1 Kbit/s, no video could play over it")
        }
        return trace
    }
}
