/// A signal about how an interview was taken, recorded and shown to reviewers.
///
/// Flags never reject a candidate by themselves: they only keep the decision policy from
/// accepting automatically, so that a person looks at the evidence.
public enum IntegrityFlag: Sendable, Hashable, Codable {
    /// An item was answered far faster than its norm (see `RapidResponseRule`).
    case rapidResponse(itemID: String, seconds: Double, thresholdSeconds: Double)
    /// A free-text answer closely resembles another candidate's (see `MinHashSignature`).
    case similarAnswer(answerID: String, otherAnswerID: String, estimatedJaccard: Double)
}

extension IntegrityFlag: CustomStringConvertible {
    /// A sentence for the report.
    public var description: String {
        switch self {
        case let .rapidResponse(itemID, seconds, threshold):
            "item \(itemID) answered in \(seconds) s, under the \(threshold) s threshold for that item"
        case let .similarAnswer(answerID, other, jaccard):
            "answer \(answerID) resembles answer \(other) (estimated Jaccard \(jaccard))"
        }
    }
}

extension MinHashSignature {
    /// Flags for the answers among `others` that resemble this one at or above `threshold`.
    public func similarityFlags(
        answerID: String,
        among others: [(answerID: String, signature: MinHashSignature)],
        threshold: Double = 0.5
    ) -> [IntegrityFlag] {
        similarAnswers(among: others.filter { $0.answerID != answerID }, threshold: threshold).map {
            .similarAnswer(answerID: answerID, otherAnswerID: $0.answerID, estimatedJaccard: $0.estimatedJaccard)
        }
    }
}

extension DecisionPolicy {
    /// The recommendation for `estimate` given the integrity flags raised in the interview.
    public func recommendation(for estimate: AbilityEstimate, integrityFlags: [IntegrityFlag]) -> DecisionRecommendation {
        recommendation(for: estimate, integrityFlagCount: integrityFlags.count)
    }
}
