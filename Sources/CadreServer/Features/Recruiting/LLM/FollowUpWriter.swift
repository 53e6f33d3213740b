import CadreCore
import Vapor

/// What came of asking for a follow-up question, stored with the interview transcript.
enum FollowUpOutcome: Sendable, Hashable, Codable {
    /// Ask the candidate this.
    case asked(question: String, model: String)
    /// An LLM is configured but gave no usable question; the interview goes on without one.
    case failed(reason: String, model: String)
    /// No LLM is configured, so no follow-ups are asked.
    case notConfigured

    /// The question to put to the candidate, if any.
    var question: String? {
        if case .asked(let question, _) = self { return question }
        return nil
    }
}

/// Writes one probing follow-up question per scenario answer.
struct FollowUpWriter: Sendable {
    let model: ChatModel?
    let logger: Logger

    /// A follow-up to `answer`, or why there is none; never fails. A failure is logged.
    func followUp(question: ScenarioQuestion, answer: String) async -> FollowUpOutcome {
        guard let model else { return .notConfigured }
        let reason: String
        do {
            let reply = try await model.complete(FollowUpPrompt.messages(question: question, answer: answer))
            do {
                return .asked(question: try FollowUpPrompt.question(from: reply), model: model.name)
            } catch {
                reason = "malformed: \(error)"
            }
        } catch {
            reason = error.description
        }
        logger.warning("LLM follow-up question not available", metadata: [
            "scenario": .string(question.id), "model": .string(model.name), "reason": .string(reason),
        ])
        return .failed(reason: reason, model: model.name)
    }
}
