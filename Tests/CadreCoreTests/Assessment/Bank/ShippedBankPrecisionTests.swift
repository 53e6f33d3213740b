@testable import CadreCore
import XCTest

/// What the issue promises of the shipped banks: simulees with θ ~ N(0, 1), answering from
/// each bank's own parameters through the real adaptive test, are measured to an RMSE under
/// 0.35 with a median test under 20 items. A quality check on the data, not on timing.
final class ShippedBankPrecisionTests: XCTestCase {
    func testEveryShippedBankMeasuresAPopulationPreciselyInUnderTwentyItems() throws {
        for domain in ShippedItemBanks.domains {
            // setup
            let bank = try ItemBank(parsing: ShippedItemBanks.data(domain))

            // MUT
            let summary = SimulationSummary(bank.simulatePopulation(count: 500, seed: 1), bank: bank)

            // validation
            XCTAssertLessThan(summary.medianLength, 20, domain)
            XCTAssertLessThan(summary.rootMeanSquareError, 0.35, domain)
            XCTAssertLessThan(abs(summary.bias), 0.1, domain)
            XCTAssertEqual(summary.stopReasons[.bankExhausted] ?? 0, 0, "\(domain): no interview ran out of items")
            XCTAssertLessThan(summary.maximumExposure, 0.8, "\(domain): no item is shown to nearly everyone")
        }
    }

    func testPopulationSimulationReplaysFromItsSeed() throws {
        let bank = try ItemBank(parsing: ShippedItemBanks.data("law"))
        let first = bank.simulatePopulation(count: 20, seed: 7)
        XCTAssertEqual(first, bank.simulatePopulation(count: 20, seed: 7))
        XCTAssertNotEqual(first.map(\.trueTheta), bank.simulatePopulation(count: 20, seed: 8).map(\.trueTheta))
    }

    func testSummaryCountsLengthsErrorsAndExposure() {
        // setup: two hand-made runs on a three-item bank
        let parameters = ItemParameters(discrimination: 1, difficulty: 0)
        let bank = ItemBank(
            domainID: "d", domainName: "D", version: 1, skills: [BankSkill(id: "s", name: "S")],
            items: ["i1", "i2", "i3"].map {
                AssessmentItem(id: $0, stem: "?", answer: .numeric(NumericAnswer(value: 1, tolerance: 0)), skills: ["s"], parameters: parameters)
            },
            scenarios: []
        )
        func step(_ id: String) -> SimulatedInterview.Step {
            .init(itemID: id, parameters: parameters, probabilityCorrect: 0.5, correct: true, estimate: AbilityEstimate(theta: 0, standardError: 1))
        }
        let runs = [
            SimulatedInterview(trueTheta: 0, steps: [step("i1")], stopReason: .maximumItemsReached, estimate: AbilityEstimate(theta: 0.3, standardError: 0.3)),
            SimulatedInterview(trueTheta: 1, steps: [step("i1"), step("i2"), step("i3")], stopReason: .precisionReached, estimate: AbilityEstimate(theta: 0.9, standardError: 0.3)),
        ]

        // MUT
        let summary = SimulationSummary(runs, bank: bank)

        // validation
        XCTAssertEqual(summary.bias, 0.1, accuracy: 1e-12)
        XCTAssertEqual(summary.rootMeanSquareError, ((0.09 + 0.01) / 2).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(summary.medianLength, 2)
        XCTAssertEqual(summary.meanLength, 2)
        XCTAssertEqual(summary.stopReasons, [.maximumItemsReached: 1, .precisionReached: 1])
        XCTAssertEqual(summary.exposureRates, ["i1": 1, "i2": 0.5, "i3": 0.5])
        XCTAssertEqual(summary.unusedItems, 0)
    }
}
