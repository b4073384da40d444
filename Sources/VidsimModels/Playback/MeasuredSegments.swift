import Foundation
import VidsimPolicies

/// Segment sizes measured from an HLS ladder on disk: the master playlist `vidsim bench --keep` writes (or any
/// HLS VOD ladder of MPEG-TS or fMP4 segment files), each rendition's media playlist, and each segment file's
/// size. Real encodes are variable bit rate: a scene with motion costs more bytes than a still one, and a player
/// that budgets by the nominal bit rate meets the difference.
public struct MeasuredSegments: Sendable, Equatable {
    /// Rendition names, in ascending average bit rate.
    public let names: [String]
    /// Each rendition's average bit rate in bits per second (the master playlist's AVERAGE-BANDWIDTH, else its
    /// segments' bytes over their duration).
    public let bitrates: [Double]
    /// Each segment's duration (the first rendition's EXTINF) and bytes per rendition, segment-major.
    public let durations: [Double]
    public let bytes: [[Double]]

    /// A problem with a playlist or a segment file: which file, which line.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let line: Int?
        public let message: String
        public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(message)" }
    }

    /// Reads the ladder whose master playlist is at `path`.
    public static func read(master path: String) throws(Problem) -> MeasuredSegments {
        let text = try contents(path)
        let folder = (path as NSString).deletingLastPathComponent
        var renditions: [(name: String, average: Double?, playlist: String)] = []
        var pendingAverage: Double?
        var pendingLine: Int?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("#EXT-X-STREAM-INF:") {
                pendingLine = index + 1
                pendingAverage = attribute("AVERAGE-BANDWIDTH", in: line) ?? attribute("BANDWIDTH", in: line)
            } else if !line.isEmpty && !line.hasPrefix("#") {
                guard pendingLine != nil else {
                    throw Problem(path: path, line: index + 1, message: "a media playlist's URI without an #EXT-X-STREAM-INF line before it")
                }
                let name = ((line as NSString).lastPathComponent as NSString).deletingPathExtension
                renditions.append((name, pendingAverage, (folder as NSString).appendingPathComponent(line)))
                pendingLine = nil
                pendingAverage = nil
            }
        }
        guard !renditions.isEmpty else {
            throw Problem(path: path, line: nil, message: "no renditions: expected a master playlist (#EXT-X-STREAM-INF lines, each followed by a media playlist)")
        }
        var durations: [Double]?
        var perRendition: [[Double]] = []
        var averages: [Double] = []
        for rendition in renditions {
            let (segmentDurations, sizes) = try media(rendition.playlist)
            if let durations {
                guard durations.count == segmentDurations.count else {
                    throw Problem(path: rendition.playlist, line: nil,
                                  message: "\(segmentDurations.count) segments where \(renditions[0].name) has \(durations.count): a player "
                                      + "switches rungs at segment boundaries, so every rendition must be cut alike")
                }
            } else {
                durations = segmentDurations
            }
            perRendition.append(sizes)
            let total = segmentDurations.reduce(0, +)
            averages.append(rendition.average ?? sizes.reduce(0, +) * 8 / total)
        }
        let order = averages.indices.sorted { averages[$0] < averages[$1] }
        let segments = durations!.count
        let bytes = (0..<segments).map { segment in order.map { perRendition[$0][segment] } }
        return MeasuredSegments(names: order.map { renditions[$0].name }, bitrates: order.map { averages[$0] }, durations: durations!,
                                bytes: bytes)
    }

    /// The sizes for a video of `duration` seconds: the measured segments, repeated in order as long as needed
    /// (a benchmark clip is seconds long), the last cut to fit.
    public func sizes(duration: Double, rungs: Int) -> SegmentSizes {
        var lengths: [Double] = []
        var rows: [[Double]] = []
        var covered = 0.0
        var index = 0
        while covered < duration - 1e-9 {
            let full = durations[index]
            let length = min(full, duration - covered)
            lengths.append(length)
            rows.append(bytes[index].prefix(rungs).map { $0 * length / full })
            covered += length
            index = (index + 1) % durations.count
        }
        return SegmentSizes(durations: lengths, perSegment: rows)
    }

    private static func contents(_ path: String) throws(Problem) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(path: path, line: nil, message: "cannot read the playlist")
        }
        guard let text = String(data: data, encoding: .utf8), text.hasPrefix("#EXTM3U") else {
            throw Problem(path: path, line: 1, message: "not an HLS playlist: expected #EXTM3U on the first line")
        }
        return text
    }

    /// A media playlist's segment durations and its segment files' sizes.
    private static func media(_ path: String) throws(Problem) -> ([Double], [Double]) {
        let text = try contents(path)
        let folder = (path as NSString).deletingLastPathComponent
        var durations: [Double] = []
        var sizes: [Double] = []
        var pending: Double?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("#EXTINF:") {
                let value = line.dropFirst("#EXTINF:".count).split(separator: ",").first.map(String.init) ?? ""
                guard let seconds = Double(value), seconds.isFinite, seconds > 0, seconds <= 600 else {
                    throw Problem(path: path, line: index + 1, message: "expected a segment duration in seconds (0 to 600), found '\(value)'")
                }
                pending = seconds
            } else if !line.isEmpty && !line.hasPrefix("#") {
                guard let seconds = pending else {
                    throw Problem(path: path, line: index + 1, message: "a segment URI without an #EXTINF line before it")
                }
                let file = (folder as NSString).appendingPathComponent(line)
                guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber else {
                    throw Problem(path: path, line: index + 1, message: "segment file \(file) cannot be read")
                }
                durations.append(seconds)
                sizes.append(size.doubleValue)
                pending = nil
            }
        }
        guard !durations.isEmpty else { throw Problem(path: path, line: nil, message: "no segments in the media playlist") }
        return (durations, sizes)
    }

    /// A numeric attribute of an #EXT-X-STREAM-INF line.
    private static func attribute(_ name: String, in line: String) -> Double? {
        for part in line.dropFirst("#EXT-X-STREAM-INF:".count).split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 && pair[0] == name { return Double(pair[1]) }
        }
        return nil
    }
}
