/// How long a run took on this machine: reported to people, kept out of report.json (it differs run to run).
public struct RunTiming: Sendable {
    public let wallSeconds: Double
    public let threads: Int
    public let events: Int
    /// The shards a merged run was split into (1: one process); their wall times are summed.
    public let shards: Int

    public init(wallSeconds: Double, threads: Int, events: Int, shards: Int = 1) {
        self.wallSeconds = wallSeconds
        self.threads = threads
        self.events = events
        self.shards = shards
    }

    public var eventsPerSecond: Double { Double(events) / max(wallSeconds, 1e-9) }

    /// "1,234,567 events in 2.31 s of wall time on 2 threads", the sentence every report writes (without a
    /// full stop).
    public var sentence: String {
        let time = "\(counted(events, "event")) in \(String(format: "%.2f", wallSeconds)) s of wall time"
        return shards > 1 ? time + ", summed over \(shards) shards run separately" : time + " on \(counted(threads, "thread"))"
    }
}
