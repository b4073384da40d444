import VidsimKernel
import VidsimModels
import VidsimScenario

/// Every figure of the viewers' players (`delivery.players`), declared once; none applies without players.
/// Sessions are weighted by the views each simulated one stands for; a session counts when it ends within the
/// observed window. Percentiles are read from weighted histograms (within 1.2% of the value for ratios,
/// times and bit rates; a ratio of exactly zero is kept apart).
public enum PlayerFigures {
    public static let all: [FigureDeclaration] = sessions + startup + rebuffering + bitrate + qoe + perDevice + perRegion + rungs
        + perClass

    static func hasPlayers(_ scenario: Scenario) -> Bool { scenario.delivery?.players != nil }
    private static func players(_ view: ReplicationView) -> PlayerStatistics? { view.result.delivery?.statistics.players }
    private static func measured(_ view: ReplicationView) -> Double { view.result.delivery?.measuredSeconds ?? 1 }
    private static func all(_ view: ReplicationView) -> PlayerStatistics.Distributions? {
        players(view).map { $0.distributions[$0.devices] }
    }

    static let sessions: [FigureDeclaration] = [
        FigureDeclaration("players.sessions_per_day", "player sessions per day", .count("sessions/day"),
                          "Sessions that ended per day (each view is a session).", applies: hasPlayers) {
            (players($0)?.total.sessions ?? 0) * 86_400 / measured($0)
        },
        FigureDeclaration("players.first_segment.edge_share", "first segment from the edge", .fraction,
                          "The share of sessions whose first segment an edge site held: the others waited for a shield or "
                              + "the origin before their first frame.", applies: hasPlayers) {
            guard let p = players($0) else { return 0 }
            var edge = 0.0, total = 0.0
            for device in 0..<p.devices {
                edge += p.firstSegmentTier[device * 3]
                total += p.firstSegmentTier[device * 3] + p.firstSegmentTier[device * 3 + 1] + p.firstSegmentTier[device * 3 + 2]
            }
            return total > 0 ? edge / total : 0
        },
    ]

    static let startup: [FigureDeclaration] = [
        FigureDeclaration("players.startup.mean", "startup delay, mean", .seconds,
                          "Seconds from pressing play to the first frame: the manifest and the first segments fetched "
                              + "through the CDN, until the startup buffer is filled.", applies: hasPlayers) {
            players($0)?.total.meanStartup ?? 0
        },
    ] + percentiles("players.startup", "startup delay", .seconds, [0.5, 0.9, 0.95, 0.99], \.startup)
        + [FigureDeclaration("players.startup.max", "startup delay, max", .seconds, "The longest startup delay.",
                             applies: hasPlayers) { all($0)?.startup.maximum ?? 0 }]

    static let rebuffering: [FigureDeclaration] = [
        FigureDeclaration("players.rebuffer_ratio", "rebuffer ratio", .fraction,
                          "Time stalled over time stalled plus content watched, all sessions together.", applies: hasPlayers) {
            players($0)?.total.rebufferRatio ?? 0
        },
    ] + percentiles("players.rebuffer_ratio", "rebuffer ratio", .fraction, [0.5, 0.9, 0.95, 0.99], \.rebufferRatio) + [
        FigureDeclaration("players.stalled_share", "sessions that stalled", .fraction,
                          "The share of sessions that stalled at least once after playback started.", applies: hasPlayers) {
            players($0)?.total.stalledShare ?? 0
        },
        FigureDeclaration("players.stalls_per_hour", "stalls per hour watched", .count("stalls/h", digits: 4),
                          "Stalls per hour of content watched.", applies: hasPlayers) {
            players($0)?.total.stallsPerHour ?? 0
        },
        FigureDeclaration("players.abandoned_share", "downloads abandoned", .fraction,
                          "The share of segment downloads the players dropped because they would stall (the segment was "
                              + "fetched again at a lower rung); 0 unless `delivery.players.abandon` is on.", applies: hasPlayers) {
            players($0)?.total.abandonedShare ?? 0
        },
        FigureDeclaration("players.abandoned_bytes_share", "bytes of abandoned downloads", .fraction,
                          "The share of the bytes the players received that came in downloads they abandoned: traffic "
                              + "(counted in egress) that carried nothing watched.", applies: hasPlayers) {
            players($0)?.total.abandonedBytesShare ?? 0
        },
    ]

