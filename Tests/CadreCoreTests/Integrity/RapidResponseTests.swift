@testable import CadreCore
import XCTest

final class RapidResponseTests: XCTestCase {
    func testNormIsTheMedianOfObservedTimes() {
        XCTAssertEqual(ItemTimeNorm(observedSeconds: [30, 10, 20, 400])?.typicalSeconds, 25)
        XCTAssertEqual(ItemTimeNorm(observedSeconds: [30, 10, 20])?.typicalSeconds, 20)
        XCTAssertNil(ItemTimeNorm(observedSeconds: []))
        XCTAssertNil(ItemTimeNorm(observedSeconds: [0, -3, .nan]))
    }

    func testThresholdIsTenPercentOfTheNormCappedAtTenSeconds() {
        let rule = RapidResponseRule()
        XCTAssertEqual(rule.thresholdSeconds(for: ItemTimeNorm(typicalSeconds: 40)), 4, accuracy: 1e-12)
        XCTAssertEqual(rule.thresholdSeconds(for: ItemTimeNorm(typicalSeconds: 600)), 10)
        XCTAssertTrue(rule.isRapid(seconds: 3.9, norm: ItemTimeNorm(typicalSeconds: 40)))
        XCTAssertFalse(rule.isRapid(seconds: 4, norm: ItemTimeNorm(typicalSeconds: 40)))
    }

    func testFlagsOnlyAnswersFarBelowTheirItemsNorm() {
        let norms = ["q1": ItemTimeNorm(typicalSeconds: 60), "q2": ItemTimeNorm(typicalSeconds: 20)]
        let timings = [
            ItemTiming(itemID: "q1", seconds: 2),
            ItemTiming(itemID: "q2", seconds: 3),
            ItemTiming(itemID: "q3", seconds: 0.5),
            ItemTiming(itemID: "q2", seconds: 1.5),
        ]
        let flags = RapidResponseRule().flags(for: timings, norms: norms)
        XCTAssertEqual(flags, [
            .rapidResponse(itemID: "q1", seconds: 2, thresholdSeconds: 6),
            .rapidResponse(itemID: "q2", seconds: 1.5, thresholdSeconds: 2),
        ])
        XCTAssertTrue(flags[0].description.contains("q1"))
    }
}
