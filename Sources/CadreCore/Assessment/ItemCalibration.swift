import Foundation

/// Settings of marginal maximum likelihood calibration.
public struct CalibrationOptions: Sendable, Hashable, Codable {
    /// Grid on which ability is integrated out; girth's 41 Gauss–Legendre nodes on [−4.5, 4.5].
    public var grid: QuadratureGrid
    /// Population distribution of ability, which fixes the scale; standard normal.
    public var prior: AbilityPrior
    /// Upper limit on EM cycles.
    public var maximumCycles: Int
    /// EM stops when no item's `a` or `b` moves by more than this in a cycle.
    public var tolerance: Double
    /// Slopes are kept in this range. girth bounds the slope search to [0.25, 4] likewise:
    /// without it an item answered alike by everyone drives `a` to 0 or ∞.
    public var slopeBounds: ClosedRange<Double>
    /// Difficulties are kept in this range, so an item everyone answers correctly (or no one
    /// does) ends at a bound rather than at ±∞.
    public var difficultyBounds: ClosedRange<Double>
    /// Standard deviation of an optional normal prior on `ln a` (Mislevy 1986, "Bayes modal
    /// estimation in item response models", *Psychometrika* 51). `nil` gives plain MML, as girth
    /// does; a value such as 0.5 steadies slopes estimated from few responses.
    public var logSlopePriorStandardDeviation: Double?
    /// Whether EM iterations are accelerated by squared extrapolation (SQUAREM, Varadhan &
    /// Roland 2008, *Scandinavian Journal of Statistics* 35, scheme S3), with a fall-back to
    /// the plain EM step whenever the extrapolated point is less likely. EM for IRT converges
    /// slowly on large samples; this reaches the same fixed point in fewer cycles.
    public var accelerated: Bool
    /// Number of threads for the E-step; partial sums per thread are added in a fixed order, so
    /// the result does not depend on scheduling.
    public var parallelism: Int

    /// Creates options; see each property for its default.
    public init(
        grid: QuadratureGrid = .girth,
        prior: AbilityPrior = .standardNormal,
        maximumCycles: Int = 500,
        tolerance: Double = 1e-4,
        slopeBounds: ClosedRange<Double> = 0.25...4,
        difficultyBounds: ClosedRange<Double> = -6...6,
        logSlopePriorStandardDeviation: Double? = nil,
        accelerated: Bool = true,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.grid = grid
        self.prior = prior
        self.maximumCycles = maximumCycles
        self.tolerance = tolerance
        self.slopeBounds = slopeBounds
        self.difficultyBounds = difficultyBounds
        self.logSlopePriorStandardDeviation = logSlopePriorStandardDeviation
        self.accelerated = accelerated
        self.parallelism = max(1, parallelism)
    }
}

/// Item parameters estimated from a response table, with what a caller needs to judge them.
public struct ItemCalibration: Sendable, Hashable {
    /// Item identifiers, in the table's item code order.
    public var itemIDs: [String]
    /// Estimated 2PL parameters per item, in the same order.
    public var parameters: [ItemParameters]
    /// Number of responses per item; an item with none keeps the neutral start `a = 1, b = 0`.
    public var responseCounts: [Int]
    /// E-step and M-step cycles run (an accelerated iteration counts as three).
    public var cycles: Int
    /// Whether the tolerance was met before `maximumCycles`.
    public var converged: Bool
    /// Marginal log-likelihood at the start of the last cycle (Bock & Aitkin 1981).
    public var marginalLogLikelihood: Double
}

extension ItemCalibration {
    /// Calibrates 2PL items by marginal maximum likelihood with the EM algorithm
    /// (Bock & Aitkin 1981, "Marginal maximum likelihood estimation of item parameters:
    /// application of an EM algorithm", *Psychometrika* 46, 443–459).
    ///
    /// Each cycle's E-step computes, per quadrature node `Xₖ`, the expected number of persons
    /// `n̄ⱼₖ` answering item `j` and of those answering it correctly `r̄ⱼₖ`, from each person's
    /// posterior over the grid; the M-step then maximises, item by item,
    /// `Σₖ r̄ⱼₖ ln P(Xₖ) + (n̄ⱼₖ − r̄ⱼₖ) ln(1 − P(Xₖ))` by Newton steps in slope–intercept form
    /// `P = σ(aθ + d)` (Baker & Kim 2004, ch. 6), where the problem is better conditioned than
    /// in `(a, b)`. Missing responses are simply absent from the table.
    /// - Complexity: O(cycles × responses × grid nodes) time; O(items × grid nodes) memory
    ///   beyond the table.
    public static func estimate2PL(from table: ResponseTable, options: CalibrationOptions = CalibrationOptions()) -> ItemCalibration {
        let itemCount = table.itemIDs.count
        let grid = options.grid
        let responses = PersonMajorResponses(table)
        let logPrior = grid.priorMass(options.prior).map { $0 > 0 ? log($0) : -Double.infinity }
        var responseCounts = [Int](repeating: 0, count: itemCount)
        var correctCounts = [Int](repeating: 0, count: itemCount)
        for (item, score) in zip(table.items, table.scores) {
            responseCounts[Int(item)] += 1
            correctCounts[Int(item)] += Int(score)
        }
        let start = SlopeIntercepts(
            slopes: [Double](repeating: 1, count: itemCount),
            intercepts: (0..<itemCount).map { item -> Double in
                guard responseCounts[item] > 0 else { return 0 }
                // Start from the logit of the smoothed proportion correct: the intercept of a
                // unit-slope item with that proportion, close enough for EM to take over.
                let p = (Double(correctCounts[item]) + 0.5) / (Double(responseCounts[item]) + 1)
                return log(p / (1 - p))
            }
        )
        let cycle = CalibrationCycle(
            responses: responses, nodes: grid.nodes, logPrior: logPrior,
            calibrated: responseCounts.map { $0 > 0 }, options: options
        )
        var point = start, cycles = 0, converged = false, logLikelihood = -Double.infinity
        func run(_ from: SlopeIntercepts) -> CalibrationCycle.Outcome {
            cycles += 1
            return cycle.step(from)
        }
        while cycles < options.maximumCycles && !converged {
            let first = run(point)
            logLikelihood = first.logLikelihood
            guard options.accelerated, first.largestChange >= options.tolerance, cycles + 2 <= options.maximumCycles else {
                point = first.next
                converged = first.largestChange < options.tolerance
                continue
            }
            let second = run(first.next)
            logLikelihood = second.logLikelihood
            guard second.largestChange >= options.tolerance else {
                point = second.next
                converged = true
                continue
            }
            let extrapolated = cycle.squaredExtrapolation(from: point, first.next, second.next)
            let third = run(extrapolated)
            // Keep the extrapolation only if it is at least as likely as the first EM step's
            // result; otherwise fall back to the second plain EM step, so the likelihood
            // never drops from one iteration to the next.
            if third.logLikelihood.isFinite && third.logLikelihood >= second.logLikelihood {
                point = third.next
                logLikelihood = third.logLikelihood
                converged = third.largestChange < options.tolerance
            } else {
                point = second.next
            }
        }
        return ItemCalibration(
            itemIDs: table.itemIDs,
            parameters: (0..<itemCount).map { ItemParameters(slope: point.slopes[$0], intercept: point.intercepts[$0]) },
            responseCounts: responseCounts,
            cycles: cycles,
            converged: converged,
            marginalLogLikelihood: logLikelihood
        )
    }
}
