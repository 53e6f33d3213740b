import XCTest
@testable import CadreCore

final class AgreementTests: XCTestCase {
    /// K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): four observers,
    /// twelve units, missing values; the paper gives α = 0.743 (nominal), 0.815 (ordinal),
    /// 0.849 (interval) and 0.797 (ratio). Full digits from the krippendorff package.
    private let worked = ReliabilityData(matrix: [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
        [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
    ])

    func testKrippendorffsWorkedExampleAtEveryLevel() throws {
        let expected: [MeasurementLevel: Double] = [
            .nominal: 0.743421052631579, .ordinal: 0.8153875037548814,
            .interval: 0.8491071428571428, .ratio: 0.7974027747116121,
        ]
        for (level, alpha) in expected {
            let result = KrippendorffAlpha.compute(worked, level: level)
            XCTAssertEqual(try XCTUnwrap(result.alpha), alpha, accuracy: 1e-12, "\(level)")
            // Unit 12 has a single value and is not pairable.
            XCTAssertEqual(result.unitCount, 12)
            XCTAssertEqual(result.pairableUnitCount, 11)
            XCTAssertEqual(result.pairableValueCount, 40)
        }
    }

    func testAlphaIsOneForPerfectAgreementAndUndefinedWithoutVariation() {
        let perfect = ReliabilityData(matrix: [[1, 2, 3, nil], [1, 2, 3, 4]])
        for level in MeasurementLevel.allCases {
            XCTAssertEqual(KrippendorffAlpha.compute(perfect, level: level).alpha, 1, "\(level)")
        }
        let constant = ReliabilityData(matrix: [[2, 2, 2], [2, 2, 2]])
        XCTAssertNil(KrippendorffAlpha.compute(constant, level: .interval).alpha)
    }

    func testSystematicDisagreementIsBelowZero() throws {
        // Units (1, 2) and (2, 1): D_o = 1, D_e = 8/12, so α = 1 − 1.5 = −0.5.
        let data = ReliabilityData(matrix: [[1, 2], [2, 1]])
        XCTAssertEqual(try XCTUnwrap(KrippendorffAlpha.compute(data, level: .nominal).alpha), -0.5, accuracy: 1e-12)
    }

    func testNothingPairableGivesNoAlpha() {
        let empty = ReliabilityData(matrix: [])
        let oneCoder = ReliabilityData(matrix: [[1, 2, 3]])
        for data in [empty, oneCoder] {
            let result = KrippendorffAlpha.compute(data, level: .nominal)
            XCTAssertNil(result.alpha)
            XCTAssertEqual(result.pairableValueCount, 0)
        }
    }

    func testAlphaIgnoresOrderAndNamesOfValuesAtTheNominalLevel() throws {
        // Relabelling categories and shuffling rows must not change nominal α.
        let relabelled = ReliabilityData(unitCount: worked.unitCount, coderCount: worked.coderCount,
                                         units: worked.units.reversed(), coders: worked.coders.reversed(),
                                         values: worked.values.reversed().map { 100 - 7 * $0 })
        XCTAssertEqual(try XCTUnwrap(KrippendorffAlpha.compute(relabelled, level: .nominal).alpha),
                       0.743421052631579, accuracy: 1e-12)
    }

    func testFleissKappaOnTheTextbookTable() throws {
        // Ten subjects, fourteen raters, five categories (the example in Wikipedia's
        // "Fleiss' kappa"): P̄ = 0.378, P̄_e = 0.213, κ = 0.210.
        let table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                     [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
        XCTAssertEqual(try XCTUnwrap(FleissKappa.compute(counts: table)), 0.20993070442195522, accuracy: 1e-12)
    }

    func testFleissKappaNeedsEqualRatingsPerSubject() {
        XCTAssertNil(FleissKappa.compute(counts: [[2, 0], [1, 2]]))
        XCTAssertNil(FleissKappa.compute(counts: [[1, 0], [0, 1]]), "one rating per subject")
        XCTAssertNil(FleissKappa.compute(counts: [[3, 0], [3, 0]]), "one category only")
        XCTAssertNil(FleissKappa.compute(counts: []))
        XCTAssertEqual(FleissKappa.compute(counts: [[3, 0], [0, 3]]), 1)
        XCTAssertNil(FleissKappa.compute(worked), "the worked example has missing values")
        XCTAssertNotNil(FleissKappa.compute(ReliabilityData(matrix: [[1, 2, 2], [1, 2, 1]])))
    }

    func testCohensKappaOnTheTextbookTable() throws {
        // 50 subjects: both yes 20, yes/no 5, no/yes 10, both no 15. p_o = 0.7, p_e = 0.5.
        let first = [Int32](repeating: 1, count: 25) + [Int32](repeating: 0, count: 25)
        let second = [Int32](repeating: 1, count: 20) + [Int32](repeating: 0, count: 5)
            + [Int32](repeating: 1, count: 10) + [Int32](repeating: 0, count: 15)
        XCTAssertEqual(try XCTUnwrap(CohensKappa.compute(first: first, second: second, categoryCount: 2)),
                       0.4, accuracy: 1e-12)
        XCTAssertNil(CohensKappa.compute(first: [0, 0], second: [0, 0], categoryCount: 1))
        XCTAssertNil(CohensKappa.compute(first: [], second: [], categoryCount: 2))
    }

    func testCohensKappaFromReliabilityDataUsesUnitsBothCoded() throws {
        let data = ReliabilityData(matrix: [[1, 1, 2, 2, nil], [1, 2, 2, 2, 1]])
        // Units 0–3: agreement 3/4; marginals (½, ½) and (¼, ¾): p_e = ½; κ = 0.5.
        XCTAssertEqual(try XCTUnwrap(CohensKappa.compute(data)), 0.5, accuracy: 1e-12)
        XCTAssertNil(CohensKappa.compute(worked), "four coders")
    }
}
