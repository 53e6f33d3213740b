@testable import CadreCore
import XCTest

final class ProjectConsensusTests: XCTestCase {
    func testPairwiseConsensusFollowsTheReliableMajority() {
        // Three workers on four tasks; worker 2 always disagrees.
        var answers: [AnswerRecord] = []
        let truth = ["A", "B", "A", "A"]
        for task in 0..<4 {
            answers.append(AnswerRecord(task: Int32(task), worker: 0, answer: ["choice": .string(truth[task]), "strength": 2]))
            answers.append(AnswerRecord(task: Int32(task), worker: 1, answer: ["choice": .string(truth[task]), "strength": 1]))
            answers.append(AnswerRecord(task: Int32(task), worker: 2, answer: ["choice": truth[task] == "A" ? "B" : "A", "strength": 3]))
        }
        let report = ProjectConsensus.compute(kind: .pairwise, taskCount: 4, workerCount: 3, answers: answers)
        XCTAssertEqual(report.method, "dawid-skene")
        XCTAssertEqual(report.tasks.map { $0.result["choice"]?.stringValue }, truth)
        XCTAssertTrue(report.tasks.allSatisfy { $0.confidence > 0.5 && $0.answers == 3 })
        XCTAssertEqual(report.agreed, [4, 4, 0])
        XCTAssertEqual(report.compared, [4, 4, 4])
        XCTAssertEqual(report.confusion.count, 3)
        XCTAssertNotNil(report.alpha)
    }

    func testTheSameLabelsGiveTheCoreDawidSkeneResultWithTheDeliveredPrior() {
        let answers = [
            AnswerRecord(task: 0, worker: 0, answer: ["labels": ["x"]]),
            AnswerRecord(task: 0, worker: 1, answer: ["labels": ["y"]]),
            AnswerRecord(task: 0, worker: 2, answer: ["labels": ["x"]]),
            AnswerRecord(task: 1, worker: 0, answer: ["labels": ["y"]]),
        ]
        let report = ProjectConsensus.compute(kind: .classification, taskCount: 3, workerCount: 3, answers: answers)
        let direct = DawidSkene(diagonalPrior: ProjectConsensus.deliveredDiagonalPrior).fit(CrowdLabels(taskCount: 3, workerCount: 3, classCount: 2, tasks: [0, 0, 0, 1], workers: [0, 1, 2, 0], classes: [0, 1, 0, 1]))
        XCTAssertEqual(report.tasks.map(\.task), [0, 1], "a task with no answers has no consensus")
        let names = ["x", "y"]
        for task in 0..<2 {
            XCTAssertEqual(report.tasks[task].result, ["labels": [.string(names[Int(direct.consensus.labels[task])])]])
            XCTAssertEqual(report.tasks[task].confidence, direct.consensus.confidence[task], accuracy: 1e-12)
        }
    }

    func testRatingsAggregateAsMeansWithSpread() {
        let answers = [
            AnswerRecord(task: 0, worker: 0, answer: ["scores": ["quality": 4, "tone": 2]]),
            AnswerRecord(task: 0, worker: 1, answer: ["scores": ["quality": 5, "tone": 2]]),
            AnswerRecord(task: 0, worker: 2, answer: ["scores": ["quality": 1, "tone": 2]]),
        ]
        let report = ProjectConsensus.compute(kind: .rating, taskCount: 1, workerCount: 3, answers: answers)
        XCTAssertEqual(report.tasks.first?.result["scores"]?["quality"]?.doubleValue ?? 0, 10.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(report.tasks.first?.result["spread"]?["tone"]?.doubleValue, 0)
        // Mean quality 10/3: worker 0 is within a point of it, the others are not.
        XCTAssertEqual(report.agreed, [1, 0, 0])
        XCTAssertEqual(report.compared, [1, 1, 1])
    }

    func testFreeTextKindsHaveNoConsensusAndEmptyInputIsFine() {
        XCTAssertTrue(ProjectConsensus.compute(kind: .demonstration, taskCount: 2, workerCount: 1, answers: [
            AnswerRecord(task: 0, worker: 0, answer: ["response": "text"]),
        ]).tasks.isEmpty)
        XCTAssertTrue(ProjectConsensus.compute(kind: .classification, taskCount: 0, workerCount: 0, answers: []).tasks.isEmpty)
    }
}

final class ModelAndRankingConsensusTests: XCTestCase {
    func testModelStrengthsFollowTheChoices() {
        let input: JSONValue = ["prompt": "q", "responses": [["model": "alpha", "content": "x"], ["model": "beta", "content": "y"]]]
        let swapped: JSONValue = ["prompt": "q", "responses": [["model": "beta", "content": "y"], ["model": "alpha", "content": "x"]]]
        var answered: [(input: JSONValue, answer: JSONValue)] = []
        for _ in 0..<6 { answered.append((input, ["choice": "A"])) }      // alpha wins
        for _ in 0..<2 { answered.append((swapped, ["choice": "A"])) }    // beta wins
        answered.append((input, ["choice": "both_bad"]))                  // says nothing
        answered.append((["prompt": "q", "responses": ["x", "y"]], ["choice": "A"]))  // no models
        let strengths = ModelStrengths.fromPairwise(answered)
        XCTAssertEqual(strengths.map(\.model), ["alpha", "beta"])
        XCTAssertEqual(strengths[0].score - strengths[1].score, log(3), accuracy: 0.05)
        XCTAssertEqual(strengths[0].comparisons, 8)
        XCTAssertTrue(strengths[0].lower < strengths[0].score && strengths[0].score < strengths[0].upper)
    }

    func testRankingsAggregateWithPlackettLuce() {
        let answers = [
            AnswerRecord(task: 0, worker: 0, answer: ["ranking": [[2], [0], [1]]]),
            AnswerRecord(task: 0, worker: 1, answer: ["ranking": [[2], [1], [0]]]),
            AnswerRecord(task: 0, worker: 2, answer: ["ranking": [[0], [2], [1]]]),
        ]
        let report = ProjectConsensus.compute(kind: .ranking, taskCount: 1, workerCount: 3, answers: answers)
        XCTAssertEqual(report.method, "plackett-luce")
        XCTAssertEqual(report.tasks.first?.result["best"], [2])
        XCTAssertEqual(report.tasks.first?.result["order"]?.arrayValue?.first, 2)
        XCTAssertEqual(report.tasks.first?.confidence ?? 0, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(report.agreed, [1, 1, 0])
    }
}
