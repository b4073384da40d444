import VidsimKernel
import VidsimScenario

/// The source formats uploads come in, and what the ladder makes of each: which rungs are transcoded (none
/// taller than the source), what they add up to, and which rung makes the video playable.
struct SourceFormats {
    /// What one source format gets.
    struct Plan {
        /// The source file's bit rate, bits per second.
        let bitrate: Distribution
        /// Per rung of the ladder: transcoded for this format (not taller than the source).
        let eligible: [Bool]
        let rungCount: Int32
        /// The transcoded rungs' bit rates added up, bits per second.
        let ladderBitsPerSecond: Double
        /// The rung whose completion makes the video playable: the lowest bit rate among its rungs.
        let playableRung: Int
    }

    let plans: [Plan]
    /// Draws a format index by weight; nil with a single format.
    private let table: EmpiricalTable?

    init(uploads: UploadSettings, ladder: BitrateLadder) {
        let rungs = ladder.rungs
        func plan(height: Int?, bitrate: Distribution) -> Plan {
            let eligible = rungs.map { rung in height.map { rung.height == nil || rung.height! <= $0 } ?? true }
            let bitrates = rungs.indices.map { eligible[$0] ? rungs[$0].bitrate.bitsPerSecond : .infinity }
            // The loader refuses a format shorter than every rung, so at least one rung is eligible.
            let lowest = bitrates.indices.min { bitrates[$0] < bitrates[$1] } ?? 0
            return Plan(
                bitrate: bitrate, eligible: eligible, rungCount: Int32(eligible.filter { $0 }.count),
                ladderBitsPerSecond: bitrates.filter(\.isFinite).reduce(0, +), playableRung: lowest)
        }
        if let mix = uploads.formats {
            plans = mix.map { plan(height: $0.height, bitrate: $0.bitrate.distribution) }
            table = try? EmpiricalTable(values: mix.indices.map(Double.init), weights: mix.map(\.weight))
        } else {
            plans = [plan(height: nil, bitrate: uploads.sourceBitrate.distribution)]
            table = nil
        }
    }

    /// A format index drawn by weight (no draw with a single format).
    func draw(_ stream: RandomStream) -> Int {
        table.map { Int($0.sample(stream)) } ?? 0
    }
}
