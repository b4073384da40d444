import XCTest
import VidsimCache
import VidsimKernel
import VidsimPolicies

/// Each policy on hand-worked sequences, and the policies against each other where theory orders them.
final class EvictionPolicyTests: XCTestCase {
    /// Requests by letter (A = object 0), each of size 1, through `policy` with room for `capacity` objects:
    /// the hits, and whether each letter is cached at the end.
    private func play(_ policy: any EvictionPolicy, _ letters: String, capacity: Int64) -> (hits: String, cached: String) {
        let objects = letters.unicodeScalars.map { Int32($0.value - 65) }
        var requests = CacheRequests(objects: objects, sizes: Array(repeating: 1, count: objects.count), objectCount: 26)
        requests.computeNextAccesses()
        return run(policy, requests, capacity: capacity)
    }

    private func run<P: EvictionPolicy>(_ policy: P, _ requests: CacheRequests, capacity: Int64) -> (hits: String, cached: String) {
        var cache = policy
        cache.reset(capacity: capacity, objects: requests.objectCount)
        var hits = ""
        for index in 0..<requests.count {
            let hit = cache.access(CacheRequest(object: requests.objects[index], size: 1,
                                                nextAccess: requests.nextAccesses[index]))
            hits += hit ? "h" : "."
        }
        let cached = (0..<26).filter { cache.contains(Int32($0)) }.map { String(UnicodeScalar(UInt8(65 + $0))) }.joined()
        return (hits, cached)
    }

    func testLRUFIFOAndSIEVEOnAHandWorkedSequence() {
        // Room for 3. LRU: the second A refreshes it, so D evicts B and E evicts C.
        XCTAssertEqual(play(LRUPolicy(), "ABCADEAB", capacity: 3).hits, "...h..h.")
        XCTAssertEqual(play(LRUPolicy(), "ABCADEAB", capacity: 3).cached, "ABE")
        // FIFO: A leaves first whatever its hit, so the last A misses.
        XCTAssertEqual(play(FIFOPolicy(), "ABCADEAB", capacity: 3).hits, "...h....")
        XCTAssertEqual(play(FIFOPolicy(), "ABCADEAB", capacity: 3).cached, "ABE")
        // SIEVE: D's eviction passes A (visited: cleared) and evicts B; the hand stays at C, which E evicts;
        // A's second hit sets its bit again, so B's eviction passes A once more and takes D.
        XCTAssertEqual(play(SIEVEPolicy(), "ABCADEAB", capacity: 3).hits, "...h..h.")
        XCTAssertEqual(play(SIEVEPolicy(), "ABCADEAB", capacity: 3).cached, "ABE")
        XCTAssertEqual(play(SIEVEPolicy(), "ABCADEABF", capacity: 3).cached, "ABF")
    }

    func testBeladyEvictsTheFurthestAndBypassesTheNeverAgain() {
        // Room for 2: at C, A is wanted next (position 3), B later (5): B goes. D is never asked again: bypassed.
        XCTAssertEqual(play(BeladyPolicy(), "ABCADB", capacity: 2).hits, "...h.h")
        XCTAssertEqual(play(BeladyPolicy(), "ABCACDA", capacity: 2).hits, "...hh.h")
    }

    func testS3FIFOKeepsAHotSetThroughAScanThatFloodsLRU() throws {
        // 50 hot objects requested in turn, interleaved with a scan of 50,000 objects requested once each.
        var objects: [Int32] = []
        var scan: Int32 = 100
        for round in 0..<1_000 {
            for hot in 0..<50 {
                objects.append(Int32(hot))
                if round > 0 { objects.append(scan); scan += 1 }
            }
        }
        let requests = CacheRequests(objects: objects, sizes: Array(repeating: 1, count: objects.count), objectCount: Int(scan))
        let lru = LRUPolicy().replay(requests, capacity: 80)
        let s3fifo = S3FIFOPolicy().replay(requests, capacity: 80)
        let sieve = SIEVEPolicy().replay(requests, capacity: 80)
        // LRU keeps the last 80 objects, half of them scan objects, so the hot objects (each 100 requests apart)
        // miss. SIEVE's hand passes over visited hot objects and evicts scan objects; S3-FIFO sends hot objects
        // through its ghost into the main queue (libCacheSim's threshold of 2 hits in the small queue, which an
        // object seen once every 100 requests never reaches, makes that path the only one). Both keep most of
        // the hot set: at most half the requests can hit.
        XCTAssertLessThan(lru.objectHitRatio, 0.05)
        XCTAssertGreaterThan(s3fifo.objectHitRatio, 0.25)
        XCTAssertGreaterThan(sieve.objectHitRatio, 0.25)
    }

