import Foundation
import VidsimUnits

/// A calibration file: what encoding really cost on a machine, measured by `vidsim bench`.
///
/// Scenarios name one (`transcode.calibration`), and the transcode fleet takes each rung's service time from
/// its cost per content second. The schema is versioned by `vidsimCalibrationVersion`; a reader refuses
/// versions it does not know.
public struct Calibration: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    public struct Machine: Codable, Sendable, Equatable {
        public var cpuModel: String
        public var logicalCores: Int
        public var operatingSystem: String
        /// Anything the person measuring wants to say about it ("2-vCPU cloud VM, idle").
        public var note: String?

        public init(cpuModel: String, logicalCores: Int, operatingSystem: String, note: String?) {
            self.cpuModel = cpuModel
            self.logicalCores = logicalCores
            self.operatingSystem = operatingSystem
            self.note = note
        }

        /// This machine, read from /proc/cpuinfo and ProcessInfo.
        public static func current(note: String?) -> Machine {
            let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            let model = cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }
                .flatMap { $0.split(separator: ":", maxSplits: 1).last }
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
            return Machine(cpuModel: model, logicalCores: ProcessInfo.processInfo.activeProcessorCount,
                           operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString, note: note)
        }
    }

    public struct Software: Codable, Sendable, Equatable {
        /// FFmpeg's release, and each library's version.
        public var ffmpeg: String
        public var libraries: [String: String]
        /// Each encoder used, with FFmpeg's long name for it.
        public var encoders: [String: String]

        public init(ffmpeg: String, libraries: [String: String], encoders: [String: String]) {
            self.ffmpeg = ffmpeg
            self.libraries = libraries
            self.encoders = encoders
        }
    }

    /// The spread of one figure across clips.
    public struct Spread: Codable, Sendable, Equatable {
        public var mean: Double
        public var minimum: Double
        public var maximum: Double
        public var standardDeviation: Double
        public var clips: Int

        public init(_ values: [Double]) {
            precondition(!values.isEmpty)
            clips = values.count
            mean = values.reduce(0, +) / Double(values.count)
            minimum = values.min()!
            maximum = values.max()!
            let mean = self.mean
            standardDeviation = values.count > 1
                ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
        }
    }

    /// What one rung cost with one codec and preset, across the clips measured.
    public struct RungCost: Codable, Sendable, Equatable {
        public var codec: String
        public var preset: String?
        public var rung: String
        public var width: Int
        public var height: Int
        /// How rate was controlled ("bitrate 6000000 maxrate 6000000 bufsize 12000000", "crf 23").
        public var rateControl: String
        /// Encoder threads per encode during the measurement.
        public var threads: Int
        /// CPU seconds (user plus system; encode plus scale) per content second, on one encode.
        public var cpuSecondsPerContentSecond: Spread
        public var bitsPerSecond: Spread
        public var psnr: Spread?
        public var ssim: Spread?
    }

    /// One clip measured: its name and shape, and each rung's raw figures.
    public struct ClipRecord: Codable, Sendable, Equatable {
        public var clip: String
        public var width: Int
        public var height: Int
        public var frameRate: Double
        public var frames: Int
        public var decodeCPUSeconds: Double
        public var rungs: [RungRecord]
        public var skippedRungs: [String]

        public init(clip: String, width: Int, height: Int, frameRate: Double, frames: Int, decodeCPUSeconds: Double,
                    rungs: [RungRecord], skippedRungs: [String]) {
            self.clip = clip
            self.width = width
            self.height = height
            self.frameRate = frameRate
            self.frames = frames
            self.decodeCPUSeconds = decodeCPUSeconds
            self.rungs = rungs
            self.skippedRungs = skippedRungs
        }

        // Explicit because "CPU" does not survive a snake_case round trip.
        enum CodingKeys: String, CodingKey {
            case clip, width, height, frameRate, frames, rungs, skippedRungs
            case decodeCPUSeconds = "decodeCpuSeconds"
        }
    }

    public struct RungRecord: Codable, Sendable, Equatable {
        public var rung: String
        public var codec: String
        public var preset: String?
        public var width: Int
        public var height: Int
        public var cpuSecondsPerContentSecond: Double
        public var encodeCPUSeconds: Double
        public var scaleCPUSeconds: Double
        public var wallSeconds: Double
        public var bytes: Int
        public var bitsPerSecond: Double
        public var psnr: Double?
        public var ssim: Double?
        public var cpuAttribution: String

        public init(rung: String, codec: String, preset: String?, width: Int, height: Int,
                    cpuSecondsPerContentSecond: Double, encodeCPUSeconds: Double, scaleCPUSeconds: Double,
                    wallSeconds: Double, bytes: Int, bitsPerSecond: Double, psnr: Double?, ssim: Double?,
                    cpuAttribution: String) {
            self.rung = rung
            self.codec = codec
            self.preset = preset
            self.width = width
            self.height = height
            self.cpuSecondsPerContentSecond = cpuSecondsPerContentSecond
            self.encodeCPUSeconds = encodeCPUSeconds
            self.scaleCPUSeconds = scaleCPUSeconds
            self.wallSeconds = wallSeconds
            self.bytes = bytes
            self.bitsPerSecond = bitsPerSecond
            self.psnr = psnr
            self.ssim = ssim
            self.cpuAttribution = cpuAttribution
        }

        // Explicit because "CPU" does not survive a snake_case round trip.
        enum CodingKeys: String, CodingKey {
            case rung, codec, preset, width, height, cpuSecondsPerContentSecond, wallSeconds, bytes, bitsPerSecond
            case psnr, ssim, cpuAttribution
            case encodeCPUSeconds = "encodeCpuSeconds"
            case scaleCPUSeconds = "scaleCpuSeconds"
        }
    }

    /// What one editing operation (`vidsim bench --operations`) cost, across the clips measured.
    public struct OperationCost: Codable, Sendable, Equatable {
        /// As `--operations` names it (`preview:360`, `trim`): the recipe and, if one was asked for, the output's height.
        public var operation: String
        public var name: String
        /// The tallest output asked for, in lines; nil: each clip's own size.
        public var height: Int?
        public var purpose: String
        /// The same work as ffmpeg program options.
        public var ffmpegArguments: String
        /// CPU seconds (user plus system, decode, filter, scale and encode) per content second.
        public var cpuSecondsPerContentSecond: Spread
        public var bitsPerSecond: Spread
        /// Each clip's figures.
        public var clips: [OperationRecord]

        public init(operation: String, name: String, height: Int?, purpose: String, ffmpegArguments: String,
                    clips: [OperationRecord]) {
            self.operation = operation
            self.name = name
            self.height = height
            self.purpose = purpose
            self.ffmpegArguments = ffmpegArguments
            self.clips = clips
            cpuSecondsPerContentSecond = Spread(clips.map(\.cpuSecondsPerContentSecond))
            bitsPerSecond = Spread(clips.map(\.bitsPerSecond))
        }
    }

    /// One editing operation on one clip.
    public struct OperationRecord: Codable, Sendable, Equatable {
        public var clip: String
        /// The output's size.
        public var width: Int
        public var height: Int
        public var contentSeconds: Double
        public var cpuSeconds: Double
        public var wallSeconds: Double
        public var cpuSecondsPerContentSecond: Double
        public var bytes: Int
        public var bitsPerSecond: Double

        public init(clip: String, width: Int, height: Int, contentSeconds: Double, cpuSeconds: Double, wallSeconds: Double,
                    cpuSecondsPerContentSecond: Double, bytes: Int, bitsPerSecond: Double) {
            self.clip = clip
            self.width = width
            self.height = height
            self.contentSeconds = contentSeconds
            self.cpuSeconds = cpuSeconds
            self.wallSeconds = wallSeconds
            self.cpuSecondsPerContentSecond = cpuSecondsPerContentSecond
            self.bytes = bytes
            self.bitsPerSecond = bitsPerSecond
        }

        // Explicit because "CPU" does not survive a snake_case round trip.
        enum CodingKeys: String, CodingKey {
            case clip, width, height, contentSeconds, wallSeconds, cpuSecondsPerContentSecond, bytes, bitsPerSecond
            case cpuSeconds = "cpuSeconds"
        }
    }

    public var vidsimCalibrationVersion: Int
    /// When the measurement was made (ISO 8601, UTC).
    public var measuredAt: String
    public var machine: Machine
    public var software: Software
    /// How PSNR is averaged, said once so nobody has to guess.
    public var psnrAverage: String
    public var costs: [RungCost]
    public var clips: [ClipRecord]
    /// Editing operations measured (`vidsim bench --operations`); absent from files with none.
    public var operations: [OperationCost]?

    /// The cost for a rung, matched by codec, preset and rung name, or failing the name, by picture height.
    public func cost(codec: String, preset: String?, rung: String, height: Int?) -> RungCost? {
        let candidates = costs.filter { $0.codec == codec && (preset == nil || $0.preset == preset) }
        return candidates.first { $0.rung == rung } ?? height.flatMap { h in candidates.first { $0.height == h } }
    }

    /// The cost of an editing operation, by recipe name and output height (nil: the one measured at each clip's own
    /// size, or the only one of that name). Nil when the file has no such operation, or several heights of it and
    /// none at the clips' own size when no height was asked for.
    public func operationCost(name: String, height: Int?) -> OperationCost? {
        let named = (operations ?? []).filter { $0.name == name }
        if let height { return named.first { $0.height == height } }
        return named.first { $0.height == nil } ?? (named.count == 1 ? named[0] : nil)
    }

    /// The operations the file has costs for (`preview:360`, `trim`), for messages.
    public var availableOperations: [String] { (operations ?? []).map(\.operation) }

    /// The codec and preset pairs the file has costs for, for messages.
    public var available: [String] {
        Array(Set(costs.map { "\($0.codec) \($0.preset ?? "default")" })).sorted()
    }
}

