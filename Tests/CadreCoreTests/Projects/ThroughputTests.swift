@testable import CadreCore
import XCTest

final class ThroughputTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000 + 1800)  // half past an hour

    func testBucketsByHourAndEstimatesCompletion() {
        let times = (0..<60).map { now.addingTimeInterval(-Double($0) * 120) }  // one every 2 min for 2 h
        let throughput = Throughput(answeredAt: times, remainingAnswers: 30, now: now)
        XCTAssertEqual(throughput.hours.count, 24)
        XCTAssertEqual(throughput.hours.map(\.answers).reduce(0, +), 60)
        XCTAssertEqual(throughput.hours.last?.answers, 16)  // 0…30 min ago, every 2 minutes
        XCTAssertEqual(throughput.ratePerHour, 60 / (118.0 / 60), accuracy: 1e-9)
        let eta = try! XCTUnwrap(throughput.estimatedCompletion)
        XCTAssertEqual(eta.timeIntervalSince(now), 30 / throughput.ratePerHour * 3600, accuracy: 1e-6)
    }

    func testNoAnswersMeansNoEstimate() {
        let throughput = Throughput(answeredAt: [], remainingAnswers: 10, now: now)
        XCTAssertEqual(throughput.ratePerHour, 0)
        XCTAssertNil(throughput.estimatedCompletion)
        let done = Throughput(answeredAt: [now], remainingAnswers: 0, now: now)
        XCTAssertNil(done.estimatedCompletion)
    }

    func testIgnoresAnswersOutsideTheWindow() {
        let old = now.addingTimeInterval(-25 * 3600)
        let future = now.addingTimeInterval(60)
        XCTAssertEqual(Throughput(answeredAt: [old, future], remainingAnswers: 1, now: now).hours.map(\.answers).reduce(0, +), 0)
    }
}
