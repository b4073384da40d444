import Foundation
import VidsimKernel
import VidsimUnits

/// A burst of demand: the rate multiplied by `multiplier` from `from` to `to` (a viral launch, say).
public struct Burst: Decodable, Sendable {
    public let from: TimeSpan
    public let to: TimeSpan
    public let multiplier: Double

    enum CodingKeys: String, CodingKey, CaseIterable { case from, to, multiplier }

    /// The largest rate multiplier a burst may give: bursts that overlap multiply, so their product is bounded
    /// by the run's size instead (`RunSize`).
    public static let largestMultiplier = 10_000.0

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(TimeSpan.self, forKey: .from)
        to = try container.decode(TimeSpan.self, forKey: .to)
        multiplier = try container.decode(Double.self, forKey: .multiplier)
        guard to > from else { throw decoder.fieldError("a burst must end after it starts", field: "to") }
        guard multiplier > 0 && multiplier <= Self.largestMultiplier else {
            throw decoder.fieldError("expected a positive multiplier of at most \(Int(Self.largestMultiplier)), found \(shown(multiplier))", field: "multiplier")
        }
    }
}

/// The shape of an arrival rate over time: diurnal x weekly x bursts, a multiplier of the mean rate.
///
/// The diurnal and weekly factors average 1, so the scenario's rate stays the mean rate; bursts come on top.
/// Poisson arrivals are thinned against it (Lewis and Shedler, 1979): candidates at the peak rate are kept
/// with probability multiplier(t) / peak.
public struct RateProfile: Sendable {
    public let diurnal: DiurnalProfile?
    /// Seven day weights, Monday first (day 0 of a run is a Monday), normalised to mean 1.
    public let weekly: [Double]?
    public let bursts: [Burst]

    /// Times where the set of active bursts changes, sorted.
    private let boundaries: [Double]

    public init(diurnal: DiurnalProfile?, weekly: [Double]?, bursts: [Burst]) {
        self.diurnal = diurnal
        self.weekly = weekly
        self.bursts = bursts
        boundaries = Array(Set(bursts.flatMap { [$0.from.seconds, $0.to.seconds] })).sorted()
    }

    /// Whether the rate is constant (no profile at all).
    public var isFlat: Bool { diurnal == nil && weekly == nil && bursts.isEmpty }

    /// The multiplier at `time` of the run's clock. `localOffset` (seconds, from a day behind to a day ahead) is
    /// how far a region's local time is ahead of the run's clock: the diurnal and weekly shapes follow local time,
    /// bursts (a premiere, a launch) the run's clock, the same moment everywhere.
    @inlinable
    public func multiplier(at time: TimeSpan, localOffset: Double = 0) -> Double {
        // A week is whole days, so a local time before the run's start is taken a week later: same hour, same day.
        var local = time.seconds + localOffset
        if local < 0 { local += 7 * 86_400 }
        var value = diurnal?.multiplier(at: TimeSpan(seconds: local)) ?? 1
        if let weekly {
            let day = Int((local / 86_400).rounded(.down)) % 7
            value *= weekly[day]
        }
        for burst in bursts where time >= burst.from && time < burst.to { value *= burst.multiplier }
        return value
    }

    /// An upper bound of the multiplier at all times: the diurnal and weekly maxima times the largest product
    /// of bursts active together.
    public var maximum: Double {
        let times = [0] + boundaries
        return times.map { majorant(at: TimeSpan(seconds: $0)).bound }.max() ?? 1
    }

    /// A bound of the multiplier from `time` until the next burst boundary (infinity after the last): the
    /// diurnal and weekly maxima times the bursts active in that stretch. Thinning against this piecewise bound
    /// instead of one global bound rejects far fewer candidates when bursts are rare and large.
    @inlinable
    public func majorant(at time: TimeSpan) -> (bound: Double, until: Double) {
        var bound = (diurnal?.maximum ?? 1) * (weekly?.max() ?? 1)
        for burst in bursts where time >= burst.from && time < burst.to { bound *= burst.multiplier }
        let until = nextBoundary(after: time.seconds)
        return (bound, until)
    }

    /// The next arrival after `time` of a Poisson process of mean `rate` per second shaped by this profile:
    /// exponential gaps from `gaps`, thinned (Lewis and Shedler, 1979) with uniforms from `thinning` against a
    /// bound that is constant between burst boundaries; a candidate past a boundary restarts from it with the
    /// next stretch's bound (the exponential gap is memoryless). A flat profile draws one gap and no uniform.
    /// `localOffset`: as in `multiplier(at:localOffset:)`.
    public func nextArrival(after time: TimeSpan, rate: Double, gaps: RandomStream, thinning: RandomStream,
                            localOffset: Double = 0) -> TimeSpan {
        guard !isFlat else {
            return TimeSpan(seconds: time.seconds + Distribution.exponential(mean: 1 / rate).sample(gaps))
        }
        var candidate = time.seconds
        while true {
            let (bound, until) = majorant(at: TimeSpan(seconds: candidate))
            let next = candidate + Distribution.exponential(mean: 1 / (rate * bound)).sample(gaps)
            if next >= until {
                candidate = until
                continue
            }
            candidate = next
            if thinning.uniform() * bound <= multiplier(at: TimeSpan(seconds: candidate), localOffset: localOffset) {
                return TimeSpan(seconds: candidate)
            }
        }
    }

    @usableFromInline
    func nextBoundary(after seconds: Double) -> Double {
        for boundary in boundaries where boundary > seconds { return boundary }
        return .infinity
    }
}