/// Why a calibration file could not be read, or what in it is wrong.
public struct CalibrationError: Error, CustomStringConvertible {
    public let path: String
    /// The field inside the file at fault, as "costs[3].cpu_seconds_per_content_second.mean"; nil when the
    /// file as a whole could not be read.
    public let field: String?
    public let reason: String

    public init(path: String, field: String? = nil, reason: String) {
        self.path = path
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(path): " + (field.map { "\($0): " } ?? "") + reason }
}

extension Calibration {
    /// Reads and checks a calibration file.
    public static func read(path: String) throws(CalibrationError) -> Calibration {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CalibrationError(path: path, reason: "no such calibration file")
        }
        guard !isDirectory.boolValue else {
            throw CalibrationError(path: path, reason: "is a folder, not a calibration file (a JSON file written by `vidsim bench --out`)")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CalibrationError(path: path, reason: "cannot read the calibration file: \(error.localizedDescription)")
        }
        struct VersionOnly: Decodable { var vidsimCalibrationVersion: Int? }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let version: Int?
        do { version = try decoder.decode(VersionOnly.self, from: data).vidsimCalibrationVersion } catch {
            var reason = "not a vidsim calibration file (JSON written by `vidsim bench --out` expected)"
            if case let .dataCorrupted(context) = error as? DecodingError {
                reason += ": " + ((context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription)
            }
            throw CalibrationError(path: path, reason: reason)
        }
        guard version == currentVersion else {
            throw CalibrationError(path: path, reason: "calibration format version \(version.map(String.init) ?? "missing"); this vidsim reads version \(currentVersion)")
        }
        let calibration: Calibration
        do { calibration = try decoder.decode(Calibration.self, from: data) } catch let error as DecodingError {
            throw Self.describe(error, path: path)
        } catch {
            throw CalibrationError(path: path, reason: "malformed calibration file: \(error)")
        }
        try calibration.check(path: path)
        return calibration
    }

