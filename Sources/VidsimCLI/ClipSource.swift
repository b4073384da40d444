import Foundation
import VidsimEncoding

/// A clip to measure, opened only when its turn comes (so one bad file does not stop the others): a file named
/// on the command line, a video file of a folder named there, or a clip generated in-process.
struct ClipSource {
    let label: String
    let open: () throws -> FrameSource
    let expectedFrames: (FrameSource) -> Int?

    /// The clips `clips` names (files, or folders of video files), or with none, clips of the `generated`
    /// complexities at `width` x `height`; and a line for each folder that gave none.
    static func sources(clips: [String], generated: [GeneratedClip.Complexity], width: Int32, height: Int32, seconds: Double,
                        fps: Int) -> (sources: [ClipSource], problems: [String]) {
        if clips.isEmpty {
            let sources = generated.map { complexity in
                let clip = GeneratedClip(complexity, width: width, height: height, seconds: seconds, frameRate: fps)
                return ClipSource(label: clip.name, open: { clip }, expectedFrames: { _ in Int((seconds * Double(fps)).rounded()) })
            }
            return (sources, [])
        }
        var files: [String] = []
        var problems: [String] = []
        for path in clips {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(path)  // a file named directly is always tried, and named if FFmpeg cannot read it
                continue
            }
            do {
                let (videos, others) = try videoFiles(in: path)
                if videos.isEmpty {
                    problems.append("\(path): no video files found" + (others == 0 ? "" :
                        " (\(others) other file\(others == 1 ? "" : "s") ignored: a folder gives its files named \(videoExtensionsExample); name a file directly to try it)"))
                }
                files += videos
            } catch {
                problems.append("\(path): cannot list the folder: \(error.localizedDescription)")
            }
        }
        let sources = files.map { path in
            ClipSource(label: path, open: { try FileClip(path: path) },
                       expectedFrames: { ($0 as? FileClip)?.expectedFrameCount })
        }
        return (sources, problems)
    }

    /// The file extensions (lower case) a --clips folder's files are taken by: video containers and raw streams.
    static let videoExtensions: Set<String> = [
        "mp4", "m4v", "mov", "mkv", "webm", "avi", "flv", "ts", "mts", "m2ts", "mpg", "mpeg", "mxf", "3gp", "ogv",
        "wmv", "y4m", "ivf", "h264", "264", "h265", "265", "hevc", "obu",
    ]
    static let videoExtensionsExample = ".mp4, .mov, .mkv, .webm and other video extensions"

    /// A folder's video files (by extension, not hidden, not folders), sorted by name, and how many other entries
    /// it has.
    static func videoFiles(in folder: String) throws -> (videos: [String], others: Int) {
        var videos: [String] = []
        var others = 0
        for entry in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where !entry.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            let isFile = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            if isFile && videoExtensions.contains((entry as NSString).pathExtension.lowercased()) {
                videos.append(path)
            } else {
                others += 1
            }
        }
        return (videos, others)
    }
}
