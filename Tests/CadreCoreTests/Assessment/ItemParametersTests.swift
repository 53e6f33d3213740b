@testable import CadreCore
import XCTest

final class ItemParametersTests: XCTestCase {
    func testResponseFunctionMatchesTheLogisticFormula() {
        let item = ItemParameters(discrimination: 1.5, difficulty: 0.4, guessing: 0.2)
        for theta in stride(from: -4.0, through: 4.0, by: 0.5) {
            let expected = 0.2 + 0.8 / (1 + exp(-1.5 * (theta - 0.4)))
            XCTAssertEqual(item.probabilityCorrect(at: theta), expected, accuracy: 1e-15)
        }
        XCTAssertEqual(item.probabilityCorrect(at: 0.4), 0.6, accuracy: 1e-15, "halfway between c and 1 at θ = b")
    }

    func testSlopeInterceptFormIsTheSameItem() {
        let item = ItemParameters(slope: 1.25, intercept: -0.5)
        XCTAssertEqual(item.difficulty, 0.4, accuracy: 1e-15)
        XCTAssertEqual(item.intercept, -0.5, accuracy: 1e-15)
        XCTAssertEqual(item.probabilityCorrect(at: 1), 1 / (1 + exp(-(1.25 * 1 - 0.5))), accuracy: 1e-15)
    }

    func testTwoParameterInformationIsASquaredPQAndPeaksAtDifficulty() {
        let item = ItemParameters(discrimination: 1.8, difficulty: -0.7)
        XCTAssertEqual(item.information(at: -0.7), 1.8 * 1.8 / 4, accuracy: 1e-12)
        let p = item.probabilityCorrect(at: 0.3)
        XCTAssertEqual(item.information(at: 0.3), 1.8 * 1.8 * p * (1 - p), accuracy: 1e-15)
        // Scan a fine grid: nothing beats θ = b.
        let grid = stride(from: -5.0, through: 5.0, by: 0.001)
        let best = grid.max { item.information(at: $0) < item.information(at: $1) }!
        XCTAssertEqual(best, -0.7, accuracy: 0.001)
        XCTAssertEqual(item.abilityOfMaximumInformation, -0.7)
    }

    func testThreeParameterInformationPeaksAboveDifficulty() {
        let item = ItemParameters(discrimination: 1.2, difficulty: 0.5, guessing: 0.25)
        let grid = stride(from: -5.0, through: 5.0, by: 0.0005)
        let best = grid.max { item.information(at: $0) < item.information(at: $1) }!
        XCTAssertEqual(best, item.abilityOfMaximumInformation, accuracy: 0.001)
        XCTAssertGreaterThan(best, 0.5)
        // Guessing only removes information.
        let withoutGuessing = ItemParameters(discrimination: 1.2, difficulty: 0.5)
        for theta in stride(from: -3.0, through: 3.0, by: 0.25) {
            XCTAssertLessThan(item.information(at: theta), withoutGuessing.information(at: theta))
        }
    }

    func testThreeParameterInformationTendsToTheTwoParameterForm() {
        let tiny = ItemParameters(discrimination: 0.9, difficulty: 1, guessing: 1e-12)
        let none = ItemParameters(discrimination: 0.9, difficulty: 1)
        for theta in stride(from: -3.0, through: 3.0, by: 0.5) {
            XCTAssertEqual(tiny.information(at: theta), none.information(at: theta), accuracy: 1e-9)
        }
    }
}
