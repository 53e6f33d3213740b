/// Reads the parts of a template-normalised task input that datasets need, and shapes them
/// as TRL expects: strings in the standard format, `{role, content}` lists in the
/// conversational one.
struct DeliveryInput {
    let input: JSONValue
    let conversational: Bool

    /// The stored prompt or conversation; `nil` when the input has neither.
    var prompt: TaskPrompt? {
        if let text = input["prompt"]?.stringValue { return .text(text) }
        guard let list = input["messages"]?.arrayValue else { return nil }
        return .messages(list.compactMap { message in
            guard let role = message["role"]?.stringValue.flatMap(TaskPrompt.Role.init),
                  let content = message["content"]?.stringValue else { return nil }
            return TaskPrompt.Message(role: role, content: content)
        })
    }

    /// The prompt column: the conversation, or its text.
    var promptColumn: JSONValue {
        let prompt = self.prompt ?? .text("")
        if conversational { return .array(prompt.asMessages.map(\.json)) }
        switch prompt {
        case .text(let text): return .string(text)
        // Reached only when a standard-format file meets a chat task, which the exporter
        // avoids by choosing the conversational format for the whole project.
        case .messages(let messages): return .string(messages.map(\.content).joined(separator: "\n\n"))
        }
    }

    /// A completion column: one assistant message, or its text.
    func completion(_ text: String) -> JSONValue {
        conversational ? [TaskPrompt.Message(role: .assistant, content: text).json] : .string(text)
    }

    /// A whole SFT conversation: the prompt's messages, then the assistant's reply.
    func conversation(endingWith reply: String) -> JSONValue {
        let messages = (prompt ?? .messages([])).asMessages + [TaskPrompt.Message(role: .assistant, content: reply)]
        return .array(messages.map(\.json))
    }

    /// `responses[index].content`.
    func response(_ index: Int) -> String? {
        input["responses"]?[index].flatMap(Self.content)
    }

    /// Every entry of `responses`, in input order.
    var responses: [String] {
        (input["responses"]?.arrayValue ?? []).compactMap(Self.content)
    }

    /// The single model output of a correction or rated item: `response` (a string or
    /// `{content, model}`), else `completion`.
    var singleResponse: String? {
        input["response"].flatMap(Self.content) ?? input["completion"].flatMap(Self.content)
    }

    private static func content(_ value: JSONValue) -> String? {
        value.stringValue ?? value["content"]?.stringValue
    }
}
