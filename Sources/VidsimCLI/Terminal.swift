import Foundation

/// Output to the terminal: results on stdout, errors on stderr.
enum Terminal {
    /// `line` without the spaces a table's padding left at its end.
    static func trimmedRight(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
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
