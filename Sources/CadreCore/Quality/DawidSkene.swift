import Foundation

/// Dawid–Skene aggregation: every worker has a confusion matrix π_w[j][l] = P(worker says l |
/// true class j), classes have priors p_j, and expectation–maximisation finds both together
/// with each task's posterior (A. P. Dawid and A. M. Skene, "Maximum Likelihood Estimation
/// of Observer Error-Rates Using the EM Algorithm", Applied Statistics 28(1), 1979).
///
/// EM starts from majority-vote shares (the paper's suggestion), then alternates the M-step
/// (the paper's equations 2.3 and 2.4, with `smoothing` added to every count, so a worker
/// who never used a class does not get probability zero for it and one slip cannot send a
/// log-likelihood to −∞) and the E-step (equation 2.5). It stops when the log-likelihood
/// changes by less than `tolerance` per label, or after `maxIterations`.
public struct DawidSkene: Sendable {
    /// Pseudo-count added to every confusion-matrix cell and class prior.
    public var smoothing: Double
    public var maxIterations: Int
    /// Convergence threshold on |Δ log-likelihood| divided by the number of labels.
    public var tolerance: Double
    /// Pseudo-answers added to every worker's diagonal cells: a prior that a worker is more
    /// often right than wrong, worth this many answers per true class. 0 is the paper's model.
    public var diagonalPrior: Double

    public init(smoothing: Double = 0.01, diagonalPrior: Double = 0, maxIterations: Int = 100, tolerance: Double = 1e-7) {
        precondition(smoothing > 0, "smoothing must be positive")
        precondition(diagonalPrior >= 0, "the diagonal prior cannot be negative")
        self.smoothing = smoothing
        self.diagonalPrior = diagonalPrior
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Fits the model.
    /// - Complexity: O(iterations × (labels + tasks + workers × classes) × classes).
    public func fit(_ labels: CrowdLabels) -> DawidSkeneResult {
        let k = labels.classCount, workerCount = labels.workerCount
        let sorted = TaskSortedLabels(labels)
        var posteriors = MajorityVote.aggregate(labels).posteriors
        var priors = [Double](repeating: 0, count: k)
        // The E-step reads π_w[·][l][j] for j = 0..<k in its inner loop, so cells are stored
        // given-label-major: logConfusion[(w * k + l) * k + j].
        var logConfusion = [Double](repeating: 0, count: workerCount * k * k)
        var logLikelihood = -Double.infinity
        var iterations = 0
        var converged = false
        let labelledTasks = Double(sorted.labelledTaskCount)

        while iterations < maxIterations {
            iterations += 1
            // M-step.
            var classMass = [Double](repeating: smoothing, count: k)
            var counts = [Double](repeating: smoothing, count: workerCount * k * k)
            if diagonalPrior > 0 {
                for w in 0..<workerCount { for c in 0..<k { counts[(w * k + c) * k + c] += diagonalPrior } }
            }
            sorted.accumulate(posteriors, classCount: k, into: &counts, classMass: &classMass)
            for c in 0..<k { priors[c] = classMass[c] / (labelledTasks + Double(k) * smoothing) }
            var rowTotals = [Double](repeating: 0, count: k)
            for w in 0..<workerCount {
                for c in 0..<k { rowTotals[c] = 0 }
                for l in 0..<k { for c in 0..<k { rowTotals[c] += counts[(w * k + l) * k + c] } }
                for l in 0..<k {
                    for c in 0..<k {
                        let cell = (w * k + l) * k + c
                        logConfusion[cell] = log(counts[cell] / rowTotals[c])
                    }
                }
            }
            // E-step.
            let logPriors = priors.map { log($0) }
            let total = sorted.expectation(logConfusion: logConfusion, logPriors: logPriors, into: &posteriors)
            let change = abs(total - logLikelihood)
            logLikelihood = total
            if change <= tolerance * Double(max(labels.count, 1)) {
                converged = true
                break
            }
        }

        var confusion = [Double](repeating: 0, count: workerCount * k * k)
        for w in 0..<workerCount {
            for l in 0..<k {
                for c in 0..<k { confusion[(w * k + c) * k + l] = exp(logConfusion[(w * k + l) * k + c]) }
            }
        }
        return DawidSkeneResult(
            consensus: sorted.consensus(posteriors: posteriors, classCount: k),
            classPriors: priors, confusion: confusion, iterations: iterations,
            logLikelihood: logLikelihood, converged: converged)
    }
}

/// What Dawid–Skene learned.
public struct DawidSkeneResult: Sendable, Equatable {
    public var consensus: Consensus
    /// P(true class = j), estimated from the posteriors.
    public var classPriors: [Double]
    /// Row-stochastic confusion matrices: `confusion[(w * k + j) * k + l]` is the probability
    /// that worker `w` says `l` when the true class is `j`.
    public var confusion: [Double]
    public var iterations: Int
    /// The marginal log-likelihood of the labels under the final parameters.
    public var logLikelihood: Double
    public var converged: Bool

