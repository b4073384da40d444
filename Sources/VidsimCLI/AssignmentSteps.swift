import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimPolicies
import VidsimReports
import VidsimScenario
import VidsimUnits

/// The assignment's four steps, each worked out and backed by a simulation, as a document for the terminal,
/// Markdown or HTML. Written for a student: plain words, units always.
struct AssignmentSteps {
    let inputs: AssignmentInputs

    /// The rungs made for this source (none taller than it), ascending: the ladder every step uses.
    private var made: [(name: String, height: Int?, bitsPerSecond: Double)] {
        inputs.rungs.filter { ($0.height ?? 0) <= inputs.sourceHeight }
    }

    func document() throws -> AssignmentDocument {
        var document = AssignmentDocument(title: "The assignment, step by step")
        document.intro = "A creator uploads a \(length(inputs.videoSeconds)) \(inputs.sourceHeight == 2160 ? "4K" : "\(inputs.sourceHeight)-line") video (a raw file of \(bytes(inputs.fileBytes))). A viewer in a "
            + "rural area on 3G (\(rate(inputs.viewerMean)) on average, between \(rate(inputs.viewerLow)) and \(rate(inputs.viewerHigh))) wants "
            + "to watch it. Each step below shows the formula, the numbers put in, the answer, and a simulation that checks it. "
            + "Every number is an option of vidsim assignment (see --help). Sizes are decimal, as networks and disks count them: "
            + "1 GB = 1,000 MB, 1 MB = 1,000,000 bytes. The words a student may not know yet are explained at the end."
        document.sections.append(upload())
        document.sections.append(renditions())
        document.sections.append(try abr())
        document.sections.append(try cacheMiss())
        document.sections.append(glossary())
        return document
    }

    // MARK: Step 1

    private func upload() -> AssignmentDocument.Section {
        var section = AssignmentDocument.Section(title: "1. How is the \(bytes(inputs.fileBytes)) file uploaded reliably?")
        let chunks = ChunkedTransfer(inputs.transfer).chunks(for: inputs.fileBytes)
        let lineRate = inputs.fileBytes * 8 / inputs.uplink
        section.paragraph("One request for the whole file would fail too often: a dropped connection after an hour would mean "
            + "starting again. So the app cuts the file into chunks and sends them one by one, each with its number; the server "
            + "keeps the chunks it has, so a failed chunk is sent again on its own and a dropped connection resumes from the last "
            + "chunk received (a resumable upload).")
        section.formula([
            "chunks = file size / chunk size, rounded up",
            "       = \(bytes(inputs.fileBytes)) / \(bytes(inputs.chunkBytes)) = \(grouped(chunks)) chunk\(chunks == 1 ? "" : "s")",
            "time at line rate = file size x 8 bits per byte / uplink",
            "       = \(bytes(inputs.fileBytes)) x 8 / \(rate(inputs.uplink)) = \(secondsCount(lineRate)) = \(minutes(lineRate))",
        ])
        // The upload, simulated many times: chunks that fail and are sent again after a backoff, connections that drop.
        var durations: [Double] = [], retries: [Double] = [], dropped: [Double] = []
        let transfer = ChunkedTransfer(inputs.transfer)
        let uplinkRate = BitRate(bitsPerSecond: inputs.uplink)
        for upload in 0..<inputs.uploads {
            let seeds = StreamSeeds(scenarioSeed: inputs.seed, replication: upload)
            let outcome = transfer.outcome(bytes: inputs.fileBytes, rate: uplinkRate, failures: seeds.stream(for: "upload.failures"),
                                           drops: seeds.stream(for: "upload.drops"))
            durations.append(outcome.duration.seconds)
            retries.append(Double(outcome.failedAttempts))
            dropped.append(Double(outcome.drops))
        }
        durations.sort()
        func quantile(_ q: Double) -> Double { durations[min(durations.count - 1, Int(q * Double(durations.count)))] }
        let mean = durations.reduce(0, +) / Double(durations.count)
        let times = grouped(inputs.uploads), uplinkText = rate(inputs.uplink), failure = percent(inputs.chunkFailure)
        let overhead = duration(inputs.perChunkOverhead), reconnectText = duration(inputs.reconnect)
        let dropsText = inputs.dropsPerHour == 1 ? "once" : inputs.dropsPerHour == 2 ? "twice" : "\(plain(inputs.dropsPerHour)) times"
        var model = "That is the best case: the line full all the time (the line rate), and every chunk through at the first try. "
        model += "Waits between retries grow to at most 60 s. The simulation sends the file \(times) times over the same "
        model += "\(uplinkText) uplink, the way vidsim's upload model does: each chunk fails with probability \(failure) and is sent "
        model += "again after a wait that doubles each time (1 s, 2 s, 4 s, ...); each request costs \(overhead) before its bytes flow; "
        model += "the connection drops \(dropsText) an hour on average, losing the chunk in flight and taking \(reconnectText) to resume."
        section.paragraph(model)
        section.table(["upload time", "minutes"], [
            ["at line rate (the formula)", minutesValue(lineRate)],
            ["mean of the simulated uploads", minutesValue(mean)],
            ["median (half take less)", minutesValue(quantile(0.5))],
            ["95% finish within", minutesValue(quantile(0.95))],
            ["99% finish within", minutesValue(quantile(0.99))],
            ["the slowest", minutesValue(durations.last!)],
        ])
        section.paragraph(String(format: "On average %.1f chunks were sent again and the connection dropped %.2f times per upload. "
            + "The answer: %@ chunks, and about %@ at line rate; with retries and drops, %@ on average and up to %@ for 95%% of "
            + "uploads.", retries.reduce(0, +) / Double(retries.count), dropped.reduce(0, +) / Double(dropped.count),
            grouped(chunks), minutes(lineRate), minutes(mean), minutes(quantile(0.95))))
        return section
    }

