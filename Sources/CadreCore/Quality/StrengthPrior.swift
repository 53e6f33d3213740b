import Foundation

/// What keeps Bradley–Terry and Plackett–Luce strengths finite when the data alone do not
/// (an item that won or lost every comparison, or groups of items never compared with
/// each other).
public enum StrengthPrior: Sendable, Equatable {
    /// Every compared item also plays `weight` virtual games against a fixed reference item
    /// of strength 1, half won and half lost: a proper log-concave prior on the
    /// log-strength θ that acts like a ridge penalty (weight / 8)·θ² near 0. A small weight
    /// leaves the maximum-likelihood estimates all but unchanged.
    case virtualTies(weight: Double)
    /// The regularisation of Luce Spectral Ranking (L. Maystre and M. Grossglauser, "Fast
    /// and Accurate Inference of Plackett–Luce Models", NeurIPS 2015), as choix's
    /// `ilsr_pairwise(alpha:)` and `ilsr_rankings(alpha:)` apply it: every item gets rate α
    /// towards every other item in the Markov chain, so the fixed point solves
    /// W_i − γ_i D_i + α Σ_j (γ_j − γ_i) = 0 with the γ's arithmetic mean at 1. It is not the
    /// mode of any prior; use it to reproduce results computed with choix.
    case luceSpectral(alpha: Double)

    /// A vanishing prior: estimates equal the maximum-likelihood ones wherever those exist.
    public static let `default` = StrengthPrior.virtualTies(weight: 0.01)

    var isValid: Bool {
        switch self {
        case .virtualTies(let weight): weight > 0 && weight.isFinite
        case .luceSpectral(let alpha): alpha > 0 && alpha.isFinite
        }
    }

    /// One MM step (D. R. Hunter, Annals of Statistics 32(1), 2004): γ_i ← (wins + prior
    /// wins) / (denominator + prior denominator), with the data's part of the denominator
    /// already in `denominator`.
    func update(_ gamma: inout [Double], wins: [Double], denominator: [Double], compared: [Bool]) {
        switch self {
        case .virtualTies(let weight):
            for i in gamma.indices where compared[i] {
                gamma[i] = (wins[i] + weight / 2) / (denominator[i] + weight / (gamma[i] + 1))
            }
        case .luceSpectral(let alpha):
            var total = 0.0, m = 0.0
            for i in gamma.indices where compared[i] { total += gamma[i]; m += 1 }
            for i in gamma.indices where compared[i] {
                gamma[i] = (wins[i] + alpha * total) / (denominator[i] + alpha * m)
            }
            // choix holds the weights at arithmetic mean 1 between iterations, and the
            // spectral term is not scale-free, so the fixed point depends on that choice.
            var mean = 0.0
            for i in gamma.indices where compared[i] { mean += gamma[i] }
            mean /= max(m, 1)
            for i in gamma.indices where compared[i] { gamma[i] /= mean }
        }
    }

    /// The prior's contribution to the diagonal of the information matrix of item `i`:
    /// the curvature of the virtual games, or the diagonal of the spectral term's Jacobian,
    /// α(m − 1)γ_i.
    func curvature(_ gamma: Double, comparedCount m: Int) -> Double {
        switch self {
        case .virtualTies(let weight): weight * gamma / ((gamma + 1) * (gamma + 1))
        case .luceSpectral(let alpha): alpha * Double(m - 1) * gamma
        }
    }
}
