import XCTest
import VidsimKernel
import VidsimUnits

final class StatisticsTests: XCTestCase {
    func testTimeWeightedAverage() {
        var average = TimeWeightedAverage(initialValue: 0, at: .zero)
        average.update(to: 4, at: TimeSpan(seconds: 10))   // 0 for 10 s
        average.update(to: 1, at: TimeSpan(seconds: 20))   // 4 for 10 s
        XCTAssertEqual(average.mean(at: TimeSpan(seconds: 40)), 60.0 / 40.0)  // 0 for 10 s, 4 for 10 s, 1 for 20 s
        XCTAssertEqual(average.maximum, 4)
        average.reset(at: TimeSpan(seconds: 40))
        XCTAssertEqual(average.mean(at: TimeSpan(seconds: 50)), 1)
    }

    func testLatencyPercentilesAndExactMean() {
        var recorder = LatencyRecorder()
        for value in 1...1000 { recorder.record(TimeSpan(seconds: Double(value) / 1000)) }
        XCTAssertEqual(recorder.mean.seconds, 0.5005, accuracy: 1e-12)
        XCTAssertEqual(recorder.percentile(50).seconds, 0.5, accuracy: 0.5 * 0.001)
        XCTAssertEqual(recorder.percentile(99).seconds, 0.99, accuracy: 0.99 * 0.001)
        XCTAssertEqual(recorder.summary.max.seconds, 1)
        XCTAssertEqual(recorder.count, 1000)
        // Zeros are counted apart from the histogram; percentiles still rank over everything.
        var mixed = LatencyRecorder()
        for _ in 0..<900 { mixed.record(.zero) }
        for value in 1...100 { mixed.record(TimeSpan(seconds: Double(value))) }
        XCTAssertEqual(mixed.percentile(50).seconds, 0)
        XCTAssertEqual(mixed.percentile(90).seconds, 0)
        XCTAssertEqual(mixed.percentile(95).seconds, 50, accuracy: 0.05)
        XCTAssertEqual(mixed.percentile(99).seconds, 90, accuracy: 0.09)
        XCTAssertEqual(mixed.percentile(100).seconds, 100, accuracy: 0.1)
        XCTAssertEqual(mixed.mean.seconds, 5050.0 / 1000, accuracy: 1e-12)
        // Hours of latency still resolve to three significant digits.
        var long = LatencyRecorder()
        long.record(.hours(5))
        XCTAssertEqual(long.percentile(50).seconds, 18_000, accuracy: 18)
    }

    func testTimeSeriesKeepsColumnsOnOneTimeAxis() {
        var series = TimeSeries(interval: .hours(1), columns: ["a", "b"])
        series.append(at: .zero, [1, 2])
        series.append(at: .hours(1), [3, 4])
        XCTAssertEqual(series.times, [0, 3600])
        XCTAssertEqual(series.column("a"), [1, 3])
        XCTAssertEqual(series.column("b"), [2, 4])
        series.removeAll()
        XCTAssertEqual(series.times, [])
        XCTAssertEqual(series.column("b"), [])
    }

    /// Student t: the textbook 97.5% points, and an interval made from known data.
    func testConfidenceInterval() {
        XCTAssertEqual(Estimate.studentT975(degreesOfFreedom: 4), 2.7764, accuracy: 1e-4)
        XCTAssertEqual(Estimate.studentT975(degreesOfFreedom: 30), 2.0423, accuracy: 1e-4)
        let estimate = Estimate([1, 2, 3, 4, 5])
        XCTAssertEqual(estimate.mean, 3)
        XCTAssertEqual(estimate.standardDeviation, 2.5.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(estimate.halfWidth!, 2.7764 * 2.5.squareRoot() / 5.0.squareRoot(), accuracy: 1e-3)
        XCTAssertTrue(estimate.contains(4.9))
        XCTAssertFalse(estimate.contains(5.0))
        XCTAssertNil(Estimate([3]).halfWidth)
    }

    /// Erlang C against the textbook sum formula, and the M/M/1 special case.
    func testErlangC() {
        func direct(servers c: Int, load a: Double) -> Double {
            var sum = 0.0, term = 1.0
            for k in 0..<c { if k > 0 { term *= a / Double(k) }; sum += term }
            let last = term * a / Double(c) * Double(c) / (Double(c) - a)
            return last / (sum + last)
        }
        XCTAssertEqual(QueueingTheory.erlangC(servers: 10, offeredLoad: 9), direct(servers: 10, load: 9), accuracy: 1e-12)
        XCTAssertEqual(QueueingTheory.erlangC(servers: 1, offeredLoad: 0.9), 0.9, accuracy: 1e-12)
        XCTAssertEqual(QueueingTheory.meanWaitMMc(arrivalRate: 0.9, serviceRate: 1, servers: 1), 9, accuracy: 1e-12)
        XCTAssertEqual(QueueingTheory.meanWaitMMc(arrivalRate: 9, serviceRate: 1, servers: 10), 0.668_732, accuracy: 1e-6)
        // Thousands of servers, where a^c / c! alone would overflow.
        let big = QueueingTheory.erlangC(servers: 5000, offeredLoad: 4900)
        XCTAssertTrue(big > 0 && big < 1)
    }

    /// The same replications on one thread or two give the same results in the same order.
    func testReplicationsAreIndependentOfThreadCount() throws {
        let body: @Sendable (Int) -> [Double] = { index in
            let stream = StreamSeeds(scenarioSeed: 5, replication: index).stream(for: "x")
            return (0..<100).map { _ in stream.uniform() }
        }
        let one = try Replications.run(count: 7, threads: 1, body)
        let two = try Replications.run(count: 7, threads: 2, body)
        let four = try Replications.run(count: 7, threads: 4, body)
        XCTAssertEqual(one, two)
        XCTAssertEqual(one, four)
        XCTAssertNotEqual(one[0], one[1])
    }
}
