import VidsimKernel
import VidsimUnits

/// What the content path counts after warm-up: uploads, bytes, latencies and the sampled time series.
struct ContentPathStatistics {
    var uploads = 0
    /// Uploads whose creator pressed upload after warm-up, and what they carry: the steady-state daily figures
    /// (in a window, arrival rate x mean size, whether or not the file has arrived by the horizon).
    var started = 0
    var contentStarted = 0.0
    var rawBytesStarted = 0.0
    var renditionBytesStarted = 0.0
    var published = 0
    var tasksCompleted = 0
    /// Worker-seconds of per-title analysis tasks completed.
    var analysisWorkerSeconds = 0.0
    var contentUploaded = 0.0
    var rawBytes = 0.0
    var renditionBytes = 0.0
    /// From the file's arrival to its last rung: the fleet's share of the wait.
    var timeToPublish = LatencyRecorder()
    /// From the file's arrival to its lowest rung: when viewers can first watch.
    var timeToFirstPlayable = LatencyRecorder()
    var uploadTime = LatencyRecorder()
    /// From the start of the upload to its last rung: what the creator waits.
    var creatorWait = LatencyRecorder()
    var bytesSent = 0.0
    var bytesTransferred = 0.0
    var failedAttempts = 0
    var drops = 0

    /// The fleet and the ingest queue, sampled every sample interval.
    var series: TimeSeries
    /// Uploads that reached the platform in each sample interval, as a rate per second.
    var uploadRate: [Double] = []
    private var uploadsAtLastSample = 0
    private var lastSample: Double?

    static let columns = ["tasks waiting", "busy workers", "workers alive", "backlog", "uploads waiting for ingest"]

    init(sampleInterval: TimeSpan) {
        series = TimeSeries(interval: sampleInterval, columns: Self.columns)
    }

    /// Forgets what was gathered during warm-up, except the uploads started: counting by start needs no
    /// warm-up (nothing is in flight to fill), and a window of whole days keeps a diurnal profile from biasing it.
    mutating func reset() {
        let kept = (started, contentStarted, rawBytesStarted, renditionBytesStarted)
        self = ContentPathStatistics(sampleInterval: series.interval)
        (started, contentStarted, rawBytesStarted, renditionBytesStarted) = kept
    }

    mutating func recordTransfer(_ outcome: TransferOutcome, fileBytes: Double) {
        uploadTime.record(outcome.duration)
        bytesSent += outcome.bytesSent
        bytesTransferred += fileBytes
        failedAttempts += outcome.failedAttempts
        drops += outcome.drops
    }

    mutating func recordStart(contentSeconds: Double, rawBytes raw: Double, renditionBytes renditions: Double) {
        started += 1
        contentStarted += contentSeconds
        rawBytesStarted += raw
        renditionBytesStarted += renditions
    }

    mutating func recordUpload(contentSeconds: Double, rawBytes raw: Double, renditionBytes renditions: Double) {
        uploads += 1
        contentUploaded += contentSeconds
        rawBytes += raw
        renditionBytes += renditions
    }

    mutating func recordPublished(arrived: Double, started: Double, at time: TimeSpan) {
        // Uploads that arrived during warm-up are still counted when published after it: the fleet's latency is
        // what is measured from then on.
        timeToPublish.record(TimeSpan(seconds: time.seconds - arrived))
        creatorWait.record(TimeSpan(seconds: time.seconds - started))
        published += 1
    }

    mutating func sample<Events>(fleet: TranscodeFleet<Events>, ingestQueue: Int, at time: TimeSpan) {
        if let lastSample, time.seconds > lastSample {
            uploadRate.append(Double(uploads - uploadsAtLastSample) / (time.seconds - lastSample))
        }
        uploadsAtLastSample = uploads
        lastSample = time.seconds
        series.append(at: time, [Double(fleet.queuedTasks), Double(fleet.busyCount), Double(fleet.aliveCount),
                                 fleet.queuedWork, Double(ingestQueue)])
    }
}
