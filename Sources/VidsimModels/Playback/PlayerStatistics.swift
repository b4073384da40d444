import VidsimKernel

/// What the players of a delivery run amounted to, weighted by the views each simulated session stands for:
/// sums per region and device (for means), each device's content by rung, and histograms for the
/// distributions (startup delay, rebuffer ratio, bit rate, QoE per segment), all sessions and per device.
public struct PlayerStatistics: Sendable {
    /// Sums over sessions for one region and device.
    public struct Sums: Sendable, Equatable {
        public var sessions = 0.0
        public var startupSeconds = 0.0
        public var stalls = 0.0
        /// Sessions that stalled at least once.
        public var stalledSessions = 0.0
        public var stallSeconds = 0.0
        public var watchedSeconds = 0.0
        public var bitrateSeconds = 0.0
        public var switches = 0.0
        public var qoe = 0.0
        public var segments = 0.0
        public var bytes = 0.0
        /// Downloads abandoned (they would have stalled), and the bytes they had received.
        public var abandonments = 0.0
        public var abandonedBytes = 0.0

        public init() {}

        mutating func add(_ summary: SessionSummary, weight: Double) {
            sessions += weight
            startupSeconds += summary.startupSeconds * weight
            stalls += Double(summary.stalls) * weight
            if summary.stalls > 0 { stalledSessions += weight }
            stallSeconds += summary.stallSeconds * weight
            watchedSeconds += summary.watchedSeconds * weight
            bitrateSeconds += summary.bitrateSeconds * weight
            switches += Double(summary.switches) * weight
            qoe += summary.qoe * weight
            segments += Double(summary.segments) * weight
            bytes += summary.bytes * weight
            abandonments += Double(summary.abandonments) * weight
            abandonedBytes += summary.abandonedBytes * weight
        }

        public mutating func merge(_ other: Sums) {
            sessions += other.sessions
            startupSeconds += other.startupSeconds
            stalls += other.stalls
            stalledSessions += other.stalledSessions
            stallSeconds += other.stallSeconds
            watchedSeconds += other.watchedSeconds
            bitrateSeconds += other.bitrateSeconds
            switches += other.switches
            qoe += other.qoe
            segments += other.segments
            bytes += other.bytes
            abandonments += other.abandonments
            abandonedBytes += other.abandonedBytes
        }

        public var meanStartup: Double { sessions > 0 ? startupSeconds / sessions : 0 }
        /// Stall time over stall time and content watched, all sessions together.
        public var rebufferRatio: Double { stallSeconds + watchedSeconds > 0 ? stallSeconds / (stallSeconds + watchedSeconds) : 0 }
        /// The bit rate watched, averaged over the content's time.
        public var meanBitrate: Double { watchedSeconds > 0 ? bitrateSeconds / watchedSeconds : 0 }
        public var meanQoEPerSegment: Double { segments > 0 ? qoe / segments : 0 }
        public var stallsPerHour: Double { watchedSeconds > 0 ? stalls * 3_600 / watchedSeconds : 0 }
        public var switchesPerMinute: Double { watchedSeconds > 0 ? switches * 60 / watchedSeconds : 0 }
        public var stalledShare: Double { sessions > 0 ? stalledSessions / sessions : 0 }
        /// Abandoned downloads over all segment downloads.
        public var abandonedShare: Double { segments + abandonments > 0 ? abandonments / (segments + abandonments) : 0 }
        /// Bytes of abandoned downloads over all bytes the players received.
        public var abandonedBytesShare: Double { bytes + abandonedBytes > 0 ? abandonedBytes / (bytes + abandonedBytes) : 0 }
    }

    /// The distributions kept for one group of sessions.
    public struct Distributions: Sendable, Equatable, Codable {
        /// Seconds from pressing play to the first frame: 1 ms (and below, apart) to 1 h, 200 bins a decade.
        public var startup = WeightedHistogram(lowest: 1e-3, highest: 3_600, bins: 1_312, scale: .logarithmic)
        /// Rebuffer ratio: none apart, then 1e-6 to 1, 200 bins a decade.
        public var rebufferRatio = WeightedHistogram(lowest: 1e-6, highest: 1, bins: 1_200, scale: .logarithmic)
        /// Time-average bit rate: 10 Kbps to 1 Gbps, 200 bins a decade.
        public var bitrate = WeightedHistogram(lowest: 1e4, highest: 1e9, bins: 1_000, scale: .logarithmic)
        /// QoE per segment: -100 to 100 in steps of 0.01.
        public var qoePerSegment = WeightedHistogram(lowest: -100, highest: 100, bins: 20_000, scale: .linear)

