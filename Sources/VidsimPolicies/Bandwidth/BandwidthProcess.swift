import VidsimKernel

/// One piece of a link's bandwidth: a rate held for a while.
public struct LinkPiece: Sendable, Equatable {
    /// Throughput in bits per second (0: the link is down for the piece).
    public var bitsPerSecond: Double
    /// How long it holds, in seconds (may be infinite).
    public var seconds: Double
    /// The network's own round trip during the piece, in seconds, added to every request (Sabre's traces
    /// carry one; vidsim's tiers add theirs).
    public var latencySeconds: Double

    public init(bitsPerSecond: Double, seconds: Double, latencySeconds: Double = 0) {
        self.bitsPerSecond = bitsPerSecond
        self.seconds = seconds
        self.latencySeconds = latencySeconds
    }
}

/// One session's link: the pieces of bandwidth it goes through, one after another, for ever.
public protocol BandwidthLink {
    mutating func nextPiece() -> LinkPiece
    /// What the session replays, for logs (a trace's file name); nil when there is nothing to say.
    var label: String? { get }
}

extension BandwidthLink {
    public var label: String? { nil }
}

/// A viewer's bandwidth over a session: one member of the bandwidth-process family.
///
/// The process is what the scenario describes (a constant rate, a Markov chain, a library of traces); each
/// session draws its own `Link` from it (which trace, from which offset, the chain's path) with the session's
/// random stream, so a session replays the same way whatever else runs.
///
/// To add a process: write one file with a type conforming to this protocol and one conforming to
/// `BandwidthLink`, decoded from the mapping that names it (`bandwidth: { process: NAME, scale:, <its
/// parameters> }`), add its `member` to `BandwidthProcesses.registry`, and document it in docs/players.md.
public protocol BandwidthProcess: Sendable {
    associatedtype Link: BandwidthLink
    /// The name a scenario writes.
    static var name: String { get }
    /// One line for docs and `validate`.
    static var summary: String { get }
    /// The parameters it takes.
    static var parameters: [PolicyParameter] { get }
    /// Reads the process's parameters; out-of-range values throw `PolicyParameterError`.
    init(from decoder: Decoder) throws
    /// Reads the files the process names, relative to `directory` (the scenario's); nothing by default.
    mutating func load(relativeTo directory: String) throws(BandwidthFileError)
    /// The files `load` read, by path (what a sweep's digest covers); none by default.
    var filesRead: [String] { get }
    /// One session's link.
    func link(random: RandomStream) -> Link
    /// The long-run mean rate in bits per second (for reports and sanity checks).
    var meanBitsPerSecond: Double { get }
}

extension BandwidthProcess {
    public mutating func load(relativeTo directory: String) throws(BandwidthFileError) {}
    public var filesRead: [String] { [] }

    /// This process as a registry member.
    public static var member: PolicyRegistry<any BandwidthProcess>.Member {
        .init(name: name, summary: summary, parameters: parameters, decode: { try Self(from: $0) })
    }

    public var name: String { Self.name }
}

/// Every bandwidth process vidsim knows, by name.
public enum BandwidthProcesses {
    public static let registry = PolicyRegistry<any BandwidthProcess>(
        familyName: "bandwidth process",
        members: [ConstantBandwidth.member, MarkovBandwidth.member, TraceBandwidth.member])
}

/// A bandwidth file that cannot be read or parsed: which file, which line, what was wrong.
public struct BandwidthFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    /// The line (from 1), if the problem is on one.
    public let line: Int?
    public let message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
