import Foundation

/// An expert's accuracy on gold tasks (tasks with known answers) as a Beta posterior.
///
/// With a Beta(a, b) prior and `correct` right out of `answered`, the posterior is
/// Beta(a + correct, b + answered − correct) (conjugacy of the beta–binomial model; see
/// A. Gelman et al., Bayesian Data Analysis, 3rd ed., section 2.4). Its mean is the
/// estimate; its lower quantile at 1 − `credibility` is a bound the accuracy exceeds with
/// that posterior probability, so a newcomer with 3 of 3 right is not ranked above a
/// veteran with 95 of 100.
public struct GoldAccuracy: Sendable, Equatable {
    public var correct: Int
    public var answered: Int
    public var priorCorrect: Double
    public var priorIncorrect: Double
    public var credibility: Double

    /// - Parameters:
    ///   - priorCorrect: a, pseudo-counts of right answers before any gold; 1 with
    ///     `priorIncorrect` 1 is the uniform prior.
    ///   - credibility: posterior probability that the accuracy is above `lowerBound`.
    public init(correct: Int, answered: Int, priorCorrect: Double = 1, priorIncorrect: Double = 1,
                credibility: Double = 0.95) {
        precondition(correct >= 0 && correct <= answered, "correct must lie in 0...answered")
        precondition(priorCorrect > 0 && priorIncorrect > 0, "Beta prior parameters must be positive")
        precondition(credibility > 0 && credibility < 1, "credibility must lie strictly between 0 and 1")
        self.correct = correct
        self.answered = answered
        self.priorCorrect = priorCorrect
        self.priorIncorrect = priorIncorrect
        self.credibility = credibility
    }

    /// The posterior's first parameter, a + correct.
    public var alpha: Double { priorCorrect + Double(correct) }
    /// The posterior's second parameter, b + answered − correct.
    public var beta: Double { priorIncorrect + Double(answered - correct) }

    /// The posterior mean, (a + correct) / (a + b + answered).
    public var mean: Double { alpha / (alpha + beta) }

    /// The posterior quantile at 1 − credibility.
    public var lowerBound: Double { IncompleteBeta.quantile(1 - credibility, alpha: alpha, beta: beta) }
}

extension GoldAccuracy {
    /// The regularised incomplete beta function and its inverse, enough for credible bounds.
    enum IncompleteBeta {
        /// I_x(a, b) by the continued fraction of Numerical Recipes (3rd ed., section 6.4),
        /// evaluated with the modified Lentz method; the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
        /// keeps x on the side where the fraction converges quickly.
        static func cumulative(_ x: Double, alpha a: Double, beta b: Double) -> Double {
            if x <= 0 { return 0 }
            if x >= 1 { return 1 }
            let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
            let logFront: Double = a * log(x) + b * log(1 - x) - logBeta
            if x < (a + 1) / (a + b + 2) {
                return exp(logFront) * continuedFraction(x, a, b) / a
            }
            return 1 - exp(logFront) * continuedFraction(1 - x, b, a) / b
        }

        private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
            let tiny = 1e-300
            var c = 1.0
            var d = 1 - (a + b) * x / (a + 1)
            if abs(d) < tiny { d = tiny }
            d = 1 / d
            var h = d
            for m in 1...300 {
                let m = Double(m)
                let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                d = 1 + even * d; if abs(d) < tiny { d = tiny }
                c = 1 + even / c; if abs(c) < tiny { c = tiny }
                d = 1 / d
                h *= d * c
                let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                d = 1 + odd * d; if abs(d) < tiny { d = tiny }
                c = 1 + odd / c; if abs(c) < tiny { c = tiny }
                d = 1 / d
                let step = d * c
                h *= step
                if abs(step - 1) < 1e-15 { break }
            }
            return h
        }

        /// The x with I_x(a, b) = p, by bisection: the CDF is monotone, and 60 halvings reach
        /// double precision without the divergence risks of Newton steps near 0 and 1.
        static func quantile(_ p: Double, alpha a: Double, beta b: Double) -> Double {
            var low = 0.0, high = 1.0
            for _ in 0..<60 {
                let mid = (low + high) / 2
                if cumulative(mid, alpha: a, beta: b) < p { low = mid } else { high = mid }
            }
            return (low + high) / 2
        }
    }
}
