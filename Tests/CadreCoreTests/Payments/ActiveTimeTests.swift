@testable import CadreCore
import XCTest

final class ActiveTimeTests: XCTestCase {
    let policy = ActiveTimePolicy(timeBudgetSeconds: 600)
    func beats(_ offsets: [Double]) -> [Date] { offsets.map { Fixture.week48Start.addingTimeInterval($0) } }

    func testGapsWithinTheIdleThresholdArePaidAndLongerOnesAreNot() {
        // Working 0–90 s, away for 5 minutes, back 390–450 s.
        XCTAssertEqual(policy.activeSeconds(heartbeats: beats([0, 30, 60, 90, 390, 420, 450])), 150)
        XCTAssertEqual(policy.activeSeconds(heartbeats: beats([0, 75])), 75, "a gap of exactly the threshold counts")
        XCTAssertEqual(policy.activeSeconds(heartbeats: beats([0, 75.001])), 0, "idle time is not guessed, not even partly")
    }

    func testOrderDuplicatesAndSingleBeatsChangeNothing() {
        XCTAssertEqual(policy.activeSeconds(heartbeats: beats([60, 0, 30, 30])), 60)
        XCTAssertEqual(policy.activeSeconds(heartbeats: beats([10])), 0)
        XCTAssertEqual(policy.activeSeconds(heartbeats: []), 0)
    }

    func testSubSecondTotalsRoundHalfEven() {
        XCTAssertEqual(policy.activeSeconds(heartbeats: beats([0, 30.5])), 30)
        XCTAssertEqual(policy.activeSeconds(heartbeats: beats([0, 31.5])), 32)
        XCTAssertEqual(policy.activeSeconds(heartbeats: beats([0, 30.6])), 31)
    }

    func testEachTaskIsCappedAtOneAndAHalfTimesItsBudget() {
        XCTAssertEqual(policy.capSeconds, 900)
        let allDay = beats(stride(from: 0.0, through: 3600, by: 30).map { $0 })
        XCTAssertEqual(policy.activeSeconds(heartbeats: allDay), 900)
        XCTAssertEqual(ActiveTimePolicy(idleThresholdSeconds: 75, capSeconds: 10_000).activeSeconds(heartbeats: allDay), 3600)
        XCTAssertEqual(ActiveTimePolicy(timeBudgetSeconds: 45).capSeconds, 67)
    }
}
