import Foundation
import VidsimScenario
import VidsimUnits

/// report.json, for tools: every declared figure under its dotted key as
/// `{"mean", "ci95_half_width", "unit", "values"}` (`values`: one per replication, in order, for paired
/// comparisons), the scenario's settings, the ladder's costs, the time series and storage growth.
///
/// It holds only what the scenario and seed decide, so the same scenario and seed give the same bytes on any
/// machine with any number of threads. Version 2: figures carry their replications' values; keys are the
/// figure catalogue's (ContentPathFigures).
public enum JSONReport: ReportFormat {
    public static let formatVersion = 2
    public static let name = "json"
    public static let fileName = "report.json"

    public static func render(_ metrics: RunMetrics, timing: RunTiming) throws -> Data {
        tree(metrics).data()
    }

    /// The report as a JSON value.
    public static func tree(_ metrics: RunMetrics) -> JSONTree {
        var root = JSONTree.object(["vidsim_report_version": .integer(formatVersion)])
        root.insert(scenarioSection(metrics.scenario, replications: metrics.replications), at: "scenario")
        for figure in metrics.figures {
            root.insert(figureValue(figure), at: figure.key)
        }
        root.insert(ladderSection(metrics.scenario), at: "ladder")
        root.insert(.integer(metrics.scenario.transcode.workers), at: "transcode.workers")
        var columns = JSONTree.object([:])
        for series in metrics.series { columns.insert(.array(series.means.map(JSONTree.finite)), at: series.declaration.key) }
        root.insert(.object([
            "interval_seconds": .finite(metrics.scenario.run.sampleInterval.seconds),
            "time_seconds": .array(metrics.sampleTimes.map(JSONTree.finite)),
            "means": columns,
        ]), at: "time_series")
        if let months = metrics.months, let storage = metrics.scenario.storage {
            root.insert(.object([
                "redundancy_overhead": .finite(storage.redundancy.overhead),
                "tiers": .array(storage.tiers.map { .string($0.name) }),
                "months": .array(months.map { month in
                    .object([
                        "month": .integer(month.month),
                        "physical_bytes_by_tier": .array(month.physicalBytesByTier.map(JSONTree.finite)),
                        "physical_bytes": .finite(month.physicalBytes),
                        "logical_bytes": .finite(month.logicalBytes),
                        "cost": .finite(month.cost),
                        "cost_by_tier": .array(month.costByTier.map(JSONTree.finite)),
                    ])
                }),
            ]), at: "growth")
        }
        root.insert(.integer(metrics.eventsTotal), at: "simulation.events_total")
        return root
    }

    static func figureValue(_ figure: MeasuredFigure) -> JSONTree {
        .object([
            "mean": .finite(figure.estimate.mean),
            "ci95_half_width": figure.estimate.halfWidth.map(JSONTree.finite) ?? .null,
            "unit": .string(figure.unit.symbol),
            "values": .array(figure.values.map(JSONTree.finite)),
        ])
    }

    static func scenarioSection(_ scenario: Scenario, replications: Int) -> JSONTree {
        var section: [String: JSONTree] = [
            "name": .string(scenario.name),
            "files": .array(scenario.sourceFiles.map { .string($0) }),
            "ladder_file": scenario.ladderFile.map { .string($0) } ?? .null,
            "seed": .unsigned(scenario.seed),
            "replications": .integer(replications),
            "horizon_seconds": .finite(scenario.run.horizon.seconds),
            "warm_up_seconds": .finite(scenario.run.warmUp.seconds),
            "daily_figures": .string(scenario.run.dailyFigures.rawValue),
            "mean_upload_arrival_rate_per_second": .finite(scenario.uploads.arrivalRate.perSecond),
        ]
        if let description = scenario.description { section["description"] = .string(description) }
        return .object(section)
    }

    static func ladderSection(_ scenario: Scenario) -> JSONTree {
        let settings = scenario.transcode
        var section: [String: JSONTree] = [
            "codec": .string(scenario.ladder.codec.encoderName),
            "rungs": .array(zip(scenario.ladder.rungs, settings.resolvedCosts).map { rung, cost in
                var fields: [String: JSONTree] = [
                    "name": .string(rung.name),
                    "bitrate_bits_per_second": .finite(rung.bitrate.bitsPerSecond),
                    "worker_seconds_per_content_second": .finite(cost.cost),
                    "cost_source": .string(cost.source.rawValue),
                ]
                if scenario.ladder.byClass { fields["class"] = .string(scenario.ladder.classes[rung.contentClass].name) }
                if let quality = rung.quality { fields["quality"] = .finite(quality) }
                return .object(fields)
            }),
        ]
        if scenario.ladder.byClass {
            section["classes"] = .array(scenario.ladder.classes.map { contentClass in
                var fields: [String: JSONTree] = [
                    "name": .string(contentClass.name),
                    "share": .finite(contentClass.share),
                    "rungs": .array(scenario.ladder.rungs[contentClass.rungs].map { .string($0.name) }),
                ]
                if let analysis = contentClass.analysisCPUPerContentSecond { fields["analysis_cpu_per_content_second"] = .finite(analysis) }
                if let clip = contentClass.clip { fields["clip"] = .string(clip) }
                return .object(fields)
            })
        }
        if let metric = scenario.ladder.qualityMetric { section["quality_metric"] = .string(metric.rawValue) }
        if let calibration = settings.calibration {
            section["calibration"] = .object([
                "file": .string(settings.calibrationPath ?? ""),
                "cpu_model": .string(calibration.machine.cpuModel),
                "measured_at": .string(calibration.measuredAt),
                "worker_vcpus": .finite(settings.worker.vcpus),
                "worker_speed": .finite(settings.worker.speed),
                "parallel_efficiency": .finite(settings.worker.parallelEfficiency),
            ])
        }
        return .object(section)
    }
}
