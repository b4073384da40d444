/// The request-trace formats `vidsim cache` reads and writes: libCacheSim's, so traces move between the two.
public enum TraceFormat: String, CaseIterable, Sendable {
    /// Text, one request per line: `time,obj_id,obj_size` (a header line naming the columns is allowed; ids that
    /// are not numbers are hashed, as libCacheSim does with `obj_id_is_num=false`).
    case csv
    /// Binary, 24-byte little-endian records: uint32 time, uint64 object id, uint32 size, int64 the (1-based)
    /// position of the object's next request or -1.
    case oracleGeneral = "oracle-general"

    /// The format a file's name suggests: `.csv` (also `.csv.txt`) is csv, `.oracleGeneral`, `.bin` or
    /// `.oracleGeneral.bin` the binary one; nil when the name says nothing.
    public static func guess(fromPath path: String) -> TraceFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".csv.txt") || lower.hasSuffix(".txt") { return .csv }
        if lower.hasSuffix(".oraclegeneral") || lower.hasSuffix(".bin") || lower.contains(".oraclegeneral.") {
            return .oracleGeneral
        }
        return nil
    }

    /// The bytes of one oracleGeneral record.
    public static let oracleRecordSize = 24
}

/// A trace that cannot be read or written, located by its file and line or record.
public struct TraceError: Error, CustomStringConvertible, Equatable {
    public let path: String
    /// "line 12" or "record 7" (1-based), when the error is at one.
    public let location: String?
    public let message: String

    public init(path: String, location: String? = nil, message: String) {
        self.path = path
        self.location = location
        self.message = message
    }

    public var description: String {
        if let location { return "\(path): \(location): \(message)" }
        return "\(path): \(message)"
    }
}