    static let bitrate: [FigureDeclaration] = [
        FigureDeclaration("players.bitrate.mean", "bit rate watched, mean", .bitsPerSecond,
                          "The rung's bit rate averaged over every second of content watched.", applies: hasPlayers) {
            players($0)?.total.meanBitrate ?? 0
        },
    ] + percentiles("players.bitrate", "session's bit rate", .bitsPerSecond, [0.05, 0.5, 0.95], \.bitrate)
        + BitrateLadder.QualityMetric.allCases.map(meanQuality) + [
        FigureDeclaration("players.switches_per_minute", "rung switches per minute", .count("switches/min", digits: 4),
                          "Changes of rung between consecutive segments, per minute of content watched.", applies: hasPlayers) {
            players($0)?.total.switchesPerMinute ?? 0
        },
    ]

    static let qoe: [FigureDeclaration] = [
        FigureDeclaration("players.qoe_per_segment.mean", "QoE per segment, mean", .count("QoE", digits: 4),
                          "The linear QoE (Pensieve's: bit rate in Mbps, minus 4.3 per second of startup and stalls, minus "
                              + "the Mbps switched) per segment, over all segments.", applies: hasPlayers) {
            players($0)?.total.meanQoEPerSegment ?? 0
        },
    ] + percentiles("players.qoe_per_segment", "session's QoE per segment", .count("QoE", digits: 4), [0.05, 0.5, 0.95],
                    \.qoePerSegment)

    /// The viewers' mean quality in `metric` (the quality the ladder's rungs give, over every second of content
    /// watched): applies when every rung gives one in that metric.
    private static func meanQuality(_ metric: BitrateLadder.QualityMetric) -> FigureDeclaration {
        let name = metric.rawValue.uppercased()
        return FigureDeclaration("players.\(metric.rawValue).mean", "\(name) watched, mean",
                                 metric == .psnr ? .count("dB", digits: 4) : .count("SSIM", digits: 4),
                                 "The rungs' \(name) (their `quality` in the ladder, as `vidsim ladder` measured it on the class's "
                                     + "clip) averaged over every second of content watched.",
                                 applies: { hasPlayers($0) && $0.ladder.hasQuality && $0.ladder.qualityMetric == metric }) { view in
            guard let p = players(view) else { return 0 }
            let content = p.contentByRung, rungs = view.scenario.ladder.rungs
            var total = 0.0, sum = 0.0
            for (rung, seconds) in content.enumerated() where rung < rungs.count {
                total += seconds
                sum += seconds * (rungs[rung].quality ?? 0)
            }
            return total > 0 ? sum / total : 0
        }
    }

    /// The devices of `delivery.players.devices`.
    public static let devices = FigureFamily(
        placeholder: "device",
        documentation: "one figure per device of `delivery.players.devices` (one called `all` without them), its name "
            + "made a key part as regions' are.",
        names: { $0.delivery?.players?.devices.map(\.name) ?? [] })

    /// The regions of `delivery.regions`.
    static let regions = DeliveryRegionFigures.regions

    /// The rungs of the ladder.
    public static let ladderRungs = FigureFamily(
        placeholder: "rung",
        documentation: "one figure per rung of the ladder, its name made a key part (`720p`; in a ladder by class, "
            + "class and rung: `animation_720p`).",
        names: { $0.delivery?.players != nil ? $0.ladder.rungs.map(\.label) : [] })

    static let perDevice: [FigureDeclaration] = groupFigures("players.device.<device>", of: devices) { statistics, device in
        statistics.device(device)
    }

    static let perRegion: [FigureDeclaration] = groupFigures("players.region.<region>", of: regions) { statistics, region in
        statistics.region(region)
    }

