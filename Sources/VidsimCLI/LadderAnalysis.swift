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
    let search: Search
    /// The fast search's outcome (with `--search fast` or `both`).
    let fast: FastSearch?

    /// How the hull is found: every encode of the grid, the fast search, or both (to measure what the fast one
    /// loses).
    enum Search: String, CaseIterable {
        case grid, fast, both
    }

    /// The fast search's outcome beside the grid's, when both ran.
    struct FastSearch {
        /// The points it predicted, the ladder it chose (measured by encoding its rungs in full), and its cost.
        var predicted: [RateQualityPoint]
        var ladder: [RateQualityPoint]
        /// Steps of its ladder wider than the rules' range (as `LadderChoice.gaps`, on the predicted hull).
        var gaps: [String]
        var probeEncodes: Int
        var cpuSeconds: Double
        /// Its ladder against the grid's, when the grid ran too.
        var versusGrid: [Delta]
        /// Its ladder against the fixed ladder, when the grid ran too (to set beside the grid's `deltas`).
        var versusFixed: [Delta] = []
    }

    /// Encodes the grid (or the fast search's probes) and the fixed ladder on `clip` and compares them;
    /// `progress` gets the fraction done and the stage.
    static func run(clip: FrameSource, label: String, expectedFrames: Int?, crfs: [Double], preset: String?, metric: Metric,
                    rules: LadderRules, fixed fixedRungs: [BenchmarkRung], search: Search,
                    progress: @escaping (Double, String) -> Void) throws -> LadderAnalysis {
        guard clip.height >= LadderGrid.smallestHeight else {
            throw LadderAnalysisError(description: "the clip is \(clip.width)x\(clip.height): too small for the grid (at least "
                + "\(LadderGrid.smallestHeight) lines)")
        }
        let grid = LadderGrid(sourceHeight: Int(clip.height), crfs: crfs)
        let heights = grid.heights.count
        let stages = Double(search == .both ? 2 * heights + 3 : search == .fast ? heights + 3 : heights + 1)
        var stage = 0.0
        func step(_ name: String) -> (Double) -> Void {
            let base = stage
            stage += 1
            return { progress((base + $0) / stages, name) }
        }
        var points: [RateQualityPoint] = []
        var analysisCPU = 0.0
        var contentSeconds = 0.0
        if search != .fast {
            for height in grid.heights {
                let encoded = try encode(clip, crfs.map { (height, $0) }, preset: preset, metric: metric, expectedFrames: expectedFrames,
                                         progress: step("\(height)p at \(crfs.count) CRFs"))
                points += encoded.points
                analysisCPU += encoded.cpuSeconds
                contentSeconds = encoded.contentSeconds
            }
        }
        var fast: FastSearch?
        if search != .grid {
            let found = try fastSearch(clip, grid: grid, preset: preset, metric: metric, rules: rules, expectedFrames: expectedFrames,
                                       step: step)
            contentSeconds = found.contentSeconds
            if search == .fast {
                points = found.search.predicted
                analysisCPU = found.search.cpuSeconds
            }
            fast = found.search
        }
        let fixedMeasurement = try EncodeBenchmark(rungs: fixedRungs).measure(clip, expectedFrames: expectedFrames,
                                                                            progress: step("the fixed ladder"))
        var fixed: [RateQualityPoint] = []
        var fixedCPU = 0.0
        for measured in fixedMeasurement.rungs {
            fixed.append(RateQualityPoint(width: measured.width, height: measured.height, setting: measured.rung,
                                          bitsPerSecond: measured.bitsPerSecond, quality: try quality(measured, metric)))
            fixedCPU += measured.encodeCPUSeconds + measured.scaleCPUSeconds
        }
        let hull = RateQualityHull.upper(points)
        var choice = try LadderChoice.choose(along: hull, rules: rules)
        if search == .fast, let fast {
            // The fast search's rungs as they measured in full, not as predicted.
            choice.rungs = fast.ladder
        } else if search == .both, var found = fast {
            found.versusGrid = BjontegaardDelta.Method.allCases.map { method in
                delta(anchor: choice.rungs, test: found.ladder, method: method, anchorName: "the grid's ladder",
                      testName: "the fast search's ladder")
            }
            if !fixed.isEmpty {
                found.versusFixed = BjontegaardDelta.Method.allCases.map { method in
                    delta(anchor: fixed, test: found.ladder, method: method, anchorName: "the fixed ladder",
                          testName: "the fast search's ladder")
                }
            }
            fast = found
        }
        let comparisons = fixed.map { RungComparison(rung: $0, perTitleBitsPerSecond: bitrate(along: hull, at: $0.quality)) }
        let deltas = BjontegaardDelta.Method.allCases.map { method -> Delta in
            guard !fixed.isEmpty else {
                return Delta(method: method, failure: "the fixed ladder has no rung at or below the clip's \(clip.height) lines")
            }
            return delta(anchor: fixed, test: choice.rungs, method: method, anchorName: "the fixed ladder", testName: "the per-title ladder")
        }
        return LadderAnalysis(label: label, width: Int(clip.width), height: Int(clip.height), contentSeconds: contentSeconds, metric: metric,
                              grid: grid, points: points, hull: hull, choice: choice, fixed: fixed,
                              fixedSkipped: fixedMeasurement.skippedRungs, comparisons: comparisons, deltas: deltas,
                              analysisCPUSeconds: analysisCPU, fixedCPUSeconds: fixedCPU, search: search, fast: fast)
    }

    private static func delta(anchor: [RateQualityPoint], test: [RateQualityPoint], method: BjontegaardDelta.Method,
                              anchorName: String, testName: String) -> Delta {
        do {
            let result = try BjontegaardDelta.rate(anchor: anchor.map { ($0.bitsPerSecond, $0.quality) },
                                                   test: test.map { ($0.bitsPerSecond, $0.quality) }, method: method,
                                                   anchorName: anchorName, testName: testName)
            return Delta(method: method, result: result)
        } catch {
            return Delta(method: method, failure: "\(error)")
        }
    }

    /// `clip` encoded at each (height, CRF) of `encodes` with `preset`: the points, their CPU seconds (encode and
    /// scale) and the content's length.
    private static func encode(_ clip: FrameSource, _ encodes: [(height: Int, crf: Double)], preset: String?, metric: Metric,
                               expectedFrames: Int?, progress: @escaping (Double) -> Void) throws
        -> (points: [RateQualityPoint], cpuSeconds: Double, contentSeconds: Double) {
        var crfByName: [String: Double] = [:]
        let rungs = encodes.map { encode in
            let name = "\(encode.height)p crf \(RateQualityPoint.shown(encode.crf))"
            crfByName[name] = encode.crf
            return BenchmarkRung(name: name, width: nil, height: Int32(encode.height),
                                 settings: EncoderSettings(codec: .x264, preset: preset,
                                                           rateControl: .crf(encode.crf, maxrate: nil, bufferSize: nil), threads: 1))
        }
        let measurement = try EncodeBenchmark(rungs: rungs).measure(clip, expectedFrames: expectedFrames, progress: progress)
        var points: [RateQualityPoint] = []
        var cpu = 0.0
        for measured in measurement.rungs {
            guard let crf = crfByName[measured.rung] else { continue }
            points.append(RateQualityPoint(width: measured.width, height: measured.height, crf: crf, bitsPerSecond: measured.bitsPerSecond,
                                           quality: try quality(measured, metric)))
            cpu += measured.encodeCPUSeconds + measured.scaleCPUSeconds
        }
        return (points, cpu, measurement.contentSeconds)
    }

    /// The fast search's probe preset, samples and CRF points.
    static let probePreset = "superfast"
    static let sampleWindows = 3
    static let sampleSeconds = 2.0

    /// The fast search: each resolution encoded on three 2 s samples of the clip (the whole clip when it is no
    /// longer than 6 s) at x264's superfast preset and every other CRF of the grid (and its last); the middle
    /// resolution (the reference) encoded on the samples at the real preset too, at the same CRFs. At each probe
    /// CRF, the reference's two encodes give the correction from the probe preset to the real one (the ratio of
    /// bit rates and the difference of qualities), applied to every other resolution's probe at that CRF; the
    /// CRFs between probes are interpolated (log bit rate and quality linear in CRF). The hull and the ladder are
    /// taken from these predictions; the ladder's rungs are then encoded in full at the real preset, which is the
    /// ladder's own encode, not the analysis's.
    ///
    /// Why a correction per CRF, not per resolution: the probe preset's bit rate against the real one's changes
    /// with the CRF far more than with the resolution (on generated 1080p clips, superfast spends 20 to 40 %
    /// fewer bits than medium at CRF 18 to 28 and more at CRF 43, nearly alike at every height), so one
    /// resolution measured at every probe CRF corrects the others better, and for less, than every resolution
    /// measured at one CRF.
    private static func fastSearch(_ clip: FrameSource, grid: LadderGrid, preset: String?, metric: Metric, rules: LadderRules,
                                   expectedFrames: Int?, step: (String) -> (Double) -> Void) throws
        -> (search: FastSearch, contentSeconds: Double) {
        let frameRate = clip.framesPerSecond
        let windowFrames = max(1, Int((sampleSeconds * frameRate).rounded()))
        let sampled: FrameSource = expectedFrames.map {
            SampledClip(clip, totalFrames: $0, windows: sampleWindows, windowFrames: windowFrames)
        } ?? clip
        let sampledFrames = (sampled as? SampledClip).map { $0.isWhole ? expectedFrames : $0.starts.count * $0.windowFrames } ?? expectedFrames
        let crfs = grid.crfs
        var probeCRFs = stride(from: 0, to: crfs.count, by: 2).map { crfs[$0] }
        if probeCRFs.last != crfs.last { probeCRFs.append(crfs.last!) }
        let referenceHeight = grid.heights[grid.heights.count / 2]
        var cpu = 0.0, encodes = 0
        // The reference resolution at the real preset: its points are known, and the correction at each probe CRF.
        let reference = try encode(sampled, probeCRFs.map { (referenceHeight, $0) }, preset: preset, metric: metric,
                                   expectedFrames: sampledFrames, progress: step("\(referenceHeight)p: \(probeCRFs.count) references"))
        cpu += reference.cpuSeconds
        encodes += reference.points.count
        var probesByHeight: [Int: [RateQualityPoint]] = [:]
        for height in grid.heights {
            let probes = try encode(sampled, probeCRFs.map { (height, $0) }, preset: probePreset, metric: metric,
                                    expectedFrames: sampledFrames, progress: step("\(height)p: \(probeCRFs.count) probes"))
            cpu += probes.cpuSeconds
            encodes += probes.points.count
            probesByHeight[height] = probes.points
        }
        var correction: [Double: (logRatio: Double, offset: Double)] = [:]
        for real in reference.points {
            guard let crf = real.crf, let probe = probesByHeight[referenceHeight]?.first(where: { $0.crf == crf }) else { continue }
            correction[crf] = (log(real.bitsPerSecond / probe.bitsPerSecond), real.quality - probe.quality)
        }
        var predicted: [RateQualityPoint] = []
        for height in grid.heights {
            let measured = height == referenceHeight ? reference.points : probesByHeight[height] ?? []
            let known = measured.compactMap { point -> (crf: Double, logRate: Double, quality: Double)? in
                guard let crf = point.crf else { return nil }
                let shift = height == referenceHeight ? (logRatio: 0, offset: 0) : correction[crf] ?? (0, 0)
                return (crf, log(point.bitsPerSecond) + shift.logRatio, point.quality + shift.offset)
            }
            guard let sample = measured.first else { continue }
            for crf in crfs {
                guard let upper = known.firstIndex(where: { $0.crf >= crf }) else { continue }
                let (logRate, quality): (Double, Double)
                if known[upper].crf == crf || upper == 0 {
                    (logRate, quality) = (known[upper].logRate, known[upper].quality)
                } else {
                    let a = known[upper - 1], b = known[upper], t = (crf - a.crf) / (b.crf - a.crf)
                    (logRate, quality) = (a.logRate + t * (b.logRate - a.logRate), a.quality + t * (b.quality - a.quality))
                }
                predicted.append(RateQualityPoint(width: sample.width, height: sample.height, crf: crf, bitsPerSecond: exp(logRate),
                                                  quality: quality))
            }
        }
        let choice = try LadderChoice.choose(along: RateQualityHull.upper(predicted), rules: rules)
        // The chosen rungs encoded in full at the real preset: the ladder as it will be.
        let measured = try encode(clip, choice.rungs.compactMap { point in point.crf.map { (point.height, $0) } }, preset: preset,
                                  metric: metric, expectedFrames: expectedFrames, progress: step("the fast ladder"))
        let ladder = measured.points
        return (FastSearch(predicted: predicted, ladder: ladder.sorted { $0.bitsPerSecond < $1.bitsPerSecond }, gaps: choice.gaps,
                           probeEncodes: encodes,
                           cpuSeconds: cpu, versusGrid: []), measured.contentSeconds)
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