    // MARK: Step 2

    private func renditions() -> AssignmentDocument.Section {
        var section = AssignmentDocument.Section(title: "2. How many transcoded versions, and how much storage?")
        let made = self.made
        let skipped = inputs.rungs.count - made.count
        section.paragraph("The video is transcoded into one version (a rendition) per rung of the bitrate ladder, so every "
            + "device and connection finds one it can play: \(counted(made.count, "rendition"))"
            + (skipped > 0 ? " (\(skipped) rung\(skipped == 1 ? " is" : "s are") taller than the \(inputs.sourceHeight)-line source: nobody upscales)" : "")
            + ". Each rendition's size is its bit rate times the video's length, divided by 8 bits per byte.")
        var rows: [[String]] = []
        var total = 0.0
        for rung in made {
            let size = rung.bitsPerSecond * inputs.videoSeconds / 8
            total += size
            rows.append([rung.name, rate(rung.bitsPerSecond), "\(rate(rung.bitsPerSecond)) x \(groupedThousands(plain(inputs.videoSeconds))) s / 8", bytes(size)])
        }
        let totalRate = made.reduce(0) { $0 + $1.bitsPerSecond }
        rows.append(["all (sum)", rate(totalRate), "\(rate(totalRate)) x \(groupedThousands(plain(inputs.videoSeconds))) s / 8", bytes(total)])
        section.table(["rendition", "bit rate", "formula", "size"], rows)
        // The same storage, counted as the CDN and the players see it: segments of every rendition.
        let segment = 4.0
        let sizes = SegmentSizes(bitrates: made.map(\.bitsPerSecond), duration: inputs.videoSeconds, segmentSeconds: segment)
        var stored = 0.0
        for index in 0..<sizes.segments { for rung in made.indices { stored += sizes.bytes(segment: index, rung: rung) } }
        let perRendition = "\(grouped(sizes.segments)) segment\(sizes.segments == 1 ? "" : "s")"
        let files = grouped(sizes.segments * made.count), versions = counted(made.count, "version")
        var check = "Checked by counting what is stored: cut into \(plain(segment))-second segments, the video is \(perRendition) per "
        check += "rendition, \(files) files in all, and their sizes add up to \(bytes(stored)). The answer: \(versions), \(bytes(total)) "
        check += "for the video, plus the raw \(bytes(inputs.fileBytes)) kept as the source of truth (the original everything else can be "
        check += "made again from): \(bytes(total + inputs.fileBytes)) before replication (the copies storage keeps against disk failures)."
        section.paragraph(check)
        return section
    }

