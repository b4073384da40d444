import VidsimKernel
import VidsimUnits

/// How a creator's file travels to the ingest tier: chunked, resumable, over an uplink that fails now and then.
///
/// The file is sent in chunks; each attempt at a chunk fails with `chunk_failure_probability` and is sent
/// again after a backoff; the connection drops at `drops` per hour of uploading, costing a reconnect and the
/// chunk in flight; only failed chunks are sent again (resume).
public struct UploadTransfer: Decodable, Sendable {
    public enum Model: String, Decodable, Sendable, CaseIterable {
        /// Each upload's time and bytes drawn exactly from the failure process, with no event per chunk.
        case aggregate
        /// An event per chunk attempt: slower, for checking the aggregate model or watching single uploads.
        case perChunk = "per-chunk"
    }

    /// Retry delays: `initial`, then times `factor` per further failure of the same chunk, at most `maximum`.
    public struct Backoff: Decodable, Sendable {
        public let initial: TimeSpan
        public let factor: Double
        public let maximum: TimeSpan

        enum CodingKeys: String, CodingKey, CaseIterable { case initial, factor, maximum }

        public init(initial: TimeSpan = TimeSpan(seconds: 1), factor: Double = 2, maximum: TimeSpan = TimeSpan(seconds: 60)) {
            self.initial = initial
            self.factor = factor
            self.maximum = maximum
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            initial = try container.decodeIfPresent(TimeSpan.self, forKey: .initial) ?? TimeSpan(seconds: 1)
            factor = try container.decodeIfPresent(Double.self, forKey: .factor) ?? 2
            maximum = try container.decodeIfPresent(TimeSpan.self, forKey: .maximum) ?? TimeSpan(seconds: 60)
            guard factor >= 1 && factor <= 10 else {
                throw decoder.fieldError("expected a backoff factor from 1 to 10, found \(shown(factor))", field: "factor")
            }
            guard maximum.seconds <= 86_400 else {
                throw decoder.fieldError("expected a longest backoff of at most 1 day, found \(maximum)", field: "maximum")
            }
            guard initial <= maximum else {
                throw decoder.fieldError("expected the first backoff (\(initial)) to be at most the longest (\(maximum))", field: "initial")
            }
        }

        /// The wait before the `retry`-th retry of one chunk (1 for the first).
        @inlinable
        public func delay(retry: Int) -> TimeSpan {
            // A huge power times a zero initial delay would be NaN: the cap applies first.
            let grown = initial.seconds * pow(factor, Double(retry - 1))
            return TimeSpan(seconds: grown.isNaN ? maximum.seconds : min(grown, maximum.seconds))
        }
    }

    /// The creator's uplink bit rate, drawn per upload.
    public let uplink: DistributionSpec<BitRate>
    public let chunkSize: DataSize
    public let chunkFailureProbability: Double
    /// Connection drops per hour spent uploading.
    public let drops: EventRate
    /// Time to reconnect and resume after a drop.
    public let reconnect: TimeSpan
    public let backoff: Backoff
    /// Fixed cost of each chunk request (a round trip, say).
    public let perChunkOverhead: TimeSpan
    public let model: Model

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uplink, backoff, drops, reconnect, model
        case chunkSize = "chunk_size"
        case chunkFailureProbability = "chunk_failure_probability"
        case perChunkOverhead = "per_chunk_overhead"
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uplink = try container.decode(DistributionSpec<BitRate>.self, forKey: .uplink)
        chunkSize = try container.decodeIfPresent(DataSize.self, forKey: .chunkSize) ?? .megabytes(10)
        chunkFailureProbability = try container.decodeIfPresent(Double.self, forKey: .chunkFailureProbability) ?? 0
        drops = try container.decodeIfPresent(EventRate.self, forKey: .drops) ?? .zero
        reconnect = try container.decodeIfPresent(TimeSpan.self, forKey: .reconnect) ?? TimeSpan(seconds: 5)
        backoff = try container.decodeIfPresent(Backoff.self, forKey: .backoff) ?? Backoff()
        perChunkOverhead = try container.decodeIfPresent(TimeSpan.self, forKey: .perChunkOverhead) ?? .zero
        model = try container.decodeIfPresent(Model.self, forKey: .model) ?? .aggregate
        guard chunkSize.bytes >= 1 else { throw decoder.fieldError("the chunk size must be at least 1 B", field: "chunk_size") }
        guard (0...0.5).contains(chunkFailureProbability) else {
            throw decoder.fieldError(
                "expected a probability from 0 to 0.5 (at 0.5 every chunk is sent twice on average), found "
                    + "\(shown(chunkFailureProbability))", field: "chunk_failure_probability")
        }
        guard uplink.distribution.mean > 0 else { throw decoder.fieldError("the uplink must be faster than 0 bps", field: "uplink") }
        guard drops.perSecond <= 1 else {
            throw decoder.fieldError("expected at most 3600 drops per hour (one a second), found \(shown(drops.perSecond * 3600))/h", field: "drops")
        }
        guard reconnect.seconds <= 86_400 else {
            throw decoder.fieldError("expected a reconnection of at most 1 day, found \(reconnect)", field: "reconnect")
        }
        guard perChunkOverhead.seconds <= 3600 else {
            throw decoder.fieldError("expected a per-chunk overhead of at most 1 h, found \(perChunkOverhead)", field: "per_chunk_overhead")
        }
    }
}

import Foundation