    /// The content classes of a ladder by class (`ladder.classes`), with players.
    public static let contentClasses = FigureFamily(
        placeholder: "class",
        documentation: "one figure per content class of a ladder by class (`ladder.classes`), its name made a key part "
            + "(`live_action`).",
        names: { $0.delivery?.players != nil && $0.ladder.byClass ? $0.ladder.classes.map(\.name) : [] })

    /// A class's content seconds watched at each of its rungs (all devices).
    private static func classContent(_ view: ReplicationView, _ contentClass: Int) -> [(seconds: Double, rung: BitrateLadder.Rung)] {
        guard let p = players(view) else { return [] }
        let content = p.contentByRung, ladder = view.scenario.ladder
        guard ladder.classes.indices.contains(contentClass) else { return [] }
        return ladder.classes[contentClass].rungs.filter { content.indices.contains($0) }.map { (content[$0], ladder.rungs[$0]) }
    }

    /// What the viewers of each class's videos watched: the class's share of content seconds, its mean bit rate
    /// and mean quality (its rungs' over the seconds watched at each): where a ladder by class saves and where it
    /// spends, which the means over every class blend.
    static let perClass: [FigureDeclaration] = [
        .perMember("players.class.<class>.content_share", "content watched", .fraction,
                   "The class's share of the content seconds watched.", of: contentClasses, applies: hasPlayers) { view, index in
            guard let p = players(view) else { return 0 }
            let total = p.contentByRung.reduce(0, +)
            return total > 0 ? classContent(view, index).reduce(0) { $0 + $1.seconds } / total : 0
        },
        .perMember("players.class.<class>.bitrate_mean", "bit rate watched, mean", .bitsPerSecond,
                   "The rungs' bit rate averaged over the content seconds watched of the class's videos.", of: contentClasses,
                   applies: hasPlayers) { view, index in
            let watched = classContent(view, index), total = watched.reduce(0) { $0 + $1.seconds }
            return total > 0 ? watched.reduce(0) { $0 + $1.seconds * $1.rung.bitrate.bitsPerSecond } / total : 0
        },
    ] + BitrateLadder.QualityMetric.allCases.map { metric in
        .perMember("players.class.<class>.\(metric.rawValue)_mean", "\(metric.rawValue.uppercased()) watched, mean",
                   metric == .psnr ? .count("dB", digits: 4) : .count("SSIM", digits: 4),
                   "The rungs' \(metric.rawValue.uppercased()) averaged over the content seconds watched of the class's videos.",
                   of: contentClasses,
                   applies: { hasPlayers($0) && $0.ladder.hasQuality && $0.ladder.qualityMetric == metric }) { view, index in
            let watched = classContent(view, index), total = watched.reduce(0) { $0 + $1.seconds }
            return total > 0 ? watched.reduce(0) { $0 + $1.seconds * ($1.rung.quality ?? 0) } / total : 0
        }
    }

    static let rungs: [FigureDeclaration] = [
        .perMember("players.rung.<rung>.content_share", "content watched at", .fraction,
                   "The share of content seconds watched at the rung, all devices.", of: ladderRungs, applies: hasPlayers) { view, rung in
            guard let p = players(view) else { return 0 }
            let content = p.contentByRung
            let total = content.reduce(0, +)
            return total > 0 && content.indices.contains(rung) ? content[rung] / total : 0
        },
    ]

    /// The figures shown in each report's players section, in order: the abandonment shares only when the
    /// players abandon downloads.
    public static func headline(_ scenario: Scenario) -> [String] {
        var keys = headline
        if scenario.delivery?.players?.abandon != nil {
            keys.insert(contentsOf: ["players.abandoned_share", "players.abandoned_bytes_share"],
                        at: (keys.firstIndex(of: "players.switches_per_minute") ?? keys.count - 1) + 1)
        }
        if scenario.ladder.hasQuality, let metric = scenario.ladder.qualityMetric {
            keys.insert("players.\(metric.rawValue).mean", at: (keys.firstIndex(of: "players.bitrate.p50") ?? keys.count - 1) + 1)
        }
        return keys
    }

