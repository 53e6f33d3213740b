import Foundation

/// Plackett–Luce strengths from full or partial rankings: a ranking is a sequence of
/// choices, the first item chosen from all ranked items with probability γ_i / Σ γ, the
/// next from those left, and so on (R. L. Plackett, Applied Statistics 24, 1975;
/// R. D. Luce, Individual Choice Behavior, 1959).
///
/// Fitted by Hunter's MM iteration (D. R. Hunter, Annals of Statistics 32(1), 2004,
/// section 5, equation (30)):
///
///     γ_i ← w_i / Σ_j Σ_{s : i still in stage s of ranking j} 1 / Σ_{t ≥ s} γ_{j(t)}
///
/// where w_i counts the stages at which item i was chosen. A ranking of two items is one
/// Bradley–Terry comparison. The prior, centring and standard errors are those of
/// `BradleyTerry`.
public struct PlackettLuce: Sendable {
    public var prior: StrengthPrior
    public var maxIterations: Int
    public var tolerance: Double
    public var exactCovarianceLimit: Int

    public init(prior: StrengthPrior = .default, maxIterations: Int = 10_000, tolerance: Double = 1e-9,
                exactCovarianceLimit: Int = 1_000) {
        precondition(prior.isValid, "the prior keeps undefeated items finite; its weight must be positive")
        self.prior = prior
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.exactCovarianceLimit = exactCovarianceLimit
    }

    /// Fits strengths. Rankings of a single item carry no comparison and are ignored.
    /// - Complexity: O(iterations × (ranked items + items)).
    public func fit(_ data: Rankings) -> StrengthEstimates {
        let n = data.itemCount
        var wins = [Double](repeating: 0, count: n)
        var compared = [Bool](repeating: false, count: n)
        for r in 0..<data.count where data.start[r + 1] - data.start[r] >= 2 {
            for position in data.start[r]..<data.start[r + 1] {
                let item = Int(data.items[position])
                compared[item] = true
                if position < data.start[r + 1] - 1 { wins[item] += 1 }
            }
        }
        var gamma = [Double](repeating: 1, count: n)
        var denominator = [Double](repeating: 0, count: n)
        var previous = [Double](repeating: 0, count: n)
        var stageTotals: [Double] = []
        var iterations = 0, converged = false
        while iterations < maxIterations && !converged {
            iterations += 1
            for i in 0..<n { denominator[i] = 0 }
            for r in 0..<data.count {
                let first = data.start[r], end = data.start[r + 1]
                let length = end - first
                guard length >= 2 else { continue }
                // Totals of the items still unchosen at each stage, from the last stage back.
                stageTotals.removeAll(keepingCapacity: true)
                var total = 0.0
                for position in stride(from: end - 1, through: first, by: -1) {
                    total += gamma[Int(data.items[position])]
                    stageTotals.append(total)
                }
                // The last item is never chosen from a set of more than itself, so the
                // running sum stops growing after stage length − 2.
                var running = 0.0
                for s in 0..<length {
                    if s < length - 1 { running += 1 / stageTotals[length - 1 - s] }
                    denominator[Int(data.items[first + s])] += running
                }
            }
            prior.update(&gamma, wins: wins, denominator: denominator, compared: compared)
            converged = BradleyTerry.centredChange(gamma, compared: compared, previous: &previous) < tolerance
        }

        var information = StrengthInformation(compared: compared, exactLimit: exactCovarianceLimit)
        for r in 0..<data.count where data.start[r + 1] - data.start[r] >= 2 {
            for stage in data.start[r]..<(data.start[r + 1] - 1) {
                information.addChoice(data.items[stage..<data.start[r + 1]], gammas: gamma)
            }
        }
        for i in 0..<n where compared[i] {
            information.addDiagonal(i, prior.curvature(gamma[i], comparedCount: information.size))
        }
        return BradleyTerry.estimates(gamma: gamma, compared: compared, information: information,
                                      iterations: iterations, converged: converged)
    }
}
