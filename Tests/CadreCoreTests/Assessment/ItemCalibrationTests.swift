@testable import CadreCore
import XCTest

final class ItemCalibrationTests: XCTestCase {
    /// The reference calibration is run once and shared: it is the expensive part of the suite.
    private static let reference: Result<ItemCalibration, Error> = Result {
        let table = try ResponseTable(csv: AssessmentReference.text("responses.csv"))
        return ItemCalibration.estimate2PL(from: table)
    }

    private func compare(with file: String) throws -> (corrA: Double, corrB: Double) {
        let calibration = try Self.reference.get()
        let expected = try AssessmentReference.itemParameters(file)
        var ours: [(a: Double, b: Double)] = [], theirs: [(a: Double, b: Double)] = []
        for (index, id) in calibration.itemIDs.enumerated() {
            let other = try XCTUnwrap(expected[id], "item \(id) missing from \(file)")
            ours.append((calibration.parameters[index].discrimination, calibration.parameters[index].difficulty))
            theirs.append(other)
        }
        XCTAssertEqual(ours.count, expected.count)
        return (AssessmentReference.correlation(ours.map(\.a), theirs.map(\.a)),
                AssessmentReference.correlation(ours.map(\.b), theirs.map(\.b)))
    }

    func testReferenceCalibrationAgreesWithGirth() throws {
        // setup / MUT
        let (corrA, corrB) = try compare(with: "responses_girth.csv")
        // validation
        XCTAssertGreaterThanOrEqual(corrA, 0.99)
        XCTAssertGreaterThanOrEqual(corrB, 0.99)
    }

    func testReferenceCalibrationIsTheSameEstimateAsGirthItemByItem() throws {
        // Same model, same grid, same bounds: beyond correlation, the numbers themselves agree
        // to well within their sampling error (about 0.05 for a and b here).
        let calibration = try Self.reference.get()
        let girth = try AssessmentReference.itemParameters("responses_girth.csv")
        for (index, id) in calibration.itemIDs.enumerated() {
            let theirs = try XCTUnwrap(girth[id])
            XCTAssertEqual(calibration.parameters[index].discrimination, theirs.a, accuracy: 0.02, id)
            XCTAssertEqual(calibration.parameters[index].difficulty, theirs.b, accuracy: 0.02, id)
        }
    }

    func testReferenceCalibrationRecoversTruthAtLeastAsWellAsGirth() throws {
        let (corrA, corrB) = try compare(with: "responses_truth.csv")
        let girthA = try AssessmentReference.reportFigure("responses", "girth_corr_a")
        let girthB = try AssessmentReference.reportFigure("responses", "girth_corr_b")
        // girth's own figures, with a hair of slack for the last digit of rounding.
        XCTAssertGreaterThanOrEqual(corrA, girthA - 0.001, "corr(a, truth) = \(corrA), girth \(girthA)")
        XCTAssertGreaterThanOrEqual(corrB, girthB - 0.001, "corr(b, truth) = \(corrB), girth \(girthB)")
    }

    func testReferenceCalibrationConvergesToFiniteEstimatesWithinBounds() throws {
        let calibration = try Self.reference.get()
        let options = CalibrationOptions()
        XCTAssertTrue(calibration.converged, "stopped after \(calibration.cycles) cycles")
        XCTAssertEqual(calibration.itemIDs.count, 40)
        XCTAssertEqual(calibration.responseCounts, Array(repeating: 2000, count: 40))
        XCTAssertTrue(calibration.marginalLogLikelihood.isFinite)
        for item in calibration.parameters {
            XCTAssertTrue(options.slopeBounds.contains(item.discrimination))
            XCTAssertTrue(options.difficultyBounds.contains(item.difficulty))
        }
    }

    func testAccelerationReachesTheSameEstimatesInFewerCycles() throws {
        let table = try ResponseTable(csv: AssessmentReference.text("responses.csv"))
        let accelerated = try Self.reference.get()
        // MUT
        let plain = ItemCalibration.estimate2PL(from: table, options: CalibrationOptions(accelerated: false))
        // validation
        XCTAssertTrue(plain.converged)
        XCTAssertLessThan(accelerated.cycles, plain.cycles)
        for (fast, slow) in zip(accelerated.parameters, plain.parameters) {
            XCTAssertEqual(fast.discrimination, slow.discrimination, accuracy: 0.005)
            XCTAssertEqual(fast.difficulty, slow.difficulty, accuracy: 0.005)
        }
        XCTAssertGreaterThanOrEqual(accelerated.marginalLogLikelihood, plain.marginalLogLikelihood - 0.5)
    }

