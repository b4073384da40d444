import Foundation
import VidsimKernel
import VidsimModels
import VidsimScenario
import VidsimUnits

/// The content path's report: every figure as the mean over replications with its 95% confidence interval.
///
/// Holds only what the scenario and seed determine, so the same scenario and seed give a byte-identical
/// report.json whatever the machine's speed or thread count; wall time and events per second go to the
/// Markdown report and the terminal.
public struct ContentPathReport: Codable, Sendable {
    public static let formatVersion = 1

    public struct Figure: Codable, Sendable {
        public let mean: Double
        public let ci95HalfWidth: Double?
        public let unit: String

        init(_ values: [Double], unit: String) {
            let estimate = Estimate(values)
            mean = estimate.mean
            ci95HalfWidth = estimate.halfWidth
            self.unit = unit
        }
    }

    public struct Latency: Codable, Sendable {
        public let mean, p50, p90, p95, p99, max: Figure

        init(_ summaries: [LatencySummary]) {
            func figure(_ path: KeyPath<LatencySummary, TimeSpan>) -> Figure {
                Figure(summaries.map { $0[keyPath: path].seconds }, unit: "s")
            }
            mean = figure(\.mean)
            p50 = figure(\.p50)
            p90 = figure(\.p90)
            p95 = figure(\.p95)
            p99 = figure(\.p99)
            max = figure(\.max)
        }
    }

    public struct ScenarioSection: Codable, Sendable {
        public let name: String
        public let description: String?
        public let files: [String]
        public let seed: UInt64
        public let replications: Int
        public let horizonSeconds: Double
        public let warmUpSeconds: Double
    }

    public struct UploadsSection: Codable, Sendable {
        public let meanArrivalRatePerSecond: Double
        public let uploadsPerDay: Figure
        public let contentHoursPerDay: Figure
        /// Present when the scenario models the transfer from creators.
        public let transfer: TransferSection?
    }

    public struct TransferSection: Codable, Sendable {
        /// From the start of an upload to the file's arrival.
        public let uploadTime: Latency
        /// From the start of an upload to its last rung: what the creator waits.
        public let creatorWait: Latency
        public let bytesSentPerDay: Figure
        public let retransmittedFraction: Figure
        public let failedChunkAttemptsPerDay: Figure
        public let dropsPerDay: Figure
        public let meanIngestBitsPerSecond: Figure
        public let peakIngestBitsPerSecond: Figure
    }

    public struct StorageSection: Codable, Sendable {
        /// The ladder's bytes per content hour: the sum of rung bitrates x 3600 s / 8.
        public let renditionBytesPerContentHour: Double
        public let rawBytesPerDay: Figure
        public let renditionBytesPerDay: Figure
        public let totalBytesPerDay: Figure
    }

    /// A rung's service cost, and where it came from.
    public struct RungCost: Codable, Sendable {
        public let rung: String
        public let workerSecondsPerContentSecond: Double
        /// "scenario" (cost_per_content_second) or "calibration" (measured by vidsim bench).
        public let source: String
    }

    /// The calibration the costs came from.
    public struct CalibrationSource: Codable, Sendable {
        public let file: String
        public let cpuModel: String
        public let measuredAt: String
        public let workerVcpus: Double
        public let workerSpeed: Double
        public let parallelEfficiency: Double
    }

    public struct TranscodeSection: Codable, Sendable {
        public let workers: Int
        public let rungCosts: [RungCost]
        public let calibration: CalibrationSource?
        public let utilisation: Figure
        public let meanBusyWorkers: Figure
        public let meanTasksWaiting: Figure
        public let maxTasksWaiting: Figure
        public let tasksWaitingAtEnd: Figure
        public let tasksCompleted: Figure
        public let queueWait: Latency
        /// From a file's arrival to its lowest rung done.
        public let timeToFirstPlayable: Latency
        /// From a file's arrival to its whole ladder done.
        public let timeToPublish: Latency
        /// Workers alive (billed: starting, idle or busy), mean and peak; workers ready for tasks, mean.
        public let meanWorkers: Figure
        public let peakWorkers: Figure
        public let meanActiveWorkers: Figure
        /// Queued work in worker-seconds.
        public let meanBacklogSeconds: Figure
        public let maxBacklogSeconds: Figure
        public let onDemandVCPUHoursPerDay: Figure
        public let spotVCPUHoursPerDay: Figure
        public let computeCostPerDay: Figure
        public let spotInterruptionsPerDay: Figure
        public let workersLaunchedPerDay: Figure
        /// Little's law on the queue: tasks waiting (time average) against arrival rate x mean wait.
        public let littlesLawQueueLength: Figure
    }

    public struct TimeSeriesSection: Codable, Sendable {
        public let intervalSeconds: Double
        public let timeSeconds: [Double]
        /// Means over replications at each sample time.
        public let tasksWaiting: [Double]
        public let busyWorkers: [Double]
        public let aliveWorkers: [Double]
        /// Queued work, worker-seconds.
        public let backlogSeconds: [Double]
        /// Uploads waiting for the ingest tier to have bandwidth for them.
        public let uploadsWaitingForIngest: [Double]
    }

