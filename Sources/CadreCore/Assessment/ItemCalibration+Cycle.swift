/// The 2PL item parameters of a calibration in slope–intercept form, as the EM iteration's
/// state vector.
struct SlopeIntercepts: Sendable, Equatable {
    var slopes: [Double]
    var intercepts: [Double]
}

/// One Bock–Aitkin EM cycle seen as a map from parameters to parameters, which is what both
/// the plain iteration and its SQUAREM acceleration need.
struct CalibrationCycle {
    struct Outcome {
        /// Parameters after the cycle.
        var next: SlopeIntercepts
        /// Marginal log-likelihood at the parameters the cycle started from.
        var logLikelihood: Double
        /// Largest change of any calibrated item's `a` or `b`.
        var largestChange: Double
    }

    let responses: PersonMajorResponses
    let nodes: [Double]
    let logPrior: [Double]
    /// Items with at least one response; the others keep their start values.
    let calibrated: [Bool]
    let options: CalibrationOptions

    /// E-step at `point`, then the M-step for every item with responses.
    func step(_ point: SlopeIntercepts) -> Outcome {
        let expected = responses.expectedCounts(
            slopes: point.slopes, intercepts: point.intercepts, nodes: nodes,
            logPrior: logPrior, parallelism: options.parallelism
        )
        var next = point
        var largestChange = 0.0
        for item in calibrated.indices where calibrated[item] {
            let fitted = ItemCalibration.maximiseItem(
                expected: expected, item: item, nodes: nodes,
                start: (point.slopes[item], point.intercepts[item]), options: options
            )
            next.slopes[item] = fitted.slope
            next.intercepts[item] = fitted.intercept
            let before = ItemParameters(slope: point.slopes[item], intercept: point.intercepts[item])
            let after = ItemParameters(slope: fitted.slope, intercept: fitted.intercept)
            largestChange = max(largestChange, abs(after.discrimination - before.discrimination),
                                abs(after.difficulty - before.difficulty))
        }
        return Outcome(next: next, logLikelihood: expected.logLikelihood, largestChange: largestChange)
    }

    /// SQUAREM's extrapolation from `x₀` and two EM steps `x₁`, `x₂` (Varadhan & Roland 2008,
    /// scheme S3): `r = x₁ − x₀`, `v = x₂ − 2x₁ + x₀`, `α = −‖r‖/‖v‖` (at most −1),
    /// `x′ = x₀ − 2αr + α²v`, projected back onto the parameter bounds.
    func squaredExtrapolation(from x0: SlopeIntercepts, _ x1: SlopeIntercepts, _ x2: SlopeIntercepts) -> SlopeIntercepts {
        var rNorm = 0.0, vNorm = 0.0
        for item in calibrated.indices where calibrated[item] {
            for (a, b, c) in [(x0.slopes[item], x1.slopes[item], x2.slopes[item]),
                              (x0.intercepts[item], x1.intercepts[item], x2.intercepts[item])] {
                rNorm += (b - a) * (b - a)
                vNorm += (c - 2 * b + a) * (c - 2 * b + a)
            }
        }
        guard vNorm > 0 else { return x2 }
        let alpha = min(-(rNorm / vNorm).squareRoot(), -1)
        var result = x2
        for item in calibrated.indices where calibrated[item] {
            func extrapolate(_ a: Double, _ b: Double, _ c: Double) -> Double {
                a - 2 * alpha * (b - a) + alpha * alpha * (c - 2 * b + a)
            }
            let projected = ItemCalibration.project((
                extrapolate(x0.slopes[item], x1.slopes[item], x2.slopes[item]),
                extrapolate(x0.intercepts[item], x1.intercepts[item], x2.intercepts[item])
            ), options: options)
            result.slopes[item] = projected.slope
            result.intercepts[item] = projected.intercept
        }
        return result
    }
}
