import Foundation

/// Robust MPC (Yin, Jindal, Sekar and Sinopoli, "A control-theoretic approach for dynamic adaptive video
/// streaming over HTTP", SIGCOMM'15), as Pensieve's simulator runs it (sim/mpc.py):
/// - the throughput forecast is the harmonic mean of the last `window` segments' throughputs, divided by one
///   plus the largest relative error of the last `window` forecasts (`robust: false` drops the division:
///   plain FastMPC's forecast);
/// - every sequence of rungs over the next `horizon` segments is played out against that forecast (download
///   time = segment bytes / forecast; the buffer drains by the download time and gains the segment), and
///   scored with the linear QoE: sum of bit rates in Mbps, minus `rebuffer_penalty` per second of stall, minus
///   `smoothness_penalty` per Mbps of change; the first rung of the best sequence is taken (on a tie, the last
///   sequence in lexicographic order, as Pensieve's loop keeps it).
/// The search is a depth-first walk that shares prefixes (N + N^2 + ... + N^h steps for N rungs at most) and
/// skips a prefix whose best possible completion cannot beat the best sequence found so far.
public struct RobustMPCABR: ABRAlgorithm {
    public static let name = "mpc"
    public static let summary = "robust MPC (SIGCOMM'15): best linear QoE over the next 5 segments against a cautious forecast"
    public static let parameters = [
        PolicyParameter("horizon", .integer, default: "5", "segments looked ahead"),
        PolicyParameter("window", .integer, default: "5", "past segments the forecast and its error are taken over"),
        PolicyParameter("robust", .boolean, default: "true", "divide the forecast by one plus the largest recent error"),
        PolicyParameter("rebuffer_penalty", .number, default: "4.3", "QoE lost per second of stall, in Mbps-equivalents"),
        PolicyParameter("smoothness_penalty", .number, default: "1", "QoE lost per Mbps of change between segments"),
    ]

    public let horizon: Int
    public let window: Int
    public let robust: Bool
    public let rebufferPenalty: Double
    public let smoothnessPenalty: Double

    private var stream: ABRStream?
    private var mbps: [Double] = []
    private var recent: ThroughputWindow
    private var errors: ThroughputWindow
    private var lastForecast: Double?
    // The walk's state, one slot per depth.
    private var buffers: [Double] = []
    private var scores: [Double] = []
    private var rungs: [Int] = []
    /// Each look-ahead segment's download time at each rung under the forecast, for one decision.
    private var downloads: [Double] = []

