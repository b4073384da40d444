import Foundation
import VidsimKernel
import VidsimUnits

/// A continuous-time Markov chain over a few bandwidth states: each state holds its rate for an exponential
/// time of its mean sojourn, then the link jumps to one of the other states at random (equally likely).
/// A session starts in a state drawn in proportion to the mean sojourns (the chain's long-run shares).
public struct MarkovBandwidth: BandwidthProcess {
    public static let name = "markov"
    public static let summary = "an N-state Markov chain: each state's rate and mean sojourn time"
    public static let parameters = [
        PolicyParameter("states", .list(of: [
            PolicyParameter("rate", .measure("a bit rate"), "the state's throughput"),
            PolicyParameter("sojourn", .measure("a duration"), "the mean time spent in the state before a jump"),
        ]), "the chain's states (at least two)"),
    ]

    public struct State: Sendable, Equatable {
        public let rate: BitRate
        public let sojourn: TimeSpan
        public init(rate: BitRate, sojourn: TimeSpan) {
            self.rate = rate
            self.sojourn = sojourn
        }
    }

    public let states: [State]
    /// The states' rates and mean sojourns in base units, shared by every session's link.
    private let rates: [Double]
    private let sojourns: [Double]

    public init(states: [State]) {
        precondition(states.count >= 2, "a chain of at least two states")
        self.states = states
        rates = states.map(\.rate.bitsPerSecond)
        sojourns = states.map(\.sojourn.seconds)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PolicyKey.self)
        guard container.contains(PolicyKey("states")) else {
            throw decoder.parameterError("the markov process needs states: [{ rate: 300 Kbps, sojourn: 10 s }, ...]", field: "states")
        }
        var list = try container.nestedUnkeyedContainer(forKey: PolicyKey("states"))
        var states: [State] = []
        while !list.isAtEnd {
            let item = try list.superDecoder()
            let fields = try item.container(keyedBy: PolicyKey.self)
            for key in fields.allKeys where key.stringValue != "rate" && key.stringValue != "sojourn" {
                throw PolicyParameterError(codingPath: item.codingPath + [key],
                                           message: "unknown field '\(key.stringValue)'; a state has rate and sojourn", atKey: true)
            }
            guard let rate = try fields.decodeIfPresent(BitRate.self, forKey: PolicyKey("rate")) else {
                throw item.parameterError("a state needs a rate", field: "rate")
            }
            guard let sojourn = try fields.decodeIfPresent(TimeSpan.self, forKey: PolicyKey("sojourn")) else {
                throw item.parameterError("a state needs a mean sojourn time", field: "sojourn")
            }
            guard rate.bitsPerSecond >= 1_000 && rate.bitsPerSecond <= 1e12 else {
                throw item.parameterError("expected a rate from 1 Kbps to 1 Tbps, found \(rate)", field: "rate")
            }
            guard sojourn.seconds >= 0.01 && sojourn.seconds <= 86_400 else {
                throw item.parameterError("expected a duration from 10 ms to 1 day, found \(sojourn)", field: "sojourn")
            }
            states.append(State(rate: rate, sojourn: sojourn))
        }
        guard states.count >= 2 && states.count <= 100 else {
            throw decoder.parameterError("expected from 2 to 100 states, found \(states.count)", field: "states")
        }
        self.init(states: states)
    }

    public struct Link: BandwidthLink {
        let rates: [Double]
        let sojourns: [Double]
        /// The session's own generator, seeded from the process's stream when the session starts: its path does
        /// not depend on how other sessions' draws interleave with it.
        var random: SplitMix64
        var state: Int

        public mutating func nextPiece() -> LinkPiece {
            let piece = LinkPiece(bitsPerSecond: rates[state], seconds: -sojourns[state] * log(random.uniformPositive()))
            // Jump to one of the other states, equally likely.
            let other = min(Int(random.uniformPositive() * Double(rates.count - 1)), rates.count - 2)
            state = other >= state ? other + 1 : other
            return piece
        }
    }

    public func link(random: RandomStream) -> Link {
        let total = sojourns.reduce(0, +)
        var draw = random.uniform() * total
        var first = 0
        while first < states.count - 1 && draw >= sojourns[first] {
            draw -= sojourns[first]
            first += 1
        }
        let seed = UInt64(random.uniform() * 0x1p32) << 32 | UInt64(random.uniform() * 0x1p32)
        return Link(rates: rates, sojourns: sojourns, random: SplitMix64(seed: seed), state: first)
    }

    /// Time-weighted: each state's share of time is its mean sojourn's share (the jumps are uniform).
    public var meanBitsPerSecond: Double {
        let total = states.reduce(0) { $0 + $1.sojourn.seconds }
        return states.reduce(0) { $0 + $1.rate.bitsPerSecond * $1.sojourn.seconds } / total
    }
}
