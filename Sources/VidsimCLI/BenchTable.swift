import Foundation
import VidsimEncoding
import VidsimUnits

/// The tables `vidsim bench` prints on stdout.
enum BenchTable {
    static func render(_ clip: ClipMeasurement) -> String {
        var lines = ["\(clip.clip): \(clip.width)x\(clip.height), \(significant(clip.frameRate, digits: 4)) fps, \(clip.frames) frames (\(significant(clip.contentSeconds, digits: 4)) s); decode \(String(format: "%.3f", clip.decodeCPUSeconds)) CPU s"]
        lines.append(row(["rung", "size", "codec", "preset", "CPU s/content s", "wall s/content s", "bit rate", "PSNR dB", "SSIM"], widths: clipWidths))
        for rung in clip.rungs {
            lines.append(row([
                rung.rung, "\(rung.width)x\(rung.height)", rung.codec.encoderName, rung.preset,
                String(format: "%.3f", rung.cpuSecondsPerContentSecond),
                String(format: "%.3f", rung.wallSeconds / rung.contentSeconds),
                BitRate(bitsPerSecond: rung.bitsPerSecond).description,
                rung.psnr.map { String(format: "%.2f", $0) } ?? "-", rung.ssim.map { String(format: "%.4f", $0) } ?? "-",
            ], widths: clipWidths))
        }
        for skipped in clip.skippedRungs { lines.append("  skipped \(skipped)") }
        let attributed = clip.rungs.reduce(0.0) { $0 + $1.encodeCPUSeconds + $1.scaleCPUSeconds } + clip.decodeCPUSeconds
        if clip.unattributedCPUSeconds > max(0.05 * attributed, 0.05) {
            lines.append("  note: \(String(format: "%.2f", clip.unattributedCPUSeconds)) CPU s ran on other threads (the decoder's or an encoder's own) and is in no rung's figure")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Means across clips, per codec and rung.
    static func summary(_ clips: [ClipMeasurement]) -> String {
        var order: [String] = []
        var groups: [String: [RungMeasurement]] = [:]
        for rung in clips.flatMap(\.rungs) {
            let key = "\(rung.codec) \(rung.preset) \(rung.rung)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(rung)
        }
        let clipCount = Set(clips.map(\.clip)).count
        var lines = ["mean over \(clipCount) clip\(clipCount == 1 ? "" : "s")"]
        lines.append(row(["rung", "codec", "preset", "CPU s/content s", "min", "max", "bit rate", "PSNR dB", "clips"], widths: summaryWidths))
        for key in order {
            let group = groups[key]!
            let costs = group.map(\.cpuSecondsPerContentSecond)
            let psnr = group.compactMap(\.psnr).filter(\.isFinite)
            lines.append(row([
                group[0].rung, group[0].codec.encoderName, group[0].preset,
                String(format: "%.3f", costs.reduce(0, +) / Double(costs.count)),
                String(format: "%.3f", costs.min()!), String(format: "%.3f", costs.max()!),
                BitRate(bitsPerSecond: group.map(\.bitsPerSecond).reduce(0, +) / Double(group.count)).description,
                psnr.isEmpty ? "-" : String(format: "%.2f", psnr.reduce(0, +) / Double(psnr.count)), "\(group.count)",
            ], widths: summaryWidths))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One clip's editing operations.
    static func render(operations: [OperationMeasurement], clip: String) -> String {
        var lines = ["\(clip): editing operations"]
        lines.append(row(["operation", "output", "CPU s/content s", "wall s/content s", "bit rate"], widths: operationWidths))
        var notes: [String] = []
        for operation in operations {
            if let asked = operation.operation.split(separator: ":").last.flatMap({ Int($0) }), operation.height < asked - 1 {
                notes.append("  note: \(operation.operation) is encoded at \(operation.height) lines on this clip (never scaled up); "
                             + "measure on clips at least \(asked) lines tall for its cost at \(asked)")
            }
            lines.append(row([
                operation.operation, "\(operation.width)x\(operation.height)",
                String(format: "%.3f", operation.cpuSecondsPerContentSecond),
                String(format: "%.3f", operation.wallSeconds / operation.contentSeconds),
                BitRate(bitsPerSecond: operation.bitsPerSecond).description,
            ], widths: operationWidths))
        }
        return (lines + notes).joined(separator: "\n") + "\n"
    }

    /// Each editing operation's mean over clips.
    static func summary(operations clips: [[OperationMeasurement]]) -> String {
        var order: [String] = []
        var groups: [String: [OperationMeasurement]] = [:]
        for operation in clips.joined() {
            if groups[operation.operation] == nil { order.append(operation.operation) }
            groups[operation.operation, default: []].append(operation)
        }
        var lines = ["editing operations, mean over \(clips.count) clips"]
        lines.append(row(["operation", "CPU s/content s", "min", "max", "bit rate", "clips"], widths: operationSummaryWidths))
        for key in order {
            let group = groups[key]!
            let costs = group.map(\.cpuSecondsPerContentSecond)
            lines.append(row([
                key, String(format: "%.3f", costs.reduce(0, +) / Double(costs.count)),
                String(format: "%.3f", costs.min()!), String(format: "%.3f", costs.max()!),
                BitRate(bitsPerSecond: group.map(\.bitsPerSecond).reduce(0, +) / Double(group.count)).description, "\(group.count)",
            ], widths: operationSummaryWidths))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static let operationWidths = [11, 10, 16, 17, 12]
    private static let operationSummaryWidths = [11, 16, 7, 7, 12, 5]
    private static let clipWidths = [6, 10, 11, 7, 16, 17, 12, 8, 7]
    private static let summaryWidths = [6, 11, 7, 16, 7, 7, 12, 8, 5]

    private static func row(_ cells: [String], widths: [Int]) -> String {
        "  " + cells.enumerated().map { index, cell in
            cell.padding(toLength: max(widths[index], cell.count), withPad: " ", startingAt: 0)
        }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}
