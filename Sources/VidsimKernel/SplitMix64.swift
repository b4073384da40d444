/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): the
/// finaliser that hashes ids (every bit of the input moves every bit of the output), and the small generator
/// built on it, for many short-lived streams (one per player session) where a Mersenne Twister's 2.5 KB of
/// state each would cost more than the session.
public struct SplitMix64: Sendable, Equatable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The finaliser alone: a 64-bit hash.
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform draw in (0, 1): 53 random bits, never 0, so that a logarithm of it is finite.
    @inlinable
    public mutating func uniformPositive() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }
}