    func testBeladyHitsAtLeastAsOftenAsEveryOnlinePolicy() throws {
        let trace = try ZipfTrace(objects: 5_000, alpha: 0.9, requests: 200_000, seed: 3).generate()
        for capacity: Int64 in [50, 250, 1_000] {
            let belady = BeladyPolicy().replay(trace.requests, capacity: capacity)
            for member in EvictionPolicies.registry.members where member.name != "belady" {
                let policy = try PolicyChoice.parse(member.name).policy
                let counts = policy.replay(trace.requests, capacity: capacity)
                XCTAssertGreaterThanOrEqual(belady.hits, counts.hits, "\(member.name) at \(capacity)")
            }
        }
    }

    func testGDSFFavoursSmallObjectsAndLFUDAFrequentOnes() throws {
        let sizes = try Distribution.lognormal(median: 50_000, sigma: 1.5)
        let trace = try ZipfTrace(objects: 20_000, alpha: 0.8, requests: 500_000, sizeDistribution: sizes, seed: 5).generate()
        let capacity = trace.footprintBytes / 50
        let lru = LRUPolicy().replay(trace.requests, capacity: capacity, warmUp: 50_000)
        let gdsf = GDSFPolicy().replay(trace.requests, capacity: capacity, warmUp: 50_000)
        let lfuda = LFUDAPolicy().replay(trace.requests, capacity: capacity, warmUp: 50_000)
        // Under independent requests frequency is the right signal and size-awareness raises object hits.
        XCTAssertGreaterThan(gdsf.objectHitRatio, lru.objectHitRatio + 0.05)
        XCTAssertGreaterThan(lfuda.objectHitRatio, lru.objectHitRatio)
        // GDSF pays for its object hits in bytes: it keeps small objects.
        XCTAssertLessThan(gdsf.byteHitRatio, gdsf.objectHitRatio)
    }

    func testAnObjectLargerThanTheCacheIsNotAdmittedAndEvictsNothing() {
        for member in EvictionPolicies.registry.members {
            var policy = try! PolicyChoice.parse(member.name).policy
            func step<P: EvictionPolicy>(_ cache: inout P) -> (Bool, Bool, Bool) {
                cache.reset(capacity: 100, objects: 3)
                _ = cache.access(CacheRequest(object: 0, size: 5, nextAccess: 2))
                let big = cache.access(CacheRequest(object: 1, size: 500, nextAccess: CacheRequest.never))
                let again = cache.access(CacheRequest(object: 0, size: 5, nextAccess: CacheRequest.never))
                return (big, again, cache.contains(1))
            }
            let (big, again, bigCached) = step(&policy)
            XCTAssertFalse(big, member.name)
            XCTAssertTrue(again, "\(member.name) kept the small object")
            XCTAssertFalse(bigCached, member.name)
        }
    }

    func testPolicyChoicesParseWithParametersAndExplainMistakes() throws {
        let choice = try PolicyChoice.parse("s3fifo:small_fraction=0.2;move_to_main_threshold=1")
        let s3fifo = try XCTUnwrap(choice.policy as? S3FIFOPolicy)
        XCTAssertEqual(s3fifo.smallFraction, 0.2)
        XCTAssertEqual(s3fifo.moveToMainThreshold, 1)
        XCTAssertThrowsError(try PolicyChoice.parse("lur")) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'lru'"), "\(error)")
        }
        XCTAssertThrowsError(try PolicyChoice.parse("s3fifo:smal_fraction=0.2")) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'small_fraction'"), "\(error)")
        }
        XCTAssertThrowsError(try PolicyChoice.parse("s3fifo:small_fraction=1.5")) { error in
            XCTAssertTrue("\(error)".contains("small_fraction") && "\(error)".contains("(0, 1)"), "\(error)")
        }
        XCTAssertThrowsError(try PolicyChoice.parse("lru:size=3")) { error in
            XCTAssertTrue("\(error)".contains("takes none"), "\(error)")
        }
    }

    func testCacheSizesParseAndRefuseTheAbsurd() throws {
        XCTAssertEqual(try CacheSize.parse("64GB"), .bytes(64_000_000_000))
        XCTAssertEqual(try CacheSize.parse("64 GB"), .bytes(64_000_000_000))
        XCTAssertEqual(try CacheSize.parse("5%"), .shareOfFootprint(0.05))
        XCTAssertEqual(try CacheSize.parse("1000"), .bytes(1000))
        for bad in ["0", "0%", "150%", "0 GB", "-3 GB", "1e30 GB", "lots"] {
            XCTAssertThrowsError(try CacheSize.parse(bad), bad)
        }
    }
}
