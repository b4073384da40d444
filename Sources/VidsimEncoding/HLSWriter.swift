import CFFmpeg
import Foundation

/// Writes encoded renditions as HLS: a media playlist and MPEG-TS segments per rung (libavformat's hls
/// muxer), and a master playlist whose BANDWIDTH is each rung's largest segment bit rate, so a player can
/// play the ladder and segment sizes are real.
enum HLSWriter {
    typealias Rendition = (name: String, encoder: VideoEncoder, packets: [Packet], width: Int32, height: Int32, bytes: Int)

    /// Target segment length; segments are cut at the first keyframe after it.
    static let segmentSeconds = 4

    static func write(renditions: [Rendition], frames: Int, frameRate: AVRational, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var master = ["#EXTM3U", "#EXT-X-VERSION:3"]
        let contentSeconds = Double(frames) / av_q2d(frameRate)
        for rendition in renditions {
            let playlist = folder.appendingPathComponent("\(rendition.name).m3u8")
            try mux(rendition, playlist: playlist)
            let peak = try peakBitsPerSecond(playlist: playlist)
            let average = Int(Double(rendition.bytes) * 8 / contentSeconds)
            master.append("#EXT-X-STREAM-INF:BANDWIDTH=\(max(peak, average)),AVERAGE-BANDWIDTH=\(average),RESOLUTION=\(rendition.width)x\(rendition.height)")
            master.append("\(rendition.name).m3u8")
        }
        let masterURL = folder.appendingPathComponent("master.m3u8")
        let temporary = folder.appendingPathComponent(".master.m3u8.tmp")
        try (master.joined(separator: "\n") + "\n").write(to: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary.path, masterURL.path) == 0 else {
            throw FFmpegError(code: FFmpegError.posix(errno), operation: "writing \(masterURL.path)")
        }
    }

    private static func mux(_ rendition: Rendition, playlist: URL) throws {
        var output: UnsafeMutablePointer<AVFormatContext>?
        try FFmpegError.check(avformat_alloc_output_context2(&output, nil, "hls", playlist.path),
                              "creating the HLS muxer for \(playlist.path)")
        defer { avformat_free_context(output) }
        guard let output, let stream = avformat_new_stream(output, nil) else {
            throw FFmpegError(code: FFmpegError.posix(ENOMEM), operation: "adding a stream to \(playlist.path)")
        }
        try rendition.encoder.copyParameters(to: stream.pointee.codecpar)
        stream.pointee.time_base = rendition.encoder.timeBase
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        let segmentPattern = playlist.deletingPathExtension().path + "_%03d.ts"
        for (key, value) in [("hls_time", "\(segmentSeconds)"), ("hls_playlist_type", "vod"),
                             ("hls_segment_type", "mpegts"), ("hls_segment_filename", segmentPattern)] {
            av_dict_set(&options, key, value, 0)
        }
        try FFmpegError.check(avformat_write_header(output, &options), "writing \(playlist.path)")
        for stored in rendition.packets {
            let packet = try stored.reference()
            packet.pointer.pointee.stream_index = 0
            av_packet_rescale_ts(packet.pointer, rendition.encoder.timeBase, stream.pointee.time_base)
            try FFmpegError.check(av_interleaved_write_frame(output, packet.pointer), "writing \(playlist.path)")
        }
        try FFmpegError.check(av_write_trailer(output), "finishing \(playlist.path)")
    }

    /// The largest segment's bit rate, from the media playlist's EXTINF durations and the files' sizes.
    private static func peakBitsPerSecond(playlist: URL) throws -> Int {
        let lines = try String(contentsOf: playlist, encoding: .utf8).split(separator: "\n").map(String.init)
        var peak = 0.0
        for (index, line) in lines.enumerated() where line.hasPrefix("#EXTINF:") && index + 1 < lines.count {
            let duration = Double(line.dropFirst("#EXTINF:".count).split(separator: ",").first ?? "") ?? 0
            let segment = playlist.deletingLastPathComponent().appendingPathComponent(lines[index + 1])
            let size = (try? FileManager.default.attributesOfItem(atPath: segment.path)[.size] as? Int) ?? 0
            if duration > 0 { peak = max(peak, Double(size) * 8 / duration) }
        }
        return Int(peak)
    }
}
