import VidsimScenario
import VidsimUnits

/// The metadata database's queries and the shards needed for them.
///
/// Writes follow the uploads the simulation produced (their peak is the busiest sample interval's rate); reads
/// follow views, which the scenario gives as a mean rate and which are taken to follow the uploads' diurnal and
/// weekly shape (their peak is the mean times the shape's maximum). Shards = peak queries / (shard capacity x
/// target utilisation), rounded up.
public struct MetadataLoad: Sendable, Codable, Equatable {
    public let meanWritesPerSecond: Double
    public let peakWritesPerSecond: Double
    public let meanReadsPerSecond: Double
    public let peakReadsPerSecond: Double
    public let peakQueriesPerSecond: Double
    public let shards: Int

    public init(settings: MetadataSettings, meanUploadsPerSecond: Double, peakUploadsPerSecond: Double,
                viewShapePeak: Double) {
        meanWritesPerSecond = meanUploadsPerSecond * settings.writesPerUpload
        peakWritesPerSecond = peakUploadsPerSecond * settings.writesPerUpload
        meanReadsPerSecond = settings.views.perSecond * settings.readsPerView
        peakReadsPerSecond = meanReadsPerSecond * viewShapePeak
        peakQueriesPerSecond = peakWritesPerSecond + peakReadsPerSecond
        // The scenario's checks bound the shards far below Int's range; the clamp keeps any rounding from trapping.
        let needed = (peakQueriesPerSecond / (settings.shardCapacity.perSecond * settings.targetUtilisation)).rounded(.up)
        shards = needed.isFinite ? max(1, Int(min(needed, 1e15))) : Int(1e15)
    }
}
