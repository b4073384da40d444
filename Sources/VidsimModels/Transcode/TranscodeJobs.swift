import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events transcode jobs schedule: a rung's segments stitched. Payload: slot x rung count + rung.
public protocol TranscodeJobEvents: TranscodeFleetEvents {
    static var rungStitched: Self { get }
}

/// What finishing a rung meant for its upload.
struct RungCompletion {
    /// The rung that makes the video playable (its lowest bit rate) is done.
    var playable: Bool
    /// Every rung is done: the video is published.
    var published: Bool
}

/// An upload's transcode work: one task per rung no taller than its source, or with split-and-stitch one per
/// segment of each rung, stitched once the last segment is done; the upload is playable when its lowest rung
/// is done and published when its whole ladder is.
struct TranscodeJobs<Events: TranscodeJobEvents> {
    /// Worker-seconds per content second, by rung.
    private let rungCosts: [Double]
    private let formats: SourceFormats
    private let segmentSeconds: Double?
    private let stitchSeconds: Double
    /// Rungs still to finish, by slot.
    private var rungsLeft: [Int32] = []
    /// Segments (or whole-rung tasks) still to transcode, by slot x rung count + rung.
    private var segmentsLeft: [Int32] = []

    init(scenario: Scenario, formats: SourceFormats) {
        rungCosts = scenario.transcode.costs(for: scenario.ladder)
        self.formats = formats
        segmentSeconds = scenario.transcode.split?.segment.seconds
        stitchSeconds = scenario.transcode.split?.stitch.seconds ?? 0
    }

    var rungCount: Int { rungCosts.count }

    /// The bytes of renditions an upload of this format and length adds: its rungs' bit rates x its duration.
    @inline(__always)
    func renditionBytes(format: Int, contentSeconds: Double) -> Double {
        contentSeconds * formats.plans[format].ladderBitsPerSecond / 8
    }

    /// Queues the transcode tasks of the upload in `slot` on the fleet.
    mutating func submit(slot: Int, contentSeconds seconds: Double, format: Int, at time: TimeSpan,
                         fleet: inout TranscodeFleet<Events>, scheduler: inout EventScheduler<Events>) {
        let rungs = rungCount
        while rungsLeft.count <= slot {
            rungsLeft.append(0)
            segmentsLeft.append(contentsOf: repeatElement(0, count: rungs))
        }
        let plan = formats.plans[format]
        rungsLeft[slot] = plan.rungCount
        let segment = segmentSeconds ?? seconds
        let segments = max(1, Int((seconds / segment).rounded(.up)))
        let lastSegment = seconds - Double(segments - 1) * segment
        for rung in 0..<rungs where plan.eligible[rung] {
            segmentsLeft[slot * rungs + rung] = Int32(segments)
            for index in 0..<segments {
                let length = index == segments - 1 ? lastSegment : segment
                fleet.submit(slot: slot, rung: rung, serviceSeconds: length * rungCosts[rung], at: time, scheduler: &scheduler)
            }
        }
    }

    /// A segment (or whole-rung task) of `slot`'s `rung` is done. Returns the rung's completion when this was
    /// its last segment and nothing is stitched; with stitching, `rungStitched` follows and nil is returned.
    mutating func taskDone(slot: Int, rung: Int, format: Int, scheduler: inout EventScheduler<Events>) -> RungCompletion? {
        let key = slot * rungCount + rung
        segmentsLeft[key] -= 1
        guard segmentsLeft[key] == 0 else { return nil }
        if segmentSeconds != nil && stitchSeconds > 0 {
            scheduler.schedule(.rungStitched, after: TimeSpan(seconds: stitchSeconds), payload: key)
            return nil
        }
        return rungDone(slot: slot, rung: rung, format: format)
    }

    /// The slot and rung a `rungStitched` payload names.
    @inline(__always)
    func stitched(_ payload: Int) -> (slot: Int, rung: Int) { (payload / rungCount, payload % rungCount) }

    /// A rung of `slot` is ready to play.
    mutating func rungDone(slot: Int, rung: Int, format: Int) -> RungCompletion {
        rungsLeft[slot] -= 1
        return RungCompletion(playable: rung == formats.plans[format].playableRung, published: rungsLeft[slot] == 0)
    }
}
