import CadreCore
import Vapor

/// How a scenario answer was scored, kept with the answer and shown in the report.
struct GradingRecord: Codable, Sendable, Equatable {
    /// The score the report uses.
    var score: RubricScore
    /// The embedded scorer's score, always computed (the fallback and a second opinion).
    var embedded: RubricScore
    /// Why an LLM's score was not used, when one was configured.
    var fallbackReason: String?
    /// The LLM model that graded, when one did.
    var model: String?
}

/// A follow-up question and the candidate's answer to it.
struct FollowUpExchange: Sendable {
    var question: String
    var answer: String
}

/// The scoring of free-text answers, as an effect on the application: the embedded scorer by
/// default, an LLM when one is configured.
struct InterviewGrading: Sendable {
    /// One probing question about an answer, or nil to ask none.
    var followUp: @Sendable (ScenarioQuestion, String) async -> String?
    /// Scores an answer (and its follow-up) against the rubric; `seed` orders the criteria.
    var grade: @Sendable (ScenarioQuestion, String, FollowUpExchange?, UInt64) async -> GradingRecord

    /// Concept coverage over the answer and its follow-up; never asks follow-ups.
    static let embedded = InterviewGrading(
        followUp: { _, _ in nil },
        grade: { scenario, answer, followUp, _ in
            let score = EmbeddedRubricScorer.score(embeddedText(answer, followUp), against: scenario)
            return GradingRecord(score: score, embedded: score, fallbackReason: nil, model: nil)
        })

    /// The text the embedded scorer reads: the answer, then what the follow-up added.
    static func embeddedText(_ answer: String, _ followUp: FollowUpExchange?) -> String {
        guard let followUp else { return answer }
        return answer + "\n\n" + followUp.answer
    }
}

extension Application {
    private struct GradingKey: StorageKey { typealias Value = InterviewGrading }

    var interviewGrading: InterviewGrading {
        get { storage[GradingKey.self] ?? .embedded }
        set { storage[GradingKey.self] = newValue }
    }
}