    public struct SimulationSection: Codable, Sendable {
        public let eventsPerReplication: Figure
        public let eventsTotal: Int
    }

    /// Storage over the months ahead, from the mean daily ingest.
    public struct GrowthSection: Codable, Sendable {
        public let redundancyOverhead: Double
        public let tiers: [String]
        public let months: [StorageGrowth.Month]
    }

    /// What it costs, in US dollars.
    public struct CostSection: Codable, Sendable {
        public let computePerDay: Figure
        public let onDemandComputePerDay: Figure
        public let spotComputePerDay: Figure
        public let ingestPerDay: Figure
        /// Storage cost over the first and the last month reported.
        public let storageFirstMonth: Double?
        public let storageLastMonth: Double?
        /// Compute and ingest for a month of 30.4375 days, plus the first month's storage.
        public let firstMonthTotal: Double
        /// Compute and ingest per content hour ingested.
        public let computeAndIngestPerContentHour: Figure
        /// Storing one content hour (raw and ladder, with redundancy) for a month in the first tier.
        public let storagePerContentHourMonth: Double?
    }

    public let vidsimReportVersion: Int
    public let growth: GrowthSection?
    public let metadata: MetadataLoad?
    public let cost: CostSection
    public let scenario: ScenarioSection
    public let uploads: UploadsSection
    public let storage: StorageSection
    public let transcode: TranscodeSection
    public let timeSeries: TimeSeriesSection
    public let simulation: SimulationSection

