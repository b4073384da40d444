/// A problem with a scenario file, located by file, line and column and by the field's path.
///
/// Printed as `FILE:LINE:COLUMN: error: FIELD.PATH: message`, the form editors and terminals link to.
public struct ScenarioError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let column: Int
    /// The field's path in the scenario ("uploads.duration", "ladder.rungs[2].bitrate"), empty for the file.
    public let fieldPath: String
    public let message: String

    public init(file: String, line: Int, column: Int, fieldPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.fieldPath = fieldPath
        self.message = message
    }

    public var description: String {
        let field = fieldPath.isEmpty ? "" : "\(fieldPath): "
        return "\(file):\(line):\(column): error: \(field)\(message)"
    }
}

/// An error a Decodable initialiser throws about one field, before its file and line are known.
///
/// The loader maps `codingPath` to the node it came from. `atKey` points the error at the key itself (an unknown
/// key) rather than its value.
struct FieldError: Error {
    let codingPath: [CodingKey]
    let message: String
    var atKey = false
}
