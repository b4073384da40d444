import Foundation

/// Output to the terminal: results on stdout, errors on stderr.
enum Terminal {
    /// `rows` (the header first) as lines of columns, each as wide as its widest cell, two spaces apart, after
    /// `indent`: left-aligned but for the `rightAligned` ones; no spaces left at a line's end.
    static func columns(_ rows: [[String]], indent: String = "  ", rightAligned: Set<Int> = []) -> [String] {
        let widths = (rows.first ?? []).indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = indent + row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

extension Terminal {
    /// A progress or context line on stderr, so that stdout stays the result.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