    func testItemsEveryoneAnswersAlikeStayFiniteAtTheirBounds() {
        // setup: a normal item plus one always right and one always wrong
        var table = ResponseTable()
        var generator = SplitMix64(seed: 11)
        for person in 0..<300 {
            let theta = Double(person) / 50 - 3
            let p = ItemParameters(discrimination: 1.2, difficulty: 0).probabilityCorrect(at: theta)
            let draw = Double(generator.next() >> 11) / Double(1 << 53)
            table.append(person: "p\(person)", item: "mixed", correct: draw < p)
            table.append(person: "p\(person)", item: "easy", correct: true)
            table.append(person: "p\(person)", item: "impossible", correct: false)
        }
        // MUT
        let calibration = ItemCalibration.estimate2PL(from: table)
        // validation
        let options = CalibrationOptions()
        for item in calibration.parameters {
            XCTAssertTrue(item.discrimination.isFinite && item.difficulty.isFinite)
        }
        XCTAssertLessThan(calibration.parameters[1].difficulty, -3, "an item everyone gets right is very easy")
        XCTAssertGreaterThan(calibration.parameters[2].difficulty, 3, "an item no one gets right is very hard")
        XCTAssertGreaterThanOrEqual(calibration.parameters[1].difficulty, options.difficultyBounds.lowerBound)
        XCTAssertLessThanOrEqual(calibration.parameters[2].difficulty, options.difficultyBounds.upperBound)
    }

    func testSparseDesignRecoversSimulatedItems() {
        // setup: 1,500 simulees each answer a random half of 12 items
        var generator = SplitMix64(seed: 2024)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        let truth = (0..<12).map { ItemParameters(discrimination: 0.7 + Double($0 % 4) * 0.4, difficulty: Double($0) / 3 - 1.8) }
        var table = ResponseTable()
        for person in 0..<1500 {
            // Box–Muller for a standard normal ability.
            let theta = (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform())
            for (item, parameters) in truth.enumerated() where uniform() < 0.5 {
                table.append(person: "p\(person)", item: "i\(item)", correct: uniform() < parameters.probabilityCorrect(at: theta))
            }
        }
        // MUT
        let calibration = ItemCalibration.estimate2PL(from: table)
        // validation: items are coded in first-appearance order, so map back by id
        let order = calibration.itemIDs.map { Int($0.dropFirst())! }
        let estimatedB = calibration.parameters.map(\.difficulty)
        let estimatedA = calibration.parameters.map(\.discrimination)
        XCTAssertGreaterThan(AssessmentReference.correlation(estimatedB, order.map { truth[$0].difficulty }), 0.98)
        XCTAssertGreaterThan(AssessmentReference.correlation(estimatedA, order.map { truth[$0].discrimination }), 0.85)
    }

    func testEmptyTableCalibratesNothing() {
        let calibration = ItemCalibration.estimate2PL(from: ResponseTable())
        XCTAssertTrue(calibration.parameters.isEmpty)
        XCTAssertTrue(calibration.converged)
    }

    func testReadsResponseTablesAndReportsBadLines() throws {
        let table = try ResponseTable(csv: "person,item,correct\r\np1,q1,1\r\np2,q1,0\n\np1,q2,1\n")
        XCTAssertEqual(table.personIDs, ["p1", "p2"])
        XCTAssertEqual(table.itemIDs, ["q1", "q2"])
        XCTAssertEqual(table.persons, [0, 1, 0])
        XCTAssertEqual(table.items, [0, 0, 1])
        XCTAssertEqual(table.scores, [1, 0, 1])

        XCTAssertThrowsError(try ResponseTable(csv: "who,what\np1,q1,1\n")) { error in
            XCTAssertEqual(error as? AssessmentError, .malformedHeader(found: "who,what"))
        }
        XCTAssertThrowsError(try ResponseTable(csv: "person,item,correct\np1,q1,1\np1,q2,yes\n")) { error in
            XCTAssertEqual(error as? AssessmentError, .malformedLine(line: 3, reason: "correct must be 0 or 1, found \"yes\""))
        }
        XCTAssertThrowsError(try ResponseTable(csv: "person,item,correct\np1,1\n")) { error in
            guard case .malformedLine(line: 2, _)? = error as? AssessmentError else { return XCTFail("\(error)") }
        }
    }
}
