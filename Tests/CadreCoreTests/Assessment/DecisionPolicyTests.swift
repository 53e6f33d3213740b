@testable import CadreCore
import XCTest

final class DecisionPolicyTests: XCTestCase {
    private let policy = DecisionPolicy(cutoff: 0.5)

    func testAcceptsWhenTheWholeBandClearsTheCutoff() {
        let recommendation = policy.recommendation(for: AbilityEstimate(theta: 0.8, standardError: 0.3))
        XCTAssertEqual(recommendation, .accept(.clearlyAboveCutoff(lowerBound: 0.8 - 0.3, cutoff: 0.5)))
    }

    func testRecommendsRejectionOnlyThroughAPersonWhenTheBandIsBelow() {
        let recommendation = policy.recommendation(for: AbilityEstimate(theta: -0.2, standardError: 0.3))
        guard case let .rejectionReview(.clearlyBelowCutoff(upper, cutoff)) = recommendation else {
            return XCTFail("\(recommendation)")
        }
        XCTAssertEqual(upper, 0.1, accuracy: 1e-12)
        XCTAssertEqual(cutoff, 0.5)
        XCTAssertTrue(recommendation.reason.description.contains("a person must confirm"))
    }

    func testSendsAnUnsettledMeasurementToHumanReview() {
        let recommendation = policy.recommendation(for: AbilityEstimate(theta: 0.6, standardError: 0.3))
        XCTAssertEqual(recommendation, .humanReview(.bandContainsCutoff(lowerBound: 0.6 - 0.3, upperBound: 0.6 + 0.3, cutoff: 0.5)))
        // θ + SE exactly at the cutoff is not below it.
        guard case .humanReview = policy.recommendation(for: AbilityEstimate(theta: 0.25, standardError: 0.25)) else {
            return XCTFail("a band touching the cutoff is for a person to judge")
        }
    }

    func testIntegrityFlagsTurnAnAcceptanceIntoAReviewButNeverARejection() {
        let flags: [IntegrityFlag] = [.rapidResponse(itemID: "q1", seconds: 1, thresholdSeconds: 4)]
        let strong = policy.recommendation(for: AbilityEstimate(theta: 2, standardError: 0.2), integrityFlags: flags)
        guard case .humanReview(.integrityFlagsRaised(count: 1, _, _)) = strong else { return XCTFail("\(strong)") }
        let unsettled = policy.recommendation(for: AbilityEstimate(theta: 0.5, standardError: 0.3), integrityFlags: flags)
        guard case .humanReview(.bandContainsCutoff) = unsettled else { return XCTFail("\(unsettled)") }
    }
}
