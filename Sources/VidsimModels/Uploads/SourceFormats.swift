import VidsimKernel
import VidsimScenario

/// The source formats uploads come in and the content classes of the ladder, and what the ladder makes of
/// each pair (a plan): which rungs are transcoded (the class's, none taller than the source), what they add up
/// to, and which rung makes the video playable. Plan p is format p / classes, class p % classes.
struct SourceFormats {
    /// What one source format gets.
    struct Plan {
        /// The source file's bit rate, bits per second.
        let bitrate: Distribution
        /// The rungs transcoded for this format and class (the class's, not taller than the source), in ladder order.
        let rungs: [Int]
        let rungCount: Int32
        /// The transcoded rungs' bit rates added up, bits per second.
        let ladderBitsPerSecond: Double
        /// The rung whose completion makes the video playable: the lowest bit rate among its rungs.
        let playableRung: Int
    }

    let plans: [Plan]
    /// The ladder's content classes.
    let classes: Int
    /// Draws a format index by weight; nil with a single format.
    private let table: EmpiricalTable?
    /// Draws a class by its share of uploads; nil with a single class.
    private let classTable: EmpiricalTable?

    init(uploads: UploadSettings, ladder: BitrateLadder) {
        let rungs = ladder.rungs
        classes = ladder.classes.count
        func plans(height: Int?, bitrate: Distribution) -> [Plan] {
            ladder.classes.map { contentClass in plan(height: height, bitrate: bitrate, of: contentClass.rungs) }
        }
        func plan(height: Int?, bitrate: Distribution, of members: Range<Int>) -> Plan {
            let eligible = members.filter { index in height.map { rungs[index].height == nil || rungs[index].height! <= $0 } ?? true }
            // The loader refuses a format shorter than every rung of a class, so at least one rung is eligible.
            let lowest = eligible.min { rungs[$0].bitrate.bitsPerSecond < rungs[$1].bitrate.bitsPerSecond } ?? members.lowerBound
            return Plan(
                bitrate: bitrate, rungs: eligible, rungCount: Int32(eligible.count),
                ladderBitsPerSecond: eligible.reduce(0) { $0 + rungs[$1].bitrate.bitsPerSecond }, playableRung: lowest)
        }
        if let mix = uploads.formats {
            self.plans = mix.flatMap { plans(height: $0.height, bitrate: $0.bitrate.distribution) }
            table = try? EmpiricalTable(values: mix.indices.map(Double.init), weights: mix.map(\.weight))
        } else {
            self.plans = plans(height: nil, bitrate: uploads.sourceBitrate.distribution)
            table = nil
        }
        classTable = classes > 1
            ? try? EmpiricalTable(values: ladder.classes.indices.map(Double.init), weights: ladder.classes.map(\.share)) : nil
    }

    /// A plan drawn: the format by weight from `formats`, the class by share from `classStream` (no draw with
    /// a single format or class).
    func draw(_ formats: RandomStream, _ classStream: RandomStream) -> Int {
        let format = table.map { Int($0.sample(formats)) } ?? 0
        let contentClass = classTable.map { Int($0.sample(classStream)) } ?? 0
        return format * classes + contentClass
    }

    /// A plan's source format and content class.
    @inline(__always) func format(ofPlan plan: Int) -> Int { plan / classes }
    @inline(__always) func contentClass(ofPlan plan: Int) -> Int { plan % classes }
}
