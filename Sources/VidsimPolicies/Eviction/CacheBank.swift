import VidsimKernel
/// Caches of one policy over global object ids (a tier's edge sites, a region's shields): the form the CDN
/// model uses, where objects are numbered across the whole catalogue and each cache holds a small part of it.
///
/// Each cache numbers the objects it has seen in local slots (an open-addressing table from id to slot), so the
/// policy's flat arrays are sized by what the cache can hold, not by the catalogue. A slot whose object the
/// policy has evicted is reused, lazily, when a new object needs one: a clock hand looks for a slot the policy
/// does not hold. A cache starts with three slots per object it could hold at the given typical size (the
/// mean size of the objects it will hold, as the caller expects them), so one is found in a few steps and an
/// evicted object's slot (and a ghost entry on it) survives a while for its return; when the hand finds none
/// free in a sixteenth of the slots (smaller objects than expected fill the cache), the slots double. Slots
/// are memory touched on every access: sized by the smallest object instead, a cache of mixed sizes would take
/// several times the memory, and the accesses that much longer.
public protocol CacheBankProtocol: Sendable {
    /// The number of caches.
    var count: Int { get }
    /// One request for `object` (`size` bytes) at cache `index`: true on a hit; on a miss the object is admitted
    /// if it fits, evicting as the policy chooses.
    mutating func access(_ index: Int, object: UInt64, size: Int64) -> Bool
    /// Bytes cached now at cache `index`.
    func usedBytes(_ index: Int) -> Int64
    /// Empties cache `index` (a site that failed comes back cold).
    mutating func clear(_ index: Int)
}

extension EvictionPolicy {
    /// `count` empty caches of this policy, each of `capacity` bytes, for objects of `typicalObject` bytes on
    /// average (smaller ones make the slots grow). Returned as an existential, but built here where the policy's type is known, so each access is one
    /// dynamic call into code specialised for the policy.
    public func makeBank(count: Int, capacity: Int64, typicalObject: Int64) -> any CacheBankProtocol {
        CacheBank(policy: self, count: count, capacity: capacity, typicalObject: typicalObject)
    }

    /// The slots a cache of `capacity` bytes starts with for objects of `typicalObject` bytes on average.
    public static func slots(capacity: Int64, typicalObject: Int64) -> Int {
        let objects = capacity / max(typicalObject, 1)
        return Int(min(max(objects, 16), Int64(Int32.max / 4))) * 3
    }
}

struct CacheBank<Policy: EvictionPolicy>: CacheBankProtocol {
    private var caches: [LocalCache<Policy>]
    /// What an empty cache of the bank is made of.
    private let policy: Policy
    private let capacity: Int64
    private let slots: Int

    init(policy: Policy, count: Int, capacity: Int64, typicalObject: Int64) {
        let slots = Policy.slots(capacity: capacity, typicalObject: typicalObject)
        self.policy = policy
        self.capacity = capacity
        self.slots = slots
        caches = (0..<count).map { _ in LocalCache(policy: policy, capacity: capacity, slots: slots) }
    }

    mutating func clear(_ index: Int) {
        caches[index] = LocalCache(policy: policy, capacity: capacity, slots: slots)
    }

    var count: Int { caches.count }

    mutating func access(_ index: Int, object: UInt64, size: Int64) -> Bool {
        Policy.access(&caches, index: index, object: object, size: size)
    }

    func usedBytes(_ index: Int) -> Int64 { caches[index].policy.usedBytes }
}

extension EvictionPolicy {
    public static func access(_ caches: inout [LocalCache<Self>], index: Int, object: UInt64, size: Int64) -> Bool {
        caches[index].access(object: object, size: size)
    }
}

/// One cache over global ids: the policy works on local slots.
public struct LocalCache<Policy: EvictionPolicy>: Sendable {
    private(set) var policy: Policy
    private var table: SlotTable
    /// Each slot's object, or `SlotTable.empty`.
    private var owner: [UInt64]
    private var hand = 0

