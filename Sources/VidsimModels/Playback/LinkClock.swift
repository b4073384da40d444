import VidsimPolicies

/// A session's link, followed through time: how long a transfer of so many bits takes from now, and time
/// passing while nothing is transferred.
///
/// The link's pieces are scaled by `scale` (a scenario's `bandwidth.scale`), and a transfer runs at the lower
/// of the link's rate times the payload share (the share of the link's throughput that carries video, after
/// headers: Pensieve's 0.95) and the serving path's cap. The link is held as an existential: one dynamic call per
/// piece of bandwidth, the integration itself concrete code.
public struct LinkClock {
    public private(set) var link: any BandwidthLink
    public let scale: Double
    /// The current piece's rate (scaled), latency and the seconds left of it.
    public private(set) var rate = 0.0
    public private(set) var latency = 0.0
    private var remaining = 0.0

    public init(link: any BandwidthLink, scale: Double = 1) {
        self.link = link
        self.scale = scale
        advancePiece()
    }

    private mutating func advancePiece() {
        let piece = link.nextPiece()
        rate = piece.bitsPerSecond * scale
        latency = piece.latencySeconds
        remaining = piece.seconds
    }

    /// Lets `seconds` pass with nothing transferred.
    public mutating func wait(_ seconds: Double) {
        var left = seconds
        while left > 0 {
            if left < remaining {
                remaining -= left
                return
            }
            left -= remaining
            advancePiece()
        }
    }

    /// Transfers `bits` from now at min(rate x payloadShare, cap) and returns the seconds it took.
    public mutating func transfer(bits: Double, payloadShare: Double, cap: Double) -> Double {
        var left = bits
        var elapsed = 0.0
        while true {
            let speed = min(rate * payloadShare, cap)
            if speed > 0 {
                let needed = left / speed
                if needed <= remaining {
                    remaining -= needed
                    return elapsed + needed
                }
                left -= speed * remaining
            }
            elapsed += remaining
            advancePiece()
        }
    }

    /// Transfers at most `bits`, for at most `seconds`, from now at min(rate x payloadShare, cap): the bits
    /// carried, the seconds taken (`seconds` unless the bits were all carried sooner) and whether they all were.
    public mutating func transfer(bits: Double, payloadShare: Double, cap: Double, within seconds: Double)
        -> (bits: Double, seconds: Double, done: Bool) {
        var left = bits
        var elapsed = 0.0
        while true {
            let speed = min(rate * payloadShare, cap)
            let slice = min(remaining, seconds - elapsed)
            if speed > 0 && left / speed <= slice {
                remaining -= left / speed
                return (bits, elapsed + left / speed, true)
            }
            left -= speed * slice
            elapsed += slice
            if slice < remaining {
                remaining -= slice
                return (bits - left, elapsed, false)
            }
            advancePiece()
        }
    }
}
