import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimReports
import VidsimScenario
import VidsimUnits
import Yams

/// `vidsim assignment`: the seed's four questions, step by step, with the student's numbers: each step's formula,
/// the numbers put in, the answer with its unit, and a simulation that backs it.
struct AssignmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignment",
        abstract: "Answer the seed's assignment step by step: upload, renditions, the rural viewer's ABR, a brand-new video's cache misses.",
        discussion: """
            A creator uploads a 1-hour 4K video of 30 GB; a rural viewer on 3G (500 Kbps on average, between 300 \
            and 800 Kbps) watches it while nothing of it is cached near them. Every number is an option, the \
            seed's value by default. Each step shows its formula with the numbers put in, the answer with its \
            unit, and a simulation behind it: 10,000 simulated uploads of the file with failed chunks and dropped \
            connections; the segments the renditions are cut into; every ABR algorithm playing the same \
            fluctuating link, with a segment log; and a first and a second viewer of the brand-new video, tier by \
            tier. Prints plain text, or Markdown or HTML with --format; --out writes a file. docs/assignment.md \
            shows the whole output with the defaults.
            """)

    @Option(help: "The raw file's size.")
    var fileSize = "30 GB"

    @Option(help: "The video's length.")
    var duration = "1 h"

    @Option(help: "The source's height in lines (4K: 2160); rungs taller than it are not made.")
    var sourceHeight = 2160

    @Option(help: "The upload's chunk size.")
    var chunkSize = "10 MB"

    @Option(help: "The creator's uplink.")
    var uplink = "50 Mbps"

    @Option(help: "The chance that a chunk fails and is sent again (0 to 0.5).")
    var chunkFailure = 0.01

    @Option(help: "Connection drops per hour of uploading.")
    var drops = "1/h"

    @Option(help: "Time to reconnect and resume after a drop.")
    var reconnect = "10 s"

    @Option(help: "Fixed cost of each chunk's request (a round trip).")
    var perChunkOverhead = "50 ms"

    @Option(help: "Uploads simulated for the distribution (100 to 1,000,000).")
    var uploads = 10_000

    @Option(help: ArgumentHelp("A scenario whose ladder, segment length and CDN tiers to use (default: the seed's six rungs, 4 s "
                               + "segments, typical tiers).", valueName: "file"))
    var scenario: String?

    @Option(help: "The viewer's average bandwidth.")
    var viewerMean = "500 Kbps"

    @Option(help: "The viewer's lowest bandwidth.")
    var viewerLow = "300 Kbps"

    @Option(help: "The viewer's highest bandwidth.")
    var viewerHigh = "800 Kbps"

    @Option(help: "Content the viewer watches in step 3.")
    var watch = "10 min"

    @Option(help: "cold (the seed's brand-new video: nothing cached near the viewer) or warm, for step 4.")
    var cache = "cold"

    @Option(help: "Seed for the simulations' random draws.")
    var seed: UInt64 = 1

    @Option(help: "text, markdown or html.")
    var format = "text"

    @Option(help: "Write to this file instead of the terminal.")
    var out: String?

    func validate() throws {
        guard ["text", "markdown", "html"].contains(format) else { throw ValidationError("--format must be text, markdown or html, found '\(format)'") }
        guard (0...0.5).contains(chunkFailure) else { throw ValidationError("--chunk-failure must be from 0 to 0.5, found \(chunkFailure)") }
        guard (100...1_000_000).contains(uploads) else { throw ValidationError("--uploads must be from 100 to 1,000,000, found \(uploads)") }
        guard (16...8640).contains(sourceHeight) else { throw ValidationError("--source-height must be from 16 to 8640 lines, found \(sourceHeight)") }
        guard ["cold", "warm"].contains(cache) else { throw ValidationError("--cache must be cold or warm, found '\(cache)'") }
    }

    func run() throws {
        let inputs: AssignmentInputs
        do {
            inputs = try AssignmentInputs(self)
        } catch let error as ValidationError {
            // Said like the options' own checks, without the usage text.
            Terminal.error("error: \(error.message)")
            throw ExitCode.validationFailure
        }
        let document = try AssignmentSteps(inputs: inputs).document()
        let text: String
        switch format {
        case "markdown": text = document.markdown()
        case "html": text = document.html()
        default: text = document.text()
        }
        if let out {
            do {
                try AtomicFile.write(text, to: URL(fileURLWithPath: out))
            } catch {
                Terminal.error("error: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            print("vidsim assignment: written to \(out)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// The assignment's numbers, read and checked from the options.
struct AssignmentInputs {
    let fileBytes: Double
    let videoSeconds: Double
    let sourceHeight: Int
    let chunkBytes: Double
    let uplink: Double
    let chunkFailure: Double
    let dropsPerHour: Double
    let reconnect: Double
    let perChunkOverhead: Double
    let uploads: Int
    let transfer: UploadTransfer
    /// The ladder, ascending: name, height (nil when the scenario gives none), bit rate.
    let rungs: [(name: String, height: Int?, bitsPerSecond: Double)]
    let scenario: String?
    let viewerMean: Double
    let viewerLow: Double
    let viewerHigh: Double
    let watchSeconds: Double
    let cold: Bool
    let seed: UInt64

    init(_ command: AssignmentCommand) throws {
        func measure<M: Measure>(_ text: String, _ option: String, as type: M.Type, positive: Bool = true) throws -> Double {
            let value: Double
            do { value = try M(parsing: text).baseValue } catch { throw ValidationError("--\(option): \(error)") }
            guard !positive || value > 0 else { throw ValidationError("--\(option) must be above zero, found \(text)") }
            return value
        }
        fileBytes = try measure(command.fileSize, "file-size", as: DataSize.self)
        videoSeconds = try measure(command.duration, "duration", as: TimeSpan.self)
        sourceHeight = command.sourceHeight
        chunkBytes = try measure(command.chunkSize, "chunk-size", as: DataSize.self)
        uplink = try measure(command.uplink, "uplink", as: BitRate.self)
        chunkFailure = command.chunkFailure
        dropsPerHour = try measure(command.drops, "drops", as: EventRate.self, positive: false) * 3600
        reconnect = try measure(command.reconnect, "reconnect", as: TimeSpan.self, positive: false)
        perChunkOverhead = try measure(command.perChunkOverhead, "per-chunk-overhead", as: TimeSpan.self, positive: false)
        uploads = command.uploads
        guard fileBytes / chunkBytes <= 100_000_000 else {
            throw ValidationError("--chunk-size \(command.chunkSize) cuts \(command.fileSize) into more than 100 million chunks")
        }
        guard videoSeconds <= 30 * 86_400, videoSeconds >= 1 else { throw ValidationError("--duration must be from 1 s to 30 days, found \(command.duration)") }
        guard fileBytes * 8 / uplink <= 365 * 86_400 else {
            throw ValidationError("uploading \(command.fileSize) at \(command.uplink) would take over a year: check --file-size and --uplink")
        }
        guard dropsPerHour <= 3600 else { throw ValidationError("--drops must be at most 3600/h (one a second), found \(command.drops)") }
        guard reconnect <= 86_400 else { throw ValidationError("--reconnect must be at most 1 day, found \(command.reconnect)") }
        guard perChunkOverhead <= 3600 else { throw ValidationError("--per-chunk-overhead must be at most 1 h, found \(command.perChunkOverhead)") }
        // The upload model's own settings type, written as a scenario's uploads.transfer section would be.
        let yaml = "uplink: \(BitRate(bitsPerSecond: uplink))\nchunk_size: \(command.chunkSize)\nchunk_failure_probability: \(chunkFailure)\n"
            + "drops: \(dropsPerHour)/h\nreconnect: \(command.reconnect)\nper_chunk_overhead: \(command.perChunkOverhead)\n"
        do {
            transfer = try YAMLDecoder().decode(UploadTransfer.self, from: yaml)
        } catch {
            throw ValidationError("the upload's settings: \(error)")
        }

        if let file = command.scenario {
            let loaded: Scenario
            do {
                loaded = try ScenarioLoader.load(path: file, force: true)
            } catch {
                Terminal.error(error.description)
                throw ExitCodes.invalidScenario
            }
            guard !loaded.ladder.byClass else {
                throw ValidationError("--scenario: its ladder is by content class; give a scenario with one ladder")
            }
            rungs = loaded.ladder.rungs.map { ($0.name, $0.height, $0.bitrate.bitsPerSecond) }.sorted { $0.2 < $1.2 }
        } else {
            rungs = BenchLadder.seedRungs.map { ($0.name, Int($0.height), Double($0.bitsPerSecond)) }
        }
        guard rungs.contains(where: { ($0.height ?? 0) <= command.sourceHeight }) else {
            let shortest = rungs.compactMap(\.height).min() ?? 0
            throw ValidationError("--source-height \(command.sourceHeight): no rung of the ladder fits a \(command.sourceHeight)-line source "
                + "(the shortest is \(shortest) lines), so nothing would be transcoded")
        }
        scenario = command.scenario
        viewerMean = try measure(command.viewerMean, "viewer-mean", as: BitRate.self)
        viewerLow = try measure(command.viewerLow, "viewer-low", as: BitRate.self)
        viewerHigh = try measure(command.viewerHigh, "viewer-high", as: BitRate.self)
        guard viewerLow < viewerMean, viewerMean < viewerHigh else {
            throw ValidationError("expected --viewer-low < --viewer-mean < --viewer-high, found \(command.viewerLow), \(command.viewerMean), \(command.viewerHigh)")
        }
        guard viewerLow >= 1_000 else { throw ValidationError("--viewer-low must be at least 1 Kbps, found \(command.viewerLow)") }
        watchSeconds = min(try measure(command.watch, "watch", as: TimeSpan.self), videoSeconds)
        cold = command.cache == "cold"
        seed = command.seed
    }
}