    public init(scenario: Scenario, results: [ContentPathResult]) {
        func figure(_ unit: String, _ value: (ContentPathResult) -> Double) -> Figure {
            Figure(results.map(value), unit: unit)
        }
        vidsimReportVersion = Self.formatVersion
        self.scenario = ScenarioSection(
            name: scenario.name, description: scenario.description, files: scenario.sourceFiles,
            seed: scenario.seed, replications: results.count, horizonSeconds: scenario.run.horizon.seconds,
            warmUpSeconds: scenario.run.warmUp.seconds)
        uploads = UploadsSection(
            meanArrivalRatePerSecond: scenario.uploads.arrivalRate.perSecond,
            uploadsPerDay: figure("uploads/day") { Double($0.uploads) * 86_400 / $0.observedSeconds },
            contentHoursPerDay: figure("hours/day") { $0.contentHoursPerDay },
            transfer: scenario.uploads.transfer == nil ? nil : TransferSection(
                uploadTime: Latency(results.map(\.uploadTime)),
                creatorWait: Latency(results.map(\.creatorWait)),
                bytesSentPerDay: figure("B/day") { $0.bytesSentPerDay },
                retransmittedFraction: figure("fraction") { $0.retransmittedFraction },
                failedChunkAttemptsPerDay: figure("attempts/day") { $0.failedChunkAttemptsPerDay },
                dropsPerDay: figure("drops/day") { $0.dropsPerDay },
                meanIngestBitsPerSecond: figure("bit/s") { $0.meanIngestBitsPerSecond },
                peakIngestBitsPerSecond: figure("bit/s") { $0.peakIngestBitsPerSecond }))
        storage = StorageSection(
            renditionBytesPerContentHour: DataSize(rate: scenario.ladder.totalBitrate, over: .hours(1)).bytes,
            rawBytesPerDay: figure("B/day") { $0.rawBytesPerDay },
            renditionBytesPerDay: figure("B/day") { $0.renditionBytesPerDay },
            totalBytesPerDay: figure("B/day") { $0.totalBytesPerDay })
        let settings = scenario.transcode
        transcode = TranscodeSection(
            workers: settings.workers,
            rungCosts: zip(scenario.ladder.rungs, settings.resolvedCosts).map {
                RungCost(rung: $0.name, workerSecondsPerContentSecond: $1.cost, source: $1.source.rawValue)
            },
            calibration: settings.calibration.map {
                CalibrationSource(
                    file: settings.calibrationPath ?? "", cpuModel: $0.machine.cpuModel, measuredAt: $0.measuredAt,
                    workerVcpus: settings.worker.vcpus, workerSpeed: settings.worker.speed,
                    parallelEfficiency: settings.worker.parallelEfficiency)
            },
            utilisation: figure("fraction") { $0.utilisation },
            meanBusyWorkers: figure("workers") { $0.meanBusyWorkers },
            meanTasksWaiting: figure("tasks") { $0.meanTasksWaiting },
            maxTasksWaiting: figure("tasks") { $0.maxTasksWaiting },
            tasksWaitingAtEnd: figure("tasks") { Double($0.tasksWaitingAtEnd) },
            tasksCompleted: figure("tasks") { Double($0.tasksCompleted) },
            queueWait: Latency(results.map(\.queueWait)),
            timeToFirstPlayable: Latency(results.map(\.timeToFirstPlayable)),
            timeToPublish: Latency(results.map(\.timeToPublish)),
            meanWorkers: figure("workers") { $0.meanWorkers },
            peakWorkers: figure("workers") { $0.peakWorkers },
            meanActiveWorkers: figure("workers") { $0.meanActiveWorkers },
            meanBacklogSeconds: figure("worker-seconds") { $0.meanBacklogSeconds },
            maxBacklogSeconds: figure("worker-seconds") { $0.maxBacklogSeconds },
            onDemandVCPUHoursPerDay: figure("vCPU-hours/day") { $0.onDemandVCPUHoursPerDay },
            spotVCPUHoursPerDay: figure("vCPU-hours/day") { $0.spotVCPUHoursPerDay },
            computeCostPerDay: figure("USD/day") { $0.computeCostPerDay },
            spotInterruptionsPerDay: figure("interruptions/day") { $0.interruptionsPerDay },
            workersLaunchedPerDay: figure("workers/day") { $0.workersLaunchedPerDay },
            littlesLawQueueLength: figure("tasks") { $0.taskArrivalRate * $0.queueWait.mean.seconds })
        let samples = results.map(\.sampleTimes.count).min() ?? 0
        func meanSeries(_ values: (ContentPathResult) -> [Double]) -> [Double] {
            (0..<samples).map { index in results.map { values($0)[index] }.reduce(0, +) / Double(results.count) }
        }
        timeSeries = TimeSeriesSection(
            intervalSeconds: scenario.run.sampleInterval.seconds,
            timeSeconds: Array((results.first?.sampleTimes ?? []).prefix(samples)),
            tasksWaiting: meanSeries(\.tasksWaiting),
            busyWorkers: meanSeries(\.busyWorkers),
            aliveWorkers: meanSeries(\.aliveWorkers),
            backlogSeconds: meanSeries(\.backlogSeconds),
            uploadsWaitingForIngest: meanSeries(\.uploadsWaitingForIngest))
        let meanRaw = Estimate(results.map(\.rawBytesPerDay)).mean
        let meanRenditions = Estimate(results.map(\.renditionBytesPerDay)).mean
        let months = scenario.storage.map {
            StorageGrowth(settings: $0, rawBytesPerDay: meanRaw, renditionBytesPerDay: meanRenditions).months()
        }
        growth = scenario.storage.map { settings in
            GrowthSection(redundancyOverhead: settings.redundancy.overhead, tiers: settings.tiers.map(\.name),
                          months: months!)
        }
        metadata = scenario.metadata.map { settings in
            MetadataLoad(settings: settings,
                         meanUploadsPerSecond: Estimate(results.map { Double($0.uploads) / $0.observedSeconds }).mean,
                         peakUploadsPerSecond: Estimate(results.map(\.peakUploadsPerSecond)).mean,
                         viewShapePeak: RateProfile(diurnal: scenario.uploads.profile.diurnal,
                                                    weekly: scenario.uploads.profile.weekly, bursts: []).maximum)
        }
        let ingestPrice = scenario.ingestPrice?.dollarsPerBaseUnit ?? 0
        let receivedPerDay: (ContentPathResult) -> Double = { $0.bytesSentPerDay > 0 ? $0.bytesSentPerDay : $0.rawBytesPerDay }
        let contentHourBytes = scenario.uploads.sourceBitrate.distribution.mean * 3600 / 8
            + scenario.ladder.totalBitrate.bitsPerSecond * 3600 / 8
        let computePerDay = figure("USD/day") { $0.computeCostPerDay }
        let ingestPerDay = figure("USD/day") { receivedPerDay($0) * ingestPrice }
        cost = CostSection(
            computePerDay: computePerDay,
            onDemandComputePerDay: figure("USD/day") { $0.onDemandCostPerDay },
            spotComputePerDay: figure("USD/day") { $0.spotCostPerDay },
            ingestPerDay: ingestPerDay,
            storageFirstMonth: months?.first?.cost,
            storageLastMonth: months?.last?.cost,
            firstMonthTotal: (computePerDay.mean + ingestPerDay.mean) * StorageGrowth.daysPerMonth + (months?.first?.cost ?? 0),
            computeAndIngestPerContentHour: figure("USD/content hour") {
                ($0.computeCostPerDay + receivedPerDay($0) * ingestPrice) / max($0.contentHoursPerDay, 1e-9)
            },
            storagePerContentHourMonth: scenario.storage.map {
                contentHourBytes * $0.redundancy.overhead * $0.tiers[0].monthlyPrice.dollarsPerBaseUnit
            })
        simulation = SimulationSection(
            eventsPerReplication: figure("events") { Double($0.events) },
            eventsTotal: results.reduce(0) { $0 + $1.events })
    }

    /// The file's bytes, in vidsim's stable JSON conventions.
    public func json() throws -> Data { try StableJSON.encode(self) }
}
