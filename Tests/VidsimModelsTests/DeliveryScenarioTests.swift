import XCTest
import VidsimKernel
import VidsimModels
import VidsimPolicies
import VidsimScenario
import VidsimUnits

/// A scenario's `delivery:` section: read with located errors, sized before the run, and run beside the content
/// path.
final class DeliveryScenarioTests: XCTestCase {
    private func yaml(_ delivery: String, horizon: String = "2 h", replications: Int = 1) -> String {
        """
        name: cdn
        seed: 3
        run: { horizon: \(horizon), warm_up: 30 min, replications: \(replications) }
        uploads:
          count: 1/min
          duration: 4 min
          source_bitrate: 8 Mbps
        \(seedLadderYAML)
        transcode:
          workers: 50
          cost_per_content_second: { 240p: 0.1, 360p: 0.1, 480p: 0.2, 720p: 0.4, 1080p: 0.8, 2160p: 2 }
        delivery:
        \(delivery.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        """
    }

    private let plain = """
        catalog: { videos: 20000, zipf_alpha: 0.8 }
        views: 20/s
        watched: 0.5
        renditions: [ { rung: 480p, share: 1 }, { rung: 720p, share: 1 } ]
        regions:
          - { name: north, share: 2, edge_sites: 3, edge_cache: 20 GB }
          - { name: south, edge_sites: 2, edge_cache: 20 GB }
        edge: { policy: s3fifo, small_fraction: 0.2, round_trip: 15 ms }
        shield: { cache: 200 GB, policy: sieve }
        egress_price: [ { up_to: 1 TB, price: $0.08/GB }, { price: $0.02/GB } ]
        """

