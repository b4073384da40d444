import ArgumentParser
import Foundation
import VidsimKernel
import VidsimModels
import VidsimEncoding
import VidsimUnits

/// `vidsim kernel-bench`: customers per second through the kernel on an M/M/c queue, on one core.
struct KernelBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel-bench",
        abstract: "Measure the simulation kernel: customers per second on an M/M/c queue, and peak memory.",
        discussion: "Build in release mode for meaningful figures: swift build -c release.")

    @Option(help: "Customers to simulate.")
    var customers = 10_000_000

    @Option(help: "Servers (c).")
    var servers = 10

    @Option(help: "Utilisation rho = lambda / (c mu).")
    var utilisation = 0.9

    @Option(help: "Seed.")
    var seed: UInt64 = 1

    func validate() throws {
        guard customers >= 1 else { throw ValidationError("--customers must be at least 1") }
        guard servers >= 1 else { throw ValidationError("--servers must be at least 1") }
        guard utilisation > 0 && utilisation < 1 else { throw ValidationError("--utilisation must be in (0, 1)") }
    }

    func run() throws {
        let serviceRate = 1.0
        let parameters = MMcQueueModel.Parameters(
            arrivalRate: utilisation * Double(servers) * serviceRate, serviceRate: serviceRate, servers: servers,
            customerLimit: customers)
        let cpuStart = ProcessClock.processCPUSeconds()
        let start = DispatchTime.now()
        let result = MMcQueueModel.simulate(
            parameters, seeds: StreamSeeds(scenarioSeed: seed, replication: 0), horizon: TimeSpan(seconds: .infinity))
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let cpu = ProcessClock.processCPUSeconds() - cpuStart
        let theory = QueueingTheory.meanWaitMMc(arrivalRate: parameters.arrivalRate, serviceRate: serviceRate, servers: servers)
        print("""
            M/M/\(servers), rho = \(utilisation), \(result.customersServed) customers, \(result.events) events, one thread
              wall time           \(String(format: "%.3f", wall)) s (CPU \(String(format: "%.3f", cpu)) s)
              customers/s         \(String(format: "%.2f", Double(result.customersServed) / wall / 1e6)) million
              events/s            \(String(format: "%.2f", Double(result.events) / wall / 1e6)) million
              peak memory (RSS)   \(String(format: "%.1f", ProcessClock.peakResidentMegabytes())) MB
              mean wait           \(String(format: "%.5f", result.meanWait)) (Erlang C: \(String(format: "%.5f", theory)), error \(String(format: "%+.2f%%", (result.meanWait / theory - 1) * 100)))
            """)
    }
}
