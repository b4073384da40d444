import CFFmpeg

/// PSNR and SSIM of a rendition against its source, with libavfilter's own psnr and ssim filters.
///
/// The rendition is scaled back to the source's size (bicubic) and both are compared frame by frame, in order.
/// PSNR is reported as the ffmpeg psnr filter's "average": 10 log10(255² / mean MSE), the MSE of each frame
/// being the plane-area-weighted mean of Y, U and V; this differs from the mean of per-frame PSNRs.
/// SSIM is the mean over frames of the filter's "All" (plane-area-weighted) value.
public final class QualityMeter {
    private let graph: FilterGraph
    private var frameIndex: Int64 = 0
    private var meanSquaredErrorSum = 0.0
    private var meanSquaredErrorLumaSum = 0.0
    private var ssimSum = 0.0
    private var ssimLumaSum = 0.0
    private var psnrFrames = 0
    private var ssimFrames = 0
    private let output = Frame()

    public init(width: Int32, height: Int32, referenceFormat: AVPixelFormat, frameRate: AVRational) throws(FFmpegError) {
        let timeBase = av_inv_q(frameRate)
        graph = try FilterGraph(
            "[main]split[m1][m2];[ref]split[r1][r2];[m1][r1]psnr[p];[m2][r2]ssim[s]",
            sources: [
                ("main", .init(width: width, height: height, pixelFormat: AV_PIX_FMT_YUV420P, timeBase: timeBase)),
                ("ref", .init(width: width, height: height, pixelFormat: referenceFormat, timeBase: timeBase)),
            ],
            sinks: ["p", "s"])
    }

    /// Compares one rendition frame (already at the source's size) with its source frame.
    public func compare(rendition: Frame, source: Frame) throws(FFmpegError) {
        let reference = try source.reference()
        rendition.presentationTime = frameIndex
        reference.presentationTime = frameIndex
        frameIndex += 1
        try graph.push(rendition, into: "main")
        try graph.push(reference, into: "ref")
        try collect()
    }

    /// Ends both streams and returns the averages.
    public func finish() throws(FFmpegError) -> (psnr: Double, psnrLuma: Double, ssim: Double, ssimLuma: Double, frames: Int) {
        try graph.push(nil, into: "main")
        try graph.push(nil, into: "ref")
        try collect()
        func psnr(_ sum: Double) -> Double {
            let mean = sum / Double(max(psnrFrames, 1))
            return mean > 0 ? 10 * log10(255 * 255 / mean) : .infinity
        }
        return (psnr(meanSquaredErrorSum), psnr(meanSquaredErrorLumaSum),
                ssimSum / Double(max(ssimFrames, 1)), ssimLumaSum / Double(max(ssimFrames, 1)), psnrFrames)
    }

    private func collect() throws(FFmpegError) {
        while try graph.pull(from: "p", into: output) {
            meanSquaredErrorSum += Double(output.metadata("lavfi.psnr.mse_avg") ?? "") ?? 0
            meanSquaredErrorLumaSum += Double(output.metadata("lavfi.psnr.mse.y") ?? "") ?? 0
            psnrFrames += 1
            output.unreference()
        }
        while try graph.pull(from: "s", into: output) {
            ssimSum += Double(output.metadata("lavfi.ssim.All") ?? "") ?? 0
            ssimLumaSum += Double(output.metadata("lavfi.ssim.Y") ?? "") ?? 0
            ssimFrames += 1
            output.unreference()
        }
    }
}

import Foundation
