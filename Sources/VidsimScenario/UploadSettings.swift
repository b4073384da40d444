import VidsimKernel
import VidsimUnits

/// How uploads arrive and what they carry.
public struct UploadSettings: Decodable, Sendable {
    public enum Arrivals: String, Decodable, Sendable, CaseIterable {
        /// A Poisson process (exponential gaps), shaped by the rate profile if one is given.
        case poisson
        /// Evenly spaced arrivals, for hand-checkable runs.
        case deterministic
    }

    /// The mean rate of uploads per second, from `count` or from `rate` divided by the mean duration.
    public let arrivalRate: EventRate
    /// The content rate the scenario gave, if it gave one ("500 hours/min").
    public let contentRate: ContentRate?
    public let arrivals: Arrivals
    /// Diurnal, weekly and burst shaping of the rate together.
    public let profile: RateProfile
    /// Content duration of each upload.
    public let duration: DistributionSpec<TimeSpan>
    /// The source file's bit rate: raw bytes stored = duration x source bitrate. With `formats`, the mix's mean.
    public let sourceBitrate: DistributionSpec<BitRate>
    /// A mix of source formats, each with its share, height and bit rate; nil: one format, every rung.
    public let formats: [SourceFormat]?
    /// How files travel to the ingest tier; nil: they arrive whole, instantly.
    public let transfer: UploadTransfer?
    /// The ingest tier's total bandwidth, shared by the uploads in flight; nil: unlimited.
    public let ingestCapacity: BitRate?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case rate, count, arrivals, diurnal, weekly, bursts, duration, transfer, formats
        case sourceBitrate = "source_bitrate"
        case ingestCapacity = "ingest_capacity"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Within 30 days, not only a duration's 1000 years: messages name the limit that applies.
        duration = try DistributionSpec<TimeSpan>(from: container.superDecoder(forKey: .duration),
                                                  limit: ScenarioLimits.uploadDuration)
        formats = try container.decodeIfPresent([SourceFormat].self, forKey: .formats)
        switch (formats, container.contains(.sourceBitrate)) {
        case (nil, _):
            sourceBitrate = try container.decode(DistributionSpec<BitRate>.self, forKey: .sourceBitrate)
        case let (mix?, false):
            guard !mix.isEmpty, mix.contains(where: { $0.weight > 0 }) else {
                throw decoder.fieldError("a format mix needs at least one format with a positive weight", field: "formats")
            }
            guard mix.count <= 1000 else {
                throw decoder.fieldError("expected at most 1000 source formats, found \(mix.count)", field: "formats")
            }
            let total = mix.reduce(0) { $0 + $1.weight }
            sourceBitrate = DistributionSpec(.constant(mix.reduce(0) { $0 + $1.weight / total * $1.bitrate.distribution.mean }))
        case (_?, true):
            throw decoder.fieldError("give either 'source_bitrate' or 'formats' (each with its own bitrate), not both", field: "formats")
        }
        arrivals = try container.decodeIfPresent(Arrivals.self, forKey: .arrivals) ?? .poisson
        let diurnal = try container.decodeIfPresent(DiurnalProfile.self, forKey: .diurnal)
        var weekly = try container.decodeIfPresent([Double].self, forKey: .weekly)
        if let days = weekly {
            guard days.count == 7, days.allSatisfy({ $0 >= 0 && $0 <= 1e9 }), days.contains(where: { $0 > 0 }) else {
                throw decoder.fieldError("expected 7 day weights, Monday first, each from 0 to 1e9 and not all zero, found "
                    + "[\(quoted(days.map { shown($0, digits: 4) }.joined(separator: ", ")))]", field: "weekly")
            }
            let mean = days.reduce(0, +) / 7
            weekly = days.map { $0 / mean }
        }
        let bursts = try container.decodeIfPresent([Burst].self, forKey: .bursts) ?? []
        guard bursts.count <= 1000 else {
            throw decoder.fieldError("expected at most 1000 bursts, found \(bursts.count)", field: "bursts")
        }
        profile = RateProfile(diurnal: diurnal, weekly: weekly, bursts: bursts)
        contentRate = try container.decodeIfPresent(ContentRate.self, forKey: .rate)
        let count = try container.decodeIfPresent(EventRate.self, forKey: .count)
        transfer = try container.decodeIfPresent(UploadTransfer.self, forKey: .transfer)
        ingestCapacity = try container.decodeIfPresent(BitRate.self, forKey: .ingestCapacity)
        if let ingestCapacity, ingestCapacity.bitsPerSecond <= 0 {
            throw decoder.fieldError("the ingest capacity must be positive", field: "ingest_capacity")
        }
        if ingestCapacity != nil && transfer == nil {
            throw decoder.fieldError("an ingest capacity needs a 'transfer' section: without one, files arrive instantly", field: "ingest_capacity")
        }

        guard duration.distribution.mean > 0, duration.distribution.mean.isFinite else {
            throw decoder.fieldError("the mean duration must be positive and finite", field: "duration")
        }
        switch (contentRate, count) {
        case let (rate?, nil):
            arrivalRate = EventRate(perSecond: rate.contentSecondsPerSecond / duration.distribution.mean)
        case let (nil, count?):
            arrivalRate = count
        case (nil, nil):
            throw decoder.fieldError("give the upload rate as 'rate' (content, such as '500 hours/min') or 'count' (uploads, such as '50/s')")
        case (_?, _?):
            throw decoder.fieldError("give either 'rate' or 'count', not both", field: "count")
        }
        guard arrivalRate.perSecond > 0 else {
            throw decoder.fieldError("the upload rate must be positive", field: contentRate != nil ? "rate" : "count")
        }
        // An arrival rate below one upload in a thousand years draws gaps no simulation clock represents.
        guard arrivalRate.perSecond >= 1 / TimeSpan.largest.value, arrivalRate.perSecond <= EventRate.largest.value else {
            throw decoder.fieldError(
                "expected between one upload per \(TimeSpan.largest.text) and \(EventRate.largest.text), found \(shown(arrivalRate.perSecond))/s "
                    + "(the content rate divided by the mean duration)",
                field: contentRate != nil ? "rate" : "count")
        }
        if arrivals == .deterministic && !profile.isFlat {
            throw decoder.fieldError("deterministic arrivals take no diurnal, weekly or burst shaping: use poisson", field: "arrivals")
        }
    }
}
