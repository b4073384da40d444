import VidsimKernel
import VidsimUnits

/// A link of constant bandwidth: the textbook case, and the hand-worked traces' baseline.
public struct ConstantBandwidth: BandwidthProcess {
    public static let name = "constant"
    public static let summary = "the same rate for the whole session"
    public static let parameters = [PolicyParameter("rate", .measure("a bit rate"), "the link's throughput")]

    public let rate: BitRate

    public init(rate: BitRate) { self.rate = rate }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PolicyKey.self)
        guard let rate = try container.decodeIfPresent(BitRate.self, forKey: PolicyKey("rate")) else {
            throw decoder.parameterError("the constant process needs a rate, such as '5 Mbps'", field: "rate")
        }
        guard rate.bitsPerSecond >= 1_000 && rate.bitsPerSecond <= 1e12 else {
            throw decoder.parameterError("expected a rate from 1 Kbps to 1 Tbps, found \(rate)", field: "rate")
        }
        self.init(rate: rate)
    }

    public struct Link: BandwidthLink {
        let piece: LinkPiece
        public mutating func nextPiece() -> LinkPiece { piece }
    }

    public func link(random: RandomStream) -> Link {
        Link(piece: LinkPiece(bitsPerSecond: rate.bitsPerSecond, seconds: .infinity))
    }

    public var meanBitsPerSecond: Double { rate.bitsPerSecond }
}
