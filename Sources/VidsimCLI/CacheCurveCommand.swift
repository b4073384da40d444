import ArgumentParser
import Foundation
import VidsimCache
import VidsimReports

/// `vidsim cache curve`: LRU's miss-ratio curve from stack distances, exact or from a spatial sample.
struct CacheCurveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curve",
        abstract: "LRU's hit ratios at many cache sizes in one pass (stack distances), exact or sampled (SHARDS).",
        discussion: """
            One pass over the trace gives LRU's hit ratio at every size. With --sample-rate R, the --hot-objects \
            most requested objects are followed in full and of the others only those whose hashed id falls under \
            R, each standing for 1/R like it (SHARDS, FAST'15, stratified so that a few very popular objects do \
            not swing the estimate). For other policies, replay them at the sizes you want (vidsim cache replay).
            """)

    @OptionGroup var trace: TraceOptions

    @Option(help: ArgumentHelp("Cache sizes, comma-separated (as for replay); default: --points sizes from 0.1% to 100% of the working set.",
                               valueName: "sizes"))
    var size: String?

    @Option(help: "Sizes spread evenly in log scale from 0.1% to 100% of the working set, when --size is not given.")
    var points = 20

    @Option(help: ArgumentHelp("Follow only this share of objects (SHARDS), in (0, 1].", valueName: "rate"))
    var sampleRate = 1.0

    @Option(help: ArgumentHelp("With --sample-rate, the most requested objects followed in full (weight 1) rather than sampled.",
                               valueName: "n"))
    var hotObjects = 1_000

    @Option(help: ArgumentHelp("Also write the curve as CSV to this file (atomically).", valueName: "file"))
    var csv: String?

    func validate() throws {
        guard sampleRate >= 1e-6 && sampleRate <= 1 else { throw ValidationError("--sample-rate must be from 1e-6 to 1") }
        guard hotObjects >= 0 else { throw ValidationError("--hot-objects must be at least 0") }
        guard points >= 1 && points <= 10_000 else { throw ValidationError("--points must be from 1 to 10,000") }
    }

    func run() throws {
        var sizes: [CacheSize] = []
        if let size {
            do { sizes = try CacheSize.parseList(size) } catch { throw ValidationError(error.description) }
        } else {
            sizes = (0..<points).map { index in
                let exponent = points == 1 ? 0 : -3 + 3 * Double(index) / Double(points - 1)
                return .shareOfFootprint(pow(10, exponent))
            }
        }
        let loaded = try trace.load(withFuture: false)
        let footprint = loaded.footprintBytes
        let start = DispatchTime.now()
        let curve = sampleRate < 1 ? SpatialSampler(rate: sampleRate, hotObjects: hotObjects).missRatioCurve(loaded) : MissRatioCurve(loaded.requests)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        Terminal.note(String(format: "LRU curve from %d requests%@ in %.2f s", curve.sampledRequests,
                             sampleRate < 1 ? " (the \(hotObjects) most requested objects in full, the others sampled at \(sampleRate))" : "", seconds))
        let unit = trace.unitSize ? "objects" : "bytes"
        print("cache (\(unit))".leftPadded(18) + "  " + "share".leftPadded(8) + "  " + "object hit".leftPadded(10)
              + "  " + "byte hit".leftPadded(9))
        var rows = "capacity_\(unit),share_of_working_set,object_hit_ratio,byte_hit_ratio,sampling_rate\n"
        for size in sizes {
            let capacity = size.bytes(footprint: footprint)
            let point = curve.point(capacity: capacity)
            let share = Double(capacity) / Double(max(footprint, 1))
            print((trace.unitSize ? "\(capacity)" : formatBytes(capacity)).leftPadded(18)
                  + "  " + String(format: "%.2f%%", share * 100).leftPadded(8)
                  + "  " + String(format: "%.4f", point.objectHitRatio).leftPadded(10)
                  + "  " + String(format: "%.4f", point.byteHitRatio).leftPadded(9))
            rows += "\(capacity),\(share),\(point.objectHitRatio),\(point.byteHitRatio),\(sampleRate)\n"
        }
        if let csv {
            do {
                try AtomicFile.write(rows, to: URL(fileURLWithPath: csv))
            } catch {
                Terminal.error("error: cannot write \(csv): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
    }
}
