import Foundation

/// An ability estimate with its standard error, on the calibrated (standard normal) scale.
public struct AbilityEstimate: Sendable, Hashable, Codable {
    /// Estimated ability θ̂.
    public var theta: Double
    /// Standard error of θ̂ (the posterior standard deviation for EAP).
    public var standardError: Double

    /// Creates an estimate.
    public init(theta: Double, standardError: Double) {
        self.theta = theta
        self.standardError = standardError
    }

    /// Percentile of θ̂ in the calibrated population, `100 · Φ(θ̂)`.
    ///
    /// Calibration fixes the population at N(0, 1) (Bock & Aitkin 1981), so the standard normal
    /// distribution function is the population's distribution of ability.
    public var percentile: Double { Self.percentile(ofTheta: theta) }

    /// Percentile of an ability `theta` under the standard normal, `100 · Φ(θ)`, with
    /// `Φ(x) = ½ erfc(−x / √2)` (Abramowitz & Stegun 7.1.2).
    public static func percentile(ofTheta theta: Double) -> Double {
        100 * 0.5 * erfc(-theta / 2.0.squareRoot())
    }

    /// Lower end of the one-SE band, `θ̂ − SE`, which the decision policy compares to a cutoff.
    public var lowerBound: Double { theta - standardError }
    /// Upper end of the one-SE band, `θ̂ + SE`.
    public var upperBound: Double { theta + standardError }
}

extension AbilityEstimate {
    /// Expected a posteriori (EAP) ability and posterior standard deviation on an explicit grid
    /// (Bock & Mislevy 1982, "Adaptive EAP estimation of ability in a microcomputer
    /// environment", *Applied Psychological Measurement* 6):
    ///
    /// `θ̂ = Σₖ Xₖ L(Xₖ) W(Xₖ) / Σₖ L(Xₖ) W(Xₖ)`, `SE² = Σₖ (Xₖ − θ̂)² L(Xₖ) W(Xₖ) / Σₖ L(Xₖ) W(Xₖ)`,
    ///
    /// where `W` is the grid weight times the prior density and `L` the likelihood of the
    /// responses. With no responses this is the prior's mean and SD on the grid. EAP is finite
    /// for all-correct and all-wrong patterns, where maximum likelihood diverges; that is why the
    /// interview uses it from the first item on.
    /// - Complexity: O(responses × grid nodes).
    public static func expectedAPosteriori(
        responses: [ScoredResponse],
        grid: QuadratureGrid = .catsim,
        prior: AbilityPrior = .standardNormal
    ) -> AbilityEstimate {
        var logPosterior = grid.priorMass(prior).map { $0 > 0 ? log($0) : -Double.infinity }
        // Log space: a long test multiplies many probabilities and would underflow otherwise.
        for response in responses {
            for k in grid.nodes.indices {
                let p = response.parameters.probabilityCorrect(at: grid.nodes[k])
                logPosterior[k] += log(max(response.correct ? p : 1 - p, .leastNormalMagnitude))
            }
        }
        return summarise(logPosterior: logPosterior, nodes: grid.nodes)
    }

    /// Posterior mean and SD from unnormalised log posterior masses at `nodes`.
    static func summarise(logPosterior: [Double], nodes: [Double]) -> AbilityEstimate {
        let peak = logPosterior.max() ?? 0
        var total = 0.0, first = 0.0
        var mass = [Double](repeating: 0, count: nodes.count)
        for k in nodes.indices {
            mass[k] = exp(logPosterior[k] - peak)
            total += mass[k]
            first += mass[k] * nodes[k]
        }
        let mean = first / total
        var second = 0.0
        for k in nodes.indices {
            let deviation = nodes[k] - mean
            second += mass[k] * deviation * deviation
        }
        return AbilityEstimate(theta: mean, standardError: (second / total).squareRoot())
    }
}