    /// The largest cost a calibration may give: a million CPU-seconds per content second.
    public static let largestCost = 1e6

    /// Checks what a simulation takes from the file: every cost positive and finite, every rung named. A
    /// negative or infinite cost would make a task end before it starts, or never.
    public func check(path: String) throws(CalibrationError) {
        guard !costs.isEmpty || !(operations ?? []).isEmpty else {
            throw CalibrationError(path: path, field: "costs", reason: "expected at least one rung's cost or one operation's, found none")
        }
        for (index, operation) in (operations ?? []).enumerated() {
            let field = "operations[\(index)]"
            if let first = (operations ?? []).firstIndex(where: { $0.name == operation.name && $0.height == operation.height }), first < index {
                throw CalibrationError(path: path, field: field, reason: "'\(operation.operation)' again: operations[\(first)] has it already")
            }
            guard !operation.name.isEmpty else {
                throw CalibrationError(path: path, field: field + ".name", reason: "expected an operation's name, found nothing")
            }
            if let height = operation.height, height < 2 {
                throw CalibrationError(path: path, field: field + ".height", reason: "expected at least 2 lines, found \(height)")
            }
            try Self.checkCost(operation.cpuSecondsPerContentSecond, field: field, path: path)
        }
        for (index, cost) in costs.enumerated() {
            let field = "costs[\(index)]"
            guard !cost.rung.isEmpty else {
                throw CalibrationError(path: path, field: field + ".rung", reason: "expected a rung's name, found nothing")
            }
            try Self.checkCost(cost.cpuSecondsPerContentSecond, field: field, path: path)
        }
    }

