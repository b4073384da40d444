import Foundation

/// Encodes a trace in libCacheSim's formats (see `TraceFormat`), for other tools to read.
public enum TraceWriter {
    public static func encode(_ trace: RequestTrace, as format: TraceFormat) -> Data {
        switch format {
        case .csv: return csv(trace)
        case .oracleGeneral: return oracleGeneral(trace)
        }
    }

    static func csv(_ trace: RequestTrace) -> Data {
        var text = "time,obj_id,obj_size\n"
        text.reserveCapacity(trace.count * 24)
        for index in 0..<trace.count {
            text += "\(trace.times[index]),\(trace.objectIDs[Int(trace.requests.objects[index])]),\(trace.requests.sizes[index])\n"
        }
        return Data(text.utf8)
    }

    static func oracleGeneral(_ trace: RequestTrace) -> Data {
        var requests = trace.requests
        if requests.nextAccesses.count != requests.count { requests.computeNextAccesses() }
        var data = Data(count: trace.count * TraceFormat.oracleRecordSize)
        data.withUnsafeMutableBytes { raw in
            for index in 0..<trace.count {
                let base = index * TraceFormat.oracleRecordSize
                let next = requests.nextAccesses[index]
                raw.storeBytes(of: trace.times[index].littleEndian, toByteOffset: base, as: UInt32.self)
                raw.storeBytes(of: trace.objectIDs[Int(requests.objects[index])].littleEndian, toByteOffset: base + 4, as: UInt64.self)
                raw.storeBytes(of: UInt32(clamping: requests.sizes[index]).littleEndian, toByteOffset: base + 12, as: UInt32.self)
                // libCacheSim's positions count requests from 1; -1 is "never again".
                let position: Int64 = next == Int64.max ? -1 : next + 1
                raw.storeBytes(of: position.littleEndian, toByteOffset: base + 16, as: Int64.self)
            }
        }
        return data
    }
}
