import Foundation

/// One format a run's report is written in: report.json, report.md, report.csv, report.html. A new format is
/// one new file with a type conforming to this protocol, added to `ReportFormats.all`.
public protocol ReportFormat {
    /// The name `--format` takes ("json", "md", "csv", "html").
    static var name: String { get }
    /// The file written in the report folder.
    static var fileName: String { get }
    /// The file's bytes. `timing` is how the run went on this machine: formats that must be reproducible byte
    /// for byte (json, csv) ignore it.
    static func render(_ metrics: RunMetrics, timing: RunTiming) throws -> Data
}

/// Every report format, by name.
public enum ReportFormats {
    public static let all: [any ReportFormat.Type] = [JSONReport.self, MarkdownReport.self, CSVReport.self, HTMLReport.self]

    public static var names: [String] { all.map { $0.name } }

    public static func named(_ name: String) -> (any ReportFormat.Type)? { all.first { $0.name == name } }
}
