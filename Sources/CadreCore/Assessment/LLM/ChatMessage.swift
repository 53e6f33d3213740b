/// One message of a chat-completions conversation, as OpenAI-compatible endpoints take it.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// Who speaks.
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant
    }

    /// Who speaks.
    public var role: Role
    /// What is said, as plain text.
    public var content: String

    /// Creates a message.
    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// The probing follow-up to a scenario answer and the candidate's answer to it; the grader
/// judges the rubric on both.
public struct FollowUpExchange: Sendable, Hashable, Codable {
    /// The question the interviewer asked after the first answer.
    public var question: String
    /// What the candidate answered.
    public var answer: String

    /// Creates an exchange.
    public init(question: String, answer: String) {
        self.question = question
        self.answer = answer
    }
}
