import CadreCore
import Vapor

/// How one scenario answer was graded, stored with the interview report.
///
/// The embedded score is always computed, so a report can show both grades side by side and
/// the answer is never left unscored.
struct ScenarioGrading: Sendable, Hashable, Codable {
    /// The score to use: the LLM's when it gave a valid one, otherwise the embedded score.
    var score: RubricScore
    /// The embedded scorer's judgement.
    var embedded: RubricScore
    /// The LLM's judgement, when it gave a valid one.
    var llm: RubricScore?
    /// Why an LLM was configured but its score not used (timeout, HTTP status, malformed
    /// reply); `nil` when the LLM score was used or no LLM is configured.
    var fallbackReason: String?
    /// The model asked, when one is configured.
    var model: String?
}

/// Grades scenario answers against their rubrics.
struct ScenarioGrader: Sendable {
    let model: ChatModel?
    let logger: Logger

    /// Grades `answer`, and the follow-up exchange when there was one; never fails.
    ///
    /// The embedded scorer reads the answer and the follow-up answer as one text. The LLM sees
    /// them apart, with the rubric's criteria in the order `seed` gives
    /// (``RubricGradingPrompt/criterionOrder(for:seed:)``). Any failure of the LLM — no
    /// response in time, an error status, a reply that fails validation — keeps the embedded
    /// score and is recorded as `fallbackReason` and logged.
    func grade(question: ScenarioQuestion, answer: String, followUp: FollowUpExchange?, seed: UInt64) async -> ScenarioGrading {
        let everything = [answer, followUp?.answer].compactMap { $0 }.joined(separator: "\n\n")
        let embedded = EmbeddedRubricScorer.score(everything, against: question)
        guard let model else {
            return ScenarioGrading(score: embedded, embedded: embedded, llm: nil, fallbackReason: nil, model: nil)
        }
        let messages = RubricGradingPrompt.messages(question: question, answer: answer, followUp: followUp, seed: seed)
        let reason: String
        do {
            let reply = try await model.complete(messages)
            do {
                let llm = try RubricGradingReply.score(reply, for: question, model: model.name)
                return ScenarioGrading(score: llm, embedded: embedded, llm: llm, fallbackReason: nil, model: model.name)
            } catch {
                reason = "malformed: \(error)"
            }
        } catch {
            reason = error.description
        }
        logger.warning("LLM grading fell back to the embedded score", metadata: [
            "scenario": .string(question.id), "model": .string(model.name), "reason": .string(reason),
        ])
        return ScenarioGrading(score: embedded, embedded: embedded, llm: nil, fallbackReason: reason, model: model.name)
    }
}
