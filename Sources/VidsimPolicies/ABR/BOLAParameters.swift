import Foundation
import VidsimUnits

/// BOLA's utilities and its two control parameters V and gamma*p, set from the buffer as dash.js does.
///
/// Utilities are v_m = ln(S_m / S_1) + 1 (the logarithmic utility of Spiteri, Urgaonkar and Sitaraman, "BOLA:
/// near-optimal bitrate adaptation for online videos", INFOCOM'16, shifted so the lowest rung's is 1). dash.js
/// chooses V and gamma*p so that the lowest rung is preferred up to the minimum buffer and the highest from the
/// buffer target: the buffer target is at least the minimum buffer plus a few seconds per rung.
public struct BOLAParameters: Sendable {
    public let utilities: [Double]
    public let bitrates: [Double]
    /// V, in seconds of buffer.
    public let v: Double
    /// gamma * p, in units of utility.
    public let gammaP: Double

    /// nil when the ladder has a single rung (BOLA then always takes it).
    public init?(bitrates: [Double], minimumBuffer: Double, bufferPerRung: Double, bufferTarget: Double) {
        guard bitrates.count > 1 else { return nil }
        let utilities = bitrates.map { log($0 / bitrates[0]) + 1 }
        let target = max(bufferTarget, minimumBuffer + bufferPerRung * Double(bitrates.count))
        gammaP = (utilities[utilities.count - 1] - 1) / (target / minimumBuffer - 1)
        v = minimumBuffer / gammaP
        self.utilities = utilities
        self.bitrates = bitrates
    }

    /// BOLA's objective for rung `m` at this buffer level (in seconds): (V (v_m + gamma p) - Q) / S_m.
    @inlinable public func score(_ rung: Int, buffer: Double) -> Double {
        (v * (utilities[rung] + gammaP) - buffer) / bitrates[rung]
    }

    /// The rung maximising the objective (the higher on a tie, as dash.js), and its score.
    @inlinable public func best(buffer: Double) -> (rung: Int, score: Double) {
        var rung = 0
        var best = score(0, buffer: buffer)
        for candidate in 1..<bitrates.count {
            let value = score(candidate, buffer: buffer)
            if value >= best {
                best = value
                rung = candidate
            }
        }
        return (rung, best)
    }

    /// The buffer level at which rung `m`'s objective reaches zero: above it BOLA would rather wait.
    @inlinable public func zeroScoreBuffer(_ rung: Int) -> Double { v * (utilities[rung] + gammaP) }

    /// The parameters every BOLA variant takes.
    static let common = [
        PolicyParameter("minimum_buffer", .measure("a duration"), default: "10 s",
                        "up to this buffer level the lowest rung is preferred (dash.js MINIMUM_BUFFER_S)"),
        PolicyParameter("buffer_per_rung", .measure("a duration"), default: "2 s",
                        "the buffer target is at least minimum_buffer plus this per rung (dash.js)"),
        PolicyParameter("buffer_target", .measure("a duration"), default: "max_buffer less a segment",
                        "from this buffer level the highest rung is preferred"),
    ]

    /// Reads and checks the common parameters.
    static func decode(from decoder: Decoder) throws -> (minimum: TimeSpan, perRung: TimeSpan, target: TimeSpan?) {
        let container = try decoder.container(keyedBy: PolicyKey.self)
        let minimum = try container.decodeIfPresent(TimeSpan.self, forKey: PolicyKey("minimum_buffer")) ?? TimeSpan(seconds: 10)
        let perRung = try container.decodeIfPresent(TimeSpan.self, forKey: PolicyKey("buffer_per_rung")) ?? TimeSpan(seconds: 2)
        let target = try container.decodeIfPresent(TimeSpan.self, forKey: PolicyKey("buffer_target"))
        guard minimum.seconds > 0 && minimum.seconds <= 3_600 else {
            throw decoder.parameterError("expected a duration in (0 s, 1 h], found \(minimum)", field: "minimum_buffer")
        }
        guard perRung.seconds >= 0 && perRung.seconds <= 600 else {
            throw decoder.parameterError("expected a duration from 0 s to 10 min, found \(perRung)", field: "buffer_per_rung")
        }
        if let target, !(target.seconds > minimum.seconds && target.seconds <= 3_600) {
            throw decoder.parameterError("expected a duration above minimum_buffer (\(minimum)) and at most 1 h, found \(target)",
                                         field: "buffer_target")
        }
        return (minimum, perRung, target)
    }

    static func problem(minimum: TimeSpan, perRung: TimeSpan, target: TimeSpan?, bufferSeconds: Double, rungs: Int) -> String? {
        guard minimum.seconds < bufferSeconds else {
            return "BOLA's minimum_buffer (\(minimum)) must be below the most the player holds when it decides "
                + "(\(TimeSpan(seconds: bufferSeconds)): the maximum buffer less a segment)"
        }
        if let target, target.seconds > bufferSeconds + 1e-9 {
            return "BOLA's buffer_target (\(target)) must not exceed the most the player holds when it decides "
                + "(\(TimeSpan(seconds: bufferSeconds)): the maximum buffer less a segment), or the highest rung is out of reach"
        }
        let least = minimum.seconds + perRung.seconds * Double(rungs)
        if rungs > 1 && least > bufferSeconds + 1e-9 {
            return "with \(rungs) rungs BOLA's buffer target is at least minimum_buffer + buffer_per_rung x \(rungs) = "
                + "\(TimeSpan(seconds: least)), more than the player holds when it decides (\(TimeSpan(seconds: bufferSeconds)): the "
                + "maximum buffer less a segment): raise max_buffer or lower buffer_per_rung"
        }
        return nil
    }
}
