/// The agreed label of every task, with how sure the method is.
///
/// Row `t` of `posteriors` (`classCount` entries from `t * classCount`) is the probability of
/// each class for task `t`: the Dawid–Skene posterior, or the vote shares for majority vote.
/// `labels[t]` is `Consensus.noLabel` when task `t` has no labels at all.
public struct Consensus: Sendable, Equatable {
    /// The label of a task nobody labelled.
    public static let noLabel: Int32 = -1

    public var classCount: Int
    public var labels: [Int32]
    /// The posterior probability (or vote share) of the chosen label; 0 for unlabelled tasks.
    public var confidence: [Double]
    public var posteriors: [Double]

    public init(classCount: Int, labels: [Int32], confidence: [Double], posteriors: [Double]) {
        self.classCount = classCount
        self.labels = labels
        self.confidence = confidence
        self.posteriors = posteriors
    }

    /// The number of tasks.
    public var taskCount: Int { labels.count }

    /// The probability that `task` belongs to `classCode`.
    public func posterior(task: Int, classCode: Int) -> Double {
        posteriors[task * classCount + classCode]
    }

    /// How often each worker gave the consensus label, over the tasks that have one.
    public func agreement(of labels: CrowdLabels) -> WorkerAgreement {
        var agreed = [Int](repeating: 0, count: labels.workerCount)
        var labelled = [Int](repeating: 0, count: labels.workerCount)
        for i in 0..<labels.count {
            let consensus = self.labels[Int(labels.tasks[i])]
            guard consensus != Self.noLabel else { continue }
            let worker = Int(labels.workers[i])
            labelled[worker] += 1
            if labels.classes[i] == consensus { agreed[worker] += 1 }
        }
        return WorkerAgreement(agreed: agreed, labelled: labelled)
    }
}

/// Per worker, how many of their labels match the consensus, out of how many.
public struct WorkerAgreement: Sendable, Equatable {
    public var agreed: [Int]
    public var labelled: [Int]

    public init(agreed: [Int], labelled: [Int]) {
        self.agreed = agreed
        self.labelled = labelled
    }

    /// The share of `worker`'s labels that match the consensus, or nil if they gave none.
    public func rate(_ worker: Int) -> Double? {
        labelled[worker] == 0 ? nil : Double(agreed[worker]) / Double(labelled[worker])
    }
}

/// Majority vote: each task gets the class most of its labels name.
public enum MajorityVote {
    /// Aggregates by plurality. A tie goes to the tied class whose voters have the larger sum
    /// of reliabilities, then to the lowest class code, so the result is deterministic.
    ///
    /// - Parameter workerReliability: one weight per worker, used only to break ties (a
    ///   server passes gold accuracy). When nil, each worker's reliability is their agreement
    ///   with the untied majorities, smoothed by a uniform Beta(1, 1) prior:
    ///   (agreed + 1) / (labelled + 2).
    /// - Complexity: O(labels + tasks × classes).
    public static func aggregate(_ labels: CrowdLabels, workerReliability: [Double]? = nil) -> Consensus {
        precondition(workerReliability.map { $0.count == labels.workerCount } ?? true,
                     "one reliability per worker")
        let k = labels.classCount
        let groups = labels.groupedByTask()
        var posteriors = [Double](repeating: 0, count: labels.taskCount * k)
        var winners = [Int32](repeating: Consensus.noLabel, count: labels.taskCount)
        var confidence = [Double](repeating: 0, count: labels.taskCount)
        var tied: [Int] = []
        var counts = [Int](repeating: 0, count: k)
        for task in 0..<labels.taskCount {
            let range = groups.start[task]..<groups.start[task + 1]
            guard !range.isEmpty else { continue }
            for i in range { counts[Int(labels.classes[Int(groups.order[i])])] += 1 }
            var best = 0, bestCount = -1, ties = 0
            for c in 0..<k {
                posteriors[task * k + c] = Double(counts[c]) / Double(range.count)
                if counts[c] > bestCount { best = c; bestCount = counts[c]; ties = 0 }
                else if counts[c] == bestCount { ties += 1 }
                counts[c] = 0
            }
            winners[task] = Int32(best)
            confidence[task] = Double(bestCount) / Double(range.count)
            if ties > 0 { tied.append(task) }
        }
        guard !tied.isEmpty else {
            return Consensus(classCount: k, labels: winners, confidence: confidence, posteriors: posteriors)
        }

        let reliability = workerReliability ?? agreementReliability(labels, winners: winners, tied: tied)
        var weight = [Double](repeating: 0, count: k)
        for task in tied {
            let range = groups.start[task]..<groups.start[task + 1]
            for i in range {
                let label = Int(groups.order[i])
                weight[Int(labels.classes[label])] += reliability[Int(labels.workers[label])]
            }
            let top = confidence[task]
            var best = -1
            for c in 0..<k where posteriors[task * k + c] == top {
                if best < 0 || weight[c] > weight[best] { best = c }
            }
            winners[task] = Int32(best)
            for c in 0..<k { weight[c] = 0 }
        }
        return Consensus(classCount: k, labels: winners, confidence: confidence, posteriors: posteriors)
    }

    private static func agreementReliability(_ labels: CrowdLabels, winners: [Int32], tied: [Int]) -> [Double] {
        var isTied = [Bool](repeating: false, count: labels.taskCount)
        for task in tied { isTied[task] = true }
        var agreed = [Double](repeating: 1, count: labels.workerCount)
        var labelled = [Double](repeating: 2, count: labels.workerCount)
        for i in 0..<labels.count where !isTied[Int(labels.tasks[i])] {
            let worker = Int(labels.workers[i])
            labelled[worker] += 1
            if labels.classes[i] == winners[Int(labels.tasks[i])] { agreed[worker] += 1 }
        }
        return zip(agreed, labelled).map { $0 / $1 }
    }
}
