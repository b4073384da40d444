import VidsimScenario
import VidsimUnits

/// One database's queries, shards, nodes and cost, from the rates of the events that feed it.
///
/// Each node holds one copy of one shard: it takes every write to its shard and its share of the shard's reads
/// (reads spread over the `replication` copies). Shards = (peak writes + peak reads / replication) / (node
/// capacity x target utilisation), rounded up; nodes = shards x replication. The peak adds each event's own
/// peak (an upper bound, reached when the peaks coincide, as they do for events that follow one daily shape).
public struct DatabaseLoad: Sendable, Equatable {
    /// An event's mean and peak rate per second.
    public struct Rate: Sendable, Equatable {
        public var mean: Double
        public var peak: Double

        public init(mean: Double, peak: Double) {
            self.mean = mean
            self.peak = peak
        }
    }

    public let meanReadsPerSecond: Double
    public let meanWritesPerSecond: Double
    public let peakReadsPerSecond: Double
    public let peakWritesPerSecond: Double
    /// Queries every node together serves at the peak: the reads, and each write once per copy.
    public let peakQueriesPerSecond: Double
    public let shards: Int
    public let nodes: Int
    public let costPerDay: Double

    /// `rate(per)` gives the mean and peak rate of the event a load names.
    public init(settings: DatabaseSettings, rate: (DatabaseSettings.Load) -> Rate) {
        var meanReads = 0.0, meanWrites = 0.0, peakReads = 0.0, peakWrites = 0.0
        for load in settings.load {
            let events = rate(load)
            meanReads += events.mean * load.reads
            meanWrites += events.mean * load.writes
            peakReads += events.peak * load.reads
            peakWrites += events.peak * load.writes
        }
        meanReadsPerSecond = meanReads
        meanWritesPerSecond = meanWrites
        peakReadsPerSecond = peakReads
        peakWritesPerSecond = peakWrites
        let copies = Double(settings.replication)
        peakQueriesPerSecond = peakReads + peakWrites * copies
        let perNode = settings.nodeCapacity.perSecond * settings.targetUtilisation
        let needed = ((peakWrites + peakReads / copies) / perNode).rounded(.up)
        // The scenario's limits keep this far below Int's range; the clamp keeps any rounding from trapping.
        shards = needed.isFinite ? max(1, Int(min(needed, 1e12))) : Int(1e12)
        nodes = shards * settings.replication
        costPerDay = Double(nodes) * settings.price.dollarsPerBaseUnit * 86_400
    }
}
