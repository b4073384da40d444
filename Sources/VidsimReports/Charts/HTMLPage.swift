import Foundation

/// A self-contained HTML page: inline CSS, no scripts, no network; charts are embedded as inline SVG.
///
/// Every text given to the builder is escaped; only `svg(_:)` and `rawHTML(_:)` take markup as it is.
///
///     var page = HTMLPage(title: "starter")
///     page.heading("Transcode fleet")
///     page.paragraph("340 workers, 61% busy.")
///     page.table(header: ["figure", "value"], rows: [["p95 wait", "3.1 s"]])
///     page.svg(chart.svg())
///     let html = page.render()
public struct HTMLPage: Sendable {
    public var title: String
    private var body: [String] = []

    public init(title: String) {
        self.title = title
    }

    /// Text safe inside HTML and SVG elements and attribute values: & < > " ' replaced by entities.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A section heading (level 2, or 3 for a subsection).
    public mutating func heading(_ text: String, level: Int = 2) {
        let level = min(6, max(2, level))
        body.append("<h\(level)>\(Self.escape(text))</h\(level)>")
    }

    public mutating func paragraph(_ text: String, className: String? = nil) {
        let attribute = className.map { " class=\"\(Self.escape($0))\"" } ?? ""
        body.append("<p\(attribute)>\(Self.escape(text))</p>")
    }

    /// A table; columns whose header is in `numericColumns` are right-aligned.
    public mutating func table(header: [String], rows: [[String]], numericColumns: Set<Int> = [], caption: String? = nil) {
        func cells(_ values: [String], tag: String) -> String {
            values.enumerated().map { index, value in
                let align = numericColumns.contains(index) ? " class=\"num\"" : ""
                return "<\(tag)\(align)>\(Self.escape(value))</\(tag)>"
            }.joined()
        }
        var lines = ["<table>"]
        if let caption { lines.append("<caption>\(Self.escape(caption))</caption>") }
        lines.append("<thead><tr>\(cells(header, tag: "th"))</tr></thead>")
        lines.append("<tbody>")
        lines += rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }
        lines.append("</tbody>")
        lines.append("</table>")
        body.append(lines.joined(separator: "\n"))
    }

    /// An SVG document (a chart's `svg()`), in a figure that scales down with the page.
    public mutating func svg(_ svg: String, caption: String? = nil) {
        let figcaption = caption.map { "\n<figcaption>\(Self.escape($0))</figcaption>" } ?? ""
        body.append("<figure>\n\(svg)\(figcaption)\n</figure>")
    }

    /// Markup as given, unescaped: the caller vouches for it.
    public mutating func rawHTML(_ html: String) { body.append(html) }

    /// The page: a complete HTML5 document.
    public func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(Self.escape(title))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <main>
        <h1>\(Self.escape(title))</h1>
        \(body.joined(separator: "\n"))
        </main>
        </body>
        </html>

        """
    }

    static let css = """

        :root { color-scheme: light; }
        body { margin: 0; background: #fafafa; color: #222; font: 15px/1.5 system-ui, -apple-system, "Segoe UI",
          Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; background: #fff; }
        h1 { font-size: 1.7em; margin: 0 0 0.4em; }
        h2 { font-size: 1.3em; margin: 1.8em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #ddd; }
        h3 { font-size: 1.1em; margin: 1.4em 0 0.4em; }
        p { margin: 0.5em 0; max-width: 75ch; }
        p.note { color: #5f5f5f; font-size: 0.9em; }
        table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.93em; }
        caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
        th, td { padding: 4px 12px 4px 0; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
        th { border-bottom: 2px solid #bbb; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 1em 0; }
        figure svg { display: block; max-width: 100%; height: auto; }
        figcaption { color: #5f5f5f; font-size: 0.9em; margin-top: 0.3em; }
        @media print {
          body { background: #fff; font-size: 11pt; }
          main { max-width: none; padding: 0; }
          h2 { break-after: avoid; }
          figure, table { break-inside: avoid; }
        }

        """
}
