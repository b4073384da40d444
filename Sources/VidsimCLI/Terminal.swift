import Foundation

/// Output to the terminal: results on stdout, errors on stderr.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
