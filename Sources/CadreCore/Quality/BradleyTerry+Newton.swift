import Foundation

/// Newton's method on the Bradley–Terry log-posterior in θ = log γ, used with the
/// virtual-ties prior.
///
/// Hunter's MM steps are safe but slow for strong and weak items: for an item that wins a
/// share p of its games, the error shrinks only by about a factor 1 − p(1 − p)/p per step, so
/// thousands of steps are needed on realistic data. Newton converges quadratically. The
/// Hessian is a weighted graph Laplacian (weight p_a·p_b per comparison) plus the prior's
/// diagonal, which is positive definite, so each step is solved by conjugate gradients with
/// a Jacobi preconditioner (J. Nocedal and S. J. Wright, Numerical Optimization, 2nd ed.,
/// algorithms 5.3 and 7.1), touching only the comparison list: O(comparisons) per product.
extension BradleyTerry {
    struct NewtonFit {
        var theta: [Double]
        var iterations: Int
        var converged: Bool
    }

    func newtonFit(_ data: PairwiseComparisons, wins: [Double], compared: [Bool], weight: Double) -> NewtonFit {
        let n = data.itemCount, c = data.count
        var theta = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: n)
        var diagonal = [Double](repeating: 0, count: n)
        var priorDiagonal = [Double](repeating: 0, count: n)
        var curvature = [Double](repeating: 0, count: c)
        var objective = logPosterior(data, theta: theta, wins: wins, compared: compared, weight: weight)
        var iterations = 0, converged = false
        var initialNorm: Double?
        while iterations < maxIterations && !converged {
            iterations += 1
            // Gradient W_i − Σ_c p_i(c) and Hessian weights p_a·p_b, prior included.
            for i in 0..<n where compared[i] {
                let s = 1 / (1 + exp(-theta[i]))
                gradient[i] = wins[i] + weight * (0.5 - s)
                priorDiagonal[i] = weight * s * (1 - s)
                diagonal[i] = priorDiagonal[i]
            }
            for k in 0..<c {
                let a = Int(data.winners[k]), b = Int(data.losers[k])
                let pa = 1 / (1 + exp(theta[b] - theta[a]))
                let q = pa * (1 - pa)
                curvature[k] = q
                gradient[a] -= pa
                gradient[b] -= 1 - pa
                diagonal[a] += q
                diagonal[b] += q
            }
            // Inexact Newton (S. C. Eisenstat and H. F. Walker, SIAM J. Sci. Comput. 17, 1996):
            // solve loosely while far from the optimum, tightly near it.
            let norm = sqrt(gradient.reduce(0) { $0 + $1 * $1 })
            initialNorm = initialNorm ?? norm
            let forcing = min(0.1, norm / max(initialNorm!, .leastNormalMagnitude))
            var step = conjugateGradient(data, curvature: curvature, diagonal: diagonal, priorDiagonal: priorDiagonal,
                                         rightHandSide: gradient, relativeTolerance: max(forcing, 1e-10), compared: compared)
            // Backtrack while the step would lower the log-posterior; Newton from θ = 0 can
            // overshoot for items that (nearly) always win.
            var scale = 1.0
            var candidate = theta
            for _ in 0..<40 {
                for i in 0..<n where compared[i] { candidate[i] = theta[i] + scale * step[i] }
                let value = logPosterior(data, theta: candidate, wins: wins, compared: compared, weight: weight)
                if value >= objective - 1e-12 * abs(objective) {
                    objective = value
                    break
                }
                scale /= 2
            }
            for i in 0..<n where compared[i] { step[i] *= scale }
            theta = candidate
            var mean = 0.0, m = 0.0
            for i in 0..<n where compared[i] { mean += step[i]; m += 1 }
            mean /= max(m, 1)
            var change = 0.0
            for i in 0..<n where compared[i] { change = max(change, abs(step[i] - mean)) }
            // Newton's error after a full step is of the order of the step squared, so a
            // step whose square is below the tolerance leaves nothing worth another pass.
            converged = change < tolerance || (scale == 1 && change * change < tolerance)
        }
        return NewtonFit(theta: theta, iterations: iterations, converged: converged)
    }

    /// Σ_c log P(outcome c) plus the virtual games; a tie scores half of each outcome.
    private func logPosterior(_ data: PairwiseComparisons, theta: [Double], wins: [Double],
                              compared: [Bool], weight: Double) -> Double {
        // log σ(d) = −softplus(−d), written to stay finite for large |d|.
        func logSigmoid(_ d: Double) -> Double { d >= 0 ? -log1p(exp(-d)) : d - log1p(exp(d)) }
        var total = 0.0
        for i in theta.indices where compared[i] {
            total += weight / 2 * (logSigmoid(theta[i]) + logSigmoid(-theta[i]))
        }
        let hasTies = !data.ties.isEmpty
        for k in 0..<data.count {
            let d = theta[Int(data.winners[k])] - theta[Int(data.losers[k])]
            total += hasTies && data.ties[k] ? 0.5 * (logSigmoid(d) + logSigmoid(-d)) : logSigmoid(d)
        }
        return total
    }

    /// Solves H x = g for the Laplacian-plus-diagonal H, to a residual of `relativeTolerance`·|g|.
    private func conjugateGradient(_ data: PairwiseComparisons, curvature: [Double], diagonal: [Double],
                                   priorDiagonal: [Double], rightHandSide g: [Double], relativeTolerance: Double,
                                   compared: [Bool]) -> [Double] {
        let n = g.count
        var x = [Double](repeating: 0, count: n)
        var r = g
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n where compared[i] { z[i] = r[i] / diagonal[i] }
        var p = z
        var product = [Double](repeating: 0, count: n)
        var rz = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
        let target = relativeTolerance * relativeTolerance * max(g.reduce(0) { $0 + $1 * $1 }, .leastNormalMagnitude)
        for _ in 0..<max(n, 1) {
            // product = H p: the prior's part of the diagonal plus the Laplacian.
            for i in 0..<n { product[i] = priorDiagonal[i] * p[i] }
            data.winners.withUnsafeBufferPointer { winners in
                data.losers.withUnsafeBufferPointer { losers in
                    for k in 0..<winners.count {
                        let a = Int(winners[k]), b = Int(losers[k])
                        let t = curvature[k] * (p[a] - p[b])
                        product[a] += t
                        product[b] -= t
                    }
                }
            }
            let pHp = zip(p, product).reduce(0) { $0 + $1.0 * $1.1 }
            guard pHp > 0 else { break }
            let step = rz / pHp
            var residual = 0.0
            for i in 0..<n {
                x[i] += step * p[i]
                r[i] -= step * product[i]
                residual += r[i] * r[i]
            }
            if residual <= target { break }
            for i in 0..<n where compared[i] { z[i] = r[i] / diagonal[i] }
            let next = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
            for i in 0..<n { p[i] = z[i] + next / rz * p[i] }
            rz = next
        }
        return x
    }
}
