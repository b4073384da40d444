import XCTest
import VidsimKernel

/// Which videos a sampled run follows: the hot set always, the rest at the rate, a sample per salt.
final class PopularitySamplingTests: XCTestCase {
    func testEachSaltFollowsItsOwnSampleAtTheRate() {
        let videos = 1_000_000, rate = 0.01
        func followed(_ salt: UInt64) -> [Int] {
            PopularitySampling(videos: videos, alpha: 0.9, hotVideos: 100, rate: rate, salt: salt).followed()
        }
        let first = followed(1), again = followed(1), other = followed(2)
        // The same salt (replication), the same videos: variants compared share them.
        XCTAssertEqual(first, again)
        // The hot set in both; of the rest, each sample close to the rate, and the two nearly independent.
        XCTAssertEqual(Array(first.prefix(100)), Array(1...100))
        XCTAssertEqual(Array(other.prefix(100)), Array(1...100))
        let rest = Double(videos - 100)
        for sample in [first, other] {
            XCTAssertEqual(Double(sample.count - 100) / rest, rate, accuracy: rate * 0.05)
        }
        let shared = Set(first.dropFirst(100)).intersection(other.dropFirst(100)).count
        XCTAssertEqual(Double(shared) / rest, rate * rate, accuracy: rate * rate * 0.5)
    }
}