    // MARK: Step 3

    private func abr() throws -> AssignmentDocument.Section {
        var section = AssignmentDocument.Section(title: "3. The rural viewer presses play: which resolution?")
        let safety = 0.9
        let budget = inputs.viewerMean * safety
        let ladder = made
        let fits = ladder.filter { $0.bitsPerSecond <= budget }
        let chosen = fits.last ?? ladder[0]
        let next = fits.isEmpty ? nil : ladder.first { $0.bitsPerSecond > budget }
        section.paragraph("The player measures how fast segments arrive and picks, for each segment, the best rendition the "
            + "connection can keep up with (adaptive bitrate, ABR). The simplest rule takes the highest bit rate below a safety "
            + "margin of the measured throughput:")
        section.formula([
            "budget = \(Int(safety * 100))% x measured throughput = 0.9 x \(rate(inputs.viewerMean)) = \(rate(budget))",
            fits.isEmpty ? "choice = no rung fits the budget: the player falls back to the lowest, \(chosen.name) at \(rate(chosen.bitsPerSecond)), "
                + "and will stall" : "choice = the highest rung at or below the budget = \(chosen.name) at \(rate(chosen.bitsPerSecond))"
                + (next.map { " (\($0.name) needs \(rate($0.bitsPerSecond)))" } ?? ""),
        ])
        // The same rule at the link's two ends, as the simulated player applies it: 95% of the link carries video
        // (the rest is packet headers and requests), and the throughput is the harmonic mean of the last 5 segments.
        func pick(_ link: Double) -> String {
            let budget = 0.9 * 0.95 * link
            guard let rung = ladder.last(where: { $0.bitsPerSecond <= budget }) else {
                return "the budget is \(rate(budget)), below every rung: it falls back to \(ladder[0].name) and the buffer drains"
            }
            return "the budget is \(rate(budget)): \(rung.name)"
        }
        section.paragraph("The simulated player below applies the same rule to what it measures: only about 95% of the link "
            + "carries video (the rest is packet headers and requests), and it averages the last 5 segments' throughputs (a harmonic "
            + "mean, which leans towards the slow ones). At \(rate(inputs.viewerLow)) it would pick \(pick(inputs.viewerLow)); at "
            + "\(rate(inputs.viewerHigh)), \(pick(inputs.viewerHigh)); it only sees the high rate once several fast segments in a row "
            + "have arrived.")
        // A link that moves between the low and high rates, spending time in each so its mean is the viewer's.
        let lowShare = (inputs.viewerHigh - inputs.viewerMean) / (inputs.viewerHigh - inputs.viewerLow)
        let cycle = 20.0
        let states = "\(rateText(inputs.viewerLow))/\(plain(cycle * lowShare)) s,\(rateText(inputs.viewerHigh))/\(plain(cycle * (1 - lowShare))) s"
        let results = try play(["--markov", states, "--abr", "all", "--cache", "warm", "--watch", "\(inputs.watchSeconds) s",
                                "--max-rung", ladder.last!.name])
        section.paragraph("When the bandwidth moves between \(rate(inputs.viewerLow)) and \(rate(inputs.viewerHigh)): the simulation "
            + "plays \(minutes(inputs.watchSeconds)) of the video over a link that stays at \(rate(inputs.viewerLow)) for "
            + "\(plain(cycle * lowShare)) s on average, then at \(rate(inputs.viewerHigh)) for \(plain(cycle * (1 - lowShare))) s (a "
            + "\(rate(inputs.viewerMean)) average), the same link for every algorithm, from a warm CDN so that only the link matters:")
        let names = results.input.rungNames
        section.table(["algorithm", "startup", "average bit rate", "time at each rung", "stalls", "time stalled", "switches"],
                      results.results.map { result in
                          let summary = result.viewers[0].summary
                          let shares = summary.rungSeconds.enumerated().filter { $0.element > 0 }.map { index, seconds in
                              "\(names[index]) \(Int((seconds / max(summary.watchedSeconds, 1e-9) * 100).rounded()))%"
                          }.joined(separator: ", ")
                          return [result.algorithm, seconds(summary.startupSeconds), rate(summary.timeAverageBitrate), shares,
                                  "\(summary.stalls)", seconds(summary.stallSeconds), "\(summary.switches)"]
                      })
        if let bola = results.results.first(where: { $0.algorithm == "bola-e" }) ?? results.results.first {
            section.paragraph("\(bola.algorithm)'s first segments (dash.js's rule; the other algorithms' logs: vidsim play --markov "
                + "'\(states)' --abr all --log):")
            section.log(segmentLog(bola.viewers[0].records.prefix(16), names: names))
        }
        // What happened, said from the table's numbers, not from what the algorithms are known for.
        let summaries = results.results.map { (name: $0.algorithm, summary: $0.viewers[0].summary) }
        let stalled = summaries.filter { $0.summary.stalls > 0 }
        let steady = summaries.filter { $0.summary.stalls == 0 }
        var answer = "The answer: at \(rate(inputs.viewerMean)) the player picks \(chosen.name) (\(rate(chosen.bitsPerSecond))). "
        answer += "When the bandwidth swings, each algorithm decides from what it sees: the rate-based one from the throughput of the "
        answer += "last segments (with its 90% margin), the buffer-based ones (BBA, BOLA, BOLA-E) from how many seconds of video are "
        answer += "waiting in the buffer, and MPC from a prediction of the next segments' throughput. "
        if let best = steady.max(by: { $0.summary.timeAverageBitrate < $1.summary.timeAverageBitrate }) {
            answer += "On this link \(best.name) gave the best picture without stalling (\(rate(best.summary.timeAverageBitrate)) on average, "
            answer += "\(best.summary.switches) switch\(best.summary.switches == 1 ? "" : "es")"
            if let calm = steady.min(by: { $0.summary.switches < $1.summary.switches }), calm.name != best.name {
                answer += "; \(calm.name) switched least (\(counted(calm.summary.switches, "time")))"
            }
            answer += "). "
        }
        if !stalled.isEmpty {
            answer += stalled.map { "\($0.name) stalled \(counted($0.summary.stalls, "time")) (\(seconds($0.summary.stallSeconds)) frozen in all)" }
                .joined(separator: ", ") + ": the buffer ran dry, because the player climbed to rungs the slow periods could not carry"
                + (fits.isEmpty ? " or because even the lowest rung needs more than the link gives" : "") + ". "
        }
        answer += "Switching up when the link is fast buys picture quality; a stall costs far more in what viewers put up with."
        section.paragraph(answer)
        return section
    }

