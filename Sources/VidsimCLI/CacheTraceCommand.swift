import ArgumentParser
import Foundation
import VidsimCache
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario
import VidsimUnits

/// `vidsim cache trace`: the requests a scenario's edge sites receive, written in libCacheSim's formats.
struct CacheTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Write the requests a scenario's edge sites receive as a trace (csv or oracleGeneral).",
        discussion: """
            Runs the scenario's delivery side (replication 0, its horizon, warm-up included) and records every \
            manifest and segment request reaching the edge sites, or one region's, or one site's: time (whole \
            seconds), object id (video << 24 | rendition << 16 | segment, the manifest's rendition 255) and size \
            in bytes. With delivery.sampling, the trace holds the sampled videos' requests only. Replay it with \
            vidsim cache replay or any tool that reads libCacheSim's formats.
            """)

    @Argument(help: ArgumentHelp("A scenario with a delivery section.", valueName: "scenario"))
    var scenario: String

    @Argument(help: ArgumentHelp("The trace file to write.", valueName: "out"))
    var out: String

    @Option(help: ArgumentHelp("Only this region's edge sites (by name).", valueName: "name"))
    var region: String?

    @Option(help: ArgumentHelp("Only this edge site of --region (from 0).", valueName: "n"))
    var site: Int?

    @Option(help: ArgumentHelp("csv or oracle-general (default: from the name, else oracle-general).", valueName: "format"))
    var format: String?

    @Option(help: "The most requests to write (later ones are counted and left out).")
    var limit = 200_000_000

    func validate() throws {
        guard limit >= 1 && limit <= 2_000_000_000 else { throw ValidationError("--limit must be from 1 to 2,000,000,000") }
        if site != nil && region == nil { throw ValidationError("--site needs --region") }
        if let site { guard site >= 0 else { throw ValidationError("--site must be 0 or more") } }
        if let format { guard TraceFormat(rawValue: format.lowercased()) != nil else {
            throw ValidationError("--format: expected csv or oracle-general, found '\(format)'")
        } }
    }

    func run() throws {
        let loaded: Scenario
        do { loaded = try ScenarioLoader.load(path: scenario) } catch {
            Terminal.error(error.description)
            throw ExitCodes.invalidScenario
        }
        guard let delivery = loaded.delivery else {
            Terminal.error("error: \(scenario) has no delivery section: there are no requests to record")
            throw ExitCodes.invalidScenario
        }
        var filter = DeliveryTrace.Filter()
        if let region {
            guard let index = delivery.regions.firstIndex(where: { $0.name == region }) else {
                let names = delivery.regions.map(\.name)
                let hint = Spelling.closest(to: region, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw ValidationError("--region: no region is called '\(region)'\(hint); the scenario has \(names.joined(separator: ", "))")
            }
            filter.region = index
            if let site {
                guard site < delivery.regions[index].edgeSites else {
                    throw ValidationError("--site: region \(region) has \(delivery.regions[index].edgeSites) sites, numbered from 0")
                }
                filter.site = site
            }
        }
        let chosen = format.flatMap { TraceFormat(rawValue: $0.lowercased()) } ?? TraceFormat.guess(fromPath: out) ?? .oracleGeneral
        let result = try DeliverySimulation.simulate(
            DeliveryConfiguration(settings: delivery, scenario: loaded), horizon: loaded.run.horizon, warmUp: .zero,
            sampleInterval: loaded.run.sampleInterval, seeds: StreamSeeds(scenarioSeed: loaded.seed, replication: 0),
            trace: DeliveryTrace(filter: filter, limit: limit))
        guard let recorded = result.trace, !recorded.times.isEmpty else {
            Terminal.error("error: no request reached the chosen edge sites within the horizon; nothing written")
            throw ExitCode.failure
        }
        var builder = RequestTraceBuilder(expectedRequests: recorded.times.count)
        for index in recorded.times.indices {
            builder.append(time: UInt32(min(recorded.times[index], Double(UInt32.max))), id: recorded.objects[index],
                           size: recorded.sizes[index])
        }
        let trace = builder.build()
        do {
            try AtomicFile.write(TraceWriter.encode(trace, as: chosen), to: URL(fileURLWithPath: out))
        } catch {
            Terminal.error("error: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        var note = "\(out): \(trace.count) requests for \(trace.objectCount) objects (\(chosen.rawValue))"
        if recorded.dropped > 0 { note += "; \(recorded.dropped) later requests left out (--limit \(limit))" }
        if delivery.sampling.rate < 1 { note += "; sampled videos only (delivery.sampling)" }
        Terminal.note(note)
    }
}
