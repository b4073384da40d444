import Foundation
import VidsimKernel

/// Measured traces, replayed: each session draws one trace of the library at random and plays it from a random
/// offset (or from its start), looping at its end, as Pensieve's simulator does.
public struct TraceBandwidth: BandwidthProcess {
    public static let name = "trace"
    public static let summary = "real throughput traces (Pensieve's cooked lines or Sabre's JSON), one drawn per session"
    public static let parameters = [
        PolicyParameter("files", .paths,
                        "trace files, or folders whose every file is a trace, relative to the scenario"),
        PolicyParameter("offset", .choice(["random", "start"]), default: "random",
                        "where in the trace a session starts"),
    ]

    /// The paths as written.
    public let files: [String]
    public let randomOffset: Bool
    /// The traces read by `load(relativeTo:)`.
    public private(set) var traces: [BandwidthTrace] = []

    public init(files: [String], randomOffset: Bool = true) {
        self.files = files
        self.randomOffset = randomOffset
    }

    /// A process over traces already read.
    public init(traces: [BandwidthTrace], randomOffset: Bool = true) {
        precondition(!traces.isEmpty, "at least one trace")
        files = traces.map(\.name)
        self.randomOffset = randomOffset
        self.traces = traces
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PolicyKey.self)
        let key = PolicyKey("files")
        let files: [String]
        if let one = try? container.decode(String.self, forKey: key) {
            files = [one]
        } else if let many = try container.decodeIfPresent([String].self, forKey: key) {
            files = many
        } else {
            throw decoder.parameterError("the trace process needs files: a trace file, a folder of them, or a list", field: "files")
        }
        guard !files.isEmpty else { throw decoder.parameterError("expected at least one file", field: "files") }
        let offset = try container.decodeIfPresent(String.self, forKey: PolicyKey("offset")) ?? "random"
        guard offset == "random" || offset == "start" else {
            throw decoder.parameterError("expected random or start, found '\(offset)'", field: "offset")
        }
        self.init(files: files, randomOffset: offset == "random")
    }

    public private(set) var filesRead: [String] = []

    public mutating func load(relativeTo directory: String) throws(BandwidthFileError) {
        var traces: [BandwidthTrace] = []
        var read: [String] = []
        for written in files {
            let path = written.hasPrefix("/") || directory.isEmpty ? written : (directory as NSString).appendingPathComponent(written)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw BandwidthFileError(path: path, message: "no such trace file or folder")
            }
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                } catch {
                    throw BandwidthFileError(path: path, message: "cannot list the folder: \(error.localizedDescription)")
                }
                // Trace files only: not hidden files, read-me and licence files, or sub-folders.
                let kept = names.filter { name in
                    var nested: ObjCBool = false
                    let full = (path as NSString).appendingPathComponent(name)
                    return !name.hasPrefix(".") && !name.hasPrefix("README") && !name.hasPrefix("LICENSE") && !name.hasSuffix(".md")
                        && FileManager.default.fileExists(atPath: full, isDirectory: &nested) && !nested.boolValue
                }
                guard !kept.isEmpty else { throw BandwidthFileError(path: path, message: "the folder holds no trace files") }
                for name in kept {
                    let file = (path as NSString).appendingPathComponent(name)
                    traces.append(try BandwidthTrace.read(path: file))
                    read.append(file)
                }
            } else {
                traces.append(try BandwidthTrace.read(path: path))
                read.append(path)
            }
            guard traces.count <= 100_000 else { throw BandwidthFileError(path: path, message: "more than 100,000 traces") }
        }
        self.traces = traces
        filesRead = read
    }

    public struct Link: BandwidthLink {
        /// The trace's name (its file's).
        public let traceName: String
        public var label: String? { traceName }
        let pieces: [LinkPiece]
        var index: Int
        /// What is left of the first piece after the offset; nil once it is used.
        var firstRemainder: Double?

        public mutating func nextPiece() -> LinkPiece {
            var piece = pieces[index]
            if let firstRemainder {
                piece.seconds = firstRemainder
                self.firstRemainder = nil
            }
            index = index + 1 == pieces.count ? 0 : index + 1
            return piece
        }
    }

    public func link(random: RandomStream) -> Link {
        precondition(!traces.isEmpty, "the traces are loaded before sessions start")
        let trace = traces[min(Int(random.uniform() * Double(traces.count)), traces.count - 1)]
        guard randomOffset else { return Link(traceName: trace.name, pieces: trace.pieces, index: 0, firstRemainder: nil) }
        var offset = random.uniform() * trace.totalSeconds
        var index = 0
        while index < trace.pieces.count - 1 && offset >= trace.pieces[index].seconds {
            offset -= trace.pieces[index].seconds
            index += 1
        }
        return Link(traceName: trace.name, pieces: trace.pieces, index: index, firstRemainder: max(trace.pieces[index].seconds - offset, 1e-9))
    }

    /// The library's mean: each trace equally likely, each time-weighted.
    public var meanBitsPerSecond: Double {
        traces.isEmpty ? 0 : traces.reduce(0) { $0 + $1.meanBitsPerSecond } / Double(traces.count)
    }
}
