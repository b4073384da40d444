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

/// An upload's transcode work: with a per-title ladder, first one task of analysis (the encodes that found its
/// class's ladder); then one task per rung of its class no taller than its source, or with split-and-stitch one
/// per segment of each rung, stitched once the last segment is done; the upload is playable when its lowest
/// rung is done and published when its whole ladder is.
struct TranscodeJobs<Events: TranscodeJobEvents> {
    /// Worker-seconds per content second, by rung.
    private let rungCosts: [Double]
    /// Worker-seconds of analysis per content second, by content class (0: none).
    private let analysisCosts: [Double]
    private let formats: SourceFormats
    private let segmentSeconds: Double?
    private let stitchSeconds: Double
    /// Rungs still to finish, by slot.
    private var rungsLeft: [Int32] = []
    /// Segments (or whole-rung tasks) still to transcode, by slot x `classWidth` + the rung's place in its class.
    private var segmentsLeft: [Int32] = []
    /// The most rungs a class has, and each rung's first position in its class's range.
    private let classWidth: Int
    private let classStart: [Int]

    init(scenario: Scenario, formats: SourceFormats) {
        rungCosts = scenario.transcode.costs(for: scenario.ladder)
        analysisCosts = scenario.ladder.classes.map { contentClass in
            scenario.transcode.worker.workerSeconds(cpuSeconds: contentClass.analysisCPUPerContentSecond ?? 0)
        }
        self.formats = formats
        classWidth = scenario.ladder.classes.map(\.rungs.count).max() ?? 1
        classStart = scenario.ladder.rungs.map { scenario.ladder.classes[$0.contentClass].rungs.lowerBound }
        segmentSeconds = scenario.transcode.split?.segment.seconds
        stitchSeconds = scenario.transcode.split?.stitch.seconds ?? 0
    }

    var rungCount: Int { rungCosts.count }

    /// The rung number an analysis task carries (one past the ladder's).
    var analysisRung: Int { rungCosts.count }

    /// The bytes of renditions an upload of this plan and length adds: its rungs' bit rates x its duration.
    @inline(__always)
    func renditionBytes(plan: Int, contentSeconds: Double) -> Double {
        contentSeconds * formats.plans[plan].ladderBitsPerSecond / 8
    }

    /// Queues the upload's first tasks on the fleet: its analysis when its class has one, its rungs otherwise.
    mutating func submit(slot: Int, contentSeconds seconds: Double, plan: Int, at time: TimeSpan,
                         fleet: inout TranscodeFleet<Events>, scheduler: inout EventScheduler<Events>) {
        let analysis = analysisCosts[formats.contentClass(ofPlan: plan)]
        if analysis > 0 {
            fleet.submit(slot: slot, rung: analysisRung, serviceSeconds: seconds * analysis, at: time, scheduler: &scheduler)
        } else {
            submitRungs(slot: slot, contentSeconds: seconds, plan: plan, at: time, fleet: &fleet, scheduler: &scheduler)
        }
    }

    /// Queues the transcode tasks of the upload in `slot` on the fleet.
    mutating func submitRungs(slot: Int, contentSeconds seconds: Double, plan planIndex: Int, at time: TimeSpan,
                              fleet: inout TranscodeFleet<Events>, scheduler: inout EventScheduler<Events>) {
        while rungsLeft.count <= slot {
            rungsLeft.append(0)
            segmentsLeft.append(contentsOf: repeatElement(0, count: classWidth))
        }
        let plan = formats.plans[planIndex]
        rungsLeft[slot] = plan.rungCount
        let segment = segmentSeconds ?? seconds
        let segments = max(1, Int((seconds / segment).rounded(.up)))
        let lastSegment = seconds - Double(segments - 1) * segment
        for rung in plan.rungs {
            segmentsLeft[slot * classWidth + rung - classStart[rung]] = Int32(segments)
            for index in 0..<segments {
                let length = index == segments - 1 ? lastSegment : segment
                fleet.submit(slot: slot, rung: rung, serviceSeconds: length * rungCosts[rung], at: time, scheduler: &scheduler)
            }
        }
    }

    /// A segment (or whole-rung task) of `slot`'s `rung` is done. Returns true when this was the rung's last
    /// segment and nothing is stitched (the caller then calls `rungDone`); with stitching, `rungStitched` follows
    /// and false is returned.
    mutating func taskDone(slot: Int, rung: Int, scheduler: inout EventScheduler<Events>) -> Bool {
        let key = slot &* classWidth &+ rung &- classStart[rung]
        let left = segmentsLeft[key] &- 1
        segmentsLeft[key] = left
        guard left == 0 else { return false }
        if segmentSeconds != nil && stitchSeconds > 0 {
            scheduler.schedule(.rungStitched, after: TimeSpan(seconds: stitchSeconds), payload: slot * rungCount + rung)
            return false
        }
        return true
    }

    /// The slot and rung a `rungStitched` payload names.
    @inline(__always)
    func stitched(_ payload: Int) -> (slot: Int, rung: Int) { (payload / rungCount, payload % rungCount) }

    /// A rung of `slot` is ready to play.
    mutating func rungDone(slot: Int, rung: Int, plan: Int) -> RungCompletion {
        rungsLeft[slot] -= 1
        return RungCompletion(playable: rung == formats.plans[plan].playableRung, published: rungsLeft[slot] == 0)
    }
}
