import Foundation

/// One-coin Dawid–Skene: each worker has a single accuracy a_w, is right with probability
/// a_w and otherwise picks one of the other k − 1 classes uniformly.
///
/// With one parameter per worker instead of k², it suits sparse workers who gave too few
/// labels to fill a confusion matrix (the "one-coin" model of Y. Zhang, X. Chen, D. Zhou and
/// M. I. Jordan, "Spectral Methods Meet EM", JMLR 17, 2016, section 2; a constrained case of
/// Dawid and Skene 1979). EM as in `DawidSkene`: start from majority vote; the M-step sets
/// a_w = (expected correct + s) / (labels + 2s) with `smoothing` s; stop when the
/// log-likelihood changes by less than `tolerance` per label.
public struct OneCoinDawidSkene: Sendable {
    public var smoothing: Double
    public var maxIterations: Int
    public var tolerance: Double

    public init(smoothing: Double = 0.01, maxIterations: Int = 100, tolerance: Double = 1e-7) {
        precondition(smoothing > 0, "smoothing must be positive")
        self.smoothing = smoothing
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Fits the model.
    /// - Complexity: O(iterations × (labels + tasks × classes)).
    public func fit(_ labels: CrowdLabels) -> OneCoinResult {
        let k = labels.classCount, workerCount = labels.workerCount
        let sorted = TaskSortedLabels(labels)
        var posteriors = MajorityVote.aggregate(labels).posteriors
        guard k > 1 else {
            // A single class leaves nothing to be wrong about.
            return OneCoinResult(consensus: sorted.consensus(posteriors: posteriors, classCount: k),
                                 classPriors: k == 1 ? [1] : [], workerAccuracy: .init(repeating: 1, count: workerCount),
                                 iterations: 0, logLikelihood: 0, converged: true)
        }
        var priors = [Double](repeating: 0, count: k)
        var accuracy = [Double](repeating: 0, count: workerCount)
        var logLikelihood = -Double.infinity
        var iterations = 0
        var converged = false
        let labelledTasks = Double(sorted.labelledTaskCount)

        while iterations < maxIterations {
            iterations += 1
            // M-step: expected number of correct labels per worker.
            var classMass = [Double](repeating: smoothing, count: k)
            var correct = [Double](repeating: smoothing, count: workerCount)
            var given = [Double](repeating: 2 * smoothing, count: workerCount)
            for task in 0..<labels.taskCount where sorted.start[task] < sorted.start[task + 1] {
                for c in 0..<k { classMass[c] += posteriors[task * k + c] }
                for i in sorted.start[task]..<sorted.start[task + 1] {
                    let w = Int(sorted.workers[i])
                    correct[w] += posteriors[task * k + Int(sorted.classes[i])]
                    given[w] += 1
                }
            }
            for c in 0..<k { priors[c] = classMass[c] / (labelledTasks + Double(k) * smoothing) }
            for w in 0..<workerCount { accuracy[w] = correct[w] / given[w] }
            // E-step: a label adds log((1 − a)/(k − 1)) to every class and the log-odds of
            // being right to the class it names, so each label costs O(1).
            let logWrong = accuracy.map { log((1 - $0) / Double(k - 1)) }
            let logRightOverWrong = zip(accuracy, logWrong).map { log($0) - $1 }
            let logPriors = priors.map { log($0) }
            var total = 0.0
            var scores = [Double](repeating: 0, count: k)
            for task in 0..<labels.taskCount where sorted.start[task] < sorted.start[task + 1] {
                var shared = 0.0
                for c in 0..<k { scores[c] = logPriors[c] }
                for i in sorted.start[task]..<sorted.start[task + 1] {
                    let w = Int(sorted.workers[i])
                    shared += logWrong[w]
                    scores[Int(sorted.classes[i])] += logRightOverWrong[w]
                }
                total += shared + TaskSortedLabels.normalise(&scores, into: &posteriors, at: task * k)
            }
            let change = abs(total - logLikelihood)
            logLikelihood = total
            if change <= tolerance * Double(max(labels.count, 1)) {
                converged = true
                break
            }
        }
        return OneCoinResult(consensus: sorted.consensus(posteriors: posteriors, classCount: k),
                             classPriors: priors, workerAccuracy: accuracy, iterations: iterations,
                             logLikelihood: logLikelihood, converged: converged)
    }
}

/// What one-coin Dawid–Skene learned.
public struct OneCoinResult: Sendable, Equatable {
    public var consensus: Consensus
    public var classPriors: [Double]
    /// P(worker gives the true class), per worker.
    public var workerAccuracy: [Double]
    public var iterations: Int
    public var logLikelihood: Double
    public var converged: Bool
}
