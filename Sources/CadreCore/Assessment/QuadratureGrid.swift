import Foundation

/// The population distribution of ability assumed before any response is seen.
public enum AbilityPrior: Sendable, Hashable, Codable {
    /// A normal prior; the standard normal is the usual choice for a calibrated scale.
    case normal(mean: Double, standardDeviation: Double)
    /// A flat prior over the grid, which makes EAP the posterior mean of the likelihood alone.
    case uniform

    /// The standard normal prior N(0, 1), the scale on which calibration fixes ability.
    public static let standardNormal = AbilityPrior.normal(mean: 0, standardDeviation: 1)

    /// The prior density at `theta`, up to a constant factor.
    public func density(at theta: Double) -> Double {
        switch self {
        case let .normal(mean, sd):
            let z = (theta - mean) / sd
            return exp(-0.5 * z * z) / sd
        case .uniform:
            return 1
        }
    }
}

/// A quadrature rule on the ability scale: nodes and their integration weights.
///
/// Ability is integrated on an explicit, finite grid (Bock & Mislevy 1982) so that results can
/// be reproduced exactly against other implementations that state their grid.
public struct QuadratureGrid: Sendable, Hashable, Codable {
    /// Ability values at which the integrand is evaluated, in increasing order.
    public let nodes: [Double]
    /// Integration weight of each node (before any prior is applied).
    public let weights: [Double]

    /// Creates a grid from nodes and matching non-negative weights.
    /// - Precondition: `nodes.count == weights.count` and the grid is not empty.
    public init(nodes: [Double], weights: [Double]) {
        precondition(!nodes.isEmpty && nodes.count == weights.count, "grid needs one weight per node")
        self.nodes = nodes
        self.weights = weights
    }

    /// Number of nodes.
    public var count: Int { nodes.count }

    /// Equally spaced nodes with equal weights (rectangle rule).
    ///
    /// `uniform(count: 41, lower: -6, upper: 6)` is the grid on which results are compared
    /// with catsim's EAP estimator.
    public static func uniform(count: Int = 41, lower: Double = -6, upper: Double = 6) -> QuadratureGrid {
        precondition(count >= 2 && upper > lower, "a uniform grid needs at least two nodes on a proper interval")
        let step = (upper - lower) / Double(count - 1)
        let nodes = (0..<count).map { lower + Double($0) * step }
        return QuadratureGrid(nodes: nodes, weights: Array(repeating: step, count: count))
    }

    /// The catsim grid: 41 equally spaced nodes on [−6, 6].
    public static let catsim = QuadratureGrid.uniform(count: 41, lower: -6, upper: 6)

    /// Gauss–Legendre nodes and weights mapped from [−1, 1] to `[lower, upper]`.
    ///
    /// Roots of the Legendre polynomial are found by Newton's method from the Tricomi starting
    /// values `cos(π(i − ¼)/(n + ½))` (Press et al., *Numerical Recipes*, routine `gauleg`;
    /// Abramowitz & Stegun 25.4.29). girth's MML routines integrate on this rule, by default
    /// with 41 nodes on [−4.5, 4.5]: `girth` below.
    public static func gaussLegendre(count: Int = 41, lower: Double = -4.5, upper: Double = 4.5) -> QuadratureGrid {
        precondition(count >= 1 && upper > lower, "a Gauss–Legendre grid needs nodes on a proper interval")
        var roots = [Double](repeating: 0, count: count)
        var unitWeights = [Double](repeating: 0, count: count)
        let n = Double(count)
        for i in 0..<(count + 1) / 2 {
            var x = cos(Double.pi * (Double(i) + 0.75) / (n + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                // Three-term recurrence for P_n(x); P_n' follows from P_n and P_{n−1}.
                var p0 = 1.0, p1 = 0.0
                for j in 1...count {
                    let p2 = p1
                    p1 = p0
                    p0 = ((2 * Double(j) - 1) * x * p1 - (Double(j) - 1) * p2) / Double(j)
                }
                derivative = n * (x * p0 - p1) / (x * x - 1)
                let step = p0 / derivative
                x -= step
                if abs(step) < 1e-15 { break }
            }
            let weight = 2 / ((1 - x * x) * derivative * derivative)
            roots[i] = -x
            roots[count - 1 - i] = x
            unitWeights[i] = weight
            unitWeights[count - 1 - i] = weight
        }
        let half = (upper - lower) / 2, mid = (upper + lower) / 2
        return QuadratureGrid(nodes: roots.map { mid + half * $0 }, weights: unitWeights.map { half * $0 })
    }

    /// girth's default MML grid: 41 Gauss–Legendre nodes on [−4.5, 4.5].
    public static let girth = QuadratureGrid.gaussLegendre(count: 41, lower: -4.5, upper: 4.5)

    /// Weights times the prior density at each node, normalised to sum to one: the discrete
    /// prior mass the EAP and EM computations use.
    public func priorMass(_ prior: AbilityPrior) -> [Double] {
        var mass = zip(nodes, weights).map { node, weight in weight * prior.density(at: node) }
        let total = mass.reduce(0, +)
        precondition(total > 0, "the prior puts no mass on the grid")
        for k in mass.indices { mass[k] /= total }
        return mass
    }
}
