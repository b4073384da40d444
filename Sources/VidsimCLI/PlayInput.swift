import ArgumentParser
import Foundation
import VidsimModels
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// What `vidsim play` plays, read and checked from its options before any session starts.
struct PlayInput {
    /// Rung names and bit rates in ascending bit rate, capped to the device.
    let rungNames: [String]
    let stream: ABRStream
    let watchSeconds: Double?
    let settings: PlayerSettings
    let algorithms: [any ABRAlgorithm]
    let process: any BandwidthProcess
    let linkDescription: String
    let paths: TierPaths
    let cacheStart: VideoCache.Start
    let videoSeconds: Double
    /// Whether segment sizes come from measured segments (an HLS ladder) rather than the bit rates.
    let sizesMeasured: Bool

    init(command: PlayCommand) throws {
        func measure<M: Measure>(_ text: String, _ option: String, as type: M.Type) throws -> M {
            do { return try M(parsing: text) } catch { throw ValidationError("\(option): \(error)") }
        }

        var scenario: Scenario?
        if let file = command.scenario {
            do {
                scenario = try ScenarioLoader.load(path: file, force: true)
            } catch {
                Terminal.error(error.description)
                throw ExitCodes.invalidScenario
            }
        }

        // The ladder, ascending, capped to the device.
        var rungs: [(name: String, bitsPerSecond: Double)]
        var measured: MeasuredSegments?
        if let hls = command.hls {
            do {
                measured = try MeasuredSegments.read(master: hls)
            } catch {
                Terminal.error("error: \(error.description)")
                throw ExitCodes.invalidScenario
            }
            rungs = zip(measured!.names, measured!.bitrates).map { ($0, $1) }
        } else if let ladder = scenario?.ladder {
            var members = ladder.rungs.indices
            if ladder.byClass {
                let names = ladder.classes.map(\.name)
                guard let name = command.contentClass else {
                    throw ValidationError("the scenario's ladder is by content class (\(names.joined(separator: ", "))): "
                                          + "choose the class to play with --class")
                }
                guard let index = names.firstIndex(of: name) else {
                    var message = "--class: the ladder has no class '\(name)'"
                    if let close = Spelling.closest(to: name, among: names) { message += " (did you mean '\(close)'?)" }
                    throw ValidationError(message + "; its classes: \(names.joined(separator: ", "))")
                }
                members = ladder.classes[index].rungs
            }
            rungs = members.map { (ladder.rungs[$0].name, ladder.rungs[$0].bitrate.bitsPerSecond) }
        } else {
            rungs = BenchLadder.seedRungs.map { ($0.name, Double($0.bitsPerSecond)) }
        }
        if command.contentClass != nil && !(scenario?.ladder.byClass ?? false) {
            throw ValidationError("--class chooses a content class of a scenario's ladder by class; "
                                  + (scenario == nil ? "give the scenario with --scenario" : "this scenario's ladder has none"))
        }
        rungs.sort { $0.bitsPerSecond < $1.bitsPerSecond }
        if let maxRung = command.maxRung {
            guard let top = rungs.firstIndex(where: { $0.name == maxRung }) else {
                var message = "--max-rung: no rung is called '\(maxRung)'"
                if let close = Spelling.closest(to: maxRung, among: rungs.map(\.name)) { message += " (did you mean '\(close)'?)" }
                throw ValidationError(message + "; the ladder has \(rungs.map(\.name).joined(separator: ", "))")
            }
            rungs = Array(rungs[...top])
        }
        guard rungs.allSatisfy({ $0.bitsPerSecond >= 1_000 }) else {
            throw ValidationError("every rung needs a bit rate of at least 1 Kbps")
        }
        rungNames = rungs.map(\.name)

        let segment = try command.segment.map { try measure($0, "--segment", as: TimeSpan.self) }
            ?? measured.map { TimeSpan(seconds: $0.durations.reduce(0, +) / Double($0.durations.count)) }
            ?? scenario?.delivery?.segment ?? TimeSpan(seconds: 4)
        if measured != nil && command.segment != nil {
            throw ValidationError("--segment: the HLS ladder's segments have their own durations; leave --segment out")
        }
        guard segment.seconds >= 0.1 && segment.seconds <= 600 else {
            throw ValidationError("--segment must be from 0.1 s to 10 min, found \(segment)")
        }
        let duration = try measure(command.duration, "--duration", as: TimeSpan.self)
        guard duration.seconds >= segment.seconds / 10 && duration.seconds <= 86_400 else {
            throw ValidationError("--duration must be from a tenth of a segment to 24 h, found \(duration)")
        }
        guard duration.seconds / segment.seconds <= 100_000 else {
            throw ValidationError("--duration of \(duration) in segments of \(segment) is more than 100,000 segments")
        }
        videoSeconds = duration.seconds
        if let watch = command.watch {
            let watched = try measure(watch, "--watch", as: TimeSpan.self)
            guard watched.seconds > 0 && watched.seconds <= duration.seconds else {
                throw ValidationError("--watch must be above 0 s and at most the video's \(duration), found \(watched)")
            }
            watchSeconds = watched.seconds
        } else {
            watchSeconds = nil
        }

        settings = PlayerSettings(
            startup: try command.startup.map { try measure($0, "--startup", as: TimeSpan.self) },
            maxBuffer: try measure(command.maxBuffer, "--max-buffer", as: TimeSpan.self),
            resume: try command.resume.map { try measure($0, "--resume", as: TimeSpan.self) },
            payloadShare: command.payloadShare,
            manifestSize: scenario?.delivery?.manifestSize ?? DataSize(bytes: 2_000),
            abandonment: command.abandon ? (scenario?.delivery?.players?.abandon ?? AbandonmentRule()) : nil)
        if let problem = settings.problem(segment: segment) { throw ValidationError(problem) }

        let bitrates = rungs.map(\.bitsPerSecond)
        let sizes = measured?.sizes(duration: duration.seconds, rungs: bitrates.count)
            ?? SegmentSizes(bitrates: bitrates, duration: duration.seconds, segmentSeconds: segment.seconds)
        sizesMeasured = measured != nil
        stream = ABRStream(bitrates: bitrates, sizes: sizes, segmentSeconds: segment.seconds,
                           maxBufferSeconds: settings.maxBuffer.seconds)

        // The most a player holds when it decides: its maximum buffer less a segment (the longest, when measured).
        let longest = measured?.durations.max() ?? segment.seconds
        guard settings.maxBuffer.seconds >= longest else {
            throw ValidationError("--max-buffer (\(settings.maxBuffer)) must hold the longest segment (\(TimeSpan(seconds: longest)))")
        }
        algorithms = try Self.algorithms(command.abr, options: command.abrOptions, bufferSeconds: settings.maxBuffer.seconds - longest,
                                         rungs: bitrates.count)

        // The viewer's link.
        if let bandwidth = command.bandwidth {
            let rate = try measure(bandwidth, "--bandwidth", as: BitRate.self)
            guard rate.bitsPerSecond >= 1_000 else { throw ValidationError("--bandwidth must be at least 1 Kbps, found \(rate)") }
            process = ConstantBandwidth(rate: rate)
            linkDescription = "constant \(rate)"
        } else if let markov = command.markov {
            var states: [MarkovBandwidth.State] = []
            for item in markov.split(separator: ",") {
                let parts = item.split(separator: "/")
                guard parts.count == 2 else {
                    throw ValidationError("--markov: expected rate/sojourn pairs such as '300 Kbps/5 s,800 Kbps/5 s', found '\(item)'")
                }
                let rate = try measure(String(parts[0]).trimmingCharacters(in: .whitespaces), "--markov", as: BitRate.self)
                let sojourn = try measure(String(parts[1]).trimmingCharacters(in: .whitespaces), "--markov", as: TimeSpan.self)
                guard rate.bitsPerSecond >= 1_000, sojourn.seconds >= 0.01 && sojourn.seconds <= 86_400 else {
                    throw ValidationError("--markov: each state needs a rate of at least 1 Kbps and a sojourn from 10 ms to 1 day, found '\(item)'")
                }
                states.append(.init(rate: rate, sojourn: sojourn))
            }
            guard states.count >= 2 && states.count <= 100 else {
                throw ValidationError("--markov: expected from 2 to 100 states, found \(states.count)")
            }
            process = MarkovBandwidth(states: states)
            linkDescription = "Markov chain of " + states.map { "\($0.rate) for \($0.sojourn)" }.joined(separator: ", ")
        } else {
            var traces = TraceBandwidth(files: command.trace, randomOffset: command.traceOffset == "random")
            do {
                try traces.load(relativeTo: "")
            } catch {
                Terminal.error("error: \(error.description)")
                throw ExitCodes.invalidScenario
            }
            process = traces
            linkDescription = traces.traces.count == 1 ? "trace \(traces.traces[0].name)" : "\(traces.traces.count) traces"
        }
        guard process.meanBitsPerSecond * command.scale >= 1_000 else {
            throw ValidationError("the link's mean rate times --scale is \(BitRate(bitsPerSecond: process.meanBitsPerSecond * command.scale)): "
                                  + "expected at least 1 Kbps")
        }
        paths = scenario?.delivery.map { TierPaths($0) } ?? .typical
        cacheStart = VideoCache.Start(rawValue: command.cache) ?? .warm
    }

