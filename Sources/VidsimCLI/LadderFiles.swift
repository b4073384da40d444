import Foundation
import VidsimLadder
import VidsimScenario
import VidsimUnits

/// The ladder files `vidsim ladder --write DIR` leaves for scenarios to read (`ladder: DIR/per-title.yaml`): the
/// per-title ladders found, one content class per clip, and the fixed ladder as it measured on the same clips,
/// by the same classes, so that a scenario and its variant differ in their ladders only.
///
/// Each class's rungs carry their measured average bit rate (what storage and delivery are computed from), the
/// CRF that made them (per-title) and their quality; the per-title classes carry the analysis's CPU seconds per
/// second of the clip, which the transcode fleet spends on each upload of the class before its rungs.
struct LadderFiles {
    /// One clip's class: its name and share of uploads.
    struct ContentClass {
        var name: String
        var share: Double
        var analysis: LadderAnalysis
    }

    let classes: [ContentClass]
    let preset: String
    let metric: LadderAnalysis.Metric
    /// Whether the shares came from --shares (else they are equal, for the user to set).
    var givenShares = false

    /// Class names for `analyses`: `names` in order when given, else each clip's file name without its extension,
    /// made a valid class name (other characters as '-') and distinct.
    static func classNames(for analyses: [LadderAnalysis], given names: [String]?) -> [String] {
        if let names { return names }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        var used = Set<String>()
        return analyses.map { analysis in
            let stem = ((analysis.label as NSString).lastPathComponent as NSString).deletingPathExtension
            var name = String(stem.map { allowed.contains($0) ? $0 : "-" }.prefix(60))
            if name.isEmpty { name = "clip" }
            var candidate = name, count = 1
            while !used.insert(candidate).inserted {
                count += 1
                candidate = "\(name)-\(count)"
            }
            return candidate
        }
    }

    /// The per-title ladder file.
    func perTitle() -> String {
        var lines = header("Per-title ladders found by vidsim ladder (\(searchName)), one content class per clip.")
        lines.append("name: per-title")
        lines += common()
        for contentClass in classes {
            let analysis = contentClass.analysis
            let cpu = analysis.contentSeconds > 0 ? analysis.analysisCPUSeconds / analysis.contentSeconds : 0
            lines += classHeader(contentClass)
            lines.append("    analysis_cpu_per_content_second: \(Self.number(cpu, digits: 4))"
                         + "   # \(Self.number(analysis.analysisCPUSeconds, digits: 3)) CPU-s over \(Self.number(analysis.contentSeconds, digits: 3)) s of clip")
            lines.append("    rungs:")
            let names = Self.rungNames(analysis.choice.rungs)
            for (rung, name) in zip(analysis.choice.rungs, names) {
                var fields = ["name: \(name)", "width: \(rung.width)", "height: \(rung.height)", "bitrate: \(Self.rate(rung.bitsPerSecond))"]
                if let crf = rung.crf { fields.append("crf: \(RateQualityPoint.shown(crf))") }
                fields.append("quality: \(Self.number(rung.quality, digits: 6))")
                lines.append("      - { \(fields.joined(separator: ", ")) }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The fixed ladder file: the fixed ladder's rungs no taller than each clip, at the bit rate and quality they
    /// measured on it.
    func fixed() -> String {
        var lines = header("The fixed ladder as it measured on the same clips (vidsim ladder), by the same content classes.")
        lines.append("name: fixed")
        lines += common()
        for contentClass in classes {
            lines += classHeader(contentClass)
            lines.append("    rungs:")
            for rung in contentClass.analysis.fixed.sorted(by: { $0.bitsPerSecond < $1.bitsPerSecond }) {
                let fields = ["name: \(rung.setting)", "width: \(rung.width)", "height: \(rung.height)",
                              "bitrate: \(Self.rate(rung.bitsPerSecond))", "quality: \(Self.number(rung.quality, digits: 6))"]
                lines.append("      - { \(fields.joined(separator: ", ")) }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Checks that both files can be written: every class has a fixed rung (a clip shorter than the fixed
    /// ladder's lowest rung has none) and bit rates that rise from rung to rung.
    func problem() -> String? {
        for contentClass in classes {
            let analysis = contentClass.analysis
            if analysis.fixed.isEmpty {
                return "\(analysis.label): the fixed ladder has no rung at or below the clip's \(analysis.height) lines, so the fixed "
                    + "ladder file would have no rung for class \(contentClass.name)"
            }
            let perTitle = analysis.choice.rungs, fixed = analysis.fixed.sorted { $0.bitsPerSecond < $1.bitsPerSecond }
            for (ladder, names) in [(perTitle, Self.rungNames(perTitle)), (fixed, fixed.map(\.setting))] {
                let rates = ladder.map { Self.rate($0.bitsPerSecond) }
                if Set(rates).count != rates.count {
                    return "\(analysis.label): two rungs measured the same bit rate (\(rates.joined(separator: ", "))); a ladder file needs each above the one before"
                }
                if let fall = ladder.indices.dropFirst().first(where: { ladder[$0].height < ladder[$0 - 1].height }) {
                    return "\(analysis.label): rung \(names[fall]) is shorter than \(names[fall - 1]) below it in bit rate; a ladder file needs "
                        + "heights that do not fall as the bit rate rises"
                }
                if Set(names).count != names.count {
                    return "\(analysis.label): two rungs would have the same name (\(names.joined(separator: ", ")))"
                }
            }
        }
        return nil
    }

    private var searchName: String {
        switch classes.first?.analysis.search ?? .grid {
        case .grid: "the exhaustive grid"
        case .fast: "the fast search"
        case .both: "the exhaustive grid; the fast search measured beside it"
        }
    }

    private func header(_ what: String) -> [String] {
        ["# \(what)", givenShares ? "# Shares of uploads as --shares gave them." : "# Equal shares: set each class's share of uploads before simulating.",
         "# Scenarios read it with `ladder: <this file>` (docs/ladders.md, \"Ladders in scenarios\")."]
    }

    private func common() -> [String] {
        ["codec: libx264", "preset: \(preset)", "quality_metric: \(metric.rawValue)", "classes:"]
    }

    private func classHeader(_ contentClass: ContentClass) -> [String] {
        ["  - name: \(Self.yamlString(contentClass.name))", "    share: \(Self.number(contentClass.share, digits: 6))",
         "    clip: \(Self.yamlString((contentClass.analysis.label as NSString).lastPathComponent))"]
    }

    /// Rung names: "720p", or "720p-1200k" where two rungs share a height.
    static func rungNames(_ rungs: [RateQualityPoint]) -> [String] {
        var heights: [Int: Int] = [:]
        for rung in rungs { heights[rung.height, default: 0] += 1 }
        return rungs.map { rung in
            heights[rung.height]! > 1 ? "\(rung.height)p-\(Int((rung.bitsPerSecond / 1000).rounded()))k" : "\(rung.height)p"
        }
    }

    /// A bit rate as the files write it: whole bits per second in Kbps with three decimals.
    static func rate(_ bitsPerSecond: Double) -> String {
        String(format: "%.3f Kbps", bitsPerSecond / 1000)
    }

    static func number(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)g", value)
    }

    /// Text quoted for YAML.
    static func yamlString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