    // MARK: Step 4

    private func cacheMiss() throws -> AssignmentDocument.Section {
        var section = AssignmentDocument.Section(title: "4. A brand-new video: what happens on a cache miss?")
        let constant = rateText(inputs.viewerMean)
        let first = try play(["--bandwidth", constant, "--abr", "rate", "--cache", inputs.cold ? "cold" : "warm", "--viewers", "2",
                              "--watch", "\(min(inputs.watchSeconds, 120)) s", "--max-rung", made.last!.name])
        let paths = first.input.paths
        let edge = paths.roundTrip[0], shield = paths.roundTrip[1], origin = paths.roundTrip[2]
        section.paragraph("No edge server near the viewer holds the video yet. The first request goes to the nearest edge, "
            + "which does not have it (a miss) and asks the regional shield cache, which misses too and asks the origin (object "
            + "storage). The origin's copy comes back through the shield and the edge, which keep it for the next viewer.")
        section.formula([
            "time to the first byte, from the edge (a hit) = \(milliseconds(edge))",
            paths.hasShield ? "from the shield (edge miss)            = \(milliseconds(edge)) + \(milliseconds(shield - edge)) = \(milliseconds(shield))"
                : "(no shield tier: an edge miss goes to the origin)",
            "from the origin (edge and shield miss)  = " + (paths.hasShield ? "\(milliseconds(edge)) + \(milliseconds(shield - edge)) + \(milliseconds(origin - shield))"
                : "\(milliseconds(edge)) + \(milliseconds(origin - edge))") + " = \(milliseconds(origin))",
            "extra wait on a miss = \(milliseconds(origin)) - \(milliseconds(edge)) = \(milliseconds(origin - edge)) per request",
        ])
        let viewers = first.results[0].viewers
        let names = first.input.rungNames
        let state = inputs.cold ? "cold (nothing of the video cached yet)" : "warm (every segment already at the edge: --cache warm)"
        section.paragraph("The simulation plays the video twice over a steady \(rate(inputs.viewerMean)) link (the rate-based "
            + "player), the second viewer after the first, through a \(state) CDN:")
        var rows: [[String]] = []
        for (index, viewer) in viewers.enumerated() {
            for (row, record) in viewer.records.prefix(3).enumerated() {
                rows.append([row == 0 ? "viewer \(index + 1)" : "", "\(record.segment + 1)", names[record.rung], record.tier.name,
                             seconds(record.downloadSeconds), row == 0 ? seconds(viewer.summary.startupSeconds) : ""])
            }
        }
        section.table(["viewer", "segment", "rung", "served by", "download", "startup"], rows)
        guard let a = viewers.first, let b = viewers.dropFirst().first, let one = a.records.first, let two = b.records.first else { return section }
        guard inputs.cold else {
            section.paragraph("With a warm CDN both viewers are served by the edge from the first request: no miss, so the first "
                + "segment waits only the edge's \(milliseconds(edge)) before its first byte (run without --cache warm to see the misses).")
            return section
        }
        let laterFromOrigin = a.records.dropFirst().prefix(2).allSatisfy { $0.tier == .origin }
        let secondFromEdge = b.records.prefix(3).allSatisfy { $0.tier == .edge }
        if one.rung == two.rung {
            let startupGap = a.summary.startupSeconds - b.summary.startupSeconds
            let missShare = (origin - edge) / one.downloadSeconds
            section.paragraph("The first viewer's first segment took \(seconds(one.downloadSeconds)), the second viewer's "
                + "\(seconds(two.downloadSeconds)): \(milliseconds(one.downloadSeconds - two.downloadSeconds)) more, the miss path's extra round "
                + "trips (\(milliseconds(origin - edge))); the rest is the same bytes over the same link. The first viewer starts "
                + "\(milliseconds(startupGap)) later (\(seconds(a.summary.startupSeconds)) against \(seconds(b.summary.startupSeconds))): "
                + "the playlist (the manifest) and the first segment each missed down to the origin. "
                + (laterFromOrigin ? "The first viewer's later segments come from the origin too (nobody asked for them before), but the "
                    + "player fetches them while it plays what it has, so while the buffer holds the extra wait is not seen: the viewer "
                    + "feels the misses as a slower start. " : "")
                + "At \(rate(inputs.viewerMean)) the miss path is \(Int((missShare * 100).rounded()))% of the first segment's wait: "
                + (missShare < 0.2 ? "the bytes over the slow last mile, not the round trips, take most of the time." :
                    "on a link this fast the round trips to the origin are much of the first segment's wait."))
        }
        section.paragraph("The answer: the first segment waits for edge, shield and origin in turn (\(milliseconds(origin)) before "
            + "its first byte instead of \(milliseconds(edge))), and so does the playlist before it; "
            + (laterFromOrigin ? "the first viewer's later segments miss too, hidden by the buffer; " : "")
            + (secondFromEdge ? "a later viewer of the same rendition finds every segment the first one fetched at the edge."
                : "a later viewer finds at the edge what the first one fetched, and misses again on a rendition nobody has watched yet."))
        return section
    }

