import VidsimKernel
import VidsimScenario
import VidsimUnits

extension ContentPathModel {
    /// Queues an upload's transcode work: per rung no taller than its source one task, or with split-and-stitch
    /// one per segment.
    mutating func submitTasks(slot: Int, at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        let seconds = contentSeconds[slot]
        let rungCount = rungCosts.count
        let segment = segmentSeconds ?? seconds
        let segments = max(1, Int((seconds / segment).rounded(.up)))
        let lastSegment = seconds - Double(segments - 1) * segment
        let eligible = formats[uploadFormat[slot]].eligible
        for rung in 0..<rungCount where eligible[rung] {
            segmentsLeft[slot * rungCount + rung] = Int32(segments)
            for index in 0..<segments {
                let length = index == segments - 1 ? lastSegment : segment
                fleet.submit(slot: slot, rung: rung, serviceSeconds: length * rungCosts[rung], at: time, scheduler: &scheduler)
            }
        }
    }

    /// A segment (or whole-rung task) is done; the rung is done when its last segment is, once stitched.
    mutating func taskDone(_ task: Int, at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        let slot = fleet.taskSlot[task], rung = fleet.taskRung[task]
        fleet.free(task: task)
        statistics.tasksCompleted += 1
        let key = slot * rungCosts.count + rung
        segmentsLeft[key] -= 1
        guard segmentsLeft[key] == 0 else { return }
        if segmentSeconds != nil && stitchSeconds > 0 {
            scheduler.schedule(.rungStitched, after: TimeSpan(seconds: stitchSeconds), payload: key)
        } else {
            rungDone(slot: slot, rung: rung, at: time)
        }
    }

    /// A rung is ready to play; the upload is published when every rung is.
    mutating func rungDone(slot: Int, rung: Int, at time: TimeSpan) {
        if rung == formats[uploadFormat[slot]].playableRung {
            statistics.timeToFirstPlayable.record(TimeSpan(seconds: time.seconds - arrivedAt[slot]))
        }
        rungsLeft[slot] -= 1
        guard rungsLeft[slot] == 0 else { return }
        statistics.recordPublished(arrived: arrivedAt[slot], started: startedAt[slot], at: time)
        freeSlots.append(slot)
    }

    /// The autoscaler's evaluation: launch what the policy wants beyond the live fleet, or retire idle workers
    /// once it has wanted fewer for long enough.
    mutating func autoscale(at time: TimeSpan, scheduler: inout EventScheduler<EventKind>) {
        guard autoscaler != nil else { return }
        // Mutated in place: a copy out and back would copy its window of recommendations each time.
        let desired = autoscaler!.desired(busyIntegral: fleet.busyIntegral(at: time), busyNow: fleet.busyCount,
                                         queuedTasks: fleet.queuedTasks, queuedWorkSeconds: fleet.queuedWork, at: time)
        let alive = fleet.aliveCount
        if desired > alive {
            fleet.launch(desired - alive, immediately: false, at: time, scheduler: &scheduler)
        }
        let removals = autoscaler!.removals(desired: desired, alive: alive, at: time)
        if removals > 0 { fleet.remove(removals, at: time) }
    }
}
