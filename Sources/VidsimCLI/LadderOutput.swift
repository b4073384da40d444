import Foundation
import VidsimLadder
import VidsimReports
import VidsimUnits

/// `vidsim ladder`'s tables and JSON.
enum LadderOutput {
    static func text(_ analysis: LadderAnalysis) -> String {
        let metric = analysis.metric.rawValue.uppercased()
        var out = "\(analysis.label): \(analysis.width)x\(analysis.height), \(String(format: "%.1f", analysis.contentSeconds)) s; "
            + "\(analysis.points.count) encodes (\(analysis.grid.heights.map { "\($0)p" }.joined(separator: ", ")) x CRF "
            + "\(analysis.grid.crfs.map(RateQualityPoint.shown).joined(separator: ", "))), x264, quality as \(metric) at the source's size\n"
        if analysis.search == .fast, let fast = analysis.fast {
            out += "Fast search: the encodes below are predicted from \(fast.probeEncodes) probe encodes of samples at x264's "
                + "\(LadderAnalysis.probePreset) preset; the ladder's rungs are measured in full\n"
        }
        out += "\n"
        let onHull = Set(analysis.hull.map(\.label)), chosen = Set(analysis.choice.rungs.map(\.label))
        out += row(["encode", "size", "bit rate", metric, "hull", "ladder"], [12, 10, 11, 8, 5, 6])
        for point in analysis.points.sorted(by: { $0.bitsPerSecond < $1.bitsPerSecond }) {
            out += row([point.label, "\(point.width)x\(point.height)", rate(point.bitsPerSecond), quality(point.quality, analysis.metric),
                        onHull.contains(point.label) ? "*" : "", chosen.contains(point.label) ? "rung" : ""], [12, 10, 11, 8, 5, 6])
        }
        out += "\nPer-title ladder (\(analysis.choice.rungs.count) rung\(analysis.choice.rungs.count == 1 ? "" : "s")): "
            + analysis.choice.rungs.map { "\($0.label) \(rate($0.bitsPerSecond)) (\(quality($0.quality, analysis.metric)))" }.joined(separator: ", ") + "\n"
        for gap in analysis.choice.gaps { out += "  note: no hull point within the step range from \(gap)\n" }
        if analysis.fixed.isEmpty {
            out += "\nFixed ladder: no rung at or below the clip's \(analysis.height) lines; nothing to compare.\n"
        } else {
            out += "\nFixed ladder on this clip" + (analysis.fixedSkipped.isEmpty ? "" : " (not encoded: \(analysis.fixedSkipped.joined(separator: "; ")))") + ":\n"
            out += row(["rung", "bit rate", metric, "per-title", "saving"], [8, 11, 8, 11, 8])
            for comparison in analysis.comparisons {
                let perTitle = comparison.perTitleBitsPerSecond
                out += row([comparison.rung.setting, rate(comparison.rung.bitsPerSecond), quality(comparison.rung.quality, analysis.metric),
                            perTitle.map(rate) ?? "off hull", saving(comparison)], [8, 11, 8, 11, 8])
            }
            out += "  (per-title: the bit rate the hull needs for the rung's quality; off hull: a quality beyond the grid's range)\n"
        }
        out += "\nBD-rate of the per-title ladder against the fixed one (negative: fewer bits for the same quality):\n"
        for delta in analysis.deltas {
            if let result = delta.result {
                out += "  \(String(format: "%+.2f%%", result.percent)) by the \(delta.method.reference), over \(metric) "
                    + "\(quality(result.lowQuality, analysis.metric)) to \(quality(result.highQuality, analysis.metric))\n"
                if let warning = result.warning { out += "    warning: \(warning)\n" }
            } else {
                out += "  none by the \(delta.method.reference): \(delta.failure ?? "")\n"
            }
        }
        if analysis.fixedCPUSeconds > 0 {
            if analysis.search == .fast, let fast = analysis.fast {
                out += String(format: "\nAnalysis cost: %.1f CPU s for %d probe encodes, %.2fx one encode of the fixed ladder (%.1f CPU s)\n",
                              fast.cpuSeconds, fast.probeEncodes, fast.cpuSeconds / analysis.fixedCPUSeconds, analysis.fixedCPUSeconds)
            } else {
                out += String(format: "\nAnalysis cost: %.1f CPU s for %d encodes, %.2fx one encode of the fixed ladder (%.1f CPU s)\n",
                              analysis.analysisCPUSeconds, analysis.points.count, analysis.analysisCPUSeconds / analysis.fixedCPUSeconds,
                              analysis.fixedCPUSeconds)
            }
        }
        if analysis.search == .both, let fast = analysis.fast {
            out += "\nFast search (\(fast.probeEncodes) probe encodes of samples at x264's \(LadderAnalysis.probePreset) preset): "
                + fast.ladder.map { "\($0.label) \(rate($0.bitsPerSecond)) (\(quality($0.quality, analysis.metric)))" }.joined(separator: ", ") + "\n"
            for gap in fast.gaps { out += "  note: no predicted hull point within the step range from \(gap)\n" }
            if analysis.fixedCPUSeconds > 0 {
                out += String(format: "  cost: %.1f CPU s, %.2fx one encode of the fixed ladder (the grid: %.2fx)\n", fast.cpuSeconds,
                              fast.cpuSeconds / analysis.fixedCPUSeconds, analysis.analysisCPUSeconds / analysis.fixedCPUSeconds)
            }
            for delta in fast.versusGrid {
                if let result = delta.result {
                    out += "  its BD-rate against the grid's ladder: \(String(format: "%+.2f%%", result.percent)) by the \(delta.method.reference)"
                        + (result.warning.map { " (warning: \($0))" } ?? "") + "\n"
                } else {
                    out += "  no BD-rate against the grid's ladder by the \(delta.method.reference): \(delta.failure ?? "")\n"
                }
            }
            // What the issue's measure reads: both ladders against the fixed one, and how far apart they land.
            for delta in fast.versusFixed {
                guard let result = delta.result,
                      let grid = analysis.deltas.first(where: { $0.method == delta.method })?.result else { continue }
                out += String(format: "  against the fixed ladder: %+.2f%% (the grid's ladder: %+.2f%%; %+.2f points) by the ",
                              result.percent, grid.percent, result.percent - grid.percent) + delta.method.reference + "\n"
            }
        }
        return out
    }