    // MARK: Words

    private func glossary() -> AssignmentDocument.Section {
        var section = AssignmentDocument.Section(title: "Words used")
        section.table(["word", "meaning"], [
            ["line rate", "the link's full speed, with nothing lost or repeated"],
            ["chunk", "a piece of the file sent on its own, so a failure costs only that piece"],
            ["transcode", "decode the video and encode it again at another size and bit rate"],
            ["bit rate", "bits per second of video: its size per second of playing time"],
            ["bitrate ladder, rung", "the list of versions a video is made in, from the smallest to the best; a rung is one of them"],
            ["rendition", "one version of the video, at one rung"],
            ["segment", "a few seconds of one rendition, fetched as one file (4 s here)"],
            ["manifest (playlist)", "the small file listing the renditions and their segments, fetched first"],
            ["ABR", "adaptive bitrate: the player picks each segment's rung from what it measures"],
            ["rate-based", "an ABR rule that picks the highest rung below a share of the measured throughput"],
            ["BBA, BOLA, BOLA-E", "ABR rules that pick from the buffer's level (BOLA-E is dash.js's default player rule)"],
            ["MPC", "an ABR rule that predicts the next segments' throughput and plans a few segments ahead"],
            ["buffer", "the seconds of video downloaded but not yet played"],
            ["stall (rebuffering)", "the picture freezes because the buffer ran empty"],
            ["CDN, edge", "a content delivery network: caches near viewers; the edge is the one nearest"],
            ["shield", "a regional cache between the edges and the origin, so an edge miss rarely reaches the origin"],
            ["origin", "the object storage holding every rendition"],
            ["cold, warm", "a cold cache holds nothing of the video yet; a warm one holds all of it"],
            ["miss, hit", "a cache that lacks the object asks the next tier (a miss); one that has it serves it (a hit)"],
            ["round trip", "the time a request takes to reach a server and its answer to start coming back"],
        ])
        section.paragraph("The tiers' round trips (20 ms to the edge, 30 ms more to the shield, 80 ms more to the origin) are typical "
            + "figures, not measurements: --scenario takes them, the ladder and the segment length from a scenario file.")
        return section
    }