        public init() {}

        mutating func add(_ summary: SessionSummary, weight: Double) {
            startup.add(summary.startupSeconds, weight: weight)
            rebufferRatio.add(summary.rebufferRatio, weight: weight)
            bitrate.add(summary.timeAverageBitrate, weight: weight)
            qoePerSegment.add(summary.qoePerSegment, weight: weight)
        }

        /// Whether every histogram has the bins a run's have (a file read back could hold others).
        public var hasStandardBins: Bool {
            let standard = Distributions()
            return startup.hasSameBins(as: standard.startup) && rebufferRatio.hasSameBins(as: standard.rebufferRatio)
                && bitrate.hasSameBins(as: standard.bitrate) && qoePerSegment.hasSameBins(as: standard.qoePerSegment)
        }

        public mutating func merge(_ other: Distributions) {
            startup.merge(other.startup)
            rebufferRatio.merge(other.rebufferRatio)
            bitrate.merge(other.bitrate)
            qoePerSegment.merge(other.qoePerSegment)
        }
    }

    public let regions: Int
    public let devices: Int
    /// Ladder rungs (for the content-by-rung shares).
    public let rungs: Int
    /// Per region x device, region-major.
    public private(set) var cells: [Sums]
    /// Per device, seconds of content watched at each ladder rung (weighted), device-major.
    public private(set) var rungSeconds: [Double]
    /// Per device, then all sessions.
    public private(set) var distributions: [Distributions]
    /// Segment requests served by each tier (edge, shield, origin) per device, weighted: where the first segment
    /// came from shapes the startup.
    public private(set) var firstSegmentTier: [Double]
    /// One session's segment log (the first to start after the warm-up), for the report's buffer chart.
    public internal(set) var sample: [SegmentRecord] = []
    public internal(set) var sampleDevice = -1

    public init(regions: Int, devices: Int, rungs: Int) {
        self.regions = regions
        self.devices = devices
        self.rungs = rungs
        cells = [Sums](repeating: Sums(), count: regions * devices)
        rungSeconds = [Double](repeating: 0, count: devices * rungs)
        distributions = [Distributions](repeating: Distributions(), count: devices + 1)
        firstSegmentTier = [Double](repeating: 0, count: devices * 3)
    }

    /// A session ended: `ladderRungs[i]` is the ladder's rung of the session's rung i.
    mutating func add(_ summary: SessionSummary, region: Int, device: Int, ladderRungs: [Int], weight: Double) {
        cells[region * devices + device].add(summary, weight: weight)
        for (index, seconds) in summary.rungSeconds.enumerated() where seconds > 0 {
            rungSeconds[device * rungs + ladderRungs[index]] += seconds * weight
        }
        distributions[device].add(summary, weight: weight)
        distributions[devices].add(summary, weight: weight)
    }

    mutating func countFirstSegment(device: Int, tier: ServingTier, weight: Double) {
        firstSegmentTier[device * 3 + tier.rawValue] += weight
    }

    /// All regions and devices.
    public var total: Sums {
        var sum = Sums()
        for cell in cells { sum.merge(cell) }
        return sum
    }

    /// One device, all regions.
    public func device(_ device: Int) -> Sums {
        var sum = Sums()
        for region in 0..<regions { sum.merge(cells[region * devices + device]) }
        return sum
    }

    /// One region, all devices.
    public func region(_ region: Int) -> Sums {
        var sum = Sums()
        for device in 0..<devices { sum.merge(cells[region * devices + device]) }
        return sum
    }

    /// Every device's content seconds by ladder rung, summed.
    public var contentByRung: [Double] {
        var total = [Double](repeating: 0, count: rungs)
        for device in 0..<devices {
            for rung in 0..<rungs { total[rung] += rungSeconds[device * rungs + rung] }
        }
        return total
    }

    mutating func reset() {
        for index in cells.indices { cells[index] = Sums() }
        for index in rungSeconds.indices { rungSeconds[index] = 0 }
        for index in distributions.indices { distributions[index] = Distributions() }
        for index in firstSegmentTier.indices { firstSegmentTier[index] = 0 }
        sample = []
        sampleDevice = -1
    }
}