    init(policy: Policy, capacity: Int64, slots: Int) {
        var policy = policy
        policy.reset(capacity: capacity, objects: slots)
        self.policy = policy
        table = SlotTable(capacity: slots)
        owner = Array(repeating: SlotTable.empty, count: slots)
    }

    @inline(__always)
    mutating func access(object: UInt64, size: Int64) -> Bool {
        if let slot = table.find(object) {
            // Cached, or evicted with its slot not yet reused (the policy may remember it, as S3-FIFO's ghost).
            return policy.access(CacheRequest(object: slot, size: size))
        }
        let slot = freeSlot()
        if owner[Int(slot)] != SlotTable.empty {
            table.remove(owner[Int(slot)])
            policy.forget(slot)
        }
        owner[Int(slot)] = object
        table.insert(object, slot: slot)
        return policy.access(CacheRequest(object: slot, size: size))
    }

    /// The next slot, from the hand on, whose object the policy neither holds nor remembers.
    /// The hand passes each slot once a lap, so the steps per slot found average the slots over the free ones
    /// (about 1.5 with three slots per object); a long run of objects that stay (a popular video's segments and
    /// the manifests, first asked for together) is skipped once a lap. Only when a sixteenth of the slots in a
    /// row are taken do they double.
    private mutating func freeSlot() -> Int32 {
        for _ in 0..<max(64, owner.count / 16) {
            hand += 1
            if hand == owner.count { hand = 0 }
            // A slot the policy still remembers (a ghost entry) is kept for its object's return.
            if !policy.remembers(Int32(hand)) { return Int32(hand) }
        }
        return grow()
    }

    /// Doubles the slots (up to Int32's range) and returns the first new one.
    private mutating func grow() -> Int32 {
        let old = owner.count
        let new = min(old * 2, Int(Int32.max) - 1)
        precondition(new > old, "a cache of more than 2^31 objects")
        policy.reserve(objects: new)
        owner.append(contentsOf: repeatElement(SlotTable.empty, count: new - old))
        table = SlotTable(capacity: new)
        for (slot, id) in owner.enumerated() where id != SlotTable.empty { table.insert(id, slot: Int32(slot)) }
        hand = old
        return Int32(old)
    }
}

/// Object ids to slots: open addressing with linear probing and backward-shift deletion (no tombstones, so
/// probes stay short however many objects come and go), at most half full.
struct SlotTable: Sendable {
    static let empty = UInt64.max

    private struct Entry {
        var id = SlotTable.empty
        var slot: Int32 = -1
    }

    private var entries: [Entry]
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        entries = Array(repeating: Entry(), count: size)
        mask = size - 1
    }

    @inline(__always)
    private func home(_ id: UInt64) -> Int {
        Int(truncatingIfNeeded: SplitMix64.mix(id)) & mask
    }

    @inline(__always)
    func find(_ id: UInt64) -> Int32? {
        var index = home(id)
        while entries[index].id != Self.empty {
            if entries[index].id == id { return entries[index].slot }
            index = (index + 1) & mask
        }
        return nil
    }

    mutating func insert(_ id: UInt64, slot: Int32) {
        var index = home(id)
        while entries[index].id != Self.empty && entries[index].id != id { index = (index + 1) & mask }
        entries[index] = Entry(id: id, slot: slot)
    }

    mutating func remove(_ id: UInt64) {
        var index = home(id)
        while entries[index].id != id {
            if entries[index].id == Self.empty { return }
            index = (index + 1) & mask
        }
        // Backward shift: pull later entries of the run into the hole when their home allows it.
        var hole = index
        var next = (hole + 1) & mask
        while entries[next].id != Self.empty {
            let wanted = home(entries[next].id)
            // The entry at `next` may move to `hole` if its home is not in (hole, next] (cyclically).
            let inRange = hole <= next ? (wanted > hole && wanted <= next) : (wanted > hole || wanted <= next)
            if !inRange {
                entries[hole] = entries[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        entries[hole] = Entry()
    }
}