    private func error(_ delivery: String, horizon: String = "2 h") -> String {
        do {
            _ = try loadScenario(yaml(delivery, horizon: horizon))
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testADeliverySectionRunsBesideTheContentPath() throws {
        let scenario = try loadScenario(yaml(plain))
        let delivery = try XCTUnwrap(scenario.delivery)
        XCTAssertEqual(delivery.regions.map(\.edgeSites), [3, 2])
        XCTAssertEqual((delivery.edge.policy as? S3FIFOPolicy)?.smallFraction, 0.2)
        XCTAssertTrue(delivery.shield?.policy is SIEVEPolicy)
        let result = try ContentPathSimulation.simulate(scenario, replication: 0)
        let statistics = try XCTUnwrap(result.delivery).statistics
        // 20 views/s for 1.5 h measured; two thirds in the north.
        XCTAssertEqual(statistics.views / 5_400, 20, accuracy: 1.5)
        XCTAssertEqual(statistics.regionRequests[0] / statistics.totalRequests, 2.0 / 3, accuracy: 0.03)
        XCTAssertGreaterThan(statistics.edgeHitRatio, 0.05)
        XCTAssertLessThan(statistics.edgeHitRatio, 0.95)
        // The content path's own figures are what it gives without a delivery side.
        let without = try loadScenario(yaml(plain).components(separatedBy: "delivery:")[0])
        let alone = try ContentPathSimulation.simulate(without, replication: 0)
        XCTAssertEqual(alone.uploads, result.uploads)
        XCTAssertEqual(alone.timeToPublish.p95, result.timeToPublish.p95)
        XCTAssertEqual(result.events, alone.events + result.delivery!.events)
        // A month of this egress, priced by tier.
        let perMonth = 2e12
        XCTAssertEqual(delivery.monthlyEgressCost(bytes: perMonth), 1e12 * 0.08e-9 + 1e12 * 0.02e-9, accuracy: 1e-6)
    }

    func testMistakesInTheDeliverySectionAreLocated() {
        XCTAssertTrue(error(plain.replacingOccurrences(of: "policy: sieve", with: "policy: seive")).contains("did you mean 'sieve'"))
        let belady = error(plain.replacingOccurrences(of: "policy: sieve", with: "policy: belady"))
        XCTAssertTrue(belady.contains("delivery.shield.policy") && belady.contains("reads the future"), belady)
        let rung = error(plain.replacingOccurrences(of: "rung: 720p", with: "rung: 720"))
        XCTAssertTrue(rung.contains("delivery.renditions[1].rung") && rung.contains("did you mean '720p'"), rung)
        let cache = error(plain.replacingOccurrences(of: "edge_cache: 20 GB }\n  - { name: south", with: "edge_cache: 0 GB }\n  - { name: south"))
        XCTAssertTrue(cache.contains("delivery.regions[0].edge_cache") && cache.contains("1 MB to 1,000 PB"), cache)
        let parameter = error(plain.replacingOccurrences(of: "small_fraction: 0.2", with: "window: 5"))
        XCTAssertTrue(parameter.contains("delivery.edge") && parameter.contains("unknown field 'window'"), parameter)
        let tiers = error(plain.replacingOccurrences(of: "{ price: $0.02/GB }", with: "{ up_to: 5 TB, price: $0.02/GB }"))
        XCTAssertTrue(tiers.contains("delivery.egress_price") && tiers.contains("last egress price tier"), tiers)
    }

    /// `delivery.players.abandon`: true for dash.js's parameters, a mapping of them, false or absent for none;
    /// mistakes located at the field.
    func testPlayersAbandonIsReadAndItsMistakesLocated() throws {
        let players = plain + "\nplayers:\n  bandwidth: { process: constant, rate: 3 Mbps }\n"
        func abandon(_ text: String) throws -> AbandonmentRule? {
            try XCTUnwrap(loadScenario(yaml(players + "  abandon: \(text)\n")).delivery?.players).abandon
        }
        XCTAssertNil(try XCTUnwrap(loadScenario(yaml(players)).delivery?.players).abandon)
        XCTAssertEqual(try abandon("true"), AbandonmentRule())
        XCTAssertNil(try abandon("false"))
        let custom = try XCTUnwrap(try abandon("{ grace: 1 s, multiplier: 2, safety: 0.8, interval: 100 ms }"))
        XCTAssertEqual(custom, AbandonmentRule(grace: TimeSpan(seconds: 1), multiplier: 2, safety: 0.8, interval: TimeSpan(seconds: 0.1)))
        let word = error(players + "  abandon: sometimes\n")
        XCTAssertTrue(word.contains("delivery.players.abandon") && word.contains("expected true, false or a mapping"), word)
        let safety = error(players + "  abandon: { safety: 0 }\n")
        XCTAssertTrue(safety.contains("delivery.players.abandon.safety") && safety.contains("(0, 1]"), safety)
        let interval = error(players + "  abandon: { interval: 1 ms }\n")
        XCTAssertTrue(interval.contains("delivery.players.abandon.interval") && interval.contains("10 ms to 60 s"), interval)
        let unknown = error(players + "  abandon: { grase: 1 s }\n")
        XCTAssertTrue(unknown.contains("delivery.players.abandon") && unknown.contains("grase"), unknown)
    }

    /// The run-size check counts the players' decisions: MPC with a horizon of 8 over six rungs weighs 1.7
    /// million sequences a segment, and a run of millions of segments is refused at the algorithm, not the views.
    func testCostlyABRDecisionsAreCountedAndNamed() throws {
        let players = plain + "\nplayers:\n  bandwidth: { process: constant, rate: 3 Mbps }\n"
        let cheap = try loadScenario(yaml(players))
        XCTAssertGreaterThan(RunSize(scenario: cheap).decisionEvents, 0)
        let costly = error(players + "  abr: { algorithm: mpc, horizon: 8 }\n")
        XCTAssertTrue(costly.contains("delivery.players.abr") && costly.contains("ABR decisions"), costly)
    }

    func testTheCatalogueLivesNewUploadsJoinAndMistakesInItAreLocated() throws {
        let living = plain.replacingOccurrences(of: "catalog: { videos: 20000, zipf_alpha: 0.8 }", with: """
            catalog: { videos: 20000, zipf_alpha: 0.8, age: { distribution: uniform, low: 0 days, high: 365 days }, regional: 0.3 }
            popularity: { rise: 10 min, half_life: 1 day, floor: 0.05, step: 15 min }
            one_timers: 0.05
            """)
        let scenario = try loadScenario(yaml(living))
        let delivery = try XCTUnwrap(scenario.delivery)
        XCTAssertTrue(delivery.newUploads)
        XCTAssertEqual(delivery.popularity?.halfLife.seconds, 86_400)
        let result = try ContentPathSimulation.simulate(scenario, replication: 0)
        let statistics = try XCTUnwrap(result.delivery).statistics
        // An upload a minute, published within minutes, each at its peak soon after against a year-old
        // catalogue: the new videos take a visible share of the views.
        XCTAssertGreaterThan(statistics.newViews, 0)
        XCTAssertGreaterThan(statistics.newRequests.reduce(0, +), 0)
        XCTAssertEqual(statistics.views / 5_400, 20, accuracy: 1.5)
        let off = try loadScenario(yaml(living + "\nnew_uploads: false"))
        XCTAssertEqual(try XCTUnwrap(ContentPathSimulation.simulate(off, replication: 0).delivery).statistics.newViews, 0)

        let halfLife = error(living.replacingOccurrences(of: "half_life: 1 day, ", with: ""))
        XCTAssertTrue(halfLife.contains("delivery.popularity") && halfLife.contains("half_life"), halfLife)
        let floor = error(living.replacingOccurrences(of: "floor: 0.05", with: "floor: 2"))
        XCTAssertTrue(floor.contains("delivery.popularity.floor") && floor.contains("0 to 1"), floor)
        let step = error(living.replacingOccurrences(of: "step: 15 min", with: "step: 1 s"))
        XCTAssertTrue(step.contains("delivery.popularity.step") && step.contains("1 min to 7 days"), step)
        let age = error(living.replacingOccurrences(of: "high: 365 days", with: "high: 100000 days"))
        XCTAssertTrue(age.contains("delivery.catalog.age") && age.contains("100 years"), age)
        let regional = error(living.replacingOccurrences(of: "regional: 0.3", with: "regional: 1.5"))
        XCTAssertTrue(regional.contains("delivery.catalog.regional"), regional)
        let once = error(living.replacingOccurrences(of: "one_timers: 0.05", with: "one_timers: 1"))
        XCTAssertTrue(once.contains("delivery.one_timers") && once.contains("below 1"), once)
        let newVideos = error(living + "\nsampling: { rate: 0.1, new_videos: 0.01 }")
        XCTAssertTrue(newVideos.contains("delivery.sampling.new_videos") && newVideos.contains("0.1"), newVideos)
        let typo = error(living.replacingOccurrences(of: "half_life", with: "halflife"))
        XCTAssertTrue(typo.contains("halflife"), typo)
    }

    func testOutagesFailoverAndPrefillAreReadAndTheirMistakesLocated() throws {
        let failing = plain.replacingOccurrences(of: "- { name: south, edge_sites: 2, edge_cache: 20 GB }",
                                                 with: "- { name: south, edge_sites: 2, edge_cache: 20 GB, failover: north, failover_round_trip: 90 ms }")
            + "\noutages: [ { region: south, start: 1 h, duration: 20 min }, { region: north, sites: 1, start: 70 min, duration: 10 min } ]"
            + "\nprefill: { videos: 500, at: 1 h, window: 30 min }"
        let scenario = try loadScenario(yaml(failing))
        let delivery = try XCTUnwrap(scenario.delivery)
        XCTAssertEqual(delivery.outages.count, 2)
        XCTAssertEqual(delivery.regions[1].failover, "north")
        XCTAssertEqual(delivery.prefill?.videos, 500)
        let result = try XCTUnwrap(ContentPathSimulation.simulate(scenario, replication: 0).delivery)
        let phases = result.statistics.phases(ofOutage: 0)
        // South's viewers (a third of the views) go north while south is down.
        XCTAssertEqual(phases.during.rerouted / phases.during.totalRequests, 1.0 / 3, accuracy: 0.05)
        XCTAssertGreaterThan(result.statistics.fillBytes, 0)

        let region = error(failing.replacingOccurrences(of: "{ region: south, start", with: "{ region: sout, start"))
        XCTAssertTrue(region.contains("delivery.outages[0].region") && region.contains("did you mean 'south'"), region)
        let sites = error(failing.replacingOccurrences(of: "sites: 1, start", with: "sites: 5, start"))
        XCTAssertTrue(sites.contains("delivery.outages[1].sites") && sites.contains("3 edge sites"), sites)
        let failover = error(failing.replacingOccurrences(of: "failover: north,", with: "failover: nort,"))
        XCTAssertTrue(failover.contains("delivery.regions[1].failover") && failover.contains("did you mean 'north'"), failover)
        let own = error(failing.replacingOccurrences(of: "failover: north,", with: "failover: south,"))
        XCTAssertTrue(own.contains("another region's name"), own)
        let at = error(failing.replacingOccurrences(of: "at: 1 h,", with: "at: 25 h,"))
        XCTAssertTrue(at.contains("delivery.prefill.at") && at.contains("below 24 h"), at)
        let late = error(failing.replacingOccurrences(of: "start: 1 h, duration: 20 min", with: "start: 2 h, duration: 20 min"))
        XCTAssertTrue(late.contains("delivery.outages[0].start") && late.contains("before the horizon"), late)
        let duration = error(failing.replacingOccurrences(of: "duration: 20 min", with: "duration: 0 s"))
        XCTAssertTrue(duration.contains("delivery.outages[0].duration"), duration)
        let bandwidth = error(failing.replacingOccurrences(of: "round_trip: 15 ms }", with: "round_trip: 15 ms, bandwidth: 0 bps }"))
        XCTAssertTrue(bandwidth.contains("delivery.edge") && bandwidth.contains("1 kbps to 10 Tbps"), bandwidth)
        // A region's local time: a signed duration within a day of the run's clock.
        let behind = try loadScenario(yaml(plain.replacingOccurrences(of: "edge_sites: 2, edge_cache: 20 GB }",
                                                                     with: "edge_sites: 2, edge_cache: 20 GB, time_offset: -5.5 h }")))
        XCTAssertEqual(behind.delivery?.regions.map(\.timeOffset), [0, -5.5 * 3_600])
        // Two regions of equal shares half a day apart: their sinusoids cancel, and the views' peak is their mean.
        let shaped = plain.replacingOccurrences(of: "views: 20/s", with: "views: 20/s\ndiurnal: { peak_to_mean: 1.5, peak_hour: 20 }")
            .replacingOccurrences(of: "share: 2, edge_sites: 3", with: "edge_sites: 3")
        let apart = try loadScenario(yaml(shaped.replacingOccurrences(of: "edge_sites: 2, edge_cache: 20 GB }",
                                                                      with: "edge_sites: 2, edge_cache: 20 GB, time_offset: +12 h }")))
        XCTAssertEqual(try XCTUnwrap(apart.delivery).peakMultiplier, 1, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(loadScenario(yaml(shaped)).delivery).peakMultiplier, 1.5, accuracy: 1e-9)
        for (text, expected) in [("25 h", "at most a day ahead or behind"), ("-5", "time_offset"), ("soon", "time_offset"),
                                 ("[1 h]", "found a list or a mapping"), ("~", "is not a duration")] {
            let message = error(plain.replacingOccurrences(of: "edge_sites: 2, edge_cache: 20 GB }",
                                                           with: "edge_sites: 2, edge_cache: 20 GB, time_offset: \(text) }"))
            XCTAssertTrue(message.contains("delivery.regions[1].time_offset") && message.contains(expected), "\(text): \(message)")
        }
    }

    func testAnAutomaticSamplingRateMeetsItsTarget() throws {
        let big = plain.replacingOccurrences(of: "catalog: { videos: 20000, zipf_alpha: 0.8 }", with: "catalog: { videos: 5000000, zipf_alpha: 0.8 }")
            .replacingOccurrences(of: "views: 20/s", with: "views: 200/s")
        let scenario = try loadScenario(yaml(big + "\nsampling: { rate: auto, hot_videos: 100, target: 10 s }"))
        let sampling = try XCTUnwrap(scenario.delivery?.sampling)
        XCTAssertGreaterThan(sampling.rate, 1e-4)
        XCTAssertLessThan(sampling.rate, 0.5)
        // The delivery events the run-size check counts at the rate chosen, at the time per event its memory
        // implies: the target.
        func seconds(_ scenario: Scenario) -> Double {
            let size = RunSize(scenario: scenario)
            return size.deliveryEvents * DeliverySettings.secondsPerEvent(memory: size.deliveryBytes)
        }
        XCTAssertEqual(seconds(scenario) / 10, 1, accuracy: 0.01)
        // Larger caches cost more per event (each access waits on memory): the same target, a lower rate.
        let bigCaches = try loadScenario(yaml(big.replacingOccurrences(of: "edge_cache: 20 GB", with: "edge_cache: 100 TB")
            + "\nsampling: { rate: auto, hot_videos: 100, target: 10 s }"))
        XCTAssertLessThan(try XCTUnwrap(bigCaches.delivery?.sampling.rate), sampling.rate)
        XCTAssertEqual(seconds(bigCaches) / 10, 1, accuracy: 0.01)
        XCTAssertLessThan(DeliverySettings.secondsPerEvent(memory: 32e6), DeliverySettings.secondsPerEvent(memory: 2e9))
        let word = error(big + "\nsampling: { rate: automatic }")
        XCTAssertTrue(word.contains("delivery.sampling.rate") && word.contains("or 'auto'"), word)
        let target = error(big + "\nsampling: { rate: 0.1, target: 10 s }")
        XCTAssertTrue(target.contains("delivery.sampling.target") && target.contains("rate: auto"), target)
        // Pinned, the hot set costs an event a view: the same target leaves a higher rate for the rest.
        let pinned = try loadScenario(yaml(big + "\nsampling: { rate: auto, hot_videos: 100, pinned_videos: 100, target: 10 s }"))
        XCTAssertGreaterThan(try XCTUnwrap(pinned.delivery?.sampling.rate), sampling.rate)
        XCTAssertEqual(seconds(pinned) / 10, 1, accuracy: 0.01)
        let tooMany = error(big + "\nsampling: { rate: 0.1, hot_videos: 100, pinned_videos: 200 }")
        XCTAssertTrue(tooMany.contains("delivery.sampling.pinned_videos") && tooMany.contains("0 to hot_videos (100)"), tooMany)
        // A thousand 4-minute videos at 480p and 720p take far more than a 20 GB site: refused before the run.
        let crowded = error(big + "\nsampling: { rate: 0.1, hot_videos: 1000, pinned_videos: 1000 }")
        XCTAssertTrue(crowded.contains("delivery.sampling.pinned_videos") && crowded.contains("of each edge site of region 'north'")
                      && crowded.contains("expected at most 90% of a site pinned"), crowded)
        let hot = error(big + "\nsampling: { rate: auto, hot_videos: 1000000, target: 1 s }")
        XCTAssertTrue(hot.contains("delivery.sampling.hot_videos") && hot.contains("fewer hot videos"), hot)
    }

    func testAnInternetScaleDayIsRefusedUnsampledAndAcceptedSampled() throws {
        let huge = """
            catalog: { videos: 800000000 }
            views: 5,000,000,000/day
            regions: [ { name: world, edge_sites: 20, edge_cache: 100 TB } ]
            """
        let refused = error(huge, horizon: "1 day")
        // The popular videos are simulated at their full rate: 500 of them (13% of the views) are still too many.
        let hot = error(huge + "\nsampling: { rate: 0.0001, hot_videos: 500 }", horizon: "1 day")
        XCTAssertTrue(hot.contains("delivery.sampling.rate"), hot)
        XCTAssertTrue(refused.contains("delivery.views") && refused.contains("delivery.sampling"), refused)
        let sampled = try loadScenario(yaml(huge + "\nsampling: { rate: 0.0001, hot_videos: 0 }", horizon: "1 day"))
        let size = RunSize(scenario: sampled)
        XCTAssertLessThan(size.events, RunSize.eventLimit)
        XCTAssertGreaterThan(size.deliveryEvents, 1e6)
        // Chosen automatically for a short horizon, the rate that would meet the time target scales the caches
        // past the memory the run may take: the rate is held down to fit half of it.
        let short = try loadScenario(yaml(huge + "\nsampling: { rate: auto, hot_videos: 1000, pinned_videos: 1000, target: 10 min }",
                                          horizon: "1 h"))
        let shortSize = RunSize(scenario: short)
        XCTAssertLessThanOrEqual(shortSize.deliveryBytes, RunSize.memoryLimit / 2)
        XCTAssertGreaterThan(shortSize.deliveryBytes, RunSize.memoryLimit / 2 * 0.99)
        XCTAssertLessThan(shortSize.deliveryEvents * DeliverySettings.secondsPerEvent(memory: shortSize.deliveryBytes), 600)
    }
}
