import VidsimKernel
import VidsimScenario
import VidsimUnits

extension ContentPath {
    /// The replication's figures, scaled to a day where they are rates.
    public func result(scenario: Scenario, events: Int, endTime: TimeSpan) -> ContentPathResult {
        let observed = endTime.seconds - warmUpEnd.seconds
        let perDay = 86_400 / observed
        let s = statistics
        let worker = scenario.transcode.worker
        let onDemandHours = fleet.onDemandAlive.mean(at: endTime) * observed / 3600
        let spotHours = fleet.spotAlive.mean(at: endTime) * observed / 3600
        let hourly = worker.price.cost(of: .hours(1)).dollars
        let spotDiscount = scenario.transcode.spot?.discount ?? 0
        let meanActive = fleet.active.mean(at: endTime)
        var result = ContentPathResult(
            observedSeconds: observed,
            uploads: s.uploads,
            uploadsStarted: s.started,
            published: s.published,
            tasksCompleted: s.tasksCompleted,
            contentHoursPerDay: s.contentUploaded / 3600 * perDay,
            // Uploads started are counted over the whole horizon, warm-up included.
            contentHoursStartedPerDay: s.contentStarted / 3600 * 86_400 / endTime.seconds,
            rawBytesStartedPerDay: s.rawBytesStarted * 86_400 / endTime.seconds,
            renditionBytesStartedPerDay: s.renditionBytesStarted * 86_400 / endTime.seconds,
            renditionBytesPerContentHour: s.contentUploaded > 0 ? s.renditionBytes / s.contentUploaded * 3600 : 0,
            rawBytesPerDay: s.rawBytes * perDay,
            renditionBytesPerDay: s.renditionBytes * perDay,
            utilisation: meanActive > 0 ? fleet.meanBusy(at: endTime) / meanActive : 0,
            meanBusyWorkers: fleet.meanBusy(at: endTime),
            meanTasksWaiting: fleet.queueLength.mean(at: endTime),
            maxTasksWaiting: fleet.queueLength.maximum,
            tasksWaitingAtEnd: fleet.queuedTasks,
            queueWait: fleet.waits.summary,
            timeToPublish: s.timeToPublish.summary,
            timeToFirstPlayable: s.timeToFirstPlayable.summary,
            uploadTime: s.uploadTime.summary,
            creatorWait: s.creatorWait.summary,
            bytesSentPerDay: s.bytesSent * perDay,
            retransmittedFraction: s.bytesTransferred > 0 ? s.bytesSent / s.bytesTransferred - 1 : 0,
            failedChunkAttemptsPerDay: Double(s.failedAttempts) * perDay,
            dropsPerDay: Double(s.drops) * perDay,
            meanIngestBitsPerSecond: ingest.demand.mean(at: endTime),
            peakIngestBitsPerSecond: ingest.demand.maximum,
            taskArrivalRate: Double(fleet.tasksSubmitted) / observed,
            meanWorkers: fleet.onDemandAlive.mean(at: endTime) + fleet.spotAlive.mean(at: endTime),
            peakWorkers: fleet.alive.maximum,
            meanActiveWorkers: meanActive,
            meanBacklogSeconds: fleet.backlog.mean(at: endTime),
            maxBacklogSeconds: fleet.backlog.maximum,
            onDemandVCPUHoursPerDay: onDemandHours * worker.vcpus * perDay,
            spotVCPUHoursPerDay: spotHours * worker.vcpus * perDay,
            onDemandCostPerDay: onDemandHours * hourly * perDay,
            spotCostPerDay: spotHours * (1 - spotDiscount) * hourly * perDay,
            interruptionsPerDay: Double(fleet.interruptions) * perDay,
            workersLaunchedPerDay: Double(fleet.launched) * perDay,
            peakUploadsPerSecond: s.uploadRate.max() ?? Double(s.uploads) / observed,
            events: events,
            sampleTimes: s.series.times,
            tasksWaiting: s.series.column("tasks waiting"),
            busyWorkers: s.series.column("busy workers"),
            aliveWorkers: s.series.column("workers alive"),
            backlogSeconds: s.series.column("backlog"),
            uploadsWaitingForIngest: s.series.column("uploads waiting for ingest"))
        result.busyVCPUHoursPerDay = fleet.meanBusy(at: endTime) * worker.vcpus * 24
        result.workersLostToZones = fleet.lostToZones
        result.tasksRequeuedByZones = fleet.tasksRequeuedByZones
        result.analysisVCPUHoursPerDay = s.analysisWorkerSeconds * worker.vcpus / 3600 * perDay
        return result
    }
}
