import CadreCore
import Vapor

/// A chat model behind an OpenAI-compatible endpoint, as an effect: the live value talks
/// HTTP, a test value answers from a closure.
struct ChatModel: Sendable {
    /// The model's name, recorded with every score and question it produces.
    var name: String
    /// The text of the model's reply to a conversation.
    var complete: @Sendable (_ messages: [ChatMessage]) async throws(ChatCompletionError) -> String

    /// Requests over `http`, which the caller owns and shuts down.
    static func live(_ configuration: LLMConfiguration, http: HTTPClient) -> ChatModel {
        let client = ChatCompletionsClient(configuration: configuration, http: http)
        return ChatModel(name: configuration.model) { (messages: [ChatMessage]) async throws(ChatCompletionError) -> String in
            try await client.complete(messages)
        }
    }

    /// A test value: every request is answered with `reply`, so a test of the interview can
    /// script the model without a server.
    static func replying(_ reply: String, name: String = "test-model") -> ChatModel {
        ChatModel(name: name) { (_: [ChatMessage]) async throws(ChatCompletionError) -> String in reply }
    }

    /// A test value: every request fails with `error`.
    static func failing(_ error: ChatCompletionError, name: String = "test-model") -> ChatModel {
        ChatModel(name: name) { (_: [ChatMessage]) async throws(ChatCompletionError) -> String in throw error }
    }
}
