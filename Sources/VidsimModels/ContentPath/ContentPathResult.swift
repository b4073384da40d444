import VidsimKernel
import VidsimUnits

/// What one replication of the content path measured, after warm-up. Rates are scaled to a day of 86,400 s.
public struct ContentPathResult: Sendable {
    /// Seconds of simulated time after warm-up.
    public var observedSeconds: Double
    public var uploads: Int
    public var published: Int
    public var tasksCompleted: Int
    public var contentHoursPerDay: Double
    /// Bytes of source files stored per day.
    public var rawBytesPerDay: Double
    /// Bytes of renditions per day: each arriving upload's full ladder (rung bitrate x duration, summed).
    public var renditionBytesPerDay: Double
    /// Mean busy workers over fleet size.
    public var utilisation: Double
    public var meanBusyWorkers: Double
    public var meanTasksWaiting: Double
    public var maxTasksWaiting: Double
    /// Tasks still queued at the horizon: a backlog that did not drain.
    public var tasksWaitingAtEnd: Int
    public var queueWait: LatencySummary
    /// From the file's arrival on the platform to its last rung transcoded.
    public var timeToPublish: LatencySummary
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
    public var events: Int
    public var sampleTimes: [Double]
    public var tasksWaiting: [Double]
    public var busyWorkers: [Double]

    public var totalBytesPerDay: Double { rawBytesPerDay + renditionBytesPerDay }
}
