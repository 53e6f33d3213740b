@testable import CadreServer
import XCTest

/// `cadre simulate` as a regression test of the whole loop: hidden truth in, work over HTTP,
/// aggregation, snapshots and a week's pay out, and the truth recovered.
final class SimulationTests: XCTestCase {
    func testASmallMarketplaceRecoversItsTruthAndPaysForEveryAcceptedAnswer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cadre-sim-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = CadreRuntime.SimulationOptions()
        // Large enough that the run's own chance (the interview's item choice, which task each
        // expert is handed) cannot sink the figures: ~8 of 30 are hired, each model is compared ~30 times.
        options.candidates = 30
        options.tasks = 60
        options.models = 4
        let report = try await CadreRuntime.simulate(options, directory: directory)

        XCTAssertEqual(report.hired + report.referred, 30, "every candidate is decided or referred")
        XCTAssertGreaterThanOrEqual(report.hired, 3, report.description)
        XCTAssertGreaterThanOrEqual(report.hiringPrecision, 0.5, report.description)
        XCTAssertEqual(report.answersSubmitted, 2 * 60 * 3, "every task of both projects gets its three answers")
        XCTAssertEqual(report.acceptedAnswers, report.answersSubmitted)
        XCTAssertGreaterThanOrEqual(report.majorityAccuracy, 0.75, report.description)
        // The delivered consensus (Dawid–Skene with its prior, `ConsensusWithFewAnswersTests`)
        // holds to the same bar at three answers a task and this few experts.
        XCTAssertGreaterThanOrEqual(report.consensusAccuracy, 0.75, report.description)
        XCTAssertEqual(report.modelsRanked, 4)
        XCTAssertGreaterThanOrEqual(report.strengthRankCorrelation, 0.4, report.description)
        XCTAssertEqual(report.expertPayMinor, Int64(report.acceptedAnswers) * Marketplace.payPerAnswerMinor, "a week's work is accrued whole")
        XCTAssertEqual(report.chargeMinor, report.expertPayMinor * 12 / 10, "plus the 20 % platform fee")
        XCTAssertEqual(report.ledgerProblems, [])
    }

    func testSpearmanRanksWithTies() {
        XCTAssertEqual(SimulationReport.spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1, accuracy: 1e-12)
        XCTAssertEqual(SimulationReport.spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1, accuracy: 1e-12)
        XCTAssertEqual(SimulationReport.spearman([1, 1, 2, 3], [1, 2, 3, 4]), 0.9486832980505138, accuracy: 1e-12)
    }
}