    /// One line per clip: its ladder's top and bottom, and its BD-rates.
    static func summary(_ analyses: [LadderAnalysis]) -> String {
        var out = "Summary\n" + row(["clip", "rungs", "bottom", "top", "BD pchip", "BD cubic"], [40, 5, 11, 11, 9, 9])
        for analysis in analyses {
            let bd = { (method: BjontegaardDelta.Method) -> String in
                analysis.deltas.first { $0.method == method }?.result.map { String(format: "%+.1f%%", $0.percent) } ?? "n/a"
            }
            out += row([analysis.label, "\(analysis.choice.rungs.count)", rate(analysis.choice.rungs.first?.bitsPerSecond ?? 0),
                        rate(analysis.choice.rungs.last?.bitsPerSecond ?? 0), bd(.pchip), bd(.cubic)], [40, 5, 11, 11, 9, 9])
        }
        let overall = BjontegaardDelta.Method.allCases.map { method -> String in
            let values = overallBDRate(analyses, method)
            return values.clips == 0 ? "n/a" : String(format: "%+.1f%%", values.mean)
        }
        out += row(["mean over the clips with a BD-rate", "", "", "", overall[1], overall[0]], [40, 5, 11, 11, 9, 9])
        return out
    }

    /// The BD-rate over clips: the mean of the clips' BD-rates by `method` (the usual summary over test
    /// sequences), and how many clips had one.
    static func overallBDRate(_ analyses: [LadderAnalysis], _ method: BjontegaardDelta.Method) -> (mean: Double, clips: Int) {
        let values = analyses.compactMap { $0.deltas.first { $0.method == method }?.result?.percent }
        return (values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count), values.count)
    }

    static func json(_ analyses: [LadderAnalysis], rules: LadderRules) -> JSONTree {
        func point(_ point: RateQualityPoint) -> JSONTree {
            .object(["width": .integer(point.width), "height": .integer(point.height), "setting": .string(point.setting),
                     "bitrate_bps": .finite(point.bitsPerSecond), "quality": .finite(point.quality)])
        }
        func deltas(_ list: [LadderAnalysis.Delta]) -> JSONTree {
            .object(Dictionary(uniqueKeysWithValues: list.map { delta in
                (delta.method.rawValue, delta.result.map { result in
                    JSONTree.object(["percent": .finite(result.percent), "overlap": .finite(result.overlap),
                                     "low_quality": .finite(result.lowQuality), "high_quality": .finite(result.highQuality),
                                     "warning": result.warning.map { .string($0) } ?? .null])
                } ?? .object(["error": .string(delta.failure ?? "")]))
            }))
        }
        let clips: [JSONTree] = analyses.map { analysis in
            .object([
                "search": .string(analysis.search.rawValue),
                "fast": analysis.fast.map { fast in
                    .object(["predicted": .array(fast.predicted.map(point)), "ladder": .array(fast.ladder.map(point)),
                             "gaps": .array(fast.gaps.map { .string($0) }), "probe_encodes": .integer(fast.probeEncodes), "cpu_s": .finite(fast.cpuSeconds),
                             "versus_grid": fast.versusGrid.isEmpty ? .null : deltas(fast.versusGrid),
                             "versus_fixed": fast.versusFixed.isEmpty ? .null : deltas(fast.versusFixed)])
                } ?? .null,
                "clip": .string(analysis.label), "width": .integer(analysis.width), "height": .integer(analysis.height),
                "content_s": .finite(analysis.contentSeconds), "metric": .string(analysis.metric.rawValue),
                "encodes": .array(analysis.points.map(point)), "hull": .array(analysis.hull.map(point)),
                "ladder": .array(analysis.choice.rungs.map(point)), "gaps": .array(analysis.choice.gaps.map { .string($0) }),
                "fixed": .array(analysis.comparisons.map { comparison in
                    point(comparison.rung).adding("per_title_bitrate_bps", comparison.perTitleBitsPerSecond.map { .finite($0) } ?? .null)
                }),
                "bd_rate": deltas(analysis.deltas),
                "analysis_cpu_s": .finite(analysis.analysisCPUSeconds), "fixed_ladder_cpu_s": .finite(analysis.fixedCPUSeconds),
            ])
        }
        return .object([
            "rules": .object(["rungs": rules.rungs.map { .integer($0) } ?? .null, "step_low": .finite(rules.stepLow),
                              "step_high": .finite(rules.stepHigh), "minimum_gain": .finite(rules.minimumGain),
                              "ceiling": rules.ceiling.map { .finite($0) } ?? .null, "minimum_bitrate_bps": .finite(rules.minimumBitrate),
                              "maximum_bitrate_bps": .finite(rules.maximumBitrate)]),
            "clips": .array(clips),
            "overall_bd_rate": .object(Dictionary(uniqueKeysWithValues: BjontegaardDelta.Method.allCases.map { method in
                let overall = overallBDRate(analyses, method)
                return (method.rawValue, JSONTree.object(["mean_percent": .finite(overall.mean), "clips": .integer(overall.clips)]))
            })),
        ])
    }

    private static func row(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).enumerated().map { index, pair in
            index == 0 ? pair.0.padding(toLength: max(pair.1, pair.0.count), withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, pair.1 - pair.0.count)) + pair.0
        }.joined(separator: " ") + "\n"
    }

    /// The per-title bit rate for a fixed rung's quality against the rung's ("-42.5%"); empty off the hull.
    private static func saving(_ comparison: LadderAnalysis.RungComparison) -> String {
        comparison.perTitleBitsPerSecond.map { String(format: "%+.1f%%", 100 * ($0 / comparison.rung.bitsPerSecond - 1)) } ?? ""
    }

    private static func rate(_ bitsPerSecond: Double) -> String {
        bitsPerSecond >= 1e6 ? String(format: "%.2f Mbps", bitsPerSecond / 1e6) : String(format: "%.0f Kbps", bitsPerSecond / 1e3)
    }

    private static func quality(_ value: Double, _ metric: LadderAnalysis.Metric) -> String {
        metric == .psnr ? String(format: "%.2f", value) : String(format: "%.4f", value)
    }

    /// A self-contained HTML page: per clip, the rate-quality chart (each resolution's encodes, the hull, the
    /// per-title ladder and the fixed one), the ladder, the fixed ladder's comparison and the BD-rates.
    static func html(_ analyses: [LadderAnalysis]) -> String {
        var page = HTMLPage(title: "vidsim ladder")
        page.heading("Per-title ladders", level: 1)
        page.paragraph("Each clip encoded at every resolution and CRF of the grid, quality measured at the source's size; the "
            + "upper convex hull of those points, the ladder chosen along it, and the fixed ladder encoded on the same clip "
            + "(docs/ladders.md).")
        for analysis in analyses {
            let metric = analysis.metric.rawValue.uppercased()
            page.heading(analysis.label)
            page.paragraph("\(analysis.width)x\(analysis.height), \(String(format: "%.1f", analysis.contentSeconds)) s; search: "
                + "\(analysis.search.rawValue); \(analysis.points.count) encodes\(analysis.search == .fast ? " (predicted)" : "").")
            page.svg(chart(analysis).svg(), caption: "Bit rate (Kbps) against \(metric): each resolution's encodes by CRF, the hull, "
                + "the per-title ladder and the fixed ladder.")
            page.table(header: ["rung", "size", "bit rate", metric], rows: analysis.choice.rungs.map {
                [$0.label, "\($0.width)x\($0.height)", rate($0.bitsPerSecond), quality($0.quality, analysis.metric)]
            }, numericColumns: [2, 3], caption: "The per-title ladder")
            if !analysis.comparisons.isEmpty {
                page.table(header: ["fixed rung", "bit rate", metric, "per-title bit rate", "saving"], rows: analysis.comparisons.map { comparison in
                    let perTitle = comparison.perTitleBitsPerSecond
                    return [comparison.rung.setting, rate(comparison.rung.bitsPerSecond), quality(comparison.rung.quality, analysis.metric),
                            perTitle.map(rate) ?? "off hull", saving(comparison)]
                }, numericColumns: [1, 2, 3, 4], caption: "The fixed ladder on this clip, and the bit rate the hull needs for each rung's quality")
            }
            page.table(header: ["method", "BD-rate", "note"], rows: analysis.deltas.map { delta in
                [delta.method.reference, delta.result.map { String(format: "%+.2f%%", $0.percent) } ?? "none",
                 delta.result?.warning ?? delta.failure ?? ""]
            }, numericColumns: [1], caption: "BD-rate of the per-title ladder against the fixed one")
        }
        return page.render()
    }

    /// The rate-quality chart of one clip.
    static func chart(_ analysis: LadderAnalysis) -> LineChart {
        var series: [LineChart.Series] = []
        for height in analysis.grid.heights {
            let points = analysis.points.filter { $0.height == height }.sorted { $0.bitsPerSecond < $1.bitsPerSecond }
            guard !points.isEmpty else { continue }
            series.append(.init(name: "\(height)p", points: points.map { (x: $0.bitsPerSecond / 1e3, y: $0.quality) }))
        }
        series.append(.init(name: "hull", points: analysis.hull.map { (x: $0.bitsPerSecond / 1e3, y: $0.quality) }))
        series.append(.init(name: "per-title ladder", points: analysis.choice.rungs.map { (x: $0.bitsPerSecond / 1e3, y: $0.quality) }))
        if !analysis.fixed.isEmpty {
            series.append(.init(name: "fixed ladder", points: analysis.fixed.map { (x: $0.bitsPerSecond / 1e3, y: $0.quality) }))
        }
        let metric = analysis.metric
        return LineChart(title: "\(analysis.label): rate and quality", xTitle: "bit rate (Kbps)",
                         yTitle: metric == .psnr ? "PSNR (dB)" : "SSIM", series: series, xAxis: .number, includesZero: false,
                         formatValue: { metric == .psnr ? String(format: "%.0f", $0) : String(format: "%.2f", $0) })
    }
}
