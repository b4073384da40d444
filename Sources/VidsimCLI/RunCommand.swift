import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario
import VidsimUnits

/// `vidsim run FILE`: simulates a scenario and writes its report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write reports/<name>/report.json and report.md.")

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(help: "Replications to run, overriding the scenario's run.replications.")
    var replications: Int?

    @Option(help: "Master seed, overriding the scenario's seed.")
    var seed: UInt64?

    @Option(help: "Threads for replications (default: every core). The report is the same for any number.")
    var threads: Int?

    @Option(name: .customLong("reports"), help: "Folder the report folder is written under.")
    var reportsDirectory = "reports"

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(path: file)
        } catch {
            Terminal.error(error.description)
            throw ExitCodes.invalidScenario
        }
        if let replications { scenario.run.replications = replications }
        if let seed { scenario.seed = seed }
        let threads = threads ?? Replications.availableCores

        let start = DispatchTime.now()
        let results = try ContentPathSimulation.run(scenario, threads: threads)
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9

        let report = ContentPathReport(scenario: scenario, results: results)
        let timing = RunTiming(wallSeconds: wall, threads: threads, events: report.simulation.eventsTotal)
        let folder = URL(fileURLWithPath: reportsDirectory).appendingPathComponent(scenario.name)
        let jsonURL = folder.appendingPathComponent("report.json")
        let markdownURL = folder.appendingPathComponent("report.md")
        do {
            try AtomicFile.write(report.json(), to: jsonURL)
            try AtomicFile.write(MarkdownReport.render(report, scenario: scenario, timing: timing), to: markdownURL)
        } catch {
            Terminal.error("error: cannot write the report in \(folder.path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        print(Summary.render(report, timing: timing, written: [jsonURL.relativePath, markdownURL.relativePath]))
    }
}

/// The few lines `vidsim run` prints.
enum Summary {
    static func render(_ report: ContentPathReport, timing: RunTiming, written: [String]) -> String {
        /// "8.905 ± 0.033 PB/day", with the size in its own unit beside it when under a petabyte.
        func pb(_ figure: ContentPathReport.Figure) -> String {
            let half = figure.ci95HalfWidth.map { " ± " + significant($0 / 1e15, digits: 2) } ?? ""
            let text = significant(figure.mean / 1e15, digits: 4) + half + " PB/day"
            return figure.mean >= 1e15 ? text : text + " (\(DataSize(bytes: figure.mean))/day)"
        }
        func time(_ figure: ContentPathReport.Figure) -> String { TimeSpan(seconds: figure.mean).description }
        let s = report.scenario
        let t = report.transcode
        var lines = [
            "vidsim run: \(s.name), \(s.replications) replication\(s.replications == 1 ? "" : "s") of \(TimeSpan(seconds: s.horizonSeconds)), seed \(s.seed)",
            "  content uploaded    \(significant(report.uploads.contentHoursPerDay.mean, digits: 6)) hours/day",
            "  renditions          \(pb(report.storage.renditionBytesPerDay))",
            "  raw uploads         \(pb(report.storage.rawBytesPerDay))",
            "  total stored        \(pb(report.storage.totalBytesPerDay))",
            "  fleet               \(significant(t.meanWorkers.mean, digits: 5)) workers on average (peak \(significant(t.peakWorkers.mean, digits: 5))), \(String(format: "%.1f%%", t.utilisation.mean * 100)) busy",
            "  compute             \(Money(dollars: t.computeCostPerDay.mean))/day, \(significant(t.onDemandVCPUHoursPerDay.mean + t.spotVCPUHoursPerDay.mean, digits: 5)) vCPU-hours/day",
        ]
        func latency(_ name: String, _ figures: ContentPathReport.Latency) -> String {
            name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + "p50 \(time(figures.p50)), p95 \(time(figures.p95)), p99 \(time(figures.p99))"
        }
        if let transfer = report.uploads.transfer { lines.append("  " + latency("upload time", transfer.uploadTime)) }
        lines.append("  " + latency("queue wait", t.queueWait))
        lines.append("  " + latency("first playable", t.timeToFirstPlayable))
        lines.append("  " + latency("time to publish", t.timeToPublish))
        if let transfer = report.uploads.transfer { lines.append("  " + latency("creator's wait", transfer.creatorWait)) }
        lines.append("  events              \(timing.events) in \(String(format: "%.2f", timing.wallSeconds)) s (\(significant(timing.eventsPerSecond / 1e6, digits: 3)) million/s on \(timing.threads) thread\(timing.threads == 1 ? "" : "s"))")
        lines.append("  report              \(written.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
