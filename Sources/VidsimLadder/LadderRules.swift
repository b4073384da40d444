import Foundation

/// The rules a per-title ladder is chosen by, along a clip's rate-quality hull.
///
/// From the top down: the top rung is the cheapest hull point that reaches the quality `ceiling` (more bits
/// would buy nothing viewers see), or the best one within `maximumBitrate`. Each next rung is the hull point
/// whose bit rate is a `step` below the one above (1.5x to 2x by default: the one closest to the middle of the
/// range, on a log scale) and at least `minimumGain` of quality lower; where the hull has no point within the
/// step range, the next one below is taken and the gap reported. The walk stops at `minimumBitrate` or the
/// bottom of the hull; content so easy that its best encode is below `minimumBitrate` gets that one rung. With `rungs`, a longer ladder is thinned to that many, keeping its top and bottom and
/// spreading the rest evenly. Only resolutions up to the source's are in the grid, so the source caps them.
public struct LadderRules: Sendable, Equatable, Codable {
    /// The most rungs; nil: as many as the steps give.
    public var rungs: Int?
    /// The ratio between neighbouring rungs' bit rates.
    public var stepLow: Double
    public var stepHigh: Double
    /// The least quality between neighbouring rungs (in the metric's units: dB of PSNR).
    public var minimumGain: Double
    /// The quality beyond which no rung is needed; nil: none.
    public var ceiling: Double?
    /// Bit rates the ladder stays within (bits per second).
    public var minimumBitrate: Double
    public var maximumBitrate: Double

    public init(rungs: Int? = nil, stepLow: Double = 1.5, stepHigh: Double = 2, minimumGain: Double = 0, ceiling: Double? = nil,
                minimumBitrate: Double = 0, maximumBitrate: Double = .infinity) {
        self.rungs = rungs
        self.stepLow = stepLow
        self.stepHigh = stepHigh
        self.minimumGain = minimumGain
        self.ceiling = ceiling
        self.minimumBitrate = minimumBitrate
        self.maximumBitrate = maximumBitrate
    }

    /// What is wrong with these rules before any clip is seen; nil if nothing.
    public func problem() -> String? {
        if let rungs, !(1...20).contains(rungs) { return "expected 1 to 20 rungs, found \(rungs)" }
        guard stepLow >= 1.05 && stepLow.isFinite, stepHigh >= stepLow && stepHigh <= 10 else {
            return "expected a step range from at least 1.05 to at most 10, low end first; found \(stepLow) to \(stepHigh)"
        }
        guard minimumGain >= 0 && minimumGain.isFinite else { return "expected a minimum gain of 0 or more, found \(minimumGain)" }
        if let ceiling, !ceiling.isFinite { return "expected a finite quality ceiling, found \(ceiling)" }
        guard minimumBitrate.isFinite else { return "expected a finite minimum bit rate, found \(minimumBitrate)" }
        guard minimumBitrate >= 0, maximumBitrate > minimumBitrate else {
            return "expected a minimum bit rate below the maximum; found \(LadderChoice.kbps(minimumBitrate)) and "
                + LadderChoice.kbps(maximumBitrate)
        }
        return nil
    }
}

/// A ladder chosen along a hull: its rungs in ascending bit rate, and what the rules could not have.
public struct LadderChoice: Sendable, Equatable, Codable {
    public var rungs: [RateQualityPoint]
    /// Steps between neighbouring rungs wider than the rules' range (no hull point fell within it).
    public var gaps: [String]

    /// Chooses a ladder along `hull` (ascending vertices, as `RateQualityHull.upper` gives them) by `rules`.
    public static func choose(along hull: [RateQualityPoint], rules: LadderRules) throws(LadderRuleFailure) -> LadderChoice {
        let affordable = hull.filter { $0.bitsPerSecond <= rules.maximumBitrate }
        guard let best = affordable.last else {
            let lowest = hull.first.map { "its lowest point is \(kbps($0.bitsPerSecond)) (\($0.label))" } ?? "it has no points"
            throw LadderRuleFailure(description: "no point of the clip's hull is at or below the maximum bit rate "
                + "(\(kbps(rules.maximumBitrate))): \(lowest)")
        }
        let top = rules.ceiling.flatMap { ceiling in affordable.first { $0.quality >= ceiling } } ?? best
        var ladder = [top]
        var gaps: [String] = []
        // The top rung is kept whatever the minimum (easy content may need little); the others stay above it.
        let candidates = affordable.filter { $0.bitsPerSecond >= rules.minimumBitrate }
        let middle = (rules.stepLow * rules.stepHigh).squareRoot()
        while let current = ladder.last {
            let below = candidates.filter {
                $0.bitsPerSecond * rules.stepLow <= current.bitsPerSecond * (1 + 1e-9) && $0.quality <= current.quality - rules.minimumGain
            }
            guard !below.isEmpty else { break }
            let within = below.filter { $0.bitsPerSecond * rules.stepHigh >= current.bitsPerSecond * (1 - 1e-9) }
            let next: RateQualityPoint
            if within.isEmpty {
                next = below.last!
                gaps.append("\(current.label) (\(kbps(current.bitsPerSecond))) to \(next.label) (\(kbps(next.bitsPerSecond))): a step of "
                    + String(format: "%.2fx", current.bitsPerSecond / next.bitsPerSecond))
            } else {
                let target = log(current.bitsPerSecond / middle)
                next = within.min { abs(log($0.bitsPerSecond) - target) < abs(log($1.bitsPerSecond) - target) }!
            }
            ladder.append(next)
        }
        ladder.reverse()
        if let count = rules.rungs, ladder.count > count {
            ladder = count == 1 ? [ladder.last!] : (0..<count).map { ladder[Int((Double($0) * Double(ladder.count - 1) / Double(count - 1)).rounded())] }
        }
        return LadderChoice(rungs: ladder, gaps: gaps)
    }

    static func kbps(_ bitsPerSecond: Double) -> String {
        bitsPerSecond.isFinite ? String(format: "%.0f Kbps", bitsPerSecond / 1e3) : "no limit"
    }
}

/// A ladder the rules cannot give for this clip.
public struct LadderRuleFailure: Error, Equatable, CustomStringConvertible {
    public let description: String
}
