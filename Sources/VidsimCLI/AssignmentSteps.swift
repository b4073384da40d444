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

    func document() throws -> AssignmentDocument {
        var document = AssignmentDocument(title: "The assignment, step by step")
        document.intro = "A creator uploads a \(hours(inputs.videoSeconds)) 4K video (a raw file of \(bytes(inputs.fileBytes))). A viewer in a "
            + "rural area on 3G (\(rate(inputs.viewerMean)) on average, between \(rate(inputs.viewerLow)) and \(rate(inputs.viewerHigh))) wants "
            + "to watch it. Each step below shows the formula, the numbers put in, the answer, and a simulation that checks it. "
            + "Every number is an option of vidsim assignment (see --help)."
        document.sections.append(upload())
        document.sections.append(renditions())
        document.sections.append(try abr())
        document.sections.append(try cacheMiss())
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
            "       = \(bytes(inputs.fileBytes)) / \(bytes(inputs.chunkBytes)) = \(grouped(chunks)) chunks",
            "time at line rate = file size x 8 bits per byte / uplink",
            "       = \(bytes(inputs.fileBytes)) x 8 / \(rate(inputs.uplink)) = \(grouped(Int(lineRate.rounded()))) s = \(minutes(lineRate))",
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
        var model = "That is the best case: the line full all the time. The simulation sends the file \(times) times over the same "
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
        let made = inputs.rungs.filter { ($0.height ?? 0) <= inputs.sourceHeight }
        let skipped = inputs.rungs.count - made.count
        section.paragraph("The video is transcoded into one version (a rendition) per rung of the bitrate ladder, so every "
            + "device and connection finds one it can play: \(made.count) renditions"
            + (skipped > 0 ? " (\(skipped) rung\(skipped == 1 ? " is" : "s are") taller than the \(inputs.sourceHeight)-line source: nobody upscales)" : "")
            + ". Each rendition's size is its bit rate times the video's length, divided by 8 bits per byte.")
        var rows: [[String]] = []
        var total = 0.0
        for rung in made {
            let size = rung.bitsPerSecond * inputs.videoSeconds / 8
            total += size
            rows.append([rung.name, rate(rung.bitsPerSecond), "\(rate(rung.bitsPerSecond)) x \(grouped(Int(inputs.videoSeconds))) s / 8", bytes(size)])
        }
        let totalRate = made.reduce(0) { $0 + $1.bitsPerSecond }
        rows.append(["all", rate(totalRate), "\(rate(totalRate)) x \(grouped(Int(inputs.videoSeconds))) s / 8", bytes(total)])
        section.table(["rendition", "bit rate", "formula", "size"], rows)
        // The same storage, counted as the CDN and the players see it: segments of every rendition.
        let segment = 4.0
        let sizes = SegmentSizes(bitrates: made.map(\.bitsPerSecond), duration: inputs.videoSeconds, segmentSeconds: segment)
        var counted = 0.0
        for index in 0..<sizes.segments { for rung in made.indices { counted += sizes.bytes(segment: index, rung: rung) } }
        section.paragraph("Checked by counting what is stored: cut into \(plain(segment))-second segments, the video is "
            + "\(grouped(sizes.segments)) segments per rendition, \(grouped(sizes.segments * made.count)) files in all, and their sizes add up "
            + "to \(bytes(counted)). The answer: \(made.count) versions, \(bytes(total)) for the hour, plus the raw \(bytes(inputs.fileBytes)) "
            + "kept as the source of truth: \(bytes(total + inputs.fileBytes)) before replication.")
        return section
    }

    // MARK: Step 3

    private func abr() throws -> AssignmentDocument.Section {
        var section = AssignmentDocument.Section(title: "3. The rural viewer presses play: which resolution?")
        let safety = 0.9
        let budget = inputs.viewerMean * safety
        let fits = inputs.rungs.filter { $0.bitsPerSecond <= budget }
        let chosen = fits.last ?? inputs.rungs[0]
        let next = inputs.rungs.first { $0.bitsPerSecond > budget }
        section.paragraph("The player measures how fast segments arrive and picks, for each segment, the best rendition the "
            + "connection can keep up with (adaptive bitrate, ABR). The simplest rule takes the highest bit rate below a safety "
            + "margin of the measured throughput:")
        section.formula([
            "budget = \(Int(safety * 100))% x measured throughput = 0.9 x \(rate(inputs.viewerMean)) = \(rate(budget))",
            "choice = the highest rung at or below the budget = \(chosen.name) at \(rate(chosen.bitsPerSecond))"
                + (next.map { " (\($0.name) needs \(rate($0.bitsPerSecond)))" } ?? ""),
        ])
        // A link that moves between the low and high rates, spending time in each so its mean is the viewer's.
        let lowShare = (inputs.viewerHigh - inputs.viewerMean) / (inputs.viewerHigh - inputs.viewerLow)
        let cycle = 20.0
        let states = "\(rateText(inputs.viewerLow))/\(plain(cycle * lowShare)) s,\(rateText(inputs.viewerHigh))/\(plain(cycle * (1 - lowShare))) s"
        let results = try play(["--markov", states, "--abr", "all", "--cache", "warm", "--watch", "\(inputs.watchSeconds) s"])
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
        section.paragraph("The answer: at \(rate(inputs.viewerMean)) the player picks \(chosen.name) (\(rate(chosen.bitsPerSecond))). "
            + "When the bandwidth swings, a rate-based player follows the throughput it measures, up a rung when the link is fast and "
            + "down when it slows, and may stall if it guesses wrong; buffer-based players (BBA, BOLA) move only when the buffer "
            + "fills or drains, so they switch less; the table shows what each did on the same link.")
        return section
    }

    // MARK: Step 4

    private func cacheMiss() throws -> AssignmentDocument.Section {
        var section = AssignmentDocument.Section(title: "4. A brand-new video: what happens on a cache miss?")
        let constant = rateText(inputs.viewerMean)
        let first = try play(["--bandwidth", constant, "--abr", "rate", "--cache", inputs.cold ? "cold" : "warm", "--viewers", "2",
                              "--watch", "\(min(inputs.watchSeconds, 120)) s"])
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
        section.paragraph("The simulation plays the video twice over a steady \(rate(inputs.viewerMean)) link (the rate-based "
            + "player), the second viewer after the first, through a \(inputs.cold ? "cold" : "warm") CDN:")
        var rows: [[String]] = []
        for (index, viewer) in viewers.enumerated() {
            for record in viewer.records.prefix(3) {
                rows.append(["viewer \(index + 1)", "\(record.segment + 1)", names[record.rung], record.tier.name,
                             seconds(record.downloadSeconds), seconds(viewer.summary.startupSeconds)])
            }
        }
        section.table(["viewer", "segment", "rung", "served by", "download", "startup"], rows)
        if let a = viewers.first, let b = viewers.dropFirst().first, let one = a.records.first, let two = b.records.first, one.rung == two.rung {
            let startupGap = a.summary.startupSeconds - b.summary.startupSeconds
            section.paragraph("The first viewer's first segment took \(seconds(one.downloadSeconds)), the second viewer's "
                + "\(seconds(two.downloadSeconds)): \(milliseconds(one.downloadSeconds - two.downloadSeconds)) more, the miss path's extra round "
                + "trips (\(milliseconds(origin - edge))); the rest is the same bytes over the same slow link. The first viewer starts "
                + "\(milliseconds(startupGap)) later (\(seconds(a.summary.startupSeconds)) against \(seconds(b.summary.startupSeconds))): "
                + "the playlist (the manifest) and the first segment each missed down to the origin. The first viewer's later "
                + "segments miss too (nobody asked for them before), but the player fetches them while it plays what it has, so the "
                + "buffer hides the extra wait: the viewer feels the miss once, as a slower start. On a 3G link the bytes, not the "
                + "round trips, take most of the time; on a fast link the miss path is most of the first segment's wait.")
        }
        section.paragraph("The answer: the first segment waits for edge, shield and origin in turn (\(milliseconds(origin)) before "
            + "its first byte instead of \(milliseconds(edge))); later segments and later viewers are served from the caches the first "
            + "request filled.")
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
        // Numbers right-aligned under their headings, names left.
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            Terminal.trimmedRight(row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 2 ? cell + pad : pad + cell
            }.joined(separator: "  "))
        }
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
    private func hours(_ value: Double) -> String { value == 3600 ? "1-hour" : TimeSpan(seconds: value).description }
    private func minutes(_ value: Double) -> String { minutesValue(value) + " min" }
    private func minutesValue(_ value: Double) -> String { String(format: "%.1f", value / 60) }
    private func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
    /// A setting's duration as written: 50 ms, 10 s.
    private func duration(_ value: Double) -> String { value < 1 ? milliseconds(value) : plain(value) + " s" }
    private func milliseconds(_ value: Double) -> String { String(format: "%.0f ms", value * 1000) }
    private func percent(_ value: Double) -> String { plain(value * 100) + "%" }
    private func plain(_ value: Double) -> String { SweepDefinition.shown((value * 1000).rounded() / 1000) }
    private func grouped(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? "\(value)"
    }
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
                    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
                    out += "\n" + ([header] + rows).map { row in
                        Terminal.trimmedRight("    " + row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                            .joined(separator: "  "))
                    }.joined(separator: "\n") + "\n"
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
                case let .table(header, rows): page.table(header: header, rows: rows)
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
