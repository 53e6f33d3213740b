import Foundation

/// One stored answer, integer-coded for aggregation.
public struct AnswerRecord: Sendable, Equatable {
    public var task: Int32
    public var worker: Int32
    public var answer: JSONValue

    public init(task: Int32, worker: Int32, answer: JSONValue) {
        self.task = task
        self.worker = worker
        self.answer = answer
    }
}

/// The consensus of one task: the result in the template's own terms, and how sure it is.
public struct TaskConsensus: Sendable, Equatable {
    public var task: Int32
    public var result: JSONValue
    /// 0…1: the posterior probability of the result (categorical kinds) or agreement of the
    /// ratings around their mean.
    public var confidence: Double
    public var answers: Int
}

/// Everything aggregation learns about a project's answers in one pass.
public struct ConsensusReport: Sendable {
    public var method: String
    public var tasks: [TaskConsensus]
    /// Krippendorff's α over all answers: nominal for categories, interval for ratings.
    public var alpha: Double?
    /// Fleiss' κ, where every task has the same number of answers (else nil).
    public var kappa: Double? = nil
    /// Per worker: answers that agreed with the consensus, and answers on tasks with one.
    public var agreed: [Int]
    public var compared: [Int]
    /// The categories of categorical kinds, in code order (for confusion matrices).
    public var classNames: [String]
    /// Dawid–Skene confusion matrices, worker-major: [worker][true class][given class].
    public var confusion: [[[Double]]]
}

/// Consensus per task by each template's natural method (Dawid–Skene over the answer's
/// category for choices and labels; mean and spread for ratings). Free-text kinds
/// (demonstration, correction) have no consensus.
public enum ProjectConsensus {
    /// The delivered consensus trusts each expert's confusion matrix only as far as its
    /// answers support it: two pseudo-answers a true class that the expert got right. With
    /// the paper's model (0), an expert with a dozen answers that all matched the first
    /// majority vote is taken for infallible and outvotes two others; at three answers a task
    /// and 12–16 experts that cost 3–5 points against majority vote, and the prior gains
    /// them back and more (`ConsensusWithFewAnswersTests`). With hundreds of answers an
    /// expert, it changes nothing measurable. `cadre quality` keeps the paper's model, to
    /// match crowd-kit.
    public static let deliveredDiagonalPrior = 2.0

    public static func compute(kind: TemplateKind, taskCount: Int, workerCount: Int, answers: [AnswerRecord]) -> ConsensusReport {
        switch kind {
        case .demonstration, .correction:
            return ConsensusReport(method: "none", tasks: [], alpha: nil, agreed: [], compared: [], classNames: [], confusion: [])
        case .rating:
            return RatingConsensus.compute(taskCount: taskCount, workerCount: workerCount, answers: answers)
        case .ranking:
            // α and confusion over the best response; the order itself from Plackett–Luce.
            var report = categorical(kind: kind, taskCount: taskCount, workerCount: workerCount, answers: answers)
            RankingConsensus.apply(to: &report, taskCount: taskCount, answers: answers)
            return report
        default:
            return categorical(kind: kind, taskCount: taskCount, workerCount: workerCount, answers: answers)
        }
    }

    /// The category an answer falls in, for kinds aggregated as categories.
    static func category(_ kind: TemplateKind, _ answer: JSONValue) -> String? {
        switch kind {
        case .pairwise: return answer["choice"]?.stringValue
        case .classification: return answer["labels"]?.arrayValue.map { $0.compactMap(\.stringValue).sorted().joined(separator: "+") }
        case .ranking:
            guard let first = answer["ranking"]?.arrayValue?.first else { return nil }
            let best = first.arrayValue?.compactMap(\.intValue) ?? first.intValue.map { [$0] } ?? []
            return best.sorted().map(String.init).joined(separator: "+")
        case .trajectoryReview: return answer["success"]?.boolValue.map { $0 ? "success" : "failure" }
        default: return nil
        }
    }

    /// The category as the template states a result.
    static func result(_ kind: TemplateKind, _ category: String) -> JSONValue {
        let parts = category.split(separator: "+").map(String.init)
        switch kind {
        case .pairwise: return ["choice": .string(category)]
        case .classification: return ["labels": .array(parts.map(JSONValue.string))]
        case .ranking: return ["best": .array(parts.compactMap(Int.init).map(JSONValue.integer))]
        case .trajectoryReview: return ["success": .bool(category == "success")]
        default: return ["category": .string(category)]
        }
    }

    private static func categorical(kind: TemplateKind, taskCount: Int, workerCount: Int, answers: [AnswerRecord]) -> ConsensusReport {
        var classes = Interner()
        var tasks: [Int32] = [], workers: [Int32] = [], codes: [Int32] = []
        for record in answers {
            guard let category = category(kind, record.answer) else { continue }
            tasks.append(record.task)
            workers.append(record.worker)
            codes.append(classes.intern(category))
        }
        let classCount = max(classes.count, 1)
        let labels = CrowdLabels(taskCount: taskCount, workerCount: workerCount, classCount: classCount,
                                 tasks: tasks, workers: workers, classes: codes)
        let fit = DawidSkene(diagonalPrior: deliveredDiagonalPrior).fit(labels)
        let consensus = fit.consensus
        var counts = [Int](repeating: 0, count: taskCount)
        for task in tasks { counts[Int(task)] += 1 }
        // One result value per class, shared by every task with that consensus: a value per
        // task was a dictionary and an array each, tens of megabytes on a large project.
        let names = (0..<classes.count).map { classes.name(Int32($0)) }
        let resultOfClass = names.map { result(kind, $0) }
        let results: [TaskConsensus] = (0..<taskCount).compactMap { task in
            let label = consensus.labels[task]
            guard label != Consensus.noLabel else { return nil }
            return TaskConsensus(task: Int32(task), result: resultOfClass[Int(label)],
                                 confidence: consensus.confidence[task], answers: counts[task])
        }
        let agreement = consensus.agreement(of: labels)
        let reliability = ReliabilityData(unitCount: taskCount, coderCount: workerCount, units: tasks, coders: workers,
                                          values: codes.map(Double.init))
        let confusion = (0..<workerCount).map { worker in
            (0..<classCount).map { truth in (0..<classCount).map { given in fit.confusion(worker: worker, trueClass: truth, givenClass: given) } }
        }
        var report = ConsensusReport(
            method: "dawid-skene", tasks: results, alpha: KrippendorffAlpha.compute(reliability, level: .nominal).alpha,
            agreed: agreement.agreed, compared: agreement.labelled, classNames: names, confusion: confusion)
        report.kappa = FleissKappa.compute(reliability)
        return report
    }
}