    static let headline = [
        "players.sessions_per_day", "players.startup.mean", "players.startup.p50", "players.startup.p95",
        "players.first_segment.edge_share", "players.rebuffer_ratio", "players.rebuffer_ratio.p95", "players.stalled_share",
        "players.stalls_per_hour", "players.bitrate.mean", "players.bitrate.p05", "players.bitrate.p50",
        "players.switches_per_minute", "players.qoe_per_segment.mean", "players.qoe_per_segment.p05", "players.qoe_per_segment.p50",
    ]

    /// A table of a group family's figures (devices or regions): a header (the group, then each figure's label) and
    /// a row per member with each figure as people read it. Empty when the run has no such figures.
    public static func table(_ metrics: RunMetrics, of family: FigureFamily, prefix: String) -> (header: [String], rows: [[String]]) {
        let keys = ["startup_mean", "rebuffer_ratio", "bitrate_mean", "qoe_per_segment_mean"]
        let members = family.members(of: metrics.scenario)
        let rows = members.compactMap { member -> [String]? in
            let cells = keys.map { metrics["\(prefix).\(member.key).\($0)"]?.formatted }
            guard cells.contains(where: { $0 != nil }) else { return nil }
            return [member.name] + cells.map { $0 ?? "n/a" }
        }
        guard !rows.isEmpty else { return ([], []) }
        return ([family.placeholder, "startup delay, mean", "rebuffer ratio", "bit rate watched", "QoE per segment"], rows)
    }

    /// The means of a group of sessions (a device's, a region's).
    private static func groupFigures(_ prefix: String, of family: FigureFamily,
                                     sums: @escaping @Sendable (PlayerStatistics, Int) -> PlayerStatistics.Sums) -> [FigureDeclaration] {
        @Sendable func read(_ view: ReplicationView, _ member: Int, _ value: (PlayerStatistics.Sums) -> Double) -> Double {
            guard let p = players(view) else { return 0 }
            return value(sums(p, member))
        }
        return [
            .perMember("\(prefix).startup_mean", "startup delay, mean", .seconds, "The group's mean startup delay.", of: family,
                       applies: hasPlayers) { read($0, $1, \.meanStartup) },
            .perMember("\(prefix).rebuffer_ratio", "rebuffer ratio", .fraction, "The group's time stalled over time stalled "
                       + "plus content watched.", of: family, applies: hasPlayers) { read($0, $1, \.rebufferRatio) },
            .perMember("\(prefix).bitrate_mean", "bit rate watched, mean", .bitsPerSecond,
                       "The group's bit rate averaged over content seconds.", of: family, applies: hasPlayers) {
                read($0, $1, \.meanBitrate)
            },
            .perMember("\(prefix).qoe_per_segment_mean", "QoE per segment, mean", .count("QoE", digits: 4),
                       "The group's linear QoE per segment.", of: family, applies: hasPlayers) { read($0, $1, \.meanQoEPerSegment) },
        ]
    }

    /// `key.pNN` for each quantile, read from the all-sessions histogram at `path`.
    private static func percentiles(_ key: String, _ label: String, _ unit: FigureUnit, _ quantiles: [Double],
                                    _ path: KeyPath<PlayerStatistics.Distributions, WeightedHistogram> & Sendable) -> [FigureDeclaration] {
        quantiles.map { q in
            let name = q * 100 == (q * 100).rounded() ? String(Int(q * 100)) : String(q * 100)
            let padded = name.count == 1 ? "0" + name : name
            return FigureDeclaration("\(key).p\(padded)", "\(label), p\(padded)", unit,
                                     "The \(padded)th percentile over sessions (weighted).", applies: hasPlayers) { view in
                all(view)?[keyPath: path].quantile(q) ?? 0
            }
        }
    }
}

/// How a report names the players' algorithms and links.
enum ABRNames {
    static func describe(_ players: PlayersSettings) -> String {
        let algorithms = Set([players.abr.name] + players.devices.compactMap { $0.abr?.name }).sorted()
        let links = Set([players.bandwidth.process.name] + players.devices.compactMap { $0.bandwidth?.process.name }).sorted()
        return algorithms.joined(separator: ", ") + " over " + links.map { "\($0) links" }.joined(separator: " and ")
            + (players.devices.count > 1 ? ", \(players.devices.count) devices" : "")
    }
}
