import Foundation
import VidsimCalibration
import VidsimUnits

/// The bitrate ladder: the renditions every upload is transcoded into, and how they are encoded. Either one
/// fixed ladder (`rungs:`) or per-title ladders by content class (`classes:`, each with its share of uploads,
/// its own rungs and the analysis that found them), written inline or in a ladder file the scenario names
/// (`ladder: ladders/per-title.yaml`, as `vidsim ladder --write` makes them).
///
/// Inside the model every class's rungs are one list (`rungs`, class by class); each class names its range.
public struct BitrateLadder: Decodable, Sendable {
    public let name: String?
    /// The encoder, given by FFmpeg's name (libx264, libx265, libvpx-vp9, libsvtav1); default libx264.
    public let codec: VideoCodec
    /// The encoder's speed preset; when the scenario gives none, the codec's default (`VideoCodec.defaultPreset`:
    /// "medium" for x264/x265, "8" for SVT-AV1, cpu-used "4" for VP9), as `vidsim bench` uses.
    public let preset: String
    /// Every class's rungs, class by class (a fixed ladder's, in its order).
    public internal(set) var rungs: [Rung]
    /// The content classes; a fixed ladder is one class, `all`, with every upload.
    public internal(set) var classes: [ContentClass]
    /// Whether the ladder was written by content class (`classes:`).
    public let byClass: Bool
    /// What the rungs' `quality` is measured in (`psnr` in dB, or `ssim`); nil when no rung gives one.
    public let qualityMetric: QualityMetric?

    /// The measure of the rungs' `quality`.
    public enum QualityMetric: String, Decodable, Sendable, CaseIterable {
        case psnr, ssim

        /// Its unit as reports show it.
        public var unit: String { self == .psnr ? "dB" : "" }
    }

    /// Uploads of one kind of content (animation, sports, talking heads) and the ladder they get.
    public struct ContentClass: Sendable {
        public let name: String
        /// The class's share of uploads and of the catalogue, normalised to add up to 1 over the classes.
        public internal(set) var share: Double
        /// Its rungs: positions in the ladder's `rungs`.
        public internal(set) var rungs: Range<Int>
        /// CPU seconds (one core of the machine that measured it) of per-title analysis per second of content,
        /// run by the transcode fleet before the class's rungs; nil for none (a fixed ladder).
        public let analysisCPUPerContentSecond: Double?
        /// The clip the class's ladder was measured on, as the file says (for reports).
        public let clip: String?
    }

    /// One rendition: its name, picture size, bit rate and rate control.
    public struct Rung: Decodable, Sendable {
        public let name: String
        /// The class it belongs to (an index into `classes`), and its name in reports: the rung's name, or
        /// "class/name" in a ladder by class.
        public internal(set) var contentClass = 0
        public internal(set) var label: String
        public let width: Int?
        public let height: Int?
        /// The average video bit rate: what storage and delivery are computed from, and the encoder's target
        /// unless `crf` is given.
        public let bitrate: BitRate
        /// The VBV cap on the bit rate (default: the bitrate itself).
        public let maxBitrate: BitRate
        /// The VBV buffer, as seconds of `max_bitrate` (default 2 s).
        public let vbvBuffer: TimeSpan
        /// Encode at this constant rate factor instead of a target bit rate (capped by max_bitrate if given).
        public let crf: Double?
        /// The rung's measured quality (in the ladder's `quality_metric`), for the viewers' mean quality.
        public let quality: Double?
        private let maxBitrateGiven: Bool

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, width, height, bitrate, crf, quality
            case maxBitrate = "max_bitrate"
            case vbvBuffer = "vbv_buffer"
        }

