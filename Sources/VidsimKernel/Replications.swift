import Foundation

/// Runs independent replications on several threads and returns their results in replication order.
///
/// Replication i always gets the same seeds and its result always lands at index i, so the results, and any
/// report made from them, are identical whatever the number of threads.
public enum Replications {
    /// Calls `body` for 0..<count on up to `threads` threads.
    public static func run<Result: Sendable>(
        count: Int, threads: Int, _ body: @escaping @Sendable (Int) throws -> Result
    ) throws -> [Result] {
        precondition(count >= 0 && threads >= 1)
        let box = ResultsBox<Result>(count: count)
        let workers = min(threads, max(count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: count, by: workers) {
                let outcome = Swift.Result { try body(index) }
                box.store(outcome, at: index)
            }
        }
        return try box.results.map { try $0!.get() }
    }

    /// The number of threads to use by default: every core the process may run on.
    public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }
}

private final class ResultsBox<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [Swift.Result<Result, Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func store(_ outcome: Swift.Result<Result, Error>, at index: Int) {
        lock.lock()
        results[index] = outcome
        lock.unlock()
    }
}
