import CGSL

/// One independent stream of random numbers: a GSL Mersenne Twister (MT19937) owned by this instance.
///
/// Each model component draws from its own stream, seeded from the scenario seed, the replication index and
/// the component's name (see `StreamSeeds`). Adding a component therefore leaves the draws of the others
/// unchanged, which gives common random numbers across variants of a scenario.
public final class RandomStream {
    @usableFromInline let generator: UnsafeMutablePointer<gsl_rng>
    /// The 32-bit seed MT19937 was set with (GSL's MT19937 uses the low 32 bits of its seed).
    public let seed: UInt32

    public init(seed: UInt32) {
        _ = GSLSetup.once
        guard let generator = gsl_rng_alloc(CGSL_rng_mt19937()) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        self.generator = generator
        self.seed = seed
        gsl_rng_set(generator, UInt(seed == 0 ? 4357 : seed))
    }

    deinit { gsl_rng_free(generator) }

    /// A uniform draw in [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(generator) }

    /// A uniform draw in (0, 1), for inversions that take a logarithm.
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(generator) }

    /// The raw GSL generator, for the distribution functions of gsl_randist.
    @inlinable var pointer: UnsafeMutablePointer<gsl_rng> { generator }
}

/// Derives each component's stream seed from the scenario seed, the replication and the component's name.
///
/// The name is hashed with 64-bit FNV-1a and mixed with the seed and replication through the SplitMix64
/// finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), then folded
/// to the 32 bits MT19937 takes. Names, not creation order, decide the streams.
public struct StreamSeeds: Sendable, Hashable {
    public let scenarioSeed: UInt64
    public let replication: Int

    public init(scenarioSeed: UInt64, replication: Int) {
        self.scenarioSeed = scenarioSeed
        self.replication = replication
    }

    public func seed(for component: String) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in component.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        var mixed = splitMix(scenarioSeed) ^ splitMix(hash &+ UInt64(replication) &* 0x9e37_79b9_7f4a_7c15)
        mixed = splitMix(mixed)
        return UInt32(truncatingIfNeeded: mixed ^ (mixed >> 32))
    }

    public func stream(for component: String) -> RandomStream {
        RandomStream(seed: seed(for: component))
    }

    private func splitMix(_ value: UInt64) -> UInt64 { SplitMix64.mix(value) }
}

extension RandomStream {
    /// The number of successes in `trials` independent trials of probability `probability` (gsl_ran_binomial).
    public func binomial(trials: Int, probability: Double) -> Int {
        guard trials > 0, probability > 0 else { return 0 }
        guard probability < 1 else { return trials }
        return Int(gsl_ran_binomial(pointer, probability, UInt32(clamping: trials)))
    }

    /// A Poisson count with the given mean (gsl_ran_poisson).
    public func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        return Int(gsl_ran_poisson(pointer, mean))
    }
}
