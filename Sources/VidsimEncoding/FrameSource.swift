import CFFmpeg

/// Anything that yields a clip's pictures in order: a decoded file or a generated pattern.
public protocol FrameSource: AnyObject {
    /// What the clip is called in tables and calibration files.
    var name: String { get }
    var width: Int32 { get }
    var height: Int32 { get }
    var frameRate: AVRational { get }
    /// Calls `body` with every frame in presentation order; each frame is only valid during the call.
    func forEachFrame(_ body: (Frame) throws -> Void) throws
}

extension FrameSource {
    /// The frame rate as a number of frames a second.
    public var framesPerSecond: Double { av_q2d(frameRate) }
}

/// A clip in a file FFmpeg can read. Each pass opens the file anew: a decoder that reached the end of its
/// stream cannot simply start again, and not every format can seek back to the start.
public final class FileClip: FrameSource {
    public let path: String
    public let width: Int32
    public let height: Int32
    public let frameRate: AVRational
    /// The frames the container announces, if it says.
    public let expectedFrameCount: Int?

    /// Opens the file once to check it and read its shape.
    public init(path: String) throws(FFmpegError) {
        self.path = path
        let file = try VideoFile(path: path)
        width = file.width
        height = file.height
        frameRate = file.frameRate
        expectedFrameCount = file.expectedFrameCount
    }

    public var name: String { (path as NSString).lastPathComponent }

    public func forEachFrame(_ body: (Frame) throws -> Void) throws {
        try VideoFile(path: path).decode(body)
    }
}

/// A clip made in-process by libavfilter's sources, of graded encoding complexity.
public final class GeneratedClip: FrameSource {
    /// How hard the picture is to encode, from nearly static to pure noise.
    public enum Complexity: String, CaseIterable, Sendable {
        /// Smooth gradients drifting slowly: a stand-in for a talking head on a plain background.
        case still
        /// testsrc2: moving shapes and text over a steady background.
        case moderate
        /// A Mandelbrot zoom: motion everywhere, with fine detail.
        case detailed
        /// Temporal noise on grey: nothing for motion search to find, the encoder's worst case.
        case noise

        func filter(width: Int32, height: Int32, frameRate: Int, seconds: Double) -> String {
            let size = "s=\(width)x\(height):r=\(frameRate)"
            switch self {
            // Every parameter that would otherwise be random is pinned: the quality pass regenerates the clip
            // and must get the same pictures.
            case .still: return "gradients=\(size):d=\(seconds):speed=0.002:seed=1:nb_colors=3:c0=0x2d4a6b:c1=0xc8a27a:c2=0x5e7d4f"
            case .moderate: return "testsrc2=\(size):d=\(seconds)"
            case .detailed: return "mandelbrot=\(size),trim=duration=\(seconds)"
            case .noise: return "color=c=gray:\(size):d=\(seconds),noise=alls=40:allf=t+u:all_seed=1"
            }
        }
    }

    public let complexity: Complexity
    public let width: Int32
    public let height: Int32
    public let seconds: Double
    private let framesPerSecond: Int

    public init(_ complexity: Complexity, width: Int32, height: Int32, seconds: Double, frameRate: Int = 30) {
        self.complexity = complexity
        self.width = width
        self.height = height
        self.seconds = seconds
        framesPerSecond = frameRate
    }

    public var name: String { "generated-\(complexity.rawValue)-\(width)x\(height)" }
    public var frameRate: AVRational { AVRational(num: Int32(framesPerSecond), den: 1) }

    /// The libavfilter description, ending in 8-bit 4:2:0 like a typical upload.
    public var filterDescription: String {
        complexity.filter(width: width, height: height, frameRate: framesPerSecond, seconds: seconds)
            + ",format=yuv420p[out]"
    }

    public func forEachFrame(_ body: (Frame) throws -> Void) throws {
        let graph = try FilterGraph(filterDescription, sinks: ["out"])
        let frame = Frame()
        while try graph.pull(from: "out", into: frame) {
            try body(frame)
            frame.unreference()
        }
    }
}

import Foundation
