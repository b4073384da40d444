import CFFmpeg

/// A libavfilter graph built from a filter description, with named buffer sources to push frames into and
/// named buffer sinks to pull frames from. Owns the AVFilterGraph and frees it (and its filters) in deinit.
///
///     let graph = try FilterGraph("[main][ref]psnr[out]", sources: [...], sinks: ["out"])
public final class FilterGraph {
    /// A buffer source's picture parameters.
    public struct SourceFormat {
        public var width: Int32
        public var height: Int32
        public var pixelFormat: AVPixelFormat
        public var timeBase: AVRational

        public init(width: Int32, height: Int32, pixelFormat: AVPixelFormat, timeBase: AVRational) {
            self.width = width
            self.height = height
            self.pixelFormat = pixelFormat
            self.timeBase = timeBase
        }
    }

    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private var sources: [(name: String, context: UnsafeMutablePointer<AVFilterContext>)] = []
    private var sinks: [(name: String, context: UnsafeMutablePointer<AVFilterContext>)] = []

    public init(_ description: String, sources: [(name: String, format: SourceFormat)] = [], sinks: [String])
        throws(FFmpegError)
    {
        guard let graph = avfilter_graph_alloc() else {
            throw FFmpegError(code: FFmpegError.posix(ENOMEM), operation: "allocating a filter graph")
        }
        self.graph = graph
        // Filters run in the calling thread, so CPU time is attributed to the caller.
        graph.pointee.nb_threads = 1
        for (name, format) in sources {
            let arguments = "video_size=\(format.width)x\(format.height):pix_fmt=\(format.pixelFormat.rawValue)"
                + ":time_base=\(format.timeBase.num)/\(format.timeBase.den):pixel_aspect=1/1"
            var context: UnsafeMutablePointer<AVFilterContext>?
            try FFmpegError.check(
                avfilter_graph_create_filter(&context, avfilter_get_by_name("buffer"), name, arguments, nil, graph),
                "creating filter source '\(name)'")
            self.sources.append((name, context!))
        }
        for name in sinks {
            var context: UnsafeMutablePointer<AVFilterContext>?
            try FFmpegError.check(
                avfilter_graph_create_filter(&context, avfilter_get_by_name("buffersink"), name, nil, nil, graph),
                "creating filter sink '\(name)'")
            self.sinks.append((name, context!))
        }
        // The description's open outputs feed our sinks ("inputs" of the graph, in libavfilter's words), and our
        // sources feed its open inputs ("outputs").
        var inputs = Self.inOutList(self.sinks)
        var outputs = Self.inOutList(self.sources)
        defer {
            avfilter_inout_free(&inputs)
            avfilter_inout_free(&outputs)
        }
        try FFmpegError.check(avfilter_graph_parse_ptr(graph, description, &inputs, &outputs, nil),
                              "parsing the filter graph '\(description)'")
        try FFmpegError.check(avfilter_graph_config(graph, nil), "configuring the filter graph '\(description)'")
    }

    deinit { avfilter_graph_free(&graph) }

    private static func inOutList(_ filters: [(name: String, context: UnsafeMutablePointer<AVFilterContext>)])
        -> UnsafeMutablePointer<AVFilterInOut>?
    {
        var head: UnsafeMutablePointer<AVFilterInOut>?
        for (name, context) in filters.reversed() {
            guard let node = avfilter_inout_alloc() else { fatalError("avfilter_inout_alloc: out of memory") }
            node.pointee.name = av_strdup(name)
            node.pointee.filter_ctx = context
            node.pointee.pad_idx = 0
            node.pointee.next = head
            head = node
        }
        return head
    }

    /// Pushes a frame into a source (the graph takes its own reference); nil marks the end of the stream.
    public func push(_ frame: Frame?, into source: String) throws(FFmpegError) {
        guard let context = sources.first(where: { $0.name == source })?.context else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL), operation: "no filter source named '\(source)'")
        }
        let flags = Int32(AV_BUFFERSRC_FLAG_KEEP_REF)
        try FFmpegError.check(av_buffersrc_add_frame_flags(context, frame?.pointer, flags),
                              "feeding the filter graph's '\(source)'")
    }

    /// Pulls the next frame from a sink into `frame`: false when none is ready yet or the stream has ended.
    public func pull(from sink: String, into frame: Frame) throws(FFmpegError) -> Bool {
        guard let context = sinks.first(where: { $0.name == sink })?.context else {
            throw FFmpegError(code: FFmpegError.posix(EINVAL), operation: "no filter sink named '\(sink)'")
        }
        let status = av_buffersink_get_frame(context, frame.pointer)
        if status == FFmpegError.tryAgain || status == FFmpegError.endOfFile { return false }
        try FFmpegError.check(status, "reading the filter graph's '\(sink)'")
        return true
    }
}
