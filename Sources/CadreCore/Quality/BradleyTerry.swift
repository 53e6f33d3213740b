import Foundation

/// Bradley–Terry strengths from pairwise preferences: P(i beats j) = γ_i / (γ_i + γ_j)
/// (R. A. Bradley and M. E. Terry, Biometrika 39, 1952); a tie counts as half a win for
/// each side.
///
/// With the default virtual-ties prior the log-posterior is concave and is maximised by
/// Newton's method (`BradleyTerry+Newton.swift`). With `.luceSpectral(alpha:)` the
/// estimate is the fixed point of the minorise–maximise iteration of D. R. Hunter, "MM
/// algorithms for generalized Bradley–Terry models", Annals of Statistics 32(1), 2004,
/// equation (3), γ_i ← W_i / Σ_j n_ij / (γ_i + γ_j), with the prior's terms added.
///
/// A `StrengthPrior` keeps undefeated items finite and ties separate components of the
/// comparison graph together. The default is negligible against a few real comparisons, so
/// estimates match the maximum-likelihood ones; `.luceSpectral(alpha:)` reproduces choix.
///
/// Scores are log-strengths centred to mean 0 over compared items; standard errors come
/// from the Fisher information (see `StrengthInformation`).
public struct BradleyTerry: Sendable {
    public var prior: StrengthPrior
    public var maxIterations: Int
    /// Convergence threshold on the largest change of any centred log-strength.
    public var tolerance: Double
    /// Up to this many compared items standard errors use the full inverse information.
    public var exactCovarianceLimit: Int

    public init(prior: StrengthPrior = .default, maxIterations: Int = 10_000, tolerance: Double = 1e-9,
                exactCovarianceLimit: Int = 1_000) {
        precondition(prior.isValid, "the prior keeps undefeated items finite; its weight must be positive")
        self.prior = prior
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.exactCovarianceLimit = exactCovarianceLimit
    }

    /// Fits strengths.
    /// - Complexity: O(iterations × (comparisons + items)), where a Newton iteration makes
    ///   a few dozen passes over the comparisons; plus O(m³) for exact standard errors of
    ///   m ≤ `exactCovarianceLimit` compared items.
    public func fit(_ data: PairwiseComparisons) -> StrengthEstimates {
        let n = data.itemCount
        var wins = [Double](repeating: 0, count: n)
        var compared = [Bool](repeating: false, count: n)
        for i in 0..<data.count {
            let (a, b) = (Int(data.winners[i]), Int(data.losers[i]))
            compared[a] = true
            compared[b] = true
            if !data.ties.isEmpty && data.ties[i] {
                wins[a] += 0.5
                wins[b] += 0.5
            } else {
                wins[a] += 1
            }
        }
        var gamma: [Double]
        var iterations = 0, converged = false
        switch prior {
        case .virtualTies(let weight):
            let fit = newtonFit(data, wins: wins, compared: compared, weight: weight)
            gamma = fit.theta.map { exp($0) }
            (iterations, converged) = (fit.iterations, fit.converged)
        case .luceSpectral:
            // Not the mode of an objective, so not Newton: the MM fixed point is what choix
            // computes.
            gamma = [Double](repeating: 1, count: n)
            var denominator = [Double](repeating: 0, count: n)
            var previous = [Double](repeating: 0, count: n)
            while iterations < maxIterations && !converged {
                iterations += 1
                accumulateDenominators(data, gamma: gamma, into: &denominator)
                prior.update(&gamma, wins: wins, denominator: denominator, compared: compared)
                converged = Self.centredChange(gamma, compared: compared, previous: &previous) < tolerance
            }
        }

        var information = StrengthInformation(compared: compared, exactLimit: exactCovarianceLimit)
        for c in 0..<data.count {
            let a = Int(data.winners[c]), b = Int(data.losers[c])
            information.addPair(a, b, gamma[a], gamma[b])
        }
        for i in 0..<n where compared[i] {
            information.addDiagonal(i, prior.curvature(gamma[i], comparedCount: information.size))
        }
        return Self.estimates(gamma: gamma, compared: compared, information: information,
                              iterations: iterations, converged: converged)
    }

    /// Σ_j n_ij / (γ_i + γ_j) for every item: the data's part of the MM denominator.
    private func accumulateDenominators(_ data: PairwiseComparisons, gamma: [Double], into denominator: inout [Double]) {
        for i in denominator.indices { denominator[i] = 0 }
        data.winners.withUnsafeBufferPointer { winners in
            data.losers.withUnsafeBufferPointer { losers in
                gamma.withUnsafeBufferPointer { gamma in
                    denominator.withUnsafeMutableBufferPointer { denominator in
                        for c in 0..<winners.count {
                            let a = Int(winners[c]), b = Int(losers[c])
                            let share = 1 / (gamma[a] + gamma[b])
                            denominator[a] += share
                            denominator[b] += share
                        }
                    }
                }
            }
        }
    }

    /// Replaces `previous` with the centred log-strengths of `gamma` and returns the largest
    /// change. Centring makes the test blind to the common scale, which only the weak prior
    /// pins down and which drifts slowly.
    static func centredChange(_ gamma: [Double], compared: [Bool], previous: inout [Double]) -> Double {
        var mean = 0.0, m = 0
        for i in gamma.indices where compared[i] { mean += log(gamma[i]); m += 1 }
        mean /= Double(max(m, 1))
        var change = 0.0
        for i in gamma.indices where compared[i] {
            let centred = log(gamma[i]) - mean
            change = max(change, abs(centred - previous[i]))
            previous[i] = centred
        }
        return change
    }

    /// Centred scores and their standard errors; nil for items never compared.
    static func estimates(gamma: [Double], compared: [Bool], information: StrengthInformation,
                          iterations: Int, converged: Bool) -> StrengthEstimates {
        var previous = [Double](repeating: 0, count: gamma.count)
        _ = centredChange(gamma, compared: compared, previous: &previous)
        let errors = information.standardErrors()
        var strengths = [Strength?](repeating: nil, count: gamma.count)
        for i in gamma.indices where compared[i] {
            strengths[i] = Strength(score: previous[i], standardError: errors[information.index[i]])
        }
        return StrengthEstimates(strengths: strengths, iterations: iterations, converged: converged,
                                 exactStandardErrors: information.exact)
    }
}
