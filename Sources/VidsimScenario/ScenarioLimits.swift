import Foundation
import VidsimKernel
import VidsimUnits

/// The ranges beyond which a value, valid as written, stops meaning anything to the model: the checks that
/// concern more than one field (a file's size against its chunks, an upload's length against its segments,
/// a source format against the ladder). Each field's own range is checked where it is decoded.
public enum ScenarioLimits {
    /// The longest upload a duration distribution may draw once in a billion uploads (30 days).
    public static let longestUpload = MeasureLimit(30 * 86_400, "30 days")
    /// `uploads.duration`'s limit, tighter than any duration's (`TimeSpan.largest`, 1000 years): named by every
    /// message about an upload's duration too long, whether it is beyond 30 days or beyond 1000 years.
    static let uploadDuration = DrawLimit(limit: longestUpload) { tail in
        let found = tail.isFinite ? "at \(TimeSpan(seconds: tail)) or longer" : "of infinite length"
        return "expected upload durations within \(longestUpload.text), found one in a billion uploads \(found): "
            + "narrow the distribution or lower its scale"
    }
    /// The fastest source file a bitrate distribution may draw once in a billion uploads.
    public static let fastestSource = MeasureLimit(100e9, "100 Gbps")
    /// The most segments one upload's rung may be split into (the model counts them in 32 bits).
    public static let mostSegments = 10_000_000.0
    /// The most chunks one upload's file may be cut into.
    public static let mostChunks = 1e15
    /// The largest cost of a rung, in worker-seconds per content second, once divided by the worker's speed.
    public static let largestCost = 1e6
    /// The most shards the metadata database may need (a whole number in the report).
    public static let mostShards = 1e12
    /// The most workers a fixed fleet may have (as `transcode.autoscaling.max`).
    public static let largestFleet = 10_000_000
}

extension Scenario {
    /// Checks what concerns more than one field, after every field has been read and the costs resolved.
    func checkLimits() throws {
        let durationTail = uploads.duration.distribution.upperTail
        let durationPath: [CodingKey] = [AnyKey("uploads"), AnyKey("duration")]
        // Checked as `uploads.duration` is read; again here for a scenario changed since.
        guard durationTail <= ScenarioLimits.longestUpload.value else {
            throw FieldError(codingPath: durationPath, message: ScenarioLimits.uploadDuration.beyond(durationTail))
        }

        // Source formats: each must get at least one rung of every class.
        if let formats = uploads.formats {
            for (index, format) in formats.enumerated() {
                for contentClass in ladder.classes {
                    let rungs = ladder.rungs[contentClass.rungs]
                    guard !rungs.contains(where: { rung in rung.height.map { $0 <= format.height } ?? true }) else { continue }
                    let shortest = rungs.compactMap(\.height).min() ?? 0
                    throw FieldError(
                        codingPath: [AnyKey("uploads"), AnyKey("formats"), AnyKey(intValue: index)!, AnyKey("height")],
                        message: "expected a height of at least the " + (ladder.byClass ? "shortest rung of class '\(contentClass.name)'" : "ladder's shortest rung")
                            + " (\(shortest) lines), found \(format.height): with no rung to transcode, its uploads would never publish; "
                            + "raise the height, remove the format, or give " + (ladder.byClass ? "the class" : "the ladder")
                            + " a rung of at most \(format.height) lines")
                }
            }
        }
        let sources: [(path: [CodingKey], distribution: Distribution)] = uploads.formats.map { formats in
            formats.enumerated().map { index, format in
                ([AnyKey("uploads"), AnyKey("formats"), AnyKey(intValue: index)!, AnyKey("bitrate")], format.bitrate.distribution)
            }
        } ?? [([AnyKey("uploads"), AnyKey("source_bitrate")], uploads.sourceBitrate.distribution)]
        for source in sources where !(source.distribution.upperTail <= ScenarioLimits.fastestSource.value) {
            throw FieldError(
                codingPath: source.path,
                message: "expected source bit rates within \(ScenarioLimits.fastestSource.text), found one in a billion "
                    + "uploads at \(BitRate(bitsPerSecond: source.distribution.upperTail)) or more")
        }

        // Chunks of the largest file (the longest upload at the fastest source bit rate).
        if let transfer = uploads.transfer {
            let largestFile = durationTail * (sources.map(\.distribution.upperTail).max() ?? 0) / 8
            let chunks = largestFile / transfer.chunkSize.bytes
            guard chunks <= ScenarioLimits.mostChunks else {
                throw FieldError(
                    codingPath: [AnyKey("uploads"), AnyKey("transfer"), AnyKey("chunk_size")],
                    message: "expected at most \(RunSize.count(ScenarioLimits.mostChunks)) chunks per upload, found "
                        + "\(RunSize.count(chunks)) for the largest file (\(DataSize(bytes: largestFile))) in chunks of "
                        + "\(transfer.chunkSize): use larger chunks")
            }
        }

        // Segments of the longest upload.
        if let split = transcode.split {
            let segments = (durationTail / split.segment.seconds).rounded(.up)
            guard segments <= ScenarioLimits.mostSegments else {
                throw FieldError(
                    codingPath: [AnyKey("transcode"), AnyKey("split"), AnyKey("segment")],
                    message: "expected at most \(RunSize.count(ScenarioLimits.mostSegments)) segments per rung, found "
                        + "\(RunSize.count(segments)) for the longest upload (\(TimeSpan(seconds: durationTail))) in segments "
                        + "of \(split.segment): use longer segments")
            }
        }

        // Costs once divided by the worker's speed: a task's service time must stay representable.
        for (index, resolved) in transcode.resolvedCosts.enumerated() where !(resolved.cost > 0 && resolved.cost <= ScenarioLimits.largestCost) {
            let rung = ladder.rungs[index].name
            let path: [CodingKey] = resolved.source == .scenario
                ? [AnyKey("transcode"), AnyKey("cost_per_content_second"), AnyKey(rung)]
                : [AnyKey("transcode"), AnyKey("worker")]
            throw FieldError(
                codingPath: path,
                message: "expected rung '\(quoted(rung))' to cost at most \(Int(ScenarioLimits.largestCost)) worker-seconds "
                    + "per content second, found \(shown(resolved.cost))"
                    + (resolved.source == .calibration ? " (the calibration's cost divided by vcpus x speed x parallel_efficiency)" : ""))
        }

        // The metadata database's shards: a whole number in the report.
        if let metadata {
            let peak = uploads.profile.maximum
            let queries = uploads.arrivalRate.perSecond * peak * metadata.writesPerUpload
                + metadata.views.perSecond * peak * metadata.readsPerView
            let shards = queries / (metadata.shardCapacity.perSecond * metadata.targetUtilisation)
            guard shards <= ScenarioLimits.mostShards else {
                throw FieldError(
                    codingPath: [AnyKey("metadata"), AnyKey("shard_capacity")],
                    message: "expected a database of at most \(RunSize.count(ScenarioLimits.mostShards)) shards, found about "
                        + "\(RunSize.count(shards)) (\(shown(queries)) queries/s at the peak for "
                        + "\(shown(metadata.shardCapacity.perSecond))/s per shard): raise shard_capacity")
            }
        }
    }

    /// The run's size, estimated from the scenario (see `RunSize`).
    public var runSize: RunSize { RunSize(scenario: self) }
}
