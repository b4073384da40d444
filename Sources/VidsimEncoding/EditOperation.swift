import VidsimCalibration
import VidsimUnits

/// An editing operation as an interactive tier runs it on a clip: decode the clip, apply a filter chain (if the
/// operation has one), fit the picture into a box, encode the result. `vidsim bench --operations` measures what
/// each costs per content second, and a scenario's work class can take its service time from that measurement
/// (`service: { operation: preview, content: ... }`).
///
/// The operations are named recipes, each the work a browser editor's back end does for one user action:
///
/// | name      | filter                                   | picture        | encoder                    |
/// |-----------|------------------------------------------|----------------|----------------------------|
/// | `trim`    | none (a frame-accurate cut re-encodes)   | the source's   | x264 veryfast, CRF 20      |
/// | `filter`  | colour and sharpening (`eq`, `unsharp`)  | the source's   | x264 veryfast, CRF 20      |
/// | `preview` | none                                     | 360 lines      | x264 ultrafast, CRF 28     |
///
/// A height may be given for any of them (`preview:480`); the picture is never scaled up.
public struct EditOperation: Sendable, Hashable {
    /// The recipe's name (`trim`, `filter`, `preview`).
    public var name: String
    /// The tallest the output may be, in lines; nil: the source's size.
    public var height: Int32?
    /// A libavfilter chain applied to the decoded picture before it is scaled; nil: none.
    public var filter: String?
    public var settings: EncoderSettings
    /// What the recipe stands for, for tables and the calibration file.
    public var purpose: String

    /// The recipes, by name.
    public static let recipes: [String: EditOperation] = [
        "trim": EditOperation(
            name: "trim", height: nil, filter: nil,
            settings: EncoderSettings(codec: .x264, preset: "veryfast", rateControl: .crf(20, maxrate: nil, bufferSize: nil), threads: 1),
            purpose: "a frame-accurate cut: the clip decoded and re-encoded at its own size"),
        "filter": EditOperation(
            name: "filter", height: nil, filter: "eq=contrast=1.1:saturation=1.25,unsharp=5:5:1.0",
            settings: EncoderSettings(codec: .x264, preset: "veryfast", rateControl: .crf(20, maxrate: nil, bufferSize: nil), threads: 1),
            purpose: "a colour and sharpening filter applied to the whole clip, re-encoded at its own size"),
        "preview": EditOperation(
            name: "preview", height: 360, filter: nil,
            settings: EncoderSettings(codec: .x264, preset: "ultrafast", rateControl: .crf(28, maxrate: nil, bufferSize: nil), threads: 1),
            purpose: "a quick preview render, scaled down"),
    ]

    /// The recipes' names, sorted, for messages.
    public static var names: [String] { recipes.keys.sorted() }

    /// The tallest output an operation may ask for.
    public static let tallest: Int32 = 4320

    /// An operation as `--operations` writes it: a recipe's name, optionally with the output's height
    /// (`preview:480`, `trim:720`).
    public init(parsing text: String) throws(EditOperationError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let recipe = Self.recipes[parts[0]] else {
            if text.contains(",") {
                throw EditOperationError("'\(text)': separate operations with spaces (--operations trim filter preview)")
            }
            var message = "unknown editing operation '\(parts[0])'; known: \(Self.names.joined(separator: ", "))"
            if let close = Spelling.closest(to: parts[0], among: Self.names) {
                message += " (did you mean '\(close)'?)"
            }
            throw EditOperationError(message)
        }
        self = recipe
        if parts.count == 2 {
            let lines = parts[1].hasSuffix("p") ? String(parts[1].dropLast()) : parts[1]
            guard let height = Int32(lines), (2...Self.tallest).contains(height) else {
                throw EditOperationError("'\(text)': expected a height of 2 to \(Self.tallest) lines after the colon (preview:480), found '\(parts[1])'")
            }
            self.height = height
        }
    }

    private init(name: String, height: Int32?, filter: String?, settings: EncoderSettings, purpose: String) {
        self.name = name
        self.height = height
        self.filter = filter
        self.settings = settings
        self.purpose = purpose
    }

    /// The operation as `--operations` takes it: `preview:360`, `trim`.
    public var label: String { height.map { "\(name):\($0)" } ?? name }

    /// The same work as ffmpeg program options, for users to reproduce it.
    public var ffmpegArguments: [String] {
        var filters: [String] = []
        if let filter { filters.append(filter) }
        if let height { filters.append("scale=-2:'min(\(height),ih)'") }
        return (filters.isEmpty ? [] : ["-vf", filters.joined(separator: ",")]) + settings.ffmpegArguments
    }
}

/// An operation name or height `--operations` cannot take.
public struct EditOperationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
