@testable import CadreServer
import CadreCore
import XCTest

/// The delivered consensus where Dawid–Skene is weakest: three answers a task, many experts
/// with a dozen answers each, faster experts answering more — a new project's first days.
/// Labels come from the simulation's hidden truth (accuracy rising with ability, each expert
/// with its own confusions), over fixed seeds, so the figures are the same on every run.
final class ConsensusWithFewAnswersTests: XCTestCase {
    private struct Outcome {
        var delivered = 0.0, majority = 0.0, paperModel = 0.0
    }

    /// Mean accuracy over `seeds` of the delivered consensus, majority vote and Dawid–Skene
    /// without the prior, against the hidden labels.
    private func accuracies(tasks: Int, experts: Int, seeds: Range<UInt64>) -> Outcome {
        var total = Outcome()
        for seed in seeds {
            var crowd = SimulatedCrowd(candidates: 40, tasks: tasks, models: 2, seed: seed)
            let hired = Array(crowd.candidates.indices.filter { crowd.candidates[$0].ability > -0.3 }.prefix(experts))
            // Faster experts answer more, as when the work loop hands tasks to whoever asks.
            let weights = hired.map { 1 / pow(crowd.candidates[$0].secondsPerTask, 2) }
            var records: [AnswerRecord] = []
            var codes = (tasks: [Int32](), workers: [Int32](), classes: [Int32]())
            for task in 0..<tasks {
                var chosen = Set<Int>()
                while chosen.count < 3 {
                    var draw = Double.random(in: 0..<weights.reduce(0, +), using: &crowd.random)
                    var pick = 0
                    while pick < weights.count - 1, draw >= weights[pick] { draw -= weights[pick]; pick += 1 }
                    chosen.insert(pick)
                }
                for worker in chosen.sorted() {
                    let label = SimulatedCrowd.labels.firstIndex(of: crowd.label(by: hired[worker], task: task))!
                    records.append(AnswerRecord(task: Int32(task), worker: Int32(worker), answer: ["labels": [.string(SimulatedCrowd.labels[label])]]))
                    codes.tasks.append(Int32(task)); codes.workers.append(Int32(worker)); codes.classes.append(Int32(label))
                }
            }
            let report = ProjectConsensus.compute(kind: .classification, taskCount: tasks, workerCount: hired.count, answers: records)
            let delivered = report.tasks.filter { $0.result["labels"]?[0]?.stringValue == SimulatedCrowd.labels[crowd.trueLabels[Int($0.task)]] }
            let labels = CrowdLabels(taskCount: tasks, workerCount: hired.count, classCount: SimulatedCrowd.labels.count,
                                     tasks: codes.tasks, workers: codes.workers, classes: codes.classes)
            let right = { (consensus: Consensus) in Double((0..<tasks).filter { Int(consensus.labels[$0]) == crowd.trueLabels[$0] }.count) }
            total.delivered += Double(delivered.count) / Double(tasks)
            total.majority += right(MajorityVote.aggregate(labels)) / Double(tasks)
            total.paperModel += right(DawidSkene().fit(labels).consensus) / Double(tasks)
        }
        let n = Double(seeds.count)
        return Outcome(delivered: total.delivered / n, majority: total.majority / n, paperModel: total.paperModel / n)
    }

    func testWithADozenAnswersAnExpertTheConsensusIsAtLeastAsGoodAsMajorityVote() {
        for experts in [12, 16] {
            let outcome = accuracies(tasks: 60, experts: experts, seeds: 0..<30)
            let figures = "\(experts) experts: delivered \(outcome.delivered), majority \(outcome.majority), paper's model \(outcome.paperModel)"
            XCTAssertGreaterThanOrEqual(outcome.delivered, outcome.majority, figures)
            XCTAssertGreaterThan(outcome.delivered, outcome.paperModel + 0.02, "the prior is what makes the difference: \(figures)")
        }
    }

    func testWithManyAnswersAnExpertTheConsensusBeatsMajorityVote() {
        let outcome = accuracies(tasks: 300, experts: 12, seeds: 0..<10)
        XCTAssertGreaterThan(outcome.delivered, outcome.majority + 0.01, "\(outcome)")
        XCTAssertGreaterThanOrEqual(outcome.delivered, outcome.paperModel - 0.005, "the prior costs nothing here: \(outcome)")
    }
}
