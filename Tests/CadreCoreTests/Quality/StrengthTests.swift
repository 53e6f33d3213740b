import XCTest
@testable import CadreCore

final class StrengthTests: XCTestCase {
    private let almostNoPrior = StrengthPrior.virtualTies(weight: 1e-9)

    private func pairs(_ rows: [(Int32, Int32)], items: Int, ties: [Bool] = []) -> PairwiseComparisons {
        PairwiseComparisons(itemCount: items, winners: rows.map(\.0), losers: rows.map(\.1), ties: ties)
    }

    func testTwoItemsThreeWinsToOne() throws {
        // MLE: θ_A − θ_B = log 3, centred ±log(3)/2. Information of the difference is
        // n·p(1 − p) = 4·¾·¼ = ¾, so Var(θ_A − θ̄) = Var(d)/4 = 1/3.
        let fit = BradleyTerry(prior: almostNoPrior).fit(pairs([(0, 1), (0, 1), (0, 1), (1, 0)], items: 2))
        let a = try XCTUnwrap(fit.strengths[0]), b = try XCTUnwrap(fit.strengths[1])
        XCTAssertEqual(a.score, log(3) / 2, accuracy: 1e-6)
        XCTAssertEqual(b.score, -log(3) / 2, accuracy: 1e-6)
        XCTAssertEqual(a.standardError, sqrt(1.0 / 3), accuracy: 1e-6)
        XCTAssertEqual(a.lower, a.score - 1.959963984540054 * a.standardError, accuracy: 1e-12)
        XCTAssertTrue(fit.converged)
    }

    func testTiesCountHalfAWinEachWay() throws {
        // A beats B once and they tie once: A has 1.5 wins of 2, so θ_A − θ_B = log 3.
        let fit = BradleyTerry(prior: almostNoPrior).fit(pairs([(0, 1), (1, 0)], items: 2, ties: [false, true]))
        XCTAssertEqual(try XCTUnwrap(fit.strengths[0]).score, log(3) / 2, accuracy: 1e-6)
        let even = BradleyTerry().fit(pairs([(0, 1)], items: 2, ties: [true]))
        XCTAssertEqual(try XCTUnwrap(even.strengths[0]).score, 0, accuracy: 1e-9)
    }

    func testACycleLeavesEveryoneEqual() throws {
        let fit = BradleyTerry().fit(pairs([(0, 1), (1, 2), (2, 0)], items: 3))
        for item in 0..<3 { XCTAssertEqual(try XCTUnwrap(fit.strengths[item]).score, 0, accuracy: 1e-9) }
    }

    func testItemsNeverComparedGetNoScoreAndUndefeatedOnesStayFinite() throws {
        // Item 3 is never compared; item 0 never loses, which has no maximum-likelihood
        // estimate, and the prior keeps it finite and on top.
        let fit = BradleyTerry().fit(pairs([(0, 1), (0, 2), (1, 2), (2, 1), (1, 2)], items: 4))
        XCTAssertNil(fit.strengths[3])
        let top = try XCTUnwrap(fit.strengths[0])
        XCTAssertTrue(top.score.isFinite && top.standardError.isFinite)
        XCTAssertGreaterThan(top.score, try XCTUnwrap(fit.strengths[1]).score)
        let scores = fit.strengths.compactMap { $0?.score }
        XCTAssertEqual(scores.reduce(0, +), 0, accuracy: 1e-9)
    }

    func testDiagonalStandardErrorsApproximateExactOnesOnAWellConnectedGraph() throws {
        let generated = SyntheticCrowd.comparisons(items: 100, comparisons: 20_000, seed: 5)
        let data = try ComparisonTable.parse(csv: generated.pairs).comparisons
        let exact = BradleyTerry().fit(data)
        let approximate = BradleyTerry(exactCovarianceLimit: 0).fit(data)
        XCTAssertTrue(exact.exactStandardErrors)
        XCTAssertFalse(approximate.exactStandardErrors)
        for (e, a) in zip(exact.strengths, approximate.strengths) {
            XCTAssertEqual(e!.score, a!.score, accuracy: 1e-9)
            XCTAssertEqual(a!.standardError / e!.standardError, 1, accuracy: 0.05)
        }
    }

    func testPlackettLuceOnPairsIsBradleyTerry() throws {
        let rows: [(Int32, Int32)] = [(0, 1), (0, 1), (1, 2), (2, 0), (0, 2), (1, 2), (3, 0), (1, 3)]
        let bt = BradleyTerry(prior: almostNoPrior).fit(pairs(rows, items: 4))
        let pl = PlackettLuce(prior: almostNoPrior).fit(Rankings(itemCount: 4, rankings: rows.map { [$0.0, $0.1] }))
        for item in 0..<4 {
            let (b, p) = (try XCTUnwrap(bt.strengths[item]), try XCTUnwrap(pl.strengths[item]))
            XCTAssertEqual(b.score, p.score, accuracy: 1e-6)
            XCTAssertEqual(b.standardError, p.standardError, accuracy: 1e-6)
        }
    }

    func testPlackettLuceOnAllOrdersOfThreeIsFlat() throws {
        let orders: [[Int32]] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        let fit = PlackettLuce().fit(Rankings(itemCount: 4, rankings: orders + [[3]]))
        for item in 0..<3 { XCTAssertEqual(try XCTUnwrap(fit.strengths[item]).score, 0, accuracy: 1e-9) }
        XCTAssertNil(fit.strengths[3], "a ranking of one item compares nothing")
    }

    func testPlackettLuceRecoversTheOrderOfConsistentRankings() throws {
        // Rankings drawn from strengths 2 > 1 > 0 > −1 (as log γ) with partial rankings mixed in.
        var random = SyntheticCrowd.Generator(seed: 9)
        let gamma = [2.0, 1.0, 0.0, -1.0].map { exp($0) }
        var rankings: [[Int32]] = []
        for r in 0..<2_000 {
            var left: [Int32] = r % 3 == 0 ? [0, 2, 3] : [0, 1, 2, 3]
            var ranking: [Int32] = []
            while !left.isEmpty {
                let total = left.reduce(0) { $0 + gamma[Int($1)] }
                var u = Double.random(in: 0..<total, using: &random)
                let pick = left.firstIndex { u -= gamma[Int($0)]; return u < 0 } ?? left.count - 1
                ranking.append(left.remove(at: pick))
            }
            rankings.append(ranking)
        }
        let fit = PlackettLuce().fit(Rankings(itemCount: 4, rankings: rankings))
        let scores = try fit.strengths.map { try XCTUnwrap($0).score }
        let expected = [2.0, 1.0, 0.0, -1.0].map { $0 - 0.5 }
        for (score, truth) in zip(scores, expected) { XCTAssertEqual(score, truth, accuracy: 0.12) }
        XCTAssertTrue(fit.converged)
    }
}
