import XCTest
@testable import CadreCore

final class GoldAccuracyTests: XCTestCase {
    func testPosteriorMeanAndLowerBoundMatchTheBetaQuantile() {
        // Beta(10, 2) after 9 of 10 with a uniform prior; quantile from scipy.stats.beta.ppf.
        let newcomer = GoldAccuracy(correct: 9, answered: 10)
        XCTAssertEqual(newcomer.mean, 10.0 / 12, accuracy: 1e-15)
        XCTAssertEqual(newcomer.lowerBound, 0.6356405107527575, accuracy: 1e-9)
        let veteran = GoldAccuracy(correct: 95, answered: 100)
        XCTAssertEqual(veteran.lowerBound, 0.8987310283393475, accuracy: 1e-9)
    }

    func testClosedFormQuantiles() {
        // Beta(a, 1) has CDF x^a; Beta(1, b) has CDF 1 − (1 − x)^b.
        XCTAssertEqual(GoldAccuracy(correct: 3, answered: 3).lowerBound, pow(0.05, 1.0 / 4), accuracy: 1e-9)
        XCTAssertEqual(GoldAccuracy(correct: 0, answered: 4).lowerBound, 1 - pow(0.95, 1.0 / 5), accuracy: 1e-9)
    }

    func testNoGoldYetIsThePrior() {
        let unknown = GoldAccuracy(correct: 0, answered: 0)
        XCTAssertEqual(unknown.mean, 0.5)
        XCTAssertEqual(unknown.lowerBound, 0.05, accuracy: 1e-9)
    }

    func testAFewLuckyAnswersDoNotOutrankALongRecord() {
        let lucky = GoldAccuracy(correct: 3, answered: 3)
        let steady = GoldAccuracy(correct: 95, answered: 100)
        XCTAssertGreaterThan(lucky.mean, 0.79)
        XCTAssertLessThan(lucky.lowerBound, steady.lowerBound)
    }
}