        public init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            label = name
            width = try container.decodeIfPresent(Int.self, forKey: .width)
            height = try container.decodeIfPresent(Int.self, forKey: .height)
            bitrate = try container.decode(BitRate.self, forKey: .bitrate)
            let maxBitrate = try container.decodeIfPresent(BitRate.self, forKey: .maxBitrate)
            maxBitrateGiven = maxBitrate != nil
            self.maxBitrate = maxBitrate ?? bitrate
            vbvBuffer = try container.decodeIfPresent(TimeSpan.self, forKey: .vbvBuffer) ?? TimeSpan(seconds: 2)
            crf = try container.decodeIfPresent(Double.self, forKey: .crf)
            quality = try container.decodeIfPresent(Double.self, forKey: .quality)
            guard !name.isEmpty, name.count <= 100 else {
                throw decoder.fieldError("expected a rung name of 1 to 100 characters, found '\(quoted(name))'", field: "name")
            }
            if let quality, !(quality.isFinite && quality >= 0 && quality <= 1_000) {
                throw decoder.fieldError("expected a quality from 0 to 1000 (dB of PSNR, or SSIM from 0 to 1), found \(shown(quality))",
                                         field: "quality")
            }
            guard bitrate.bitsPerSecond > 0 else { throw decoder.fieldError("a rung's bitrate must be positive", field: "bitrate") }
            guard self.maxBitrate >= bitrate else {
                throw decoder.fieldError("max_bitrate (\(self.maxBitrate)) must be at least the bitrate (\(bitrate))", field: "max_bitrate")
            }
            guard vbvBuffer.seconds > 0 else { throw decoder.fieldError("the VBV buffer must be positive", field: "vbv_buffer") }
            if let crf, !(0...63).contains(crf) { throw decoder.fieldError("expected a CRF between 0 and 63", field: "crf") }
            for (field, value) in [("width", width), ("height", height)] {
                if let value, value <= 0 { throw decoder.fieldError("expected a positive number of pixels", field: field) }
            }
        }

        /// Whether a CRF encode is capped (only when max_bitrate was given).
        public var crfIsCapped: Bool { maxBitrateGiven }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, codec, preset, rungs, classes
        case qualityMetric = "quality_metric"
    }

    /// The most content classes a ladder takes (a video's class is one byte of its state).
    public static let mostClasses = 254

    /// The most rungs a ladder takes, all classes together (a transcode worker's record holds its task's rung in
    /// 16 bits; no real ladder comes near).
    public static let mostRungs = 10_000

    /// A content class's fields, for the schema.
    typealias ClassKeys = WrittenClass.CodingKeys

    /// A content class as written: its name, share, rungs and analysis cost.
    struct WrittenClass: Decodable {
        let name: String
        let share: Double
        let rungs: [Rung]
        let analysis: Double?
        let clip: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, share, rungs, clip
            case analysis = "analysis_cpu_per_content_second"
        }

        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            share = try container.decodeIfPresent(Double.self, forKey: .share) ?? 1
            rungs = try container.decode([Rung].self, forKey: .rungs)
            analysis = try container.decodeIfPresent(Double.self, forKey: .analysis)
            clip = try container.decodeIfPresent(String.self, forKey: .clip)
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_. ")
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100, name.allSatisfy({ allowed.contains($0) }) else {
                throw decoder.fieldError("expected a class name of 1 to 100 letters, digits, spaces, '-', '_' and '.', found '\(quoted(name))'",
                                         field: "name")
            }
            guard share > 0 && share <= 1e9 else {
                throw decoder.fieldError("expected a share above 0 and at most 1e9 (shares are relative), found \(shown(share))", field: "share")
            }
            if let analysis, !(analysis >= 0 && analysis <= ScenarioLimits.largestCost) {
                throw decoder.fieldError("expected CPU seconds per content second from 0 to \(Int(ScenarioLimits.largestCost)), found \(shown(analysis))",
                                         field: CodingKeys.analysis.stringValue)
            }
            guard !rungs.isEmpty else { throw decoder.fieldError("a class needs at least one rung", field: "rungs") }
            try BitrateLadder.checkNames(rungs, at: decoder.codingPath + [AnyKey("rungs")])
            try BitrateLadder.checkOrder(rungs, at: decoder.codingPath + [AnyKey("rungs")])
        }
    }

    public init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        let codecName = try container.decodeIfPresent(String.self, forKey: .codec) ?? VideoCodec.x264.encoderName
        do { codec = try VideoCodec(encoderName: codecName) } catch {
            throw decoder.fieldError(error.description, field: "codec")
        }
        preset = try container.decodeIfPresent(String.self, forKey: .preset) ?? codec.defaultPreset
        do { try codec.checkPreset(preset) } catch { throw decoder.fieldError(error.description, field: "preset") }
        qualityMetric = try container.decodeIfPresent(QualityMetric.self, forKey: .qualityMetric)
        switch (container.contains(.rungs), container.contains(.classes)) {
        case (true, true):
            throw decoder.fieldError("give either rungs (one fixed ladder) or classes (a ladder per content class), not both", field: "classes")
        case (false, false):
            throw decoder.fieldError("missing required field 'rungs' (one fixed ladder) or 'classes' (a ladder per content class)")
        case (true, false):
            rungs = try container.decode([Rung].self, forKey: .rungs)
            guard !rungs.isEmpty else { throw decoder.fieldError("a ladder needs at least one rung", field: "rungs") }
            guard rungs.count <= Self.mostRungs else {
                throw decoder.fieldError("expected at most \(Self.mostRungs) rungs, found \(rungs.count)", field: "rungs")
            }
            try Self.checkNames(rungs, at: decoder.codingPath + [AnyKey("rungs")])
            classes = [ContentClass(name: "all", share: 1, rungs: rungs.indices, analysisCPUPerContentSecond: nil, clip: nil)]
            byClass = false
        case (false, true):
            let written = try container.decode([WrittenClass].self, forKey: .classes)
            guard !written.isEmpty else { throw decoder.fieldError("a ladder by class needs at least one class", field: "classes") }
            var seen = Set<String>()
            for (index, item) in written.enumerated() where !seen.insert(item.name).inserted {
                throw FieldError(codingPath: decoder.codingPath + [AnyKey("classes"), AnyKey(intValue: index)!, AnyKey("name")],
                                 message: "two classes are named '\(quoted(item.name))'")
            }
            guard written.count <= Self.mostClasses else {
                throw decoder.fieldError("expected at most \(Self.mostClasses) classes, found \(written.count)", field: "classes")
            }
            let total = written.reduce(0) { $0 + $1.share }
            for (index, item) in written.enumerated() where item.share / total < 1e-9 {
                throw FieldError(codingPath: decoder.codingPath + [AnyKey("classes"), AnyKey(intValue: index)!, AnyKey("share")],
                                 message: "class '\(quoted(item.name))' has a share of \(shown(item.share)) beside a total of \(shown(total)): "
                                     + "expected at least a billionth of the total (or leave the class out)")
            }
            rungs = []
            classes = []
            for (index, item) in written.enumerated() {
                let start = rungs.count
                for var rung in item.rungs {
                    rung.contentClass = index
                    rung.label = item.name + "/" + rung.name
                    rungs.append(rung)
                }
                classes.append(ContentClass(name: item.name, share: item.share / total, rungs: start..<rungs.count,
                                            analysisCPUPerContentSecond: item.analysis, clip: item.clip))
            }
            guard rungs.count <= Self.mostRungs else {
                throw decoder.fieldError("expected at most \(Self.mostRungs) rungs in all classes together, found \(rungs.count)",
                                         field: "classes")
            }
            byClass = true
        }
        if rungs.contains(where: { $0.quality != nil }) {
            guard let metric = qualityMetric else {
                throw decoder.fieldError("the rungs give a quality: say what it measures with quality_metric (psnr or ssim)",
                                         field: CodingKeys.qualityMetric.stringValue)
            }
            if metric == .ssim, let rung = rungs.first(where: { ($0.quality ?? 0) > 1 }) {
                throw decoder.fieldError("an SSIM is at most 1; rung \(rung.label) gives \(shown(rung.quality!))", field: "quality_metric")
            }
        }
    }

    /// Rung names are distinct within one ladder.
    private static func checkNames(_ rungs: [Rung], at path: [CodingKey]) throws {
        var seen = Set<String>()
        for (index, rung) in rungs.enumerated() where !seen.insert(rung.name).inserted {
            throw FieldError(codingPath: path + [AnyKey(intValue: index)!, AnyKey("name")], message: "two rungs are named '\(quoted(rung.name))'")
        }
    }

    /// A ladder file's and a class's rungs run from the lowest bit rate up, each above the one before: a rung
    /// at the bit rate of the one before overlaps it, one below it is out of order.
    static func checkOrder(_ rungs: [Rung], at path: [CodingKey]) throws {
        for index in rungs.indices.dropFirst() {
            let before = rungs[index - 1], rung = rungs[index]
            if rung.bitrate == before.bitrate {
                throw FieldError(codingPath: path + [AnyKey(intValue: index)!, AnyKey("bitrate")],
                                 message: "rung \(rung.name) overlaps rung \(before.name): both at \(rung.bitrate); expected each rung above the one before")
            }
            if rung.bitrate < before.bitrate {
                throw FieldError(codingPath: path + [AnyKey(intValue: index)!, AnyKey("bitrate")],
                                 message: "rungs out of order: \(rung.name) (\(rung.bitrate)) comes after \(before.name) (\(before.bitrate)); "
                                     + "expected the rungs from the lowest bit rate up")
            }
            if let height = rung.height, let lower = before.height, height < lower {
                throw FieldError(codingPath: path + [AnyKey(intValue: index)!, AnyKey("height")],
                                 message: "rung \(rung.name) is \(height) lines, shorter than \(before.name) (\(lower)) below it: "
                                     + "expected heights that do not fall as the bit rate rises")
            }
        }
    }

    /// The bit rates of one class's rungs added up: storage per content second is this divided by 8.
    public func totalBitrate(ofClass index: Int) -> BitRate { rungs[classes[index].rungs].reduce(.zero) { $0 + $1.bitrate } }

    /// The sum of the first class's rungs' bit rates (a fixed ladder's whole).
    public var totalBitrate: BitRate { totalBitrate(ofClass: 0) }

    /// The distinct rung names, in ladder order (a name may recur across classes).
    public var rungNames: [String] {
        var seen = Set<String>()
        return rungs.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The picture height a rung name stands for in a ladder by class: the first rung of that name's height,
    /// or the height a name such as `720p` says (digits, then `p`).
    func referenceHeight(of name: String) -> Int? {
        if let rung = rungs.first(where: { $0.name == name }) { return rung.height }
        return Self.height(named: name)
    }

    /// The height a name such as `720p` says; nil for any other name.
    static func height(named name: String) -> Int? {
        let digits = name.dropLast()
        guard name.hasSuffix("p"), !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              let lines = Int(digits), lines > 0 else { return nil }
        return lines
    }

    /// Whether a rung name means something in this ladder: a rung's name, or in a ladder by class a height
    /// (`720p`) no shorter than the shortest rung and no taller than 4320 lines or the tallest rung (`72p` or
    /// `7200p` for `720p` are taken for mistakes).
    public func knows(rungName name: String) -> Bool {
        if rungs.contains(where: { $0.name == name }) { return true }
        guard byClass, let lines = Self.height(named: name) else { return false }
        let heights = rungs.compactMap(\.height)
        return lines >= (heights.min() ?? 1) && lines <= max(heights.max() ?? 4_320, 4_320)
    }

    /// The rung of class `index` a rung name means: the class's own rung of that name; else, for the name of
    /// another class's rung, the class's rung closest to it (in height, then in bit rate; the lower on a tie);
    /// else, for a height (`720p`), the class's best rung no taller (its highest bit rate), or its lowest when
    /// every rung is taller. Nil when the name means nothing.
    public func rung(named name: String, inClass index: Int) -> Int? {
        let members = classes[index].rungs
        if let own = members.first(where: { rungs[$0].name == name }) { return own }
        if let reference = rungs.first(where: { $0.name == name }) {
            func distance(_ rung: Rung) -> (Double, Double) {
                var lines = 0.0
                if let height = rung.height, let target = reference.height { lines = Double(abs(height - target)) }
                let ratio: Double = rung.bitrate.bitsPerSecond / reference.bitrate.bitsPerSecond
                return (lines, abs(log(ratio)))
            }
            return members.min { (a: Int, b: Int) -> Bool in
                let x = distance(rungs[a]), y = distance(rungs[b])
                if x != y { return x < y }
                return rungs[a].bitrate < rungs[b].bitrate
            }
        }
        guard byClass, let lines = Self.height(named: name) else { return nil }
        let fitting = members.filter { (rungs[$0].height ?? 0) <= lines }
        let byRate = { (a: Int, b: Int) -> Bool in self.rungs[a].bitrate < self.rungs[b].bitrate }
        return fitting.max(by: byRate) ?? members.min(by: byRate)
    }

    /// The rungs of class `index` a player capped at rung `top` plays, ascending in bit rate: up to the class's
    /// own rung of that name, or else those no taller than the first rung of that name in the ladder (or than
    /// the height a name such as `720p` says; no higher in bit rate, without heights); at least the class's
    /// lowest. Every rung of the class without a cap.
    public func playable(inClass index: Int, upTo top: String?) -> [Int] {
        let ascending = classes[index].rungs.sorted { rungs[$0].bitrate < rungs[$1].bitrate }
        guard let top, knows(rungName: top) else { return ascending }
        if let own = ascending.firstIndex(where: { rungs[$0].name == top }) { return Array(ascending[...own]) }
        let reference = rungs.first(where: { $0.name == top }), limit = referenceHeight(of: top)
        let kept = ascending.filter { index in
            let rung = rungs[index]
            if let height = rung.height, let limit { return height <= limit }
            return reference.map { rung.bitrate <= $0.bitrate } ?? true
        }
        return kept.isEmpty ? Array(ascending.prefix(1)) : kept
    }

    /// Whether every rung gives a quality (the viewers' mean quality can be reported).
    public var hasQuality: Bool { qualityMetric != nil && rungs.allSatisfy { $0.quality != nil } }

    /// Whether any class runs a per-title analysis.
    public var hasAnalysis: Bool { classes.contains { ($0.analysisCPUPerContentSecond ?? 0) > 0 } }
}
