@testable import CadreCore
import XCTest

final class AbilityEstimateTests: XCTestCase {
    func testTwoNodeCaseWorkedByHand() {
        // Nodes ±1, flat prior, one item with a = ln 3, b = 0: P(1) = 3/4, P(−1) = 1/4.
        // A correct answer gives posterior (1/4, 3/4): mean 1/2, variance 1 − 1/4 = 3/4.
        let grid = QuadratureGrid(nodes: [-1, 1], weights: [1, 1])
        let item = ItemParameters(discrimination: log(3), difficulty: 0)
        let right = AbilityEstimate.expectedAPosteriori(responses: [ScoredResponse(parameters: item, correct: true)], grid: grid, prior: .uniform)
        XCTAssertEqual(right.theta, 0.5, accuracy: 1e-12)
        XCTAssertEqual(right.standardError, 0.75.squareRoot(), accuracy: 1e-12)
        let wrong = AbilityEstimate.expectedAPosteriori(responses: [ScoredResponse(parameters: item, correct: false)], grid: grid, prior: .uniform)
        XCTAssertEqual(wrong.theta, -0.5, accuracy: 1e-12)
    }

    func testOneItemOnTheCatsimGridMatchesTheSumsComputedDirectly() {
        // setup: the sums of Bock & Mislevy (1982), written out independently of the library
        let item = ItemParameters(discrimination: 1.3, difficulty: 0.6)
        let nodes = (0...40).map { -6 + 0.3 * Double($0) }
        let weight = nodes.map { x in exp(-x * x / 2) / (1 + exp(-1.3 * (x - 0.6))) }
        let mean = zip(nodes, weight).map { $0 * $1 }.reduce(0, +) / weight.reduce(0, +)
        let variance = zip(nodes, weight).map { ($0 - mean) * ($0 - mean) * $1 }.reduce(0, +) / weight.reduce(0, +)
        // MUT
        let estimate = AbilityEstimate.expectedAPosteriori(responses: [ScoredResponse(parameters: item, correct: true)], grid: .catsim)
        // validation
        XCTAssertEqual(estimate.theta, mean, accuracy: 1e-12)
        XCTAssertEqual(estimate.standardError, variance.squareRoot(), accuracy: 1e-12)
        XCTAssertGreaterThan(estimate.theta, 0)
        XCTAssertLessThan(estimate.standardError, 1)
    }

    func testNoResponsesGiveThePrior() {
        let estimate = AbilityEstimate.expectedAPosteriori(responses: [])
        XCTAssertEqual(estimate.theta, 0, accuracy: 1e-12)
        XCTAssertEqual(estimate.standardError, 1, accuracy: 1e-4)
        let shifted = AbilityEstimate.expectedAPosteriori(responses: [], prior: .normal(mean: 0.5, standardDeviation: 0.8))
        XCTAssertEqual(shifted.theta, 0.5, accuracy: 1e-6)
        XCTAssertEqual(shifted.standardError, 0.8, accuracy: 1e-4)
    }

    func testAllCorrectAndAllWrongStayFiniteAndMirrorEachOther() {
        let items = (-4...4).map { ItemParameters(discrimination: 1.4, difficulty: Double($0) / 2) }
        let allRight = AbilityEstimate.expectedAPosteriori(responses: items.map { ScoredResponse(parameters: $0, correct: true) })
        let allWrong = AbilityEstimate.expectedAPosteriori(responses: items.map { ScoredResponse(parameters: $0, correct: false) })
        XCTAssertTrue(allRight.theta.isFinite && allRight.standardError > 0)
        XCTAssertGreaterThan(allRight.theta, 1.5)
        XCTAssertLessThan(allRight.theta, 6)
        XCTAssertEqual(allWrong.theta, -allRight.theta, accuracy: 1e-9)
        XCTAssertEqual(allWrong.standardError, allRight.standardError, accuracy: 1e-9)
    }

    func testLongTestsDoNotUnderflow() {
        let items = (0..<400).map { ItemParameters(discrimination: 2, difficulty: Double($0 % 7) - 3) }
        let estimate = AbilityEstimate.expectedAPosteriori(responses: items.enumerated().map {
            ScoredResponse(parameters: $1, correct: $0 % 3 != 0)
        })
        XCTAssertTrue(estimate.theta.isFinite && estimate.standardError.isFinite)
        XCTAssertGreaterThan(estimate.standardError, 0)
    }

    func testCatsimAndGirthGridsAgree() {
        let responses = [(1.0, -1.0, true), (1.5, 0.0, true), (0.8, 0.5, false), (2.0, 1.0, false)].map {
            ScoredResponse(parameters: ItemParameters(discrimination: $0.0, difficulty: $0.1), correct: $0.2)
        }
        let uniform = AbilityEstimate.expectedAPosteriori(responses: responses, grid: .catsim)
        let legendre = AbilityEstimate.expectedAPosteriori(responses: responses, grid: .gaussLegendre(count: 61, lower: -6, upper: 6))
        XCTAssertEqual(uniform.theta, legendre.theta, accuracy: 1e-3)
        XCTAssertEqual(uniform.standardError, legendre.standardError, accuracy: 1e-3)
    }

    func testGaussLegendreRuleIsExactForPolynomials() {
        let three = QuadratureGrid.gaussLegendre(count: 3, lower: -1, upper: 1)
        XCTAssertEqual(three.nodes[0], -(0.6.squareRoot()), accuracy: 1e-14)
        XCTAssertEqual(three.nodes[1], 0, accuracy: 1e-14)
        XCTAssertEqual(three.weights[0], 5.0 / 9, accuracy: 1e-14)
        XCTAssertEqual(three.weights[1], 8.0 / 9, accuracy: 1e-14)
        let girth = QuadratureGrid.girth
        XCTAssertEqual(girth.count, 41)
        XCTAssertEqual(girth.nodes, girth.nodes.sorted())
        XCTAssertEqual(girth.weights.reduce(0, +), 9, accuracy: 1e-12)
        // ∫_{−4.5}^{4.5} x⁶ dx = 2 · 4.5⁷ / 7; exact for a 41-point rule.
        let integral = zip(girth.nodes, girth.weights).map { pow($0, 6) * $1 }.reduce(0, +)
        XCTAssertEqual(integral, 2 * pow(4.5, 7) / 7, accuracy: 1e-8)
    }

    func testCatsimGridIsFortyOneEvenlySpacedNodes() {
        let grid = QuadratureGrid.catsim
        XCTAssertEqual(grid.count, 41)
        XCTAssertEqual(grid.nodes.first, -6)
        XCTAssertEqual(grid.nodes.last!, 6, accuracy: 1e-12)
        XCTAssertEqual(grid.nodes[21] - grid.nodes[20], 0.3, accuracy: 1e-12)
    }

    func testPercentileUnderTheStandardNormal() {
        XCTAssertEqual(AbilityEstimate(theta: 0, standardError: 0.3).percentile, 50, accuracy: 1e-12)
        XCTAssertEqual(AbilityEstimate.percentile(ofTheta: 1), 84.134_474_6, accuracy: 1e-6)
        XCTAssertEqual(AbilityEstimate.percentile(ofTheta: -1.959_964), 2.5, accuracy: 1e-5)
    }
}
