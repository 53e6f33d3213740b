/// What a model was asked: a single `prompt` string or a chat `messages` conversation, the
/// two shapes training data usually takes.
///
/// Task input JSON carries exactly one of `"prompt": "…"` or
/// `"messages": [{"role": "system"|"user"|"assistant"|"tool", "content": "…"}]`.
public enum TaskPrompt: Sendable, Equatable, Hashable {
    case text(String)
    case messages([Message])

    /// The speaker of one chat message.
    public enum Role: String, Sendable, CaseIterable, Codable {
        case system, user, assistant, tool
    }

    /// One turn of a chat conversation.
    public struct Message: Sendable, Equatable, Hashable {
        /// Who spoke.
        public var role: Role
        /// The text.
        public var content: String

        public init(role: Role, content: String) {
            self.role = role
            self.content = content
        }

        public var json: JSONValue {
            ["role": .string(role.rawValue), "content": .string(content)]
        }
    }

    /// The members this prompt contributes to a normalised input object.
    public var jsonMembers: [String: JSONValue] {
        switch self {
        case .text(let text): return ["prompt": .string(text)]
        case .messages(let messages): return ["messages": .array(messages.map(\.json))]
        }
    }

    /// The conversation as chat messages; a plain prompt becomes one user message.
    public var asMessages: [Message] {
        switch self {
        case .text(let text): return [Message(role: .user, content: text)]
        case .messages(let messages): return messages
        }
    }

    /// Input keys a prompt occupies.
    static let keys = ["prompt", "messages"]

    /// Reads `prompt` or `messages` from an input object.
    ///
    /// - Parameter awaitsReply: the task asks for the next assistant turn (responses to compare,
    ///   a demonstration, a correction), so a conversation must end with a user or tool message.
    static func read(
        from input: [String: JSONValue], at path: String, required: Bool, awaitsReply: Bool,
        into reader: inout FieldReader
    ) -> TaskPrompt? {
        let prompt = input["prompt"].flatMap { $0.isNull ? nil : $0 }
        let messages = input["messages"].flatMap { $0.isNull ? nil : $0 }
        switch (prompt, messages) {
        case (nil, nil):
            if required {
                reader.fail(fieldPath(path, "prompt"), "required: expected a prompt string or a messages array")
            }
            return nil
        case (.some, .some):
            reader.fail(fieldPath(path, "messages"), "expected either prompt or messages, not both")
            return nil
        case (.some(let prompt), nil):
            return reader.text(prompt, at: fieldPath(path, "prompt"), required: true).map(TaskPrompt.text)
        case (nil, .some(let messages)):
            return readMessages(messages, at: fieldPath(path, "messages"), awaitsReply: awaitsReply, into: &reader)
        }
    }

    private static func readMessages(
        _ value: JSONValue, at path: String, awaitsReply: Bool, into reader: inout FieldReader
    ) -> TaskPrompt? {
        guard let elements = reader.array(
            value, at: path, required: true, count: 1...TemplateLimits.maxMessages, noun: "messages")
        else { return nil }
        var messages: [Message] = []
        for (index, element) in elements.enumerated() {
            let here = fieldPath(path, index)
            guard let members = reader.object(element, at: here) else { continue }
            reader.rejectUnknownKeys(members, allowed: ["role", "content"], at: here)
            let role = readRole(members["role"], at: fieldPath(here, "role"), into: &reader)
            let content = reader.text(members["content"], at: fieldPath(here, "content"), required: true)
            if let role, let content { messages.append(Message(role: role, content: content)) }
        }
        guard messages.count == elements.count else { return nil }
        if awaitsReply, let last = messages.last, last.role != .user, last.role != .tool {
            reader.fail(
                fieldPath(path, messages.count - 1) + ".role",
                "expected the conversation to end with a user or tool message, since the task asks for the next assistant reply; got \(last.role.rawValue)")
            return nil
        }
        return .messages(messages)
    }

    private static func readRole(_ value: JSONValue?, at path: String, into reader: inout FieldReader) -> Role? {
        let expected = Role.allCases.map(\.rawValue).joined(separator: ", ")
        guard let value, !value.isNull else {
            reader.fail(path, "required: expected one of \(expected)")
            return nil
        }
        guard let name = value.stringValue, let role = Role(rawValue: name) else {
            let got = value.stringValue.map { "\"\($0)\"" } ?? value.kindDescription
            reader.fail(path, "expected one of \(expected), got \(got)")
            return nil
        }
        return role
    }
}
