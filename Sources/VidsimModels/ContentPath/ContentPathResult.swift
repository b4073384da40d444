import VidsimKernel
import VidsimUnits

/// What one replication of the content path measured, after warm-up. Rates are scaled to a day of 86,400 s.
public struct ContentPathResult: Sendable {
    /// Seconds of simulated time after warm-up.
    public var observedSeconds: Double
    /// Files that reached the platform after warm-up (cold-start counting).
    public var uploads: Int
    /// Uploads started over the whole horizon, warm-up included (steady-state counting).
    public var uploadsStarted: Int
    public var published: Int
    public var tasksCompleted: Int
    /// Content of the files that reached the platform, hours per day (cold-start counting).
    public var contentHoursPerDay: Double
    /// Content of the uploads started, hours per day (steady-state counting), and their files' and ladders' bytes.
    public var contentHoursStartedPerDay: Double
    public var rawBytesStartedPerDay: Double
    public var renditionBytesStartedPerDay: Double
    /// Bytes of renditions per content hour of what reached the platform: the ladder as the model stored it
    /// (less than the whole ladder's when sources shorter than the top rungs skip them).
    public var renditionBytesPerContentHour: Double
    /// Bytes of source files stored per day.
    public var rawBytesPerDay: Double
    /// Bytes of renditions per day: each arriving upload's full ladder (rung bitrate x duration, summed).
    public var renditionBytesPerDay: Double
    /// Mean busy workers over mean workers ready for tasks.
    public var utilisation: Double
    public var meanBusyWorkers: Double
    public var meanTasksWaiting: Double
    public var maxTasksWaiting: Double
    /// Tasks still queued at the horizon: a backlog that did not drain.
    public var tasksWaitingAtEnd: Int
    public var queueWait: LatencySummary
    /// From the file's arrival on the platform to its last rung transcoded.
    public var timeToPublish: LatencySummary
    /// From the file's arrival to its lowest rung done: when viewers can first watch.
    public var timeToFirstPlayable: LatencySummary
    /// From the start of the upload to the file's arrival (zero without a transfer model).
    public var uploadTime: LatencySummary
    /// From the start of the upload to its last rung transcoded: what the creator waits.
    public var creatorWait: LatencySummary
    /// Bytes put on the wire by creators per day, retries and drops included.
    public var bytesSentPerDay: Double
    /// Extra bytes sent over the files' own size, as a fraction of it.
    public var retransmittedFraction: Double
    public var failedChunkAttemptsPerDay: Double
    public var dropsPerDay: Double
    /// Bandwidth the uploads in flight were using, time average and peak.
    public var meanIngestBitsPerSecond: Double
    public var peakIngestBitsPerSecond: Double
    /// Rung tasks arriving per second (for Little's law: tasks waiting = arrival rate x mean wait).
    public var taskArrivalRate: Double
    /// Workers alive (starting, idle or busy: all billed), time average and peak.
    public var meanWorkers: Double
    public var peakWorkers: Double
    /// Workers ready for tasks (idle or busy), time average.
    public var meanActiveWorkers: Double
    /// Queued work in worker-seconds, time average and peak.
    public var meanBacklogSeconds: Double
    public var maxBacklogSeconds: Double
    public var onDemandVCPUHoursPerDay: Double
    public var spotVCPUHoursPerDay: Double
    /// vCPU-hours of transcoding per day: busy workers' time, the per-title analysis included.
    public var busyVCPUHoursPerDay: Double = 0
    /// vCPU-hours of per-title analysis tasks completed per day.
    public var analysisVCPUHoursPerDay: Double = 0
    /// On-demand worker-hours at the on-demand price; spot hours at the discount.
    public var onDemandCostPerDay: Double
    public var spotCostPerDay: Double
    public var computeCostPerDay: Double { onDemandCostPerDay + spotCostPerDay }
    public var interruptionsPerDay: Double
    public var workersLaunchedPerDay: Double
    /// Workers alive in a zone when it was lost, and the tasks they were running (back to their queues): counts
    /// over the observed window.
    public var workersLostToZones = 0
    public var tasksRequeuedByZones = 0
    /// The busiest sample interval's upload rate (files reaching the platform per second).
    public var peakUploadsPerSecond: Double
    public var events: Int
    public var sampleTimes: [Double]
    public var tasksWaiting: [Double]
    public var busyWorkers: [Double]
    public var aliveWorkers: [Double]
    public var backlogSeconds: [Double]
    public var uploadsWaitingForIngest: [Double]
    /// The delivery side, when the scenario has one.
    public var delivery: DeliveryResult?
    /// The work classes and their pools, when the scenario has `work:`.
    public var work: WorkResult?

    public var totalBytesPerDay: Double { rawBytesPerDay + renditionBytesPerDay }
}
