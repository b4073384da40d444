import VidsimKernel
import VidsimPolicies

/// The sessions of one kind of player (one ABR algorithm over one kind of link) that a delivery simulation
/// drives at once, each request an event: a slot per session, reused when a session ends.
///
/// Concrete code throughout: the algorithm and the link are existentials inside each session, one dynamic call
/// per decision and per piece of bandwidth into the members' own (specialised) code. (A pool generic over the
/// algorithm and the process, called through an existential, ran its generic code unspecialised: 10% of a
/// run in metadata look-ups.)
struct PlayerPool {
    let algorithm: any ABRAlgorithm
    let process: any BandwidthProcess
    let scale: Double
    let settings: PlayerSettings
    /// The rungs this device plays, ascending: bit rates, and their places in the ladder.
    let bitrates: [Double]
    let ladderRungs: [Int]
    let segmentSeconds: Double

    private var machines: [PlayerMachine?] = []
    private var links: [LinkClock?] = []
    private var free: [Int] = []
    /// Sessions under way.
    private(set) var active = 0

    init(algorithm: any ABRAlgorithm, process: any BandwidthProcess, scale: Double, settings: PlayerSettings, bitrates: [Double],
         ladderRungs: [Int], segmentSeconds: Double) {
        self.algorithm = algorithm
        self.process = process
        self.scale = scale
        self.settings = settings
        self.bitrates = bitrates
        self.ladderRungs = ladderRungs
        self.segmentSeconds = segmentSeconds
    }

    /// Starts a session of a video of `segments` segments (the last `lastSeconds` long) watched for
    /// `watchSeconds` of content; returns its slot.
    mutating func start(segments: Int, lastSeconds: Double, watchSeconds: Double, random: RandomStream) -> Int {
        let duration = Double(segments - 1) * segmentSeconds + lastSeconds
        let sizes = SegmentSizes(bitrates: bitrates, duration: duration, segmentSeconds: segmentSeconds)
        let stream = ABRStream(bitrates: bitrates, sizes: sizes, segmentSeconds: segmentSeconds,
                               maxBufferSeconds: settings.maxBuffer.seconds)
        let machine = PlayerMachine(stream: stream, watchSeconds: watchSeconds, settings: settings, algorithm: algorithm)
        let link = LinkClock(link: process.link(random: random), scale: scale)
        active += 1
        if let slot = free.popLast() {
            machines[slot] = machine
            links[slot] = link
            return slot
        }
        machines.append(machine)
        links.append(link)
        return machines.count - 1
    }

    /// The session's next request (the manifest first); nil when it has every segment.
    mutating func nextRequest(_ slot: Int) -> PlayerRequest? {
        machines[slot]!.nextRequest()
    }

    /// Serves the pending request: the link waits the request's idle time, then `PlayerMachine.download`: the
    /// first byte's round trips, its bytes at the lower of the link's rate and `cap` (bits per second), dropped
    /// early if the abandonment rule says so. Returns the download time in seconds, round trips included, the
    /// bytes carried and the segment's log row (nil for the manifest).
    mutating func serve(_ slot: Int, idleSeconds: Double, firstByte: Double, cap: Double, tier: ServingTier)
        -> (seconds: Double, bytes: Double, record: SegmentRecord?) {
        var link = links[slot].take()!
        link.wait(idleSeconds)
        let served = machines[slot]!.download(over: &link, firstByte: firstByte, cap: cap, tier: tier)
        links[slot] = link
        return served
    }

    /// Ends the session and frees its slot: what it amounted to.
    mutating func finish(_ slot: Int) -> SessionSummary {
        let summary = machines[slot]!.summary
        machines[slot] = nil
        links[slot] = nil
        free.append(slot)
        active -= 1
        return summary
    }
}
