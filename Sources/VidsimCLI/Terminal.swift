import Foundation

/// Output to the terminal: results on stdout, errors on stderr.
enum Terminal {
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
