/// Dense numbers for object ids, in order of first appearance: an open-addressing hash table (linear probing,
/// splitmix64's finaliser as the hash, a power-of-two size kept under half full). Reading a trace of 10^7
/// requests looks up every id once; Swift's Dictionary, with its per-process seeded SipHash, took three times
/// as long here.
struct ObjectNumbers {
    /// One slot: an id and its number (-1 when the slot is empty), side by side so a probe reads one line.
    private struct Slot {
        var id: UInt64 = 0
        var number: Int64 = -1
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    /// A table sized for `expected` distinct ids (it grows past them).
    init(expected: Int = 1024) {
        var size = 1024
        while size < 2 * expected { size *= 2 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
    }

    /// The number of `id`, assigning the next one if it is new.
    @inline(__always)
    mutating func number(for id: UInt64) -> (number: Int32, isNew: Bool) {
        var slot = Int(truncatingIfNeeded: SpatialSampler.mix(id)) & mask
        while slots[slot].number >= 0 {
            if slots[slot].id == id { return (Int32(truncatingIfNeeded: slots[slot].number), false) }
            slot = (slot + 1) & mask
        }
        let number = Int32(count)
        slots[slot] = Slot(id: id, number: Int64(number))
        count += 1
        if 2 * count > slots.count { grow() }
        return (number, true)
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.number >= 0 {
            var slot = Int(truncatingIfNeeded: SpatialSampler.mix(entry.id)) & mask
            while slots[slot].number >= 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
