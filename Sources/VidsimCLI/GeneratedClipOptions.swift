import ArgumentParser
import VidsimEncoding

/// The options of the commands that encode clips (`bench`, `ladder`) for the clips they generate when no file
/// is named: which complexities, their size, length and frame rate.
struct GeneratedClipOptions: ParsableArguments {
    @Option(help: "Generated clips when no clips are named: comma-separated from still, moderate, detailed, noise.")
    var generate = "still,moderate,detailed,noise"

    @Option(help: "Size of generated clips, WIDTHxHEIGHT.")
    var size = "1920x1080"

    @Option(help: "Length of generated clips, in seconds (at most 600).")
    var seconds = 2.0

    @Option(help: "Frame rate of generated clips (1 to 240).")
    var fps = 30

    func validate() throws {
        guard seconds > 0 && seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600]") }
        guard fps >= 1 && fps <= 240 else { throw ValidationError("--fps must be between 1 and 240") }
        guard seconds * Double(fps) >= 1 else {
            throw ValidationError("--seconds \(seconds) at \(fps) fps is less than one frame")
        }
        guard parsedSize != nil else {
            throw ValidationError("--size must be WIDTHxHEIGHT with even numbers from 16 to 8192, such as 1920x1080")
        }
        let known = GeneratedClip.Complexity.allCases.map(\.rawValue).joined(separator: ", ")
        for name in generate.split(separator: ",") where GeneratedClip.Complexity(rawValue: String(name)) == nil {
            throw ValidationError("unknown generated clip '\(name)': choose from \(known)")
        }
        guard !complexities.isEmpty else { throw ValidationError("--generate needs at least one of \(known)") }
    }

    /// The size, once `validate` has passed.
    var parsedSize: (width: Int32, height: Int32)? {
        let parts = size.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int32($0) }
        guard parts.count == 2, let width = parts[0], let height = parts[1],
              [width, height].allSatisfy({ $0 >= 16 && $0 <= 8192 && $0 % 2 == 0 }) else { return nil }
        return (width, height)
    }

    var complexities: [GeneratedClip.Complexity] {
        generate.split(separator: ",").compactMap { GeneratedClip.Complexity(rawValue: String($0)) }
    }

    /// The clips `clips` names, or the generated ones.
    func sources(clips: [String]) -> (sources: [ClipSource], problems: [String]) {
        let (width, height) = parsedSize!
        return ClipSource.sources(clips: clips, generated: complexities, width: width, height: height, seconds: seconds, fps: fps)
    }
}