    /// A cost's spread (`field`.cpu_seconds_per_content_second): mean, minimum and maximum positive and finite.
    private static func checkCost(_ spread: Spread, field: String, path: String) throws(CalibrationError) {
        for (name, value) in [("mean", spread.mean), ("minimum", spread.minimum), ("maximum", spread.maximum)]
        where !(value > 0 && value <= largestCost) {
            throw CalibrationError(
                path: path, field: "\(field).cpu_seconds_per_content_second.\(name)",
                reason: "expected a positive finite number of CPU seconds (at most 1000000), found \(value)")
        }
    }

    /// A decoding error, with the field's path in the file's own spelling ("costs[3].cpu_seconds_per_content_second").
    private static func describe(_ error: DecodingError, path: String) -> CalibrationError {
        func field(_ codingPath: [CodingKey]) -> String? {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]"; continue }
                if !text.isEmpty { text += "." }
                // Keys come back camel-cased (the decoder converts from snake_case); say them as the file does.
                text += key.stringValue.reduce(into: "") { result, character in
                    if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
                }
            }
            return text.isEmpty ? nil : text
        }
        switch error {
        case let .keyNotFound(key, context):
            return CalibrationError(path: path, field: field(context.codingPath + [key]), reason: "expected this field, found none")
        case let .typeMismatch(type, context):
            return CalibrationError(path: path, field: field(context.codingPath), reason: "expected \(type == String.self ? "text" : type == Double.self ? "a number" : type == Int.self ? "a whole number" : "a value of another kind")")
        case let .valueNotFound(_, context):
            return CalibrationError(path: path, field: field(context.codingPath), reason: "expected a value, found null")
        case let .dataCorrupted(context):
            return CalibrationError(path: path, field: field(context.codingPath), reason: "malformed calibration file: \(context.debugDescription)")
        @unknown default:
            return CalibrationError(path: path, reason: "malformed calibration file: \(error)")
        }
    }

    /// The file's bytes, in vidsim's stable JSON conventions.
    public func json() throws -> Data { try StableJSON.encode(self) }
}
