/// How far a score can be trusted without a person looking at it.
public enum ScoreConfidence: String, Sendable, Hashable, Codable {
    /// A keyword heuristic: good for triage and as a fallback, never decisive alone.
    case low
    /// A grader that reads the answer (a person or a validated LLM judgement).
    case high
}

/// Where in an answer one concept of a criterion was found.
public struct ConceptEvidence: Sendable, Hashable, Codable {
    /// The concept's label (its first phrase).
    public var concept: String
    /// The alternative phrase that matched.
    public var phrase: String
    /// The matching words of the answer with a few words of context, as the candidate wrote them.
    public var excerpt: String
}

/// The embedded scorer's judgement of one criterion.
public struct CriterionScore: Sendable, Hashable, Codable {
    /// The criterion's id.
    public var criterionID: String
    /// Whether enough of its concepts were found.
    public var met: Bool
    /// Points earned: the criterion's points when met, otherwise 0.
    public var points: Int
    /// Each concept found, in the criterion's order.
    public var evidence: [ConceptEvidence]
}

/// The score of one scenario answer against its rubric.
public struct RubricScore: Sendable, Hashable, Codable {
    /// The scenario's id.
    public var scenarioID: String
    /// One entry per criterion, in rubric order.
    public var criteria: [CriterionScore]
    /// Points earned.
    public var points: Int
    /// Points available.
    public var maxPoints: Int
    /// How far the score can be trusted; always `.low` from the embedded scorer.
    public var confidence: ScoreConfidence
    /// Which grader produced the score, for the report's provenance.
    public var scorer: String
}

/// The rubric scorer that always runs, with no model and no network: concept coverage.
///
/// A criterion is met when at least `minimumConcepts` of its concepts occur in the answer,
/// each as one of its phrases, word for word after folding and light stemming (`RubricText`).
/// This is keyword-based automated scoring in the tradition of concept-based short-answer
/// graders (Leacock & Chodorow 2003, "C-rater: automated scoring of short-answer questions",
/// *Computers and the Humanities* 37), without their paraphrase models — hence its scores are
/// marked low-confidence. It is a pure function of the answer and the rubric.
public enum EmbeddedRubricScorer {
    /// The name recorded as the scorer in a report's provenance.
    public static let name = "embedded-concept-coverage"

    /// Words of context kept on each side of a match in an excerpt.
    static let contextWords = 4

    /// Scores `answer` against `scenario`'s rubric.
    /// - Complexity: O(answer words × phrase words) per phrase.
    public static func score(_ answer: String, against scenario: ScenarioQuestion) -> RubricScore {
        let words = RubricText.words(answer)
        let criteria = scenario.rubric.map { criterion -> CriterionScore in
            let evidence = criterion.concepts.compactMap { concept in
                firstMatch(of: concept, in: words, answer: answer)
            }
            let met = evidence.count >= criterion.minimumConcepts
            return CriterionScore(criterionID: criterion.id, met: met, points: met ? criterion.points : 0, evidence: evidence)
        }
        return RubricScore(
            scenarioID: scenario.id, criteria: criteria, points: criteria.reduce(0) { $0 + $1.points },
            maxPoints: scenario.maxPoints, confidence: .low, scorer: name
        )
    }

    /// The earliest occurrence in the answer of any of the concept's phrases; ties in position
    /// go to the phrase authored first, so the result does not depend on anything but input.
    static func firstMatch(of concept: RubricConcept, in words: [RubricText.Word], answer: String) -> ConceptEvidence? {
        var best: (start: Int, end: Int, phrase: String)?
        for phrase in concept.phrases {
            let pattern = RubricText.pattern(phrase)
            guard !pattern.isEmpty, pattern.count <= words.count else { continue }
            for start in 0...(words.count - pattern.count) {
                if let current = best, start >= current.start { break }
                if pattern.indices.allSatisfy({ pattern[$0].matches(words[start + $0]) }) {
                    best = (start, start + pattern.count, phrase)
                    break
                }
            }
        }
        guard let best else { return nil }
        let from = max(0, best.start - contextWords), to = min(words.count, best.end + contextWords)
        var excerpt = String(answer[words[from].range.lowerBound..<words[to - 1].range.upperBound])
        if from > 0 { excerpt = "…" + excerpt }
        if to < words.count { excerpt += "…" }
        return ConceptEvidence(concept: concept.label, phrase: best.phrase, excerpt: excerpt)
    }
}