    // MARK: Playing

    /// Sessions played as `vidsim play` plays them, with these options (the ladder and tiers from --scenario).
    private func play(_ options: [String]) throws -> (input: PlayInput, results: [PlayResult]) {
        var arguments = options + ["--duration", "\(inputs.videoSeconds) s", "--seed", "\(inputs.seed)"]
        if let scenario = inputs.scenario { arguments += ["--scenario", scenario] }
        let command = try PlayCommand.parse(arguments)
        let input = try PlayInput(command: command)
        return (input, input.algorithms.map { command.play($0, input: input, recording: true) })
    }

    private func segmentLog(_ records: ArraySlice<SegmentRecord>, names: [String]) -> [String] {
        var rows = [["segment", "asked at", "rung", "size", "download", "buffer after", "stall"]]
        for record in records {
            rows.append(["\(record.segment + 1)", String(format: "%.1f s", record.requestTime), names[record.rung], bytes(record.bytes),
                         String(format: "%.2f s", record.downloadSeconds), String(format: "%.1f s", record.bufferAfter),
                         String(format: "%.1f s", record.stallSeconds)])
        }
        // Numbers right-aligned under their headings, the rung's name left.
        return Terminal.columns(rows, indent: "", rightAligned: [0, 1, 3, 4, 5, 6])
    }

    // MARK: Numbers as a student reads them

