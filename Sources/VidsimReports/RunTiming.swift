/// How long a run took on this machine: reported to people, kept out of report.json (it differs run to run).
public struct RunTiming: Sendable {
    public let wallSeconds: Double
    public let threads: Int
    public let events: Int

    public init(wallSeconds: Double, threads: Int, events: Int) {
        self.wallSeconds = wallSeconds
        self.threads = threads
        self.events = events
    }

    public var eventsPerSecond: Double { Double(events) / max(wallSeconds, 1e-9) }
}
