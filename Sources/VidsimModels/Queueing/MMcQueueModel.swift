import VidsimKernel
import VidsimUnits

/// The M/M/c queue: Poisson arrivals, exponential service, c servers. vidsim's check against Erlang C and
/// Little's law, and the model its kernel benchmark runs.
public struct MMcQueueModel: SimulationModel {
    public enum EventKind: UInt8 { case arrival, departure }

    public struct Parameters: Sendable {
        public var arrivalRate: Double
        public var serviceRate: Double
        public var servers: Int
        /// Stop generating arrivals after this many customers (the run then drains); nil for no limit.
        public var customerLimit: Int?

        public init(arrivalRate: Double, serviceRate: Double, servers: Int, customerLimit: Int? = nil) {
            self.arrivalRate = arrivalRate
            self.serviceRate = serviceRate
            self.servers = servers
            self.customerLimit = customerLimit
        }

        /// ρ = λ / (c μ).
        public var utilisation: Double { arrivalRate / (Double(servers) * serviceRate) }
    }

    /// What one run measured.
    public struct Result: Sendable {
        public var meanWait: Double
        public var meanQueueLength: Double
        public var utilisation: Double
        public var customersServed: Int
        public var arrivals: Int
        public var observedTime: Double
        public var events: Int
        public var waits: LatencySummary
    }

    public let parameters: Parameters
    public private(set) var queue: MultiServerQueue
    private let interarrival: Distribution
    private let service: Distribution
    private let arrivalStream: RandomStream
    private let serviceStream: RandomStream
    private var generated = 0
    private var warmUpEnd = TimeSpan.zero
    private var endTime = TimeSpan.zero
    private var lastEvent = TimeSpan.zero

    public init(_ parameters: Parameters, seeds: StreamSeeds) {
        self.parameters = parameters
        queue = MultiServerQueue(servers: parameters.servers)
        interarrival = .exponential(mean: 1 / parameters.arrivalRate)
        service = .exponential(mean: 1 / parameters.serviceRate)
        arrivalStream = seeds.stream(for: "mmc.arrivals")
        serviceStream = seeds.stream(for: "mmc.service")
    }

    /// Runs one replication to `horizon` (or until the customer limit drains) and summarises it.
    public static func simulate(
        _ parameters: Parameters, seeds: StreamSeeds, horizon: TimeSpan, warmUp: TimeSpan = .zero
    ) -> Result {
        var model = MMcQueueModel(parameters, seeds: seeds)
        var scheduler = EventScheduler<EventKind>()
        scheduler.schedule(.arrival, at: TimeSpan(seconds: model.interarrival.sample(model.arrivalStream)))
        model.run(scheduler: &scheduler, until: horizon, warmUp: warmUp)
        let observed = model.endTime.seconds - model.warmUpEnd.seconds
        return Result(
            meanWait: model.queue.waits.mean.seconds,
            meanQueueLength: model.queue.queueLength.mean(at: model.endTime),
            utilisation: model.queue.utilisation(at: model.endTime),
            customersServed: model.queue.waits.count,
            arrivals: model.queue.arrivals,
            observedTime: observed,
            events: scheduler.eventsProcessed,
            waits: model.queue.waits.summary)
    }

    public mutating func handle(_ event: Event<EventKind>, scheduler: inout EventScheduler<EventKind>) {
        lastEvent = event.time
        switch event.kind {
        case .arrival:
            generated += 1
            if queue.arrive(generated, at: event.time) {
                scheduler.schedule(.departure, after: TimeSpan(seconds: service.sample(serviceStream)))
            }
            if generated < parameters.customerLimit ?? .max {
                scheduler.schedule(.arrival, after: TimeSpan(seconds: interarrival.sample(arrivalStream)))
            }
        case .departure:
            if queue.complete(at: event.time) != nil {
                scheduler.schedule(.departure, after: TimeSpan(seconds: service.sample(serviceStream)))
            }
        }
    }

    public mutating func warmUpEnded(at time: TimeSpan) {
        queue.resetStatistics(at: time)
        warmUpEnd = time
    }

    /// Ends at the horizon, or at the last event if a customer limit let the queue drain before it.
    public mutating func finish(at time: TimeSpan) {
        endTime = parameters.customerLimit == nil ? time : max(warmUpEnd, min(time, lastEvent))
    }
}