    /// Bytes in decimal units with up to three decimals, trailing zeros dropped: 12.375 GB, 30 GB, 135 MB.
    private func bytes(_ value: Double) -> String {
        let units: [(Double, String)] = [(1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
        let (factor, symbol) = units.first { value >= $0.0 } ?? (1, "B")
        var number = String(format: "%.3f", value / factor)
        while number.hasSuffix("0") { number.removeLast() }
        if number.hasSuffix(".") { number.removeLast() }
        return number + " " + symbol
    }
    private func rate(_ value: Double) -> String { BitRate(bitsPerSecond: value).description }
    private func rateText(_ value: Double) -> String { "\(plain(value / 1000)) Kbps" }
    /// The video's length as an adjective: "1-hour", "90-minute", "30-second".
    private func length(_ value: Double) -> String {
        if value.truncatingRemainder(dividingBy: 3600) == 0 { return "\(plain(value / 3600))-hour" }
        if value.truncatingRemainder(dividingBy: 60) == 0 { return "\(plain(value / 60))-minute" }
        return "\(plain(value))-second"
    }
    /// Seconds, grouped: 4,800 s; below 10 s with decimals.
    private func secondsCount(_ value: Double) -> String { value < 10 ? String(format: "%.2f s", value) : "\(grouped(Int(value.rounded()))) s" }
    private func minutes(_ value: Double) -> String {
        value >= 2 * 86_400 ? String(format: "%.1f days", value / 86_400) : value >= 3 * 3600 ? String(format: "%.1f h", value / 3600)
            : minutesValue(value) + " min"
    }
    private func minutesValue(_ value: Double) -> String { String(format: "%.1f", value / 60) }
    private func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
    /// A setting's duration as written: 50 ms, 10 s.
    private func duration(_ value: Double) -> String { value < 1 ? milliseconds(value) : plain(value) + " s" }
    private func milliseconds(_ value: Double) -> String { String(format: "%.0f ms", value * 1000) }
    private func percent(_ value: Double) -> String { plain(value * 100) + "%" }
    private func plain(_ value: Double) -> String { SweepDefinition.shown((value * 1000).rounded() / 1000) }
    /// A whole number with thousands separated: 3,000.
    private func grouped(_ value: Int) -> String { groupedThousands(String(value)) }
}

/// The assignment's answer as sections of paragraphs, formulas, tables and logs, written for the terminal, as
/// Markdown or as a self-contained HTML page.
struct AssignmentDocument {
    enum Block {
        case paragraph(String)
        case formula([String])
        case table([String], [[String]])
        case log([String])
    }

    struct Section {
        let title: String
        var blocks: [Block] = []

        mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
        mutating func formula(_ lines: [String]) { blocks.append(.formula(lines)) }
        mutating func table(_ header: [String], _ rows: [[String]]) { blocks.append(.table(header, rows)) }
        mutating func log(_ lines: [String]) { blocks.append(.log(lines)) }
    }

    let title: String
    var intro = ""
    var sections: [Section] = []

    func text() -> String {
        var out = title + "\n" + String(repeating: "=", count: title.count) + "\n\n" + wrap(intro) + "\n"
        for section in sections {
            out += "\n" + section.title + "\n" + String(repeating: "-", count: section.title.count) + "\n"
            for block in section.blocks {
                switch block {
                case let .paragraph(text): out += "\n" + wrap(text) + "\n"
                case let .formula(lines), let .log(lines): out += "\n" + lines.map { "    " + $0 }.joined(separator: "\n") + "\n"
                case let .table(header, rows):
                    out += "\n" + Terminal.columns([header] + rows, indent: "    ").joined(separator: "\n") + "\n"
                }
            }
        }
        return out
    }

    func markdown() -> String {
        var out = "# \(title)\n\n\(intro)\n"
        for section in sections {
            out += "\n## \(section.title)\n"
            for block in section.blocks {
                switch block {
                case let .paragraph(text): out += "\n\(text)\n"
                case let .formula(lines), let .log(lines): out += "\n```\n" + lines.joined(separator: "\n") + "\n```\n"
                case let .table(header, rows):
                    out += "\n| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in " --- |" }.joined() + "\n"
                    out += rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
                }
            }
        }
        return out
    }

    func html() -> String {
        var page = HTMLPage(title: title)
        page.paragraph(intro)
        for section in sections {
            page.heading(section.title)
            for block in section.blocks {
                switch block {
                case let .paragraph(text): page.paragraph(text)
                case let .formula(lines), let .log(lines): page.rawHTML("<pre>" + HTMLPage.escape(lines.joined(separator: "\n")) + "</pre>")
                case let .table(header, rows):
                    // Columns of numbers aligned right.
                    let numeric = Set(header.indices.filter { column in
                        rows.allSatisfy { $0[column].isEmpty || $0[column].first?.isNumber == true } && rows.contains { !$0[column].isEmpty }
                    })
                    page.table(header: header, rows: rows, numericColumns: numeric)
                }
            }
        }
        return page.render()
    }

    /// A paragraph wrapped at 100 columns for the terminal.
    private func wrap(_ text: String) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > 100 {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
