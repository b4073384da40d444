/// The requests an edge site (or every edge site) received, recorded for other cache tools: each request's
/// time, object and size, as the delivery path made them. Object ids pack the video's place among those
/// followed, the rendition (255 for the manifest) and the segment number: video << 24 | rendition << 16 |
/// segment. Sizes are the objects' real bytes.
public struct DeliveryTrace: Sendable {
    /// Which requests to record: a region's index and optionally one of its sites; nil region for all.
    public struct Filter: Sendable, Equatable {
        public var region: Int?
        public var site: Int?

        public init(region: Int? = nil, site: Int? = nil) {
            self.region = region
            self.site = site
        }

        @inline(__always)
        func matches(region: Int, site: Int) -> Bool {
            (self.region == nil || self.region == region) && (self.site == nil || self.site == site)
        }
    }

    public let filter: Filter
    /// The most requests recorded; later ones are counted in `dropped`, not kept.
    public let limit: Int
    public private(set) var times: [Double] = []
    public private(set) var objects: [UInt64] = []
    public private(set) var sizes: [Int64] = []
    public private(set) var dropped = 0

    public init(filter: Filter, limit: Int) {
        self.filter = filter
        self.limit = limit
    }

    @inline(__always)
    mutating func record(time: Double, object: UInt64, size: Int64) {
        guard times.count < limit else {
            dropped += 1
            return
        }
        times.append(time)
        objects.append(object)
        sizes.append(size)
    }
}