    public init(horizon: Int = 5, window: Int = 5, robust: Bool = true, rebufferPenalty: Double = 4.3,
                smoothnessPenalty: Double = 1) {
        self.horizon = horizon
        self.window = window
        self.robust = robust
        self.rebufferPenalty = rebufferPenalty
        self.smoothnessPenalty = smoothnessPenalty
        recent = ThroughputWindow(capacity: window)
        errors = ThroughputWindow(capacity: window)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PolicyKey.self)
        let horizon = try container.decodeIfPresent(Int.self, forKey: PolicyKey("horizon")) ?? 5
        let window = try container.decodeIfPresent(Int.self, forKey: PolicyKey("window")) ?? 5
        let robust = try container.decodeIfPresent(Bool.self, forKey: PolicyKey("robust")) ?? true
        let rebuffer = try container.decodeIfPresent(Double.self, forKey: PolicyKey("rebuffer_penalty")) ?? 4.3
        let smoothness = try container.decodeIfPresent(Double.self, forKey: PolicyKey("smoothness_penalty")) ?? 1
        guard (1...8).contains(horizon) else {
            throw decoder.parameterError("expected a whole number from 1 to 8 (the search grows as rungs^horizon), found \(horizon)",
                                         field: "horizon")
        }
        guard (1...100).contains(window) else {
            throw decoder.parameterError("expected a whole number from 1 to 100, found \(window)", field: "window")
        }
        for (field, value) in [("rebuffer_penalty", rebuffer), ("smoothness_penalty", smoothness)] where !(value >= 0 && value <= 1e6) {
            throw decoder.parameterError("expected a number from 0 to 1e6, found \(value)", field: field)
        }
        self.init(horizon: horizon, window: window, robust: robust, rebufferPenalty: rebuffer, smoothnessPenalty: smoothness)
    }

    /// The largest number of rungs^horizon sequences a decision may weigh.
    public static let largestSearch = 10_000_000

    public func problem(bufferSeconds: Double, rungs: Int) -> String? {
        let sequences = pow(Double(rungs), Double(horizon))
        guard sequences <= Double(Self.largestSearch) else {
            return "MPC with \(rungs) rungs and a horizon of \(horizon) weighs up to \(String(format: "%.3g", sequences)) sequences per segment "
                + "(at most \(Self.largestSearch)): a shorter horizon or fewer rungs"
        }
        return nil
    }

    /// The search weighs up to rungs^horizon sequences, fewer with branch and bound: 10.4 us per decision with six
    /// rungs and a horizon of 5 (scripts/bench-players.sh, 643 sessions of 150 segments a second), taken as
    /// 1.35 ns per sequence of the full search.
    public func decisionSeconds(rungs: Int) -> Double {
        0.2e-6 + 1.35e-9 * pow(Double(max(rungs, 1)), Double(horizon))
    }

    public mutating func start(_ stream: ABRStream) {
        self.stream = stream
        mbps = stream.bitrates.map { $0 / 1e6 }
        recent.removeAll()
        errors.removeAll()
        lastForecast = nil
        buffers = [Double](repeating: 0, count: horizon + 1)
        scores = [Double](repeating: 0, count: horizon + 1)
        rungs = [Int](repeating: 0, count: horizon + 1)
        downloads = [Double](repeating: 0, count: horizon * stream.rungCount)
    }

    /// The forecast in bits per second the next decision uses; nil before the first download.
    public var forecast: Double? {
        guard let mean = recent.harmonicMean else { return nil }
        return robust ? mean / (1 + (errors.maximum ?? 0)) : mean
    }

    public mutating func decide(_ state: PlayerState) -> ABRDecision {
        guard let stream, let mean = recent.harmonicMean, let forecast else {
            return ABRDecision(rung: 0)
        }
        lastForecast = mean
        let sizes = stream.sizes
        let depth = min(horizon, sizes.segments - state.segment)
        guard depth > 0 else { return ABRDecision(rung: state.lastRung ?? 0) }
        let count = stream.rungCount
        let bytesPerSecond = forecast / 8
        let previous = state.lastRung ?? 0
        var bestScore = -Double.infinity
        var bestFirst = 0
        for ahead in 0..<depth {
            for rung in 0..<count {
                downloads[ahead * count + rung] = sizes.bytes(segment: state.segment + ahead, rung: rung) / bytesPerSecond
            }
        }
        // Depth-first over the sequences: level d holds the state after d segments of the current prefix.
        buffers[0] = state.bufferSeconds
        scores[0] = 0
        var level = 1
        rungs[1] = -1
        while level > 0 {
            rungs[level] += 1
            if rungs[level] == count {
                level -= 1
                continue
            }
            let rung = rungs[level]
            let segment = state.segment + level - 1
            let download = downloads[(level - 1) * count + rung]
            let buffer = buffers[level - 1]
            let stall = max(download - buffer, 0)
            let before = level == 1 ? previous : rungs[level - 1]
            let score = scores[level - 1] + mbps[rung] - rebufferPenalty * stall
                - smoothnessPenalty * abs(mbps[rung] - mbps[before])
            if level == depth {
                if score >= bestScore {
                    bestScore = score
                    bestFirst = rungs[1]
                }
                continue
            }
            let after = max(buffer - download, 0) + sizes.duration(of: segment)
            // Branch and bound: the best the rest of this prefix could add, each later segment at its best rung
            // with the most buffer it could have (every segment in between adding its duration, none draining).
            var bound = score
            var most = after
            for ahead in level..<depth {
                var best = -Double.infinity
                for candidate in 0..<count {
                    best = max(best, mbps[candidate] - rebufferPenalty * max(downloads[ahead * count + candidate] - most, 0))
                }
                bound += best
                most += sizes.duration(of: state.segment + ahead)
            }
            // A subtree that cannot reach the best so far is skipped (a margin keeps rounding from skipping a tie,
            // which the later sequence would win).
            if bound < bestScore - 1e-9 * (1 + abs(bestScore)) { continue }
            buffers[level] = after
            scores[level] = score
            level += 1
            rungs[level] = -1
        }
        return ABRDecision(rung: bestFirst)
    }

    public mutating func observe(_ download: SegmentDownload) {
        let actual = download.throughput
        if let lastForecast { errors.add(abs(lastForecast - actual) / actual) }
        recent.add(actual)
    }
}
