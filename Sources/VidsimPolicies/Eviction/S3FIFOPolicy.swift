/// S3-FIFO (Yang et al., "FIFO queues are all you need for cache eviction", SOSP'23): a small FIFO queue
/// (`small_fraction` of the bytes) for new objects, a main FIFO queue for the rest, and a ghost FIFO of the ids
/// (and sizes) of objects recently evicted from the small queue (`ghost_fraction` of the bytes).
///
/// A miss whose id is in the ghost goes to the main queue; any other to the small one (or, until the first
/// eviction, to the main queue once the small one is full). A hit only counts. Evicting from the small queue:
/// its oldest object moves to the main queue if it was hit at least `move_to_main_threshold` times there, else
/// it leaves and its id goes to the ghost. Evicting from the main queue: its oldest object is reinserted with
/// one hit less (counts saturate at 3) while it has any, else it leaves. The small queue is the one evicted
/// from unless the main queue is over its share or the small one is empty. These are libCacheSim's rules
/// (S3FIFO.c) with its defaults, so the two agree on a trace.
public struct S3FIFOPolicy: EvictionPolicy {
    public static let name = "s3fifo"
    public static let summary = "S3-FIFO (SOSP'23): small and main FIFO queues with a ghost of recent evictions"
    public static let parameters = [
        PolicyParameter("small_fraction", .number, default: "0.1", "the small queue's share of the bytes, in (0, 1)"),
        PolicyParameter("ghost_fraction", .number, default: "0.9",
                        "the ghost queue's size as a share of the cache's bytes (ids only), 0 to 10"),
        PolicyParameter("move_to_main_threshold", .integer, default: "2",
                        "hits in the small queue that move an object to the main queue, 1 to 100"),
    ]

    public let smallFraction: Double
    public let ghostFraction: Double
    public let moveToMainThreshold: Int

    private enum Place: UInt8 { case none, small, main, ghost }

    private var capacity: Int64 = 0
    private var smallCapacity: Int64 = 0
    private var mainCapacity: Int64 = 0
    private var ghostCapacity: Int64 = 0
    private var links = QueueLinks()
    private var small = QueueEnds()
    private var main = QueueEnds()
    private var ghost = QueueEnds()
    private var place: [Place] = []
    private var hits: [UInt8] = []
    private var hasEvicted = false

    enum CodingKeys: String, CodingKey {
        case smallFraction = "small_fraction", ghostFraction = "ghost_fraction"
        case moveToMainThreshold = "move_to_main_threshold"
    }

    public init(smallFraction: Double = 0.1, ghostFraction: Double = 0.9, moveToMainThreshold: Int = 2) {
        self.smallFraction = smallFraction
        self.ghostFraction = ghostFraction
        self.moveToMainThreshold = moveToMainThreshold
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        smallFraction = try container.decodeIfPresent(Double.self, forKey: .smallFraction) ?? 0.1
        ghostFraction = try container.decodeIfPresent(Double.self, forKey: .ghostFraction) ?? 0.9
        moveToMainThreshold = try container.decodeIfPresent(Int.self, forKey: .moveToMainThreshold) ?? 2
        guard smallFraction > 0 && smallFraction < 1 else {
            throw decoder.parameterError("expected a fraction in (0, 1), found \(smallFraction)", field: "small_fraction")
        }
        guard ghostFraction >= 0 && ghostFraction <= 10 else {
            throw decoder.parameterError("expected a number from 0 to 10, found \(ghostFraction)", field: "ghost_fraction")
        }
        guard (1...100).contains(moveToMainThreshold) else {
            throw decoder.parameterError("expected a whole number from 1 to 100, found \(moveToMainThreshold)",
                                         field: "move_to_main_threshold")
        }
    }

    public mutating func reset(capacity: Int64, objects: Int) {
        self = S3FIFOPolicy(smallFraction: smallFraction, ghostFraction: ghostFraction,
                            moveToMainThreshold: moveToMainThreshold)
        self.capacity = capacity
        // Clamped: a capacity near Int64's largest times a ghost fraction above 1 does not fit in an Int64.
        smallCapacity = Int64(min(Double(capacity) * smallFraction, 9e18))
        mainCapacity = capacity - smallCapacity
        ghostCapacity = Int64(min(Double(capacity) * ghostFraction, 9e18))
        reserve(objects: objects)
    }

    public mutating func reserve(objects: Int) {
        links.reserve(objects: objects)
        if place.count < objects {
            place.append(contentsOf: repeatElement(.none, count: objects - place.count))
            hits.append(contentsOf: repeatElement(0, count: objects - hits.count))
        }
    }

    public var usedBytes: Int64 { small.bytes + main.bytes }
    public func contains(_ object: Int32) -> Bool { place[Int(object)] == .small || place[Int(object)] == .main }

    @inline(__always)
    public mutating func access(_ request: CacheRequest) -> Bool {
        let object = request.object, index = Int(object)
        let where_ = place[index]
        if where_ == .small || where_ == .main {
            if hits[index] < 255 { hits[index] += 1 }
            return true
        }
        let fromGhost = where_ == .ghost
        if fromGhost {
            links.remove(object, from: &ghost)
            place[index] = .none
        }
        // libCacheSim admits nothing larger than the small queue, and puts nothing as large as it there.
        guard request.size <= smallCapacity && (fromGhost || request.size < smallCapacity) else { return false }
        while small.bytes + main.bytes + request.size > capacity { evict() }
        hits[index] = 0
        if fromGhost || (!hasEvicted && small.bytes >= smallCapacity) {
            links.pushNewest(object, size: request.size, into: &main)
            place[index] = .main
        } else {
            links.pushNewest(object, size: request.size, into: &small)
            place[index] = .small
        }
        return false
    }

    private mutating func evict() {
        hasEvicted = true
        if main.bytes > mainCapacity || small.bytes == 0 { evictMain() } else { evictSmall() }
    }

    private mutating func evictSmall() {
        while small.bytes > 0 {
            let victim = small.oldest, index = Int(victim)
            let size = links.size(of: victim)
            links.remove(victim, from: &small)
            if Int(hits[index]) >= moveToMainThreshold {
                links.pushNewest(victim, size: size, into: &main)
                place[index] = .main
                hits[index] = 0
            } else {
                place[index] = .none
                remember(victim, size: size)
                return
            }
        }
    }

    private mutating func evictMain() {
        while main.bytes > 0 {
            let victim = main.oldest, index = Int(victim)
            let size = links.size(of: victim)
            links.remove(victim, from: &main)
            if hits[index] >= 1 {
                links.pushNewest(victim, size: size, into: &main)
                hits[index] = min(hits[index], 3) - 1
            } else {
                place[index] = .none
                return
            }
        }
    }

    public func remembers(_ object: Int32) -> Bool { place[Int(object)] != .none }

    public mutating func forget(_ object: Int32) {
        if place[Int(object)] == .ghost {
            links.remove(object, from: &ghost)
            place[Int(object)] = .none
        }
    }

    /// Puts an evicted object's id in the ghost queue, dropping the oldest ids beyond its size.
    private mutating func remember(_ object: Int32, size: Int64) {
        guard size <= ghostCapacity else { return }
        while ghost.bytes + size > ghostCapacity {
            let oldest = ghost.oldest
            links.remove(oldest, from: &ghost)
            place[Int(oldest)] = .none
        }
        links.pushNewest(object, size: size, into: &ghost)
        place[Int(object)] = .ghost
    }
}