    /// P(worker says `givenClass` | true class is `trueClass`).
    public func confusion(worker: Int, trueClass: Int, givenClass: Int) -> Double {
        let k = classPriors.count
        return confusion[(worker * k + trueClass) * k + givenClass]
    }
}

/// The workers and classes of the labels reordered task by task, so EM streams through
/// memory instead of jumping around it.
struct TaskSortedLabels {
    var start: [Int]
    var workers: [Int32]
    var classes: [Int32]
    var labelledTaskCount: Int

    init(_ labels: CrowdLabels) {
        let groups = labels.groupedByTask()
        start = groups.start
        workers = groups.order.map { labels.workers[Int($0)] }
        classes = groups.order.map { labels.classes[Int($0)] }
        let start = groups.start
        labelledTaskCount = (0..<labels.taskCount).reduce(0) { $0 + (start[$1] < start[$1 + 1] ? 1 : 0) }
    }

    /// The most probable class of each labelled task (the lowest code among equals).
    func consensus(posteriors: [Double], classCount k: Int) -> Consensus {
        let taskCount = start.count - 1
        var labels = [Int32](repeating: Consensus.noLabel, count: taskCount)
        var confidence = [Double](repeating: 0, count: taskCount)
        for task in 0..<taskCount where start[task] < start[task + 1] {
            var best = 0
            for c in 1..<max(k, 1) where posteriors[task * k + c] > posteriors[task * k + best] { best = c }
            labels[task] = Int32(best)
            confidence[task] = posteriors[task * k + best]
        }
        return Consensus(classCount: k, labels: labels, confidence: confidence, posteriors: posteriors)
    }

    /// The M-step's sufficient statistics: each task's posterior row added to its class mass
    /// and to the (worker, given label) cell of `counts`.
    func accumulate(_ posteriors: [Double], classCount k: Int, into counts: inout [Double], classMass: inout [Double]) {
        posteriors.withUnsafeBufferPointer { posterior in
            counts.withUnsafeMutableBufferPointer { counts in
                workers.withUnsafeBufferPointer { workers in
                    classes.withUnsafeBufferPointer { classes in
                        for task in 0..<(start.count - 1) where start[task] < start[task + 1] {
                            let row = task * k
                            for c in 0..<k { classMass[c] += posterior[row + c] }
                            for i in start[task]..<start[task + 1] {
                                let cell = (Int(workers[i]) * k + Int(classes[i])) * k
                                for c in 0..<k { counts[cell + c] += posterior[row + c] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The E-step (Dawid and Skene 1979, equation 2.5): each task's posterior from the
    /// priors and the confusion cells of its labels, stored given-label-major. Returns the
    /// log-likelihood of all labels.
    func expectation(logConfusion: [Double], logPriors: [Double], into posteriors: inout [Double]) -> Double {
        let k = logPriors.count
        var total = 0.0
        var scores = [Double](repeating: 0, count: k)
        logConfusion.withUnsafeBufferPointer { confusion in
            workers.withUnsafeBufferPointer { workers in
                classes.withUnsafeBufferPointer { classes in
                    for task in 0..<(start.count - 1) where start[task] < start[task + 1] {
                        for c in 0..<k { scores[c] = logPriors[c] }
                        for i in start[task]..<start[task + 1] {
                            let cell = (Int(workers[i]) * k + Int(classes[i])) * k
                            for c in 0..<k { scores[c] += confusion[cell + c] }
                        }
                        total += Self.normalise(&scores, into: &posteriors, at: task * k)
                    }
                }
            }
        }
        return total
    }

    /// Turns unnormalised log-probabilities into probabilities stored at `output[offset...]`,
    /// returning their log-sum-exp (the task's log-likelihood). Subtracting the maximum keeps
    /// `exp` from underflowing when a task has many labels.
    @inline(__always)
    static func normalise(_ scores: inout [Double], into output: inout [Double], at offset: Int) -> Double {
        var top = -Double.infinity
        for s in scores where s > top { top = s }
        var sum = 0.0
        for c in scores.indices {
            let e = exp(scores[c] - top)
            output[offset + c] = e
            sum += e
        }
        for c in scores.indices { output[offset + c] /= sum }
        return top + log(sum)
    }
}
