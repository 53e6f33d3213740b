import Foundation

/// Reads a chat model's grading reply (see ``RubricGradingPrompt``) into a rubric score, or
/// says exactly what was wrong with it.
///
/// Nothing in a reply is trusted: it must judge every criterion of the rubric exactly once,
/// name no other, give `met` as a boolean and evidence as a short string. A reply that fails
/// any check is not partly used; the caller keeps the embedded score and records the error.
public enum RubricGradingReply {
    /// The scorer recorded in a report for an LLM grade.
    public static func scorerName(model: String) -> String { "llm:\(model)" }

    /// The score `reply` gives `question`'s rubric, criteria in rubric order, marked
    /// high-confidence and attributed to `model`.
    ///
    /// A met criterion's evidence is the model's quote, recorded as one excerpt under the
    /// criterion's description; an unmet criterion has no evidence.
    public static func score(_ reply: String, for question: ScenarioQuestion, model: String) throws(LLMReplyError) -> RubricScore {
        let judgements = try judgements(in: reply, rubric: question.rubric)
        let criteria = question.rubric.map { criterion -> CriterionScore in
            let judgement = judgements[criterion.id]!
            let evidence = judgement.met && !judgement.evidence.isEmpty
                ? [ConceptEvidence(concept: criterion.description, phrase: "", excerpt: judgement.evidence)]
                : []
            return CriterionScore(criterionID: criterion.id, met: judgement.met, points: judgement.met ? criterion.points : 0, evidence: evidence)
        }
        return RubricScore(
            scenarioID: question.id, criteria: criteria, points: criteria.reduce(0) { $0 + $1.points },
            maxPoints: question.maxPoints, confidence: .high, scorer: scorerName(model: model)
        )
    }

    private struct Judgement {
        var met: Bool
        var evidence: String
    }

    /// Every criterion's judgement by id, once each validated.
    private static func judgements(in reply: String, rubric: [RubricCriterion]) throws(LLMReplyError) -> [String: Judgement] {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: ReplyText.unfenced(reply))
        } catch {
            throw .notJSON(reason: error.description)
        }
        guard let elements = document["criteria"]?.arrayValue else { throw .missingCriteriaArray }
        let known = Set(rubric.map(\.id))
        var judgements: [String: Judgement] = [:]
        for (index, element) in elements.enumerated() {
            guard element.objectValue != nil else { throw .criterionNotAnObject(index: index) }
            guard let id = element["id"]?.stringValue else { throw .missingID(index: index) }
            guard known.contains(id) else { throw .unknownCriterion(id: id) }
            guard judgements[id] == nil else { throw .duplicateCriterion(id: id) }
            guard let met = element["met"]?.boolValue else { throw .metNotBoolean(id: id) }
            var evidence = ""
            if let value = element["evidence"], !value.isNull {
                guard let text = value.stringValue else { throw .evidenceNotString(id: id) }
                evidence = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let limit = RubricGradingPrompt.maximumEvidenceLength
            guard evidence.count <= limit else { throw .evidenceTooLong(id: id, length: evidence.count, limit: limit) }
            judgements[id] = Judgement(met: met, evidence: evidence)
        }
        let missing = rubric.map(\.id).filter { judgements[$0] == nil }
        guard missing.isEmpty else { throw .missingCriteria(ids: missing) }
        return judgements
    }
}

/// Light clean-up of what chat models wrap around an answer.
enum ReplyText {
    /// `reply` without surrounding whitespace and without a Markdown code fence around it
    /// (```` ```json … ``` ````), which models add even when told not to.
    static func unfenced(_ reply: String) -> String {
        var text = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("```") else { return text }
        if let firstNewline = text.firstIndex(of: "\n") {
            text = String(text[text.index(after: firstNewline)...])
        } else {
            text = String(text.dropFirst(3))
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasSuffix("```") { text = String(text.dropLast(3)) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
