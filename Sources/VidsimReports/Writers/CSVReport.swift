import Foundation
import VidsimUnits

/// report.csv, tidy rows for pandas or a spreadsheet: one row per figure and replication, then one per series,
/// sample and replication.
///
///     kind,key,unit,replication,time_s,value
///     figure,transcode.time_to_publish.p95,s,0,,931.2
///     series,busy_workers,workers,0,3600,212
///
/// Numbers are written in full precision ("%.17g" where needed, shortest round-trip form otherwise); the same
/// scenario and seed give the same bytes. Replications count from 0, as their seeds do.
public enum CSVReport: ReportFormat {
    public static let name = "csv"
    public static let fileName = "report.csv"

    public static func render(_ metrics: RunMetrics, timing: RunTiming) throws -> Data {
        Data(text(metrics).utf8)
    }

    public static func text(_ metrics: RunMetrics) -> String {
        var out = "kind,key,unit,replication,time_s,value\n"
        for figure in metrics.figures {
            for (replication, value) in figure.values.enumerated() {
                out += "figure,\(field(figure.key)),\(field(figure.unit.symbol)),\(replication),,\(number(value))\n"
            }
        }
        for series in metrics.series {
            for (replication, values) in series.values.enumerated() {
                for (sample, value) in values.enumerated() {
                    out += "series,\(field(series.declaration.key)),\(field(series.declaration.unit.symbol)),\(replication),"
                        + "\(number(metrics.sampleTimes[sample])),\(number(value))\n"
                }
            }
        }
        return out
    }

    /// A number as CSV readers parse it back exactly; empty for a non-finite one.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A field quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
