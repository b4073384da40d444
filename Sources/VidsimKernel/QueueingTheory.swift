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

    /// Cobham's formula (1954) for one server with non-preemptive priorities: class k (the first served first)
    /// waits W_k = W0 / ((1 - σ_{k-1})(1 - σ_k)) on average, where σ_k = ρ_1 + ... + ρ_k, ρ_i = λ_i E[S_i] and
    /// W0 = Σ λ_i E[S_i²] / 2 is the mean residual work in service an arrival finds. Any service distributions
    /// (M/G/1); the classes' loads must add up to less than one.
    public static func priorityWaitsMG1(arrivalRates: [Double], meanService: [Double], secondMoments: [Double]) -> [Double] {
        precondition(arrivalRates.count == meanService.count && meanService.count == secondMoments.count)
        let residual = zip(arrivalRates, secondMoments).reduce(0) { $0 + $1.0 * $1.1 } / 2
        return waits(residual: residual, loads: zip(arrivalRates, meanService).map { $0 * $1 })
    }

    /// Non-preemptive priorities at c servers with the same exponential service rate μ for every class (M/M/c):
    /// W_k = W0 / ((1 - σ_{k-1})(1 - σ_k)) with σ_k = Σ_{i ≤ k} λ_i / (c μ) and W0 = C(c, a) / (c μ), a = Σ λ_i / μ:
    /// a job that must wait waits for the first of c busy servers to free (Kleinrock, Queueing Systems vol. 2, §3.6).
    public static func priorityWaitsMMc(arrivalRates: [Double], serviceRate mu: Double, servers: Int) -> [Double] {
        let capacity = Double(servers) * mu
        let residual = erlangC(servers: servers, offeredLoad: arrivalRates.reduce(0, +) / mu) / capacity
        return waits(residual: residual, loads: arrivalRates.map { $0 / capacity })
    }

    /// W_k = W0 / ((1 - σ_{k-1})(1 - σ_k)) for loads ρ_1, ρ_2, … in priority order.
    private static func waits(residual: Double, loads: [Double]) -> [Double] {
        precondition(loads.reduce(0, +) < 1, "a stable queue: the loads add up to less than one")
        var above = 0.0
        return loads.map { load in
            defer { above += load }
            return residual / ((1 - above) * (1 - above - load))
        }
    }

    /// The mean number waiting in queue, by Little's law: L_q = λ W_q.
    public static func meanQueueLengthMMc(arrivalRate lambda: Double, serviceRate mu: Double, servers: Int) -> Double {
        lambda * meanWaitMMc(arrivalRate: lambda, serviceRate: mu, servers: servers)
    }
}
