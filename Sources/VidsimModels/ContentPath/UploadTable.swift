/// The uploads in flight, one slot each, in contiguous arrays; a slot is reused once its upload is published.
///
/// Events carry a slot as their payload, never a reference: the table is the one place an upload's state lives.
struct UploadTable {
    /// When the creator pressed upload, seconds from the start.
    private(set) var startedAt: [Double] = []
    /// When the file reached the platform (the same as `startedAt` without a transfer model).
    var arrivedAt: [Double] = []
    private(set) var contentSeconds: [Double] = []
    private(set) var fileBytes: [Double] = []
    /// Its source format and content class: a plan of `SourceFormats`.
    private(set) var plan: [Int] = []
    /// The upload's number in arrival order (0 for the first), whatever slot it takes.
    private(set) var serial: [Int] = []
    private var arrived = 0
    private var free: [Int] = []

    /// A slot for a new upload, reusing a published one's.
    mutating func allocate(_ upload: NewUpload, at time: Double) -> Int {
        if let slot = free.popLast() {
            startedAt[slot] = time
            arrivedAt[slot] = time
            contentSeconds[slot] = upload.contentSeconds
            fileBytes[slot] = upload.fileBytes
            plan[slot] = upload.plan
            serial[slot] = arrived
            arrived += 1
            return slot
        }
        startedAt.append(time)
        arrivedAt.append(time)
        contentSeconds.append(upload.contentSeconds)
        fileBytes.append(upload.fileBytes)
        plan.append(upload.plan)
        serial.append(arrived)
        arrived += 1
        return startedAt.count - 1
    }

    /// The upload in `slot` is published: its slot can be reused.
    mutating func release(_ slot: Int) { free.append(slot) }

    /// Slots ever allocated: the arrays' length, which other components size their own per-slot arrays by.
    var capacity: Int { startedAt.count }
}
