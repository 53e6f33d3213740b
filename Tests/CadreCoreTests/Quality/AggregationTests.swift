import XCTest
@testable import CadreCore

final class AggregationTests: XCTestCase {
    /// Labels from (task, worker, class) triples.
    private func labels(_ rows: [(Int32, Int32, Int32)], tasks: Int? = nil, workers: Int? = nil,
                        classes: Int? = nil) -> CrowdLabels {
        CrowdLabels(taskCount: tasks ?? Int((rows.map(\.0).max() ?? -1) + 1),
                    workerCount: workers ?? Int((rows.map(\.1).max() ?? -1) + 1),
                    classCount: classes ?? Int((rows.map(\.2).max() ?? -1) + 1),
                    tasks: rows.map(\.0), workers: rows.map(\.1), classes: rows.map(\.2))
    }

    func testMajorityVoteTakesThePluralityWithItsShare() {
        let data = labels([(0, 0, 1), (0, 1, 1), (0, 2, 0), (1, 0, 2), (1, 1, 2), (1, 2, 2)])
        let consensus = MajorityVote.aggregate(data)
        XCTAssertEqual(consensus.labels, [1, 2])
        XCTAssertEqual(consensus.confidence[0], 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(consensus.confidence[1], 1)
        XCTAssertEqual(consensus.posterior(task: 0, classCode: 0), 1.0 / 3, accuracy: 1e-12)
    }

    func testMajorityVoteBreaksTiesByWorkerReliabilityThenByClassCode() {
        // Workers 0 and 1 agree with the majority on tasks 0–2; worker 2 never does. On task 3
        // worker 1 (reliable) says class 2 and worker 2 says class 0: class 2 must win even
        // though class 0 has the lower code.
        var rows: [(Int32, Int32, Int32)] = []
        for task in Int32(0)..<3 { rows += [(task, 0, 1), (task, 1, 1), (task, 2, 0)] }
        rows += [(3, 1, 2), (3, 2, 0)]
        let data = labels(rows)
        XCTAssertEqual(MajorityVote.aggregate(data).labels[3], 2)
        // Given reliabilities override the estimate; equal ones fall back to the lowest code.
        XCTAssertEqual(MajorityVote.aggregate(data, workerReliability: [1, 0.1, 0.9]).labels[3], 0)
        XCTAssertEqual(MajorityVote.aggregate(data, workerReliability: [1, 1, 1]).labels[3], 0)
    }

    func testEmptyInputGivesEmptyConsensusForEveryMethod() {
        let data = labels([], tasks: 0, workers: 0, classes: 0)
        for method in AggregationMethod.allCases {
            let consensus = QualityAnalysis.consensus(data, method: method)
            XCTAssertEqual(consensus.labels, [], "\(method)")
        }
    }

    func testUnlabelledTaskHasNoLabelAndSingleLabelTaskTakesIt() {
        let data = labels([(0, 0, 1), (0, 1, 1), (2, 1, 0)], tasks: 3, workers: 2, classes: 2)
        for method in AggregationMethod.allCases {
            let consensus = QualityAnalysis.consensus(data, method: method)
            XCTAssertEqual(consensus.labels[1], Consensus.noLabel, "\(method)")
            XCTAssertEqual(consensus.labels[0], 1, "\(method)")
            XCTAssertEqual(consensus.labels[2], 0, "\(method)")
        }
    }

    func testOneWorkerIsTakenAtTheirWord() {
        let classes: [Int32] = [0, 1, 2, 1, 0, 2, 2]
        let data = labels(classes.enumerated().map { (Int32($0.offset), 0, $0.element) })
        XCTAssertEqual(DawidSkene().fit(data).consensus.labels, classes)
        XCTAssertEqual(OneCoinDawidSkene().fit(data).consensus.labels, classes)
    }

    func testOneClassGivesCertainty() {
        let data = labels([(0, 0, 0), (0, 1, 0), (1, 1, 0)])
        for result in [DawidSkene().fit(data).consensus, OneCoinDawidSkene().fit(data).consensus] {
            XCTAssertEqual(result.labels, [0, 0])
            XCTAssertEqual(result.confidence, [1, 1])
        }
    }

    func testAllAgreeGivesHighConfidenceAndFullAgreement() {
        var rows: [(Int32, Int32, Int32)] = []
        for task in Int32(0)..<20 { for worker in Int32(0)..<3 { rows.append((task, worker, task % 2)) } }
        let data = labels(rows)
        let result = DawidSkene().fit(data)
        XCTAssertTrue(result.converged)
        XCTAssertEqual(result.consensus.labels, (0..<20).map { Int32($0 % 2) })
        XCTAssertTrue(result.consensus.confidence.allSatisfy { $0 > 0.999 })
        let agreement = result.consensus.agreement(of: data)
        XCTAssertEqual((0..<3).map { agreement.rate($0) }, [1, 1, 1])
    }

    func testAllDisagreeIsSymmetricAndUncertain() {
        // Three workers, three classes, every task gets each class once.
        var rows: [(Int32, Int32, Int32)] = []
        for task in Int32(0)..<9 { for worker in Int32(0)..<3 { rows.append((task, worker, (task + worker) % 3)) } }
        let data = labels(rows)
        let majority = MajorityVote.aggregate(data)
        XCTAssertTrue(majority.confidence.allSatisfy { abs($0 - 1.0 / 3) < 1e-12 })
        let posteriors = DawidSkene().fit(data).consensus.posteriors
        XCTAssertTrue(posteriors.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        for task in 0..<9 {
            XCTAssertEqual(posteriors[(task * 3)..<(task * 3 + 3)].reduce(0, +), 1, accuracy: 1e-9)
        }
    }

    func testDawidSkeneDiscountsWorkersWhoAlwaysGiveOneClass() {
        // Five honest workers at 75% and four who always answer class 0. Majority vote then
        // calls most class-1 and class-2 tasks class 0; Dawid–Skene learns that a "0" from
        // those four says nothing.
        var random = SyntheticCrowd.Generator(seed: 11)
        var rows: [(Int32, Int32, Int32)] = []
        var truth: [Int32] = []
        for task in Int32(0)..<600 {
            let trueClass = Int32.random(in: 0..<3, using: &random)
            truth.append(trueClass)
            for worker in Int32(0)..<5 {
                let right = Double.random(in: 0..<1, using: &random) < 0.75
                rows.append((task, worker, right ? trueClass : (trueClass + Int32.random(in: 1...2, using: &random)) % 3))
            }
            for worker in Int32(5)..<9 { rows.append((task, worker, 0)) }
        }
        let data = labels(rows)
        func accuracy(_ consensus: Consensus) -> Double {
            Double(zip(consensus.labels, truth).filter { $0 == $1 }.count) / Double(truth.count)
        }
        let majority = accuracy(MajorityVote.aggregate(data))
        XCTAssertLessThan(majority, 0.7)
        // The delivered prior (two right answers a class) is nothing against 600 answers.
        for prior in [0, ProjectConsensus.deliveredDiagonalPrior] {
            let result = DawidSkene(diagonalPrior: prior).fit(data)
            XCTAssertGreaterThan(accuracy(result.consensus), 0.85)
            // The spammers' confusion rows put almost all mass on class 0 whatever the truth.
            XCTAssertGreaterThan(result.confusion(worker: 5, trueClass: 2, givenClass: 0), 0.98)
            XCTAssertEqual(result.confusion(worker: 0, trueClass: 1, givenClass: 1), 0.75, accuracy: 0.06)
        }
    }

    func testTheDiagonalPriorCountsAsRightAnswersOfEveryWorker() {
        // Worker 2 gave no labels: its confusion is the prior alone, (s + d) / (d + k·s) on
        // the diagonal. Worker 1's lone dissent no longer makes it certain to dissent.
        let data = labels([(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 0, 0)], workers: 3, classes: 2)
        let (s, d) = (0.01, 2.0)
        let result = DawidSkene(smoothing: s, diagonalPrior: d).fit(data)
        for truth in 0..<2 {
            XCTAssertEqual(result.confusion(worker: 2, trueClass: truth, givenClass: truth), (s + d) / (d + 2 * s), accuracy: 1e-12)
        }
        XCTAssertLessThan(result.confusion(worker: 1, trueClass: 0, givenClass: 1), 0.5)
        XCTAssertGreaterThan(DawidSkene().fit(data).confusion(worker: 1, trueClass: 0, givenClass: 1), 0.5, "without the prior it is taken at its word")
    }

    func testOneCoinLearnsWorkerAccuracy() throws {
        let generated = SyntheticCrowd.labels(tasks: 2_000, workers: 20, classes: 4, labelsPerTask: 5, seed: 3)
        let table = try LabelTable.parse(csv: generated.labels)
        let result = OneCoinDawidSkene().fit(table.labels)
        let truth = try QualityAnalysis.accuracy(of: table.csv(for: result.consensus), truth: generated.truth)
        let majority = try QualityAnalysis.accuracy(of: table.csv(for: MajorityVote.aggregate(table.labels)),
                                                     truth: generated.truth)
        XCTAssertTrue(result.converged)
        XCTAssertGreaterThanOrEqual(truth, majority)
        XCTAssertTrue(result.workerAccuracy.allSatisfy { $0 > 0.4 && $0 < 1 })
    }

    func testAgreementWithConsensusCountsOnlyLabelledTasks() {
        let data = labels([(0, 0, 1), (0, 1, 1), (0, 2, 0), (1, 2, 1)], tasks: 2, workers: 4, classes: 2)
        let agreement = MajorityVote.aggregate(data).agreement(of: data)
        XCTAssertEqual(agreement.agreed, [1, 1, 1, 0])
        XCTAssertEqual(agreement.labelled, [1, 1, 2, 0])
        XCTAssertEqual(agreement.rate(2), 0.5)
        XCTAssertNil(agreement.rate(3))
    }
}
