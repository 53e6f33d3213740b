/// Why the decision policy recommended what it did, with the figures it compared.
public enum DecisionReason: Sendable, Hashable, Codable {
    /// `θ − SE` is at or above the cutoff and no integrity flag was raised.
    case clearlyAboveCutoff(lowerBound: Double, cutoff: Double)
    /// `θ + SE` is below the cutoff.
    case clearlyBelowCutoff(upperBound: Double, cutoff: Double)
    /// The band `θ ± SE` contains the cutoff, so the measurement cannot settle it.
    case bandContainsCutoff(lowerBound: Double, upperBound: Double, cutoff: Double)
    /// The ability is clearly above the cutoff but integrity flags were raised.
    case integrityFlagsRaised(count: Int, lowerBound: Double, cutoff: Double)
}

extension DecisionReason: CustomStringConvertible {
    /// A sentence for the report and the review queue.
    public var description: String {
        switch self {
        case let .clearlyAboveCutoff(lower, cutoff):
            "θ − SE = \(rounded(lower)) is at or above the cutoff \(rounded(cutoff)) with no integrity flags"
        case let .clearlyBelowCutoff(upper, cutoff):
            "θ + SE = \(rounded(upper)) is below the cutoff \(rounded(cutoff)); a person must confirm any rejection"
        case let .bandContainsCutoff(lower, upper, cutoff):
            "θ ± SE spans \(rounded(lower)) to \(rounded(upper)), which contains the cutoff \(rounded(cutoff))"
        case let .integrityFlagsRaised(count, lower, cutoff):
            "θ − SE = \(rounded(lower)) clears the cutoff \(rounded(cutoff)) but \(count) integrity flag(s) need a look"
        }
    }

    private func rounded(_ value: Double) -> String {
        let hundredths = (value * 100).rounded() / 100
        return hundredths == 0 ? "0.00" : String(describing: hundredths)
    }
}

/// The policy's recommendation for one domain of an interview.
public enum DecisionRecommendation: Sendable, Hashable, Codable {
    /// Qualify the candidate in this domain.
    case accept(DecisionReason)
    /// Put the report in front of an admin, who decides.
    case humanReview(DecisionReason)
    /// Recommend rejection, to be confirmed by an admin: the policy never rejects on its own.
    case rejectionReview(DecisionReason)

    /// The reason behind the recommendation.
    public var reason: DecisionReason {
        switch self {
        case let .accept(reason), let .humanReview(reason), let .rejectionReview(reason): reason
        }
    }
}

/// The interview's decision rule for one domain, based on the one-SE band around θ̂.
///
/// Accept when `θ − SE ≥ cutoff` and no integrity flag was raised; recommend rejection
/// (through a person) when `θ + SE < cutoff`; send everything else to human review. Using the
/// band rather than θ̂ alone keeps imprecise estimates near the cutoff in front of a person
/// (a classification rule in the spirit of Eggen & Straetmans 2000, *Educational and
/// Psychological Measurement* 60).
public struct DecisionPolicy: Sendable, Hashable, Codable {
    /// Ability the candidate must clear on the calibrated scale.
    public var cutoff: Double

    /// Creates a policy with a cutoff on the θ scale.
    public init(cutoff: Double) { self.cutoff = cutoff }

    /// The recommendation for `estimate` given the number of integrity flags raised.
    ///
    /// Integrity flags never cause a rejection by themselves; they only stop an automatic
    /// acceptance.
    public func recommendation(for estimate: AbilityEstimate, integrityFlagCount: Int = 0) -> DecisionRecommendation {
        let lower = estimate.lowerBound, upper = estimate.upperBound
        if lower >= cutoff {
            if integrityFlagCount > 0 {
                return .humanReview(.integrityFlagsRaised(count: integrityFlagCount, lowerBound: lower, cutoff: cutoff))
            }
            return .accept(.clearlyAboveCutoff(lowerBound: lower, cutoff: cutoff))
        }
        if upper < cutoff {
            return .rejectionReview(.clearlyBelowCutoff(upperBound: upper, cutoff: cutoff))
        }
        return .humanReview(.bandContainsCutoff(lowerBound: lower, upperBound: upper, cutoff: cutoff))
    }
}
