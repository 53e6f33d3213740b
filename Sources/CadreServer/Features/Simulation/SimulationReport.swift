import Foundation

/// How well a simulated marketplace recovered its hidden truth, and what it cost.
public struct SimulationReport: Sendable, CustomStringConvertible {
    public var candidates: Int
    /// Accepted by the domain's policy; they did all the work.
    public var hired: Int
    /// Left for a person to decide (below the cutoff, or flagged).
    public var referred: Int
    /// Of the hired, the share whose true ability is at or above the cutoff; and of those, the share hired.
    public var hiringPrecision: Double
    public var hiringRecall: Double
    public var tasksPerProject: Int
    public var answersPerTask: Int
    public var answersSubmitted: Int
    /// Share of classification items whose delivered consensus label is the true one.
    public var consensusAccuracy: Double
    /// The same for a plain majority vote of the same answers (ties to the first label), for comparison.
    public var majorityAccuracy: Double
    /// Spearman correlation between the models' true strengths and their delivered Bradley–Terry scores.
    public var strengthRankCorrelation: Double
    /// Models ranked, as delivered.
    public var modelsRanked: Int
    /// Posted to experts and charged to the client (expert cost plus the platform fee), in cents.
    public var expertPayMinor: Int64
    public var chargeMinor: Int64
    public var acceptedAnswers: Int
    /// What re-deriving the ledger from its entries found wrong (none when it balances).
    public var ledgerProblems: [String]

    public var platformFeeMinor: Int64 { chargeMinor - expertPayMinor }
    public var costPerAcceptedLabelMinor: Double { acceptedAnswers == 0 ? 0 : Double(chargeMinor) / Double(acceptedAnswers) }

    public var description: String {
        func money(_ minor: Int64) -> String { String(format: "$%.2f", Double(minor) / 100) }
        func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
        return """
            Marketplace: \(candidates) candidates interviewed, a classification and a pairwise project of \(tasksPerProject) tasks each, \(answersPerTask) answers per task
            Hiring:                      \(hired) accepted by the policy, \(referred) left to a person; precision \(percent(hiringPrecision)), recall \(percent(hiringRecall)) against true ability ≥ 0
            Answers submitted:           \(answersSubmitted) (accepted: \(acceptedAnswers))
            Consensus accuracy:          \(percent(consensusAccuracy)) of items (majority vote of the same answers: \(percent(majorityAccuracy)))
            Model ranking:               Spearman \(String(format: "%.3f", strengthRankCorrelation)) against the true strengths (\(modelsRanked) models)
            Cost per accepted label:     \(String(format: "$%.3f", costPerAcceptedLabelMinor / 100))
            Where the money went:        \(money(chargeMinor)) charged = \(money(expertPayMinor)) to experts + \(money(platformFeeMinor)) platform fee
            Ledger:                      \(ledgerProblems.isEmpty ? "balances" : ledgerProblems.joined(separator: "; "))
            """
    }

    /// Spearman's ρ: Pearson's correlation of the ranks (ties share their mean rank).
    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        func ranks(_ values: [Double]) -> [Double] {
            let order = values.indices.sorted { values[$0] < values[$1] }
            var result = [Double](repeating: 0, count: values.count)
            var start = 0
            while start < order.count {
                var end = start
                while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
                for position in start...end { result[order[position]] = Double(start + end) / 2 }
                start = end + 1
            }
            return result
        }
        let (rx, ry) = (ranks(x), ranks(y))
        let n = Double(x.count)
        let (mx, my) = (rx.reduce(0, +) / n, ry.reduce(0, +) / n)
        let covariance = zip(rx, ry).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let spread = sqrt(rx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) } * ry.reduce(0) { $0 + ($1 - my) * ($1 - my) })
        return spread == 0 ? 0 : covariance / spread
    }
}
