import Foundation

/// Reads request traces in libCacheSim's formats into a `RequestTrace`, naming the line or record of anything
/// wrong. Requests of size 0 are skipped and counted, as libCacheSim's readers skip them.
public enum TraceReader {
    /// A trace and what reading it skipped.
    public struct Result: Sendable {
        public let trace: RequestTrace
        public let skippedZeroSize: Int
        public let format: TraceFormat
    }

    /// Reads `path` in `format` (guessed from the name when nil, else from the content).
    public static func read(path: String, format: TraceFormat? = nil, withFuture: Bool = true) throws(TraceError) -> Result {
        let data = try contents(of: path)
        let chosen = format ?? TraceFormat.guess(fromPath: path) ?? (looksLikeText(data) ? .csv : .oracleGeneral)
        switch chosen {
        case .csv: return try readCSV([UInt8](data), path: path, withFuture: withFuture)
        case .oracleGeneral: return try readOracleGeneral(data, path: path, withFuture: withFuture)
        }
    }

    static func contents(of path: String) throws(TraceError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TraceError(path: path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw TraceError(path: path, message: "is a directory, expected a trace file") }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw TraceError(path: path, message: "cannot be read (permissions?)")
        }
        guard !data.isEmpty else { throw TraceError(path: path, message: "is empty: a trace needs at least one request") }
        return data
    }

    /// Whether the first kilobyte is text (csv: UTF-8 allowed) rather than binary records: no control byte but
    /// tab, line feed and carriage return.
    static func looksLikeText<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.prefix(1024).allSatisfy { $0 == 9 || $0 == 10 || $0 == 13 || ($0 >= 32 && $0 != 127) }
    }

    // MARK: oracleGeneral

    static func readOracleGeneral(_ bytes: Data, path: String, withFuture: Bool) throws(TraceError) -> Result {
        let size = TraceFormat.oracleRecordSize
        if looksLikeText(bytes) {
            throw TraceError(path: path, message: "is text, not oracleGeneral's binary records: read it with --format csv")
        }
        guard bytes.count % size == 0 else {
            throw TraceError(path: path, location: "record \(bytes.count / size + 1)",
                             message: "truncated: \(bytes.count) bytes is not a whole number of \(size)-byte records (the last one has \(bytes.count % size) bytes)")
        }
        let records = bytes.count / size
        var builder = RequestTraceBuilder(expectedRequests: records)
        var skipped = 0
        var overflowAt: Int?
        bytes.withUnsafeBytes { raw in
            for record in 0..<records {
                let base = record * size
                let time = raw.loadUnaligned(fromByteOffset: base, as: UInt32.self).littleEndian
                let id = raw.loadUnaligned(fromByteOffset: base + 4, as: UInt64.self).littleEndian
                let objectSize = raw.loadUnaligned(fromByteOffset: base + 12, as: UInt32.self).littleEndian
                if objectSize == 0 { skipped += 1; continue }
                guard builder.append(time: time, id: id, size: Int64(objectSize)) else { overflowAt = record; return }
            }
        }
        if let overflowAt {
            throw TraceError(path: path, location: "record \(overflowAt + 1)",
                             message: "more than \(Int32.max) distinct objects: split the trace")
        }
        guard builder.count > 0 else { throw TraceError(path: path, message: "holds no request of a size above 0") }
        return Result(trace: builder.build(withFuture: withFuture), skippedZeroSize: skipped, format: .oracleGeneral)
    }

    // MARK: csv

    static func readCSV(_ bytes: [UInt8], path: String, withFuture: Bool) throws(TraceError) -> Result {
        guard looksLikeText(bytes) else {
            throw TraceError(path: path, location: "line 1",
                             message: "is binary, not csv text: read it with --format oracle-general")
        }
        var builder = RequestTraceBuilder(expectedRequests: bytes.count / 16)
        var skipped = 0
        var columns = (time: 0, id: 1, size: 2)
        var line = 0
        // A UTF-8 byte-order mark is not part of the first field.
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var fields: [Range<Int>] = []
        fields.reserveCapacity(8)
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 10 { end += 1 }
            line += 1
            var stop = end
            if stop > start && bytes[stop - 1] == 13 { stop -= 1 }
            defer { start = end + 1 }
            if stop == start { continue }
            fields.removeAll(keepingCapacity: true)
            var fieldStart = start
            for index in start...stop where index == stop || bytes[index] == 44 {
                fields.append(fieldStart..<index)
                fieldStart = index + 1
            }
            if builder.count == 0 && skipped == 0, let header = headerColumns(bytes, fields) {
                columns = header
                continue
            }
            let needed = max(columns.time, columns.id, columns.size) + 1
            // A header without a time column gives every request time 0 (columns.time is -1).
            guard fields.count >= needed else {
                throw TraceError(path: path, location: "line \(line)",
                                 message: "expected \(needed) comma-separated fields (time,obj_id,obj_size), found \(fields.count): \(quote(bytes, start..<stop))")
            }
            guard let time = columns.time < 0 ? 0 : wholeNumber(bytes, fields[columns.time], allowFraction: true),
                  time <= UInt64(UInt32.max) else {
                throw TraceError(path: path, location: "line \(line)",
                                 message: "time: expected whole seconds from 0 to \(UInt32.max), found \(quote(bytes, fields[columns.time]))")
            }
            guard let size = wholeNumber(bytes, fields[columns.size], allowFraction: false), size <= UInt64(UInt32.max) else {
                throw TraceError(path: path, location: "line \(line)",
                                 message: "obj_size: expected a whole number of bytes from 0 to \(UInt32.max), found \(quote(bytes, fields[columns.size]))")
            }
            let idRange = fields[columns.id]
            guard !idRange.isEmpty else {
                throw TraceError(path: path, location: "line \(line)", message: "obj_id: expected an id, found an empty field")
            }
            let id = wholeNumber(bytes, idRange, allowFraction: false) ?? hash(bytes, idRange)
            if size == 0 { skipped += 1; continue }
            guard builder.append(time: UInt32(time), id: id, size: Int64(size)) else {
                throw TraceError(path: path, location: "line \(line)", message: "more than \(Int32.max) distinct objects: split the trace")
            }
        }
        guard builder.count > 0 else { throw TraceError(path: path, message: "holds no request of a size above 0") }
        return Result(trace: builder.build(withFuture: withFuture), skippedZeroSize: skipped, format: .csv)
    }

    /// The columns a header line names (time, obj_id or id, obj_size or size), or nil if the line is data.
    static func headerColumns(_ bytes: [UInt8], _ fields: [Range<Int>]) -> (time: Int, id: Int, size: Int)? {
        let names = fields.map { String(decoding: bytes[$0], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased() }
        let known: Set = ["time", "timestamp", "clock_time", "obj_id", "id", "object", "key", "obj_size", "size", "bytes"]
        guard names.contains(where: known.contains) else { return nil }
        let time = names.firstIndex(where: { $0 == "time" || $0 == "timestamp" || $0 == "clock_time" }) ?? -1
        let id = names.firstIndex(where: { $0 == "obj_id" || $0 == "id" || $0 == "object" || $0 == "key" }) ?? 1
        let size = names.firstIndex(where: { $0 == "obj_size" || $0 == "size" || $0 == "bytes" }) ?? 2
        return (time, id, size)
    }

    /// A decimal whole number (a fraction truncated when allowed), or nil.
    @inline(__always)
    static func wholeNumber(_ bytes: [UInt8], _ range: Range<Int>, allowFraction: Bool) -> UInt64? {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && bytes[lower] == 32 { lower += 1 }
        while upper > lower && bytes[upper - 1] == 32 { upper -= 1 }
        guard lower < upper else { return nil }
        var value: UInt64 = 0
        var index = lower
        while index < upper {
            let byte = bytes[index]
            if byte == 46 && allowFraction && index > lower {
                // Digits after the point only.
                var rest = index + 1
                while rest < upper { guard (48...57).contains(bytes[rest]) else { return nil }; rest += 1 }
                return value
            }
            guard (48...57).contains(byte) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - 48))
            guard !overflow1 && !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// FNV-1a of a non-numeric id.
    static func hash(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes[range] {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// A field's text for a message, cut at 40 characters.
    static func quote(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        let text = String(decoding: bytes[range.prefix(40)], as: UTF8.self)
        if range.isEmpty { return "an empty field" }
        return "'" + text + (range.count > 40 ? "...'" : "'")
    }
}
