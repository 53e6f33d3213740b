import XCTest
@testable import CadreCore

/// The core against `shared/reference`: crowd-kit's Dawid–Skene, choix's Bradley–Terry and
/// the krippendorff package's α on the same files.
final class ReferenceComparisonTests: XCTestCase {
    func testDawidSkeneIsAtLeastAsAccurateAsCrowdKitAndAgreesWithIt() throws {
        // setup
        let table = try LabelTable.parse(csv: try ReferenceData.bytes("labels.csv"))
        let truth = try ReferenceData.column("labels_truth.csv")
        let crowdKit = try ReferenceData.column("labels_crowdkit_ds.csv")
        let crowdKitAccuracy = try ReferenceData.reported("labels", "crowdkit_ds_accuracy")

        // MUT
        let result = DawidSkene().fit(table.labels)

        // validation
        XCTAssertTrue(result.converged)
        var correct = 0, same = 0
        for task in 0..<table.labels.taskCount {
            let name = table.taskNames.name(Int32(task))
            let label = table.classNames[Int(result.consensus.labels[task])]
            if truth[name] == label { correct += 1 }
            if crowdKit[name] == label { same += 1 }
        }
        XCTAssertEqual(truth.count, table.labels.taskCount)
        XCTAssertGreaterThanOrEqual(Double(correct) / Double(truth.count), crowdKitAccuracy)
        XCTAssertGreaterThanOrEqual(Double(same) / Double(crowdKit.count), 0.99)
    }

    func testOneCoinAndMajorityBeatChanceOnReferenceLabels() throws {
        let table = try LabelTable.parse(csv: try ReferenceData.bytes("labels.csv"))
        let truth = try ReferenceData.column("labels_truth.csv")
        let mvAccuracy = try ReferenceData.reported("labels", "crowdkit_mv_accuracy")
        for method in [AggregationMethod.majority, .oneCoin] {
            let consensus = QualityAnalysis.consensus(table.labels, method: method)
            let correct = (0..<table.labels.taskCount).filter { task in
                truth[table.taskNames.name(Int32(task))] == table.classNames[Int(consensus.labels[task])]
            }.count
            // Ties broken by reliability should do no worse than crowd-kit's random ties.
            XCTAssertGreaterThanOrEqual(Double(correct) / Double(truth.count), mvAccuracy, "\(method)")
        }
    }

    func testBradleyTerryMatchesChoix() throws {
        // setup: choix's reference was computed by ilsr_pairwise with alpha = 0.01.
        let table = try ComparisonTable.parse(csv: try ReferenceData.bytes("pairs.csv"))
        let choix = try ReferenceData.column("pairs_choix.csv").mapValues { Double($0)! }

        // MUT
        let spectral = BradleyTerry(prior: .luceSpectral(alpha: 0.01)).fit(table.comparisons)
        let likelihood = BradleyTerry().fit(table.comparisons)

        // validation
        XCTAssertTrue(spectral.converged)
        XCTAssertTrue(likelihood.converged)
        var ours: [Double] = [], theirs: [Double] = [], nearMLE: [Double] = []
        for item in 0..<table.comparisons.itemCount {
            let name = table.itemNames.name(Int32(item))
            let expected = try XCTUnwrap(choix[name])
            let score = try XCTUnwrap(spectral.strengths[item]).score
            XCTAssertEqual(score, expected, accuracy: 0.02, name)
            ours.append(score)
            theirs.append(expected)
            nearMLE.append(try XCTUnwrap(likelihood.strengths[item]).score)
        }
        XCTAssertEqual(choix.count, table.comparisons.itemCount)
        XCTAssertGreaterThanOrEqual(spearman(ours, theirs), 0.999)
        XCTAssertGreaterThanOrEqual(spearman(nearMLE, theirs), 0.999)
    }

    func testMaximumLikelihoodScoresSolveTheScoreEquations() throws {
        let data = try ComparisonTable.parse(csv: try ReferenceData.bytes("pairs.csv")).comparisons
        let fit = BradleyTerry(prior: .virtualTies(weight: 1e-6)).fit(data)
        let theta = fit.strengths.map { $0!.score }
        var gradient = [Double](repeating: 0, count: data.itemCount)
        for c in 0..<data.count {
            let (a, b) = (Int(data.winners[c]), Int(data.losers[c]))
            let p = 1 / (1 + exp(theta[b] - theta[a]))
            gradient[a] += 1 - p
            gradient[b] -= 1 - p
        }
        XCTAssertLessThan(gradient.map(abs).max()!, 1e-4)
        XCTAssertTrue(fit.exactStandardErrors)
        XCTAssertTrue(fit.strengths.allSatisfy { $0!.standardError > 0.1 && $0!.standardError < 0.5 })
    }

    func testKrippendorffAlphaMatchesTheKrippendorffPackage() throws {
        let bytes = try ReferenceData.bytes("ratings.csv")
        for level in [MeasurementLevel.nominal, .ordinal, .interval] {
            let data = try RatingTable.parse(csv: bytes, level: level).data
            let alpha = try XCTUnwrap(KrippendorffAlpha.compute(data, level: level).alpha)
            XCTAssertEqual(alpha, try ReferenceData.reported("ratings", "alpha_\(level.rawValue)"), accuracy: 1e-6, "\(level)")
        }
    }
}
