import Foundation
import VidsimModels
import VidsimUnits

/// `vidsim play`'s output: the segment logs and the sessions' figures, as text, CSV or JSON.
enum PlayOutput {
    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    static func rate(_ bitsPerSecond: Double) -> String {
        bitsPerSecond >= 1e6 ? String(format: "%.2f Mbps", bitsPerSecond / 1e6) : String(format: "%.0f Kbps", bitsPerSecond / 1e3)
    }

    static func size(_ bytes: Double) -> String {
        bytes >= 1e6 ? String(format: "%.2f MB", bytes / 1e6) : String(format: "%.1f KB", bytes / 1e3)
    }

    static func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    static func text(_ results: [PlayResult], input: PlayInput, logs: Bool) -> String {
        var out = ""
        let segments = input.stream.sizes.segments
        out += "Video: \(TimeSpan(seconds: input.videoSeconds)) in \(segments) segments of \(TimeSpan(seconds: input.stream.segmentSeconds))"
        if let watch = input.watchSeconds { out += ", \(TimeSpan(seconds: watch)) watched" }
        out += "\nLadder: " + zip(input.rungNames, input.stream.bitrates).map { "\($0) \(rate($1))" }.joined(separator: ", ")
            + (input.sizesMeasured ? " (average bit rates; segment sizes measured)" : "")
        out += "\nLink: \(input.linkDescription); CDN \(input.cacheStart.rawValue); player: startup "
            + "\(input.settings.startup.map(\.description) ?? "one segment"), maximum buffer \(input.settings.maxBuffer)\n"
        for result in results {
            for (index, viewer) in result.viewers.enumerated() where logs {
                out += "\n\(result.algorithm)"
                if result.viewers.count > 1 { out += ", viewer \(index + 1)" }
                if let trace = viewer.traceName { out += ", trace \(trace)" }
                out += "\n" + log(viewer.records, input: input)
                out += summary(viewer.summary, input: input)
            }
        }
        if results.count > 1 || results.first.map({ $0.viewers.count > 1 }) == true {
            out += "\n" + table(results, input: input)
        }
        return out
    }

    static func log(_ records: [SegmentRecord], input: PlayInput) -> String {
        let header = ["segment", "request s", "rung", "size", "tier", "link", "download s", "throughput", "wait s", "buffer s", "stall s"]
        let widths = [7, 10, 6, 10, 6, 10, 10, 10, 7, 13, 8]
        var out = zip(header, widths).map { pad($0, $1) }.joined(separator: " ") + "\n"
        for record in records {
            let cells = [
                "\(record.segment + 1)", seconds(record.requestTime), input.rungNames[record.rung], size(record.bytes),
                record.tier.name, rate(record.linkRate), seconds(record.downloadSeconds), rate(record.throughput),
                seconds(record.waitSeconds), "\(String(format: "%.2f", record.bufferAtRequest))->\(String(format: "%.2f", record.bufferAfter))",
                seconds(record.stallSeconds),
            ]
            out += zip(cells, widths).map { pad($0, $1) }.joined(separator: " ") + (record.abandoned ? " abandoned" : "") + "\n"
        }
        return out
    }

    static func summary(_ summary: SessionSummary, input: PlayInput) -> String {
        let rungs = zip(input.rungNames, summary.rungSeconds).filter { $0.1 > 0 }
            .map { "\($0.0) \(String(format: "%.0f", 100 * $0.1 / max(summary.watchedSeconds, 1e-12)))%" }
        let tiers = ServingTier.allCases.map { "\($0.name) \(summary.tierSegments[$0.rawValue])" }
        return """
              startup delay           \(seconds(summary.startupSeconds)) s
              stalls                  \(summary.stalls), \(seconds(summary.stallSeconds)) s (rebuffer ratio \(String(format: "%.2f", 100 * summary.rebufferRatio))%)
              time-average bit rate   \(rate(summary.timeAverageBitrate))
              switches                \(summary.switches)
              content by rung         \(rungs.joined(separator: ", "))
              segments served by      \(tiers.joined(separator: ", "))
              bytes                   \(size(summary.bytes))\(summary.abandonments > 0 ? ", and \(size(summary.abandonedBytes)) in \(summary.abandonments) abandoned download\(summary.abandonments == 1 ? "" : "s")" : "")
              QoE (linear)            \(String(format: "%.2f", summary.qoe)) (\(String(format: "%.3f", summary.qoePerSegment)) per segment)

            """
    }

