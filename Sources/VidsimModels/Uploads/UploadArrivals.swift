import VidsimKernel
import VidsimScenario
import VidsimUnits

/// The events the arrival process schedules: the next creator starting an upload.
public protocol UploadArrivalEvents: EventKindType {
    static var uploadArrives: Self { get }
}

/// A new upload as drawn: how much content, in which source format and content class (its plan in
/// `SourceFormats`), and its file's size.
struct NewUpload {
    var contentSeconds: Double
    var plan: Int
    var fileBytes: Double
}

/// Creators starting uploads: Poisson arrivals thinned to the rate profile (day, week, bursts), or evenly
/// spaced; and what each upload is (its duration, source format and file size), each from its own stream.
struct UploadArrivals<Events: UploadArrivalEvents> {
    private let rate: Double
    private let arrivals: UploadSettings.Arrivals
    private let profile: RateProfile
    private let duration: Distribution
    let formats: SourceFormats
    private var scheduled = 0

    private let arrivalStream: RandomStream
    private let thinningStream: RandomStream
    private let durationStream: RandomStream
    private let bitrateStream: RandomStream
    private let formatStream: RandomStream
    private let classStream: RandomStream

    init(scenario: Scenario, seeds: StreamSeeds) {
        let upload = scenario.uploads
        rate = upload.arrivalRate.perSecond
        arrivals = upload.arrivals
        profile = upload.profile
        duration = upload.duration.distribution
        formats = SourceFormats(uploads: upload, ladder: scenario.ladder)
        arrivalStream = seeds.stream(for: "uploads.arrivals")
        thinningStream = seeds.stream(for: "uploads.diurnal")
        durationStream = seeds.stream(for: "uploads.duration")
        bitrateStream = seeds.stream(for: "uploads.source_bitrate")
        formatStream = seeds.stream(for: "uploads.format")
        classStream = seeds.stream(for: "uploads.content_class")
    }

    /// Schedules the next arrival after `time` (the first one from time zero).
    mutating func scheduleNext(after time: TimeSpan, scheduler: inout EventScheduler<Events>) {
        scheduler.schedule(.uploadArrives, at: nextArrival(after: time))
    }

    /// Draws the upload that just arrived. A duration below zero (a normal's tail) is taken as a millisecond;
    /// a duration or a bit rate beyond what the scenario's checks allow once in a billion draws
    /// (`ScenarioLimits`: 30 days, 100 Gbps) is taken at that limit, so no draw can overflow a count.
    @inline(__always)
    func draw() -> NewUpload {
        let seconds = min(max(duration.sample(durationStream), 0.001), ScenarioLimits.longestUpload.value)
        let plan = formats.draw(formatStream, classStream)
        let bitrate = min(max(formats.plans[plan].bitrate.sample(bitrateStream), 0), ScenarioLimits.fastestSource.value)
        return NewUpload(contentSeconds: seconds, plan: plan, fileBytes: seconds * bitrate / 8)
    }

    /// The next arrival time: Poisson, thinned to the rate profile (Lewis and Shedler, 1979), or evenly spaced.
    private mutating func nextArrival(after time: TimeSpan) -> TimeSpan {
        scheduled += 1
        switch arrivals {
        case .deterministic:
            // The k-th arrival at k / rate exactly: repeated addition of 1 / rate would drift.
            return TimeSpan(seconds: Double(scheduled) / rate)
        case .poisson:
            return profile.nextArrival(after: time, rate: rate, gaps: arrivalStream, thinning: thinningStream)
        }
    }
}
