@testable import CadreCore
import XCTest

final class AdaptiveTestTests: XCTestCase {
    private let bank = ItemSelectionTests.bank(count: 200)

    /// Runs a simulee of ability `theta` through a test: the item choices use `selection`, the
    /// simulee's answers a separate generator, as a real candidate's would be independent.
    private func simulate(
        theta: Double, configuration: AdaptiveTestConfiguration, selectionSeed: UInt64, answerSeed: UInt64
    ) throws -> (test: AdaptiveTest, finish: StopReason, shown: [String]) {
        var test = AdaptiveTest(bank: bank, configuration: configuration)
        var selection = SplitMix64(seed: selectionSeed)
        var answers = SplitMix64(seed: answerSeed)
        var shown: [String] = []
        while true {
            switch test.nextStep(using: &selection) {
            case let .finished(reason):
                return (test, reason, shown)
            case let .administer(item):
                shown.append(item.id)
                let draw = Double(answers.next() >> 11) / Double(1 << 53)
                try test.record(itemID: item.id, correct: draw < item.parameters.probabilityCorrect(at: theta))
            }
        }
    }

    func testSimulatedCandidateIsMeasuredAndTheTestStopsOnPrecision() throws {
        let configuration = AdaptiveTestConfiguration(
            selection: ItemSelectionRule(randomesqueCount: 3),
            stopping: StoppingRule(targetStandardError: 0.3, minimumItems: 5, maximumItems: 60)
        )
        for (index, theta) in [-1.5, 0.0, 1.2].enumerated() {
            let run = try simulate(theta: theta, configuration: configuration, selectionSeed: 42, answerSeed: UInt64(index))
            XCTAssertEqual(run.finish, .precisionReached, "θ = \(theta)")
            XCTAssertLessThanOrEqual(run.test.estimate.standardError, 0.3)
            XCTAssertLessThan(run.test.transcript.count, 60)
            XCTAssertGreaterThanOrEqual(run.test.transcript.count, 5)
            XCTAssertEqual(run.test.estimate.theta, theta, accuracy: 3 * run.test.estimate.standardError, "θ = \(theta)")
        }
    }

    func testManySimuleesAreRecoveredWithSmallBiasAndError() throws {
        let configuration = AdaptiveTestConfiguration(selection: ItemSelectionRule(randomesqueCount: 2))
        var errors: [Double] = []
        for simulee in 0..<60 {
            let theta = -2 + 4 * Double(simulee) / 59
            let run = try simulate(theta: theta, configuration: configuration, selectionSeed: UInt64(simulee), answerSeed: UInt64(1000 + simulee))
            errors.append(run.test.estimate.theta - theta)
        }
        let bias = errors.reduce(0, +) / Double(errors.count)
        let rmse = (errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot()
        XCTAssertLessThan(abs(bias), 0.15)
        XCTAssertLessThan(rmse, 0.4)
    }

    func testSameSeedAndAnswersReplayTheSameSession() throws {
        let configuration = AdaptiveTestConfiguration(selection: ItemSelectionRule(randomesqueCount: 5))
        let first = try simulate(theta: 0.4, configuration: configuration, selectionSeed: 7, answerSeed: 8)
        let second = try simulate(theta: 0.4, configuration: configuration, selectionSeed: 7, answerSeed: 8)
        XCTAssertEqual(first.shown, second.shown)
        XCTAssertEqual(first.test.transcript, second.test.transcript)
        let otherSeed = try simulate(theta: 0.4, configuration: configuration, selectionSeed: 70, answerSeed: 8)
        XCTAssertNotEqual(first.shown, otherSeed.shown, "the seed drives exposure control")
    }

    func testStartsAtTheProgramMeanWithTheMostInformativeItemThere() {
        let test = AdaptiveTest(bank: bank)
        XCTAssertEqual(test.estimate.theta, 0, accuracy: 1e-12)
        var generator = SplitMix64(seed: 1)
        guard case let .administer(item) = test.nextStep(using: &generator) else { return XCTFail("should ask an item") }
        let best = bank.max { $0.parameters.information(at: 0) < $1.parameters.information(at: 0) }!
        XCTAssertEqual(item.id, best.id)
    }

    func testMaximumLengthEndsAnImpreciseTest() throws {
        let configuration = AdaptiveTestConfiguration(stopping: StoppingRule(targetStandardError: 0.05, minimumItems: 1, maximumItems: 8))
        let run = try simulate(theta: 0.3, configuration: configuration, selectionSeed: 1, answerSeed: 2)
        XCTAssertEqual(run.finish, .maximumItemsReached)
        XCTAssertEqual(run.test.transcript.count, 8)
    }

    func testMinimumLengthHoldsEvenWhenPreciseEarly() {
        let rule = StoppingRule(targetStandardError: 0.3, minimumItems: 10, maximumItems: 20)
        XCTAssertNil(rule.stopReason(after: 9, estimate: AbilityEstimate(theta: 0, standardError: 0.1)))
        XCTAssertEqual(rule.stopReason(after: 10, estimate: AbilityEstimate(theta: 0, standardError: 0.3)), .precisionReached)
        XCTAssertNil(rule.stopReason(after: 15, estimate: AbilityEstimate(theta: 0, standardError: 0.31)))
        XCTAssertEqual(rule.stopReason(after: 20, estimate: AbilityEstimate(theta: 0, standardError: 0.9)), .maximumItemsReached)
    }

    func testSmallBankRunsOut() throws {
        var test = AdaptiveTest(bank: Array(bank.prefix(3)), excluding: [bank[0].id])
        var generator = SplitMix64(seed: 3)
        var asked = 0
        while case let .administer(item) = test.nextStep(using: &generator) {
            try test.record(itemID: item.id, correct: true)
            asked += 1
        }
        XCTAssertEqual(asked, 2)
        XCTAssertEqual(test.nextStep(using: &generator), .finished(.bankExhausted))
        XCTAssertGreaterThan(test.estimate.theta, 0)
    }

    func testBadResponsesAreRefusedAndChangeNothing() throws {
        var test = AdaptiveTest(
            bank: Array(bank.prefix(5)),
            configuration: AdaptiveTestConfiguration(stopping: StoppingRule(minimumItems: 1, maximumItems: 2)),
            excluding: [bank[4].id]
        )
        XCTAssertThrowsError(try test.record(itemID: "nope", correct: true)) {
            XCTAssertEqual($0 as? AssessmentError, .unknownItem(id: "nope"))
        }
        XCTAssertThrowsError(try test.record(itemID: bank[4].id, correct: true)) {
            XCTAssertEqual($0 as? AssessmentError, .itemExcluded(id: bank[4].id))
        }
        try test.record(itemID: bank[0].id, correct: false)
        let before = test
        XCTAssertThrowsError(try test.record(itemID: bank[0].id, correct: true)) {
            XCTAssertEqual($0 as? AssessmentError, .itemAlreadyAdministered(id: bank[0].id))
        }
        XCTAssertEqual(test, before)
        try test.record(itemID: bank[1].id, correct: true)
        XCTAssertThrowsError(try test.record(itemID: bank[2].id, correct: true)) {
            XCTAssertEqual($0 as? AssessmentError, .testFinished(.maximumItemsReached))
        }
        XCTAssertEqual(test.transcript.map(\.itemID), [bank[0].id, bank[1].id])
    }
}
