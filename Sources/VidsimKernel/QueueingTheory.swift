import Foundation

/// Closed forms for the M/M/c queue, against which the kernel and the fleet model are checked.
public enum QueueingTheory {
    /// Erlang C: the probability that an arrival must wait, for `servers` servers and offered load a = λ/μ.
    ///
    /// Computed through the Erlang B recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), then
    /// C = c B / (c - a (1 - B)), which stays accurate for thousands of servers where a^c/c! overflows.
    /// (A. K. Erlang, 1917; see also Kleinrock, Queueing Systems vol. 1, §3.5.)
    public static func erlangC(servers: Int, offeredLoad a: Double) -> Double {
        precondition(servers >= 1 && a >= 0 && a < Double(servers), "Erlang C needs a stable queue: a < c")
        var erlangB = 1.0
        for k in 1...servers { erlangB = a * erlangB / (Double(k) + a * erlangB) }
        let c = Double(servers)
        return c * erlangB / (c - a * (1 - erlangB))
    }

    /// The mean wait in queue of an M/M/c queue: W_q = C(c, a) / (c μ - λ).
    public static func meanWaitMMc(arrivalRate lambda: Double, serviceRate mu: Double, servers: Int) -> Double {
        erlangC(servers: servers, offeredLoad: lambda / mu) / (Double(servers) * mu - lambda)
    }

    /// The mean number waiting in queue, by Little's law: L_q = λ W_q.
    public static func meanQueueLengthMMc(arrivalRate lambda: Double, serviceRate mu: Double, servers: Int) -> Double {
        lambda * meanWaitMMc(arrivalRate: lambda, serviceRate: mu, servers: servers)
    }
}
