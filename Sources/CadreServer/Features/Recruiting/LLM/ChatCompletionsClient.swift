import AsyncHTTPClient
import CadreCore
import NIOCore
import Vapor

/// Sends one conversation to an OpenAI-compatible `POST <base>/chat/completions` and returns
/// the first choice's text.
///
/// Temperature is 0 so the same prompt grades the same way as far as the endpoint allows.
/// `response_format` is not sent: many compatible servers reject it, and the reply is
/// validated anyway.
struct ChatCompletionsClient: Sendable {
    let configuration: LLMConfiguration
    let http: HTTPClient

    /// Bodies larger than this are not chat completions worth reading.
    static let maximumBodyBytes = 1 << 20
    /// How much of an error body goes into the report.
    static let errorExcerptLength = 200

    func complete(_ messages: [ChatMessage]) async throws(ChatCompletionError) -> String {
        let timeout = configuration.timeout
        do {
            // AsyncHTTPClient's deadline covers the response head only; racing a timer bounds
            // the body too, so a server that stalls mid-body still times out.
            return try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask { try await self.exchange(messages) }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout))
                    throw ChatCompletionError.timedOut(seconds: timeout)
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch let error as ChatCompletionError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw .timedOut(seconds: timeout)
        } catch {
            throw .unreachable(reason: String(describing: error))
        }
    }

    private func exchange(_ messages: [ChatMessage]) async throws -> String {
        var request = HTTPClientRequest(url: configuration.chatCompletionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let key = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let payload = ChatCompletionRequest(model: configuration.model, temperature: 0, messages: messages)
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(payload)))

        let response = try await http.execute(request, timeout: .milliseconds(Int64(configuration.timeout * 1000)))
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            throw ChatCompletionError.unreadableBody(reason: "larger than \(Self.maximumBodyBytes) bytes")
        }
        guard (200..<300).contains(response.status.code) else {
            let text = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ChatCompletionError.status(code: response.status.code, body: String(text.prefix(Self.errorExcerptLength)))
        }
        let completion: ChatCompletionResponse
        do {
            completion = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(buffer: body))
        } catch {
            throw ChatCompletionError.unreadableBody(reason: "not a chat completion (\(Self.describe(error)))")
        }
        guard let content = completion.choices?.first?.message?.content else { throw ChatCompletionError.missingContent }
        return content
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
             DecodingError.keyNotFound(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }
}

/// The request body of a chat completion.
struct ChatCompletionRequest: Encodable {
    var model: String
    var temperature: Double
    var messages: [ChatMessage]
}

/// The part of a chat completion Cadre reads.
struct ChatCompletionResponse: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable { var content: String? }
        var message: Message?
    }
    var choices: [Choice]?
}
