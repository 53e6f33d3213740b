import Foundation

extension ItemCalibration {
    /// The M-step for one item: maximise the expected complete-data log-likelihood
    /// `Σₖ r̄ₖ ln σ(aXₖ + d) + (n̄ₖ − r̄ₖ) ln σ(−(aXₖ + d))` over slope `a` and intercept `d`
    /// by Newton–Raphson (Bock & Aitkin 1981; Baker & Kim 2004, ch. 6).
    ///
    /// The gradient is `Σ (r̄ − n̄P)(Xₖ, 1)` and the Hessian `−Σ n̄PQ (Xₖ, 1)(Xₖ, 1)ᵀ`, which is
    /// negative definite whenever the counts cover two nodes. Each step is projected onto the
    /// bounds and halved until the objective does not decrease, so every M-step is an ascent
    /// step and EM keeps its monotone likelihood.
    static func maximiseItem(
        expected: ExpectedCounts, item: Int, nodes: [Double],
        start: (slope: Double, intercept: Double), options: CalibrationOptions
    ) -> (slope: Double, intercept: Double) {
        let correct = nodes.indices.map { expected.correct(item: item, node: $0) }
        let total = nodes.indices.map { correct[$0] + expected.incorrect(item: item, node: $0) }
        let objective = ItemObjective(
            nodes: nodes, correct: correct, total: total,
            logSlopePriorVariance: options.logSlopePriorStandardDeviation.map { $0 * $0 }
        )
        var current = project(start, options: options)
        var value = objective.value(current)
        for _ in 0..<20 {
            let (gradient, hessian) = objective.derivatives(current)
            // Solve H·δ = −g for the 2×2 system; a tiny ridge guards a singular H.
            let h11 = hessian.aa - 1e-10, h22 = hessian.dd - 1e-10, h12 = hessian.ad
            let determinant = h11 * h22 - h12 * h12
            guard determinant > 0 else { break }
            let stepSlope = -(h22 * gradient.a - h12 * gradient.d) / determinant
            let stepIntercept = -(h11 * gradient.d - h12 * gradient.a) / determinant
            var scale = 1.0
            var accepted = false
            for _ in 0..<30 {
                let candidate = project(
                    (current.slope + scale * stepSlope, current.intercept + scale * stepIntercept),
                    options: options
                )
                let candidateValue = objective.value(candidate)
                if candidateValue >= value - 1e-12 * abs(value) {
                    let moved = abs(candidate.slope - current.slope) + abs(candidate.intercept - current.intercept)
                    current = candidate
                    value = candidateValue
                    accepted = moved > 1e-10
                    break
                }
                scale /= 2
            }
            if !accepted { break }
        }
        return current
    }

    /// Clamps `a` and `b = −d/a` into their bounds.
    static func project(_ point: (slope: Double, intercept: Double), options: CalibrationOptions) -> (slope: Double, intercept: Double) {
        let slope = min(max(point.slope, options.slopeBounds.lowerBound), options.slopeBounds.upperBound)
        let difficulty = min(max(-point.intercept / slope, options.difficultyBounds.lowerBound), options.difficultyBounds.upperBound)
        return (slope, -slope * difficulty)
    }
}

/// The M-step objective for one item: expected log-likelihood plus the optional log-slope prior.
private struct ItemObjective {
    let nodes: [Double]
    let correct: [Double]
    let total: [Double]
    let logSlopePriorVariance: Double?

    func value(_ point: (slope: Double, intercept: Double)) -> Double {
        var sum = 0.0
        for k in nodes.indices {
            let z = point.slope * nodes[k] + point.intercept
            sum += correct[k] * PersonMajorResponses.logSigmoid(z)
                + (total[k] - correct[k]) * PersonMajorResponses.logSigmoid(-z)
        }
        if let variance = logSlopePriorVariance {
            let logSlope = log(point.slope)
            sum -= logSlope * logSlope / (2 * variance)
        }
        return sum
    }

    func derivatives(_ point: (slope: Double, intercept: Double)) -> (
        gradient: (a: Double, d: Double), hessian: (aa: Double, ad: Double, dd: Double)
    ) {
        var ga = 0.0, gd = 0.0, haa = 0.0, had = 0.0, hdd = 0.0
        for k in nodes.indices {
            let p = 1 / (1 + exp(-(point.slope * nodes[k] + point.intercept)))
            let residual = correct[k] - total[k] * p
            let weight = total[k] * p * (1 - p)
            ga += residual * nodes[k]
            gd += residual
            haa -= weight * nodes[k] * nodes[k]
            had -= weight * nodes[k]
            hdd -= weight
        }
        if let variance = logSlopePriorVariance {
            // The prior's exact curvature can change sign; its always-negative part keeps the
            // Newton matrix definite, and the line search keeps the step an ascent step.
            let slope = point.slope
            ga -= log(slope) / (slope * variance)
            haa -= 1 / (slope * slope * variance)
        }
        return ((ga, gd), (haa, had, hdd))
    }
}