    /// The algorithms named (comma-separated, or all), each with the options it takes.
    static func algorithms(_ names: String, options: [String], bufferSeconds: Double, rungs: Int) throws -> [any ABRAlgorithm] {
        let registry = ABRAlgorithms.registry
        let chosen = names == "all" ? registry.names : names.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !chosen.isEmpty else { throw ValidationError("--abr: name at least one algorithm") }
        var used = Set<String>()
        var algorithms: [any ABRAlgorithm] = []
        for name in chosen {
            // With several algorithms, each takes the options it knows.
            let own = registry.member(named: name)?.parameters.map(\.name) ?? []
            let mine = chosen.count == 1 ? options : options.filter { option in
                let key = String(option.prefix { $0 != "=" }).replacingOccurrences(of: "-", with: "_")
                return own.contains(key)
            }
            for option in mine { used.insert(option) }
            do {
                let algorithm = try PolicyOptions.decode(registry, name: name, options: mine, option: "--abr-option")
                if let problem = algorithm.problem(bufferSeconds: bufferSeconds, rungs: rungs) { throw ValidationError(problem) }
                algorithms.append(algorithm)
            } catch let problem as PolicyOptions.Problem {
                throw ValidationError(problem.description.hasPrefix("unknown") ? "--abr: \(problem.description)" : problem.description)
            }
        }
        if let unused = options.first(where: { !used.contains($0) }) {
            throw ValidationError("--abr-option \(unused): none of \(chosen.joined(separator: ", ")) takes it")
        }
        return algorithms
    }
}
