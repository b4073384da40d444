import VidsimKernel
import VidsimScenario

/// Runs a scenario's replications of the content path on several threads.
public enum ContentPathSimulation {
    /// Results in replication order; identical for any `threads`.
    public static func run(_ scenario: Scenario, threads: Int) throws -> [ContentPathResult] {
        try Replications.run(count: scenario.run.replications, threads: threads) { replication in
            ContentPathModel.simulate(scenario, replication: replication)
        }
    }
}
