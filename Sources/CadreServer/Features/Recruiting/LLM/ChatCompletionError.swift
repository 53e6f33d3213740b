import Foundation

/// Why a chat-completions request gave no usable text; its description is the fallback
/// reason recorded in the interview report.
enum ChatCompletionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No complete response within the configured time.
    case timedOut(seconds: TimeInterval)
    /// The endpoint answered with a non-2xx status; `body` is the start of what it said.
    case status(code: UInt, body: String)
    /// No connection could be made or it broke off.
    case unreachable(reason: String)
    /// A 2xx response whose body is not a chat completion.
    case unreadableBody(reason: String)
    /// A chat completion without `choices[0].message.content`.
    case missingContent

    var description: String {
        switch self {
        case let .timedOut(seconds): "timeout after \(Self.format(seconds))s"
        case let .status(code, body): body.isEmpty ? "HTTP \(code)" : "HTTP \(code): \(body)"
        case let .unreachable(reason): "unreachable: \(reason)"
        case let .unreadableBody(reason): "unreadable response: \(reason)"
        case .missingContent: "no choices[0].message.content in the response"
        }
    }

    private static func format(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
