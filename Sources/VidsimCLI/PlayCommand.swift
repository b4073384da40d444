import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// `vidsim play`: one viewer's session (or a few, sharing a CDN), segment by segment: the students' question 3.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play one viewer's session segment by segment: ABR choices, downloads, buffer, stalls and QoE.",
        discussion: """
            The video is cut into segments of the ladder's rungs (a scenario's ladder, or the seed's six rungs \
            from 240p at 300 Kbps to 2160p at 16 Mbps); the viewer's link is a constant rate, a Markov chain or \
            measured traces; an ABR algorithm picks each segment's rung; the CDN is cold (the seed's brand-new \
            video: every object misses down to the origin) or warm (every object at the edge). Prints the \
            segment log (time, rung, size, tier, throughput, download time, buffer, stall) and the session's \
            figures; with several algorithms, each plays the same link and a table compares them. \
            docs/players.md explains every figure.
            """)

    @Option(help: ArgumentHelp("A scenario whose ladder, segment duration and CDN tiers to use.", valueName: "file"))
    var scenario: String?

    @Option(help: ArgumentHelp("An HLS ladder's master playlist (what `vidsim bench --keep` writes): its renditions and their measured segment sizes.",
                               valueName: "master.m3u8"))
    var hls: String?

    @Option(help: ArgumentHelp("ABR algorithms, comma-separated, or 'all' (\(ABRAlgorithms.registry.names.joined(separator: ", "))).",
                               valueName: "names"))
    var abr = "bola-e"

    @Option(name: .customLong("abr-option"), help: ArgumentHelp("An algorithm's parameter, such as reservoir=5s (repeatable).",
                                                                 valueName: "name=value"))
    var abrOptions: [String] = []

    @Option(help: ArgumentHelp("A constant link, such as '500 Kbps'.", valueName: "rate"))
    var bandwidth: String?

    @Option(help: ArgumentHelp("Trace files or folders ('time_s Mbps' lines or Sabre's JSON), one drawn per viewer (repeatable).",
                               valueName: "path"))
    var trace: [String] = []

    @Option(help: ArgumentHelp("A Markov link: states as rate/sojourn, comma-separated, such as '300 Kbps/5 s,800 Kbps/5 s'.",
                               valueName: "states"))
    var markov: String?

    @Option(help: "Multiplies the link's rate.")
    var scale = 1.0

    @Option(help: ArgumentHelp("Where a trace starts: random or start.", valueName: "where"))
    var traceOffset = "random"

    @Option(help: ArgumentHelp("The video's length.", valueName: "duration"))
    var duration = "10 min"

    @Option(help: ArgumentHelp("Content watched (default: all of it).", valueName: "duration"))
    var watch: String?

    @Option(help: ArgumentHelp("Segment duration (default: the scenario's delivery.segment, else 4 s).", valueName: "duration"))
    var segment: String?

    @Option(help: ArgumentHelp("The highest rung the device plays, by name (a phone: 1080p).", valueName: "rung"))
    var maxRung: String?

    @Option(name: .customLong("class"), help: ArgumentHelp("With a scenario whose ladder is by content class: the class whose "
                                                           + "ladder the player plays.", valueName: "name"))
    var contentClass: String?

    @Option(help: ArgumentHelp("Buffer before playback starts (default: one segment).", valueName: "duration"))
    var startup: String?

    @Option(help: ArgumentHelp("The most content buffered.", valueName: "duration"))
    var maxBuffer = "30 s"

    @Option(help: ArgumentHelp("Buffer before playback resumes after a stall (default: one segment).", valueName: "duration"))
    var resume: String?

    @Option(help: "The share of the link's throughput that carries video.")
    var payloadShare = 0.95

    @Flag(help: ArgumentHelp("Abandon a download that will stall and fetch the segment at a lower rung (dash.js's rule; "
                             + "the scenario's delivery.players.abandon parameters if it sets them)."))
    var abandon = false

    @Option(help: ArgumentHelp("cold (nothing cached: misses down to the origin) or warm (all at the edge).", valueName: "state"))
    var cache = "warm"

    @Option(help: "Viewers of the same video, one after another, sharing the CDN (each with its own link).")
    var viewers = 1

    @Option(help: "Seed for the links' random draws (trace, offset, Markov path).")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("text, csv (the segment logs), json, or table (the sessions' figures only, no logs kept).",
                               valueName: "format"))
    var format = "text"

    @Flag(help: "Print each algorithm's sessions per second on stderr (a benchmark: scripts/bench-players.sh).")
    var timing = false

    @Flag(help: "With several algorithms, print every segment log too.")
    var log = false

    func validate() throws {
        guard scale > 0 && scale <= 1e6 && scale.isFinite else { throw ValidationError("--scale must be in (0, 1e6], found \(scale)") }
        guard (1...100_000).contains(viewers) else { throw ValidationError("--viewers must be from 1 to 100,000, found \(viewers)") }
        guard payloadShare > 0 && payloadShare <= 1 else { throw ValidationError("--payload-share must be in (0, 1], found \(payloadShare)") }
        guard VideoCache.Start(rawValue: cache) != nil else { throw ValidationError("--cache must be cold or warm, found '\(cache)'") }
        guard ["text", "csv", "json", "table"].contains(format) else {
            throw ValidationError("--format must be text, csv, json or table, found '\(format)'")
        }
        guard ["random", "start"].contains(traceOffset) else {
            throw ValidationError("--trace-offset must be random or start, found '\(traceOffset)'")
        }
        let links = (bandwidth == nil ? 0 : 1) + (trace.isEmpty ? 0 : 1) + (markov == nil ? 0 : 1)
        guard links == 1 else {
            throw ValidationError("give the viewer's link: one of --bandwidth RATE, --trace FILE or --markov STATES")
        }
    }

    func run() throws {
        let input = try PlayInput(command: self)
        var results: [PlayResult] = []
        for algorithm in input.algorithms {
            let clock = ContinuousClock()
            var result: PlayResult!
            let elapsed = clock.measure { result = play(algorithm, input: input, recording: format != "table") }
            results.append(result)
            if timing {
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                Terminal.note("\(algorithm.name): \(viewers) sessions of \(input.stream.sizes.segments) segments in "
                    + String(format: "%.3f s: %.0f sessions/s", seconds, Double(viewers) / max(seconds, 1e-9)))
            }
        }
        let output: String
        switch format {
        case "csv": output = PlayOutput.csv(results, input: input)
        case "json": output = PlayOutput.json(results, input: input)
        case "table": output = PlayOutput.table(results, input: input)
        default: output = PlayOutput.text(results, input: input, logs: results.count == 1 || log)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    func play(_ algorithm: any ABRAlgorithm, input: PlayInput, recording: Bool) -> PlayResult {
        var source = VideoCache(start: input.cacheStart, hasShield: input.paths.hasShield)
        var viewers: [PlayResult.Viewer] = []
        for viewer in 0..<self.viewers {
            // Each viewer's link from its own stream: every algorithm sees the same links.
            let random = StreamSeeds(scenarioSeed: seed, replication: viewer).stream(for: "player.bandwidth")
            viewers.append(Self.session(algorithm, input.process, random: random, scale: scale, input: input, recording: recording,
                                        source: &source))
        }
        return PlayResult(algorithm: algorithm.name, viewers: viewers)
    }

    private static func session<Algorithm: ABRAlgorithm, Process: BandwidthProcess>(
        _ algorithm: Algorithm, _ process: Process, random: RandomStream, scale: Double, input: PlayInput, recording: Bool,
        source: inout VideoCache
    ) -> PlayResult.Viewer {
        var clock = LinkClock(link: process.link(random: random), scale: scale)
        let label = clock.link.label
        var records: [SegmentRecord] = []
        let summary = PlaybackSession.play(stream: input.stream, watchSeconds: input.watchSeconds, settings: input.settings,
                                           algorithm: algorithm, link: &clock, source: &source, paths: input.paths,
                                           records: &records, recording: recording)
        return PlayResult.Viewer(summary: summary, records: records, traceName: label)
    }
}

/// One algorithm's sessions.
struct PlayResult {
    struct Viewer {
        var summary: SessionSummary
        var records: [SegmentRecord]
        var traceName: String?
    }

    let algorithm: String
    let viewers: [Viewer]
}