    static func table(_ results: [PlayResult], input: PlayInput) -> String {
        let header = ["algorithm", "viewer", "startup s", "stalls", "stall s", "rebuffer", "avg bit rate", "switches", "QoE", "QoE/segment"]
        let widths = [9, 6, 9, 6, 8, 8, 12, 8, 9, 11]
        var out = zip(header, widths).map { pad($0, $1, right: $0 != "algorithm") }.joined(separator: " ") + "\n"
        for result in results {
            for (index, viewer) in result.viewers.enumerated() {
                let s = viewer.summary
                let cells = [
                    result.algorithm, "\(index + 1)", seconds(s.startupSeconds), "\(s.stalls)", seconds(s.stallSeconds),
                    String(format: "%.2f%%", 100 * s.rebufferRatio), rate(s.timeAverageBitrate), "\(s.switches)",
                    String(format: "%.2f", s.qoe), String(format: "%.3f", s.qoePerSegment),
                ]
                out += zip(zip(cells, widths), header).map { pad($0.0, $0.1, right: $1 != "algorithm") }.joined(separator: " ") + "\n"
            }
        }
        return out
    }

    static func csv(_ results: [PlayResult], input: PlayInput) -> String {
        var out = "algorithm,viewer,segment,request_s,rung,rung_name,bytes,tier,link_bps,download_s,throughput_bps,wait_s,"
            + "buffer_at_request_s,buffer_after_s,stall_s,abandoned\n"
        for result in results {
            for (index, viewer) in result.viewers.enumerated() {
                for record in viewer.records {
                    out += "\(result.algorithm),\(index + 1),\(record.segment + 1),\(number(record.requestTime)),\(record.rung),"
                        + "\(input.rungNames[record.rung]),\(number(record.bytes)),\(record.tier.name),\(number(record.linkRate)),"
                        + "\(number(record.downloadSeconds)),\(number(record.throughput)),\(number(record.waitSeconds)),"
                        + "\(number(record.bufferAtRequest)),\(number(record.bufferAfter)),\(number(record.stallSeconds)),"
                        + "\(record.abandoned ? 1 : 0)\n"
                }
            }
        }
        return out
    }

    /// Shortest round-trip text of a double, as the CSV reports write numbers.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func json(_ results: [PlayResult], input: PlayInput) -> String {
        let sessions: [JSONTree] = results.flatMap { result in
            result.viewers.enumerated().map { index, viewer -> JSONTree in
                let s = viewer.summary
                return .object([
                    "algorithm": .string(result.algorithm),
                    "viewer": .integer(index + 1),
                    "trace": viewer.traceName.map { .string($0) } ?? .null,
                    "startup_s": .finite(s.startupSeconds),
                    "stalls": .integer(s.stalls),
                    "stall_s": .finite(s.stallSeconds),
                    "rebuffer_ratio": .finite(s.rebufferRatio),
                    "time_average_bitrate_bps": .finite(s.timeAverageBitrate),
                    "switches": .integer(s.switches),
                    "qoe": .finite(s.qoe),
                    "qoe_per_segment": .finite(s.qoePerSegment),
                    "bytes": .finite(s.bytes),
                    "abandonments": .integer(s.abandonments),
                    "abandoned_bytes": .finite(s.abandonedBytes),
                    "watched_s": .finite(s.watchedSeconds),
                    "rung_seconds": .object(Dictionary(uniqueKeysWithValues: zip(input.rungNames, s.rungSeconds.map { JSONTree.finite($0) }))),
                    "segments_by_tier": .object(Dictionary(uniqueKeysWithValues: ServingTier.allCases.map { ($0.name, JSONTree.integer(s.tierSegments[$0.rawValue])) })),
                    "segments": .array(viewer.records.map { record in
                        .object([
                            "segment": .integer(record.segment + 1), "request_s": .finite(record.requestTime),
                            "rung": .string(input.rungNames[record.rung]), "bytes": .finite(record.bytes),
                            "tier": .string(record.tier.name), "link_bps": .finite(record.linkRate),
                            "download_s": .finite(record.downloadSeconds), "wait_s": .finite(record.waitSeconds),
                            "buffer_at_request_s": .finite(record.bufferAtRequest), "buffer_after_s": .finite(record.bufferAfter),
                            "stall_s": .finite(record.stallSeconds), "abandoned": .bool(record.abandoned),
                        ])
                    }),
                ])
            }
        }
        return JSONTree.object(["sessions": .array(sessions)]).text() + "\n"
    }
}
