import Foundation
import VidsimCalibration
import VidsimEncoding
import VidsimLadder

/// One clip's per-title analysis: the grid of encodes measured, their hull, the ladder chosen along it, the fixed
/// ladder measured on the same clip, and the comparison of the two.
struct LadderAnalysis {
    enum Metric: String {
        case psnr, ssim

        /// The metric's unit as tables show it.
        var unit: String { self == .psnr ? "dB" : "" }
    }

    /// A BD-rate by one method, or why there is none.
    struct Delta {
        var method: BjontegaardDelta.Method
        var result: BjontegaardDelta.Result?
        var failure: String?
    }

    /// A fixed rung against the per-title hull: the bit rate the hull needs for the rung's quality.
    struct RungComparison {
        var rung: RateQualityPoint
        /// nil when the rung's quality is outside the hull's range.
        var perTitleBitsPerSecond: Double?
    }

    let label: String
    let width: Int
    let height: Int
    let contentSeconds: Double
    let metric: Metric
    let grid: LadderGrid
    let points: [RateQualityPoint]
    let hull: [RateQualityPoint]
    let choice: LadderChoice
    let fixed: [RateQualityPoint]
    let fixedSkipped: [String]
    let comparisons: [RungComparison]
    let deltas: [Delta]
    /// CPU seconds of the grid's encodes (scaling included), and of one encode of the fixed ladder's rungs.
    let analysisCPUSeconds: Double
    let fixedCPUSeconds: Double

    /// Encodes the grid and the fixed ladder on `clip` and compares them; `progress` gets the fraction done and
    /// the stage.
    static func run(clip: FrameSource, label: String, expectedFrames: Int?, crfs: [Double], preset: String?, metric: Metric,
                    rules: LadderRules, fixed fixedRungs: [BenchmarkRung], progress: @escaping (Double, String) -> Void) throws -> LadderAnalysis {
        guard clip.height >= LadderGrid.smallestHeight else {
            throw LadderAnalysisError(description: "the clip is \(clip.width)x\(clip.height): too small for the grid (at least "
                + "\(LadderGrid.smallestHeight) lines)")
        }
        let grid = LadderGrid(sourceHeight: Int(clip.height), crfs: crfs)
        let passes = Double(grid.heights.count + 1)
        var points: [RateQualityPoint] = []
        var analysisCPU = 0.0
        var contentSeconds = 0.0
        for (index, height) in grid.heights.enumerated() {
            let rungs = crfs.map { crf in
                BenchmarkRung(name: "\(height)p crf \(String(format: "%g", crf))", width: nil, height: Int32(height),
                              settings: EncoderSettings(codec: .x264, preset: preset, rateControl: .crf(crf, maxrate: nil, bufferSize: nil),
                                                        threads: 1))
            }
            let measurement = try EncodeBenchmark(rungs: rungs).measure(clip, expectedFrames: expectedFrames) {
                progress((Double(index) + $0) / passes, "\(height)p at \(crfs.count) CRFs")
            }
            contentSeconds = measurement.contentSeconds
            for measured in measurement.rungs {
                points.append(RateQualityPoint(width: measured.width, height: measured.height,
                                               setting: String(measured.rung.split(separator: " ", maxSplits: 1).last ?? ""),
                                               bitsPerSecond: measured.bitsPerSecond, quality: try quality(measured, metric)))
                analysisCPU += measured.encodeCPUSeconds + measured.scaleCPUSeconds
            }
        }
        let fixedMeasurement = try EncodeBenchmark(rungs: fixedRungs).measure(clip, expectedFrames: expectedFrames) {
            progress((passes - 1 + $0) / passes, "the fixed ladder")
        }
        var fixed: [RateQualityPoint] = []
        var fixedCPU = 0.0
        for measured in fixedMeasurement.rungs {
            fixed.append(RateQualityPoint(width: measured.width, height: measured.height, setting: measured.rung,
                                          bitsPerSecond: measured.bitsPerSecond, quality: try quality(measured, metric)))
            fixedCPU += measured.encodeCPUSeconds + measured.scaleCPUSeconds
        }
        let hull = RateQualityHull.upper(points)
        let choice = try LadderChoice.choose(along: hull, rules: rules)
        let comparisons = fixed.map { RungComparison(rung: $0, perTitleBitsPerSecond: bitrate(along: hull, at: $0.quality)) }
        let deltas = BjontegaardDelta.Method.allCases.map { method -> Delta in
            guard !fixed.isEmpty else {
                return Delta(method: method, failure: "the fixed ladder has no rung at or below the clip's \(clip.height) lines")
            }
            do {
                let result = try BjontegaardDelta.rate(anchor: fixed.map { ($0.bitsPerSecond, $0.quality) },
                                                       test: choice.rungs.map { ($0.bitsPerSecond, $0.quality) }, method: method,
                                                       anchorName: "the fixed ladder", testName: "the per-title ladder")
                return Delta(method: method, result: result)
            } catch {
                return Delta(method: method, failure: "\(error)")
            }
        }
        return LadderAnalysis(label: label, width: Int(clip.width), height: Int(clip.height), contentSeconds: contentSeconds, metric: metric,
                              grid: grid, points: points, hull: hull, choice: choice, fixed: fixed,
                              fixedSkipped: fixedMeasurement.skippedRungs, comparisons: comparisons, deltas: deltas,
                              analysisCPUSeconds: analysisCPU, fixedCPUSeconds: fixedCPU)
    }

    /// PSNR no higher than this: a lossless encode (infinite PSNR) counts as this.
    static let highestPSNR = 100.0

    private static func quality(_ measured: RungMeasurement, _ metric: Metric) throws -> Double {
        guard let value = metric == .psnr ? measured.psnr : measured.ssim, !value.isNaN else {
            throw LadderAnalysisError(description: "no \(metric.rawValue.uppercased()) was measured for \(measured.rung)")
        }
        return metric == .psnr ? min(value, highestPSNR) : value
    }

    /// The bit rate the hull (piecewise linear between its vertices) needs for `quality`; nil outside its range.
    static func bitrate(along hull: [RateQualityPoint], at quality: Double) -> Double? {
        guard let first = hull.first, let last = hull.last, quality >= first.quality, quality <= last.quality else { return nil }
        for (lower, upper) in zip(hull, hull.dropFirst()) where quality <= upper.quality {
            let share = (quality - lower.quality) / (upper.quality - lower.quality)
            return lower.bitsPerSecond + share * (upper.bitsPerSecond - lower.bitsPerSecond)
        }
        return first.bitsPerSecond
    }
}

struct LadderAnalysisError: Error, CustomStringConvertible {
    let description: String
}
