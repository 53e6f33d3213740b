import Foundation

/// Parameters of a dichotomous item under the three-parameter logistic model.
///
/// The item response function is
/// `P(θ) = c + (1 − c) / (1 + exp(−a(θ − b)))` with scaling constant D = 1
/// (Birnbaum 1968, in Lord & Novick, ch. 17; Lord 1980, *Applications of Item Response Theory*, ch. 2).
/// With `c == 0` it is the two-parameter logistic (2PL) model.
public struct ItemParameters: Sendable, Hashable, Codable {
    /// Discrimination (slope at the inflection point, scaled by `1 − c`).
    public var discrimination: Double
    /// Difficulty: the ability at which `P` is halfway between `c` and 1.
    public var difficulty: Double
    /// Lower asymptote ("guessing"); 0 for the 2PL model.
    public var guessing: Double

    /// Creates item parameters; `guessing` defaults to 0 (2PL).
    public init(discrimination: Double, difficulty: Double, guessing: Double = 0) {
        self.discrimination = discrimination
        self.difficulty = difficulty
        self.guessing = guessing
    }

    /// Creates 2PL parameters from the slope–intercept form `P = σ(aθ + d)`, i.e. `b = −d / a`
    /// (Baker & Kim 2004, *Item Response Theory: Parameter Estimation Techniques*, §2.3).
    public init(slope: Double, intercept: Double) {
        self.init(discrimination: slope, difficulty: -intercept / slope)
    }

    /// The intercept `d = −a·b` of the slope–intercept form.
    public var intercept: Double { -discrimination * difficulty }

    /// Probability of a correct response at ability `theta` (Lord 1980, ch. 2, with D = 1).
    @inlinable
    public func probabilityCorrect(at theta: Double) -> Double {
        let logistic = 1 / (1 + exp(-discrimination * (theta - difficulty)))
        return guessing + (1 - guessing) * logistic
    }

    /// Fisher information of the item at `theta`.
    ///
    /// For the 3PL model `I(θ) = a² · (Q / P) · ((P − c) / (1 − c))²` (Lord 1980, ch. 5, with D = 1),
    /// which reduces to `a²PQ` when `c == 0`.
    @inlinable
    public func information(at theta: Double) -> Double {
        let p = probabilityCorrect(at: theta)
        let q = 1 - p
        if guessing == 0 { return discrimination * discrimination * p * q }
        guard p > 0 else { return 0 }
        let scaled = (p - guessing) / (1 - guessing)
        return discrimination * discrimination * (q / p) * scaled * scaled
    }

    /// The ability at which the item is most informative.
    ///
    /// `b` for the 2PL; for the 3PL `b + ln((1 + √(1 + 8c)) / 2) / a` (Birnbaum 1968, with D = 1),
    /// which sits above `b` because guessing blurs responses from low abilities.
    public var abilityOfMaximumInformation: Double {
        guard guessing > 0 else { return difficulty }
        return difficulty + log((1 + (1 + 8 * guessing).squareRoot()) / 2) / discrimination
    }
}

/// One scored response to an item, as used for ability estimation.
public struct ScoredResponse: Sendable, Hashable, Codable {
    /// The parameters of the item that was answered.
    public var parameters: ItemParameters
    /// Whether the answer was scored correct.
    public var correct: Bool

    /// Creates a scored response.
    public init(parameters: ItemParameters, correct: Bool) {
        self.parameters = parameters
        self.correct = correct
    }
}
