import Foundation

/// Where the optional LLM grader lives: any OpenAI-compatible chat-completions endpoint.
///
/// Without it the interview scores scenario answers with the embedded scorer alone and asks
/// no follow-up questions.
public struct LLMConfiguration: Sendable, Equatable {
    /// The endpoint's base address without a trailing slash, e.g. `http://127.0.0.1:8000/v1`.
    public var baseURL: String
    /// The model name sent with every request and recorded in reports.
    public var model: String
    /// Sent as `Authorization: Bearer …` when set; local servers usually need none.
    public var apiKey: String?
    /// How long one request may take, body included, before the embedded score is used.
    public var timeout: TimeInterval

    public static let defaultTimeout: TimeInterval = 20

    public init(baseURL: String, model: String, apiKey: String? = nil, timeout: TimeInterval = defaultTimeout) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
    }

    /// Where requests go.
    public var chatCompletionsURL: String { baseURL + "/chat/completions" }
}

extension LLMConfiguration {
    /// Reads the `CADRE_LLM_*` variables; `nil` when none are set. Every problem is appended
    /// to `problems` under the variable's name, so start-up reports them with the others.
    static func fromEnvironment(_ env: [String: String], problems: inout [String]) -> LLMConfiguration? {
        let base = env.nonEmpty("CADRE_LLM_BASE_URL")
        let model = env.nonEmpty("CADRE_LLM_MODEL")
        let apiKey = env.nonEmpty("CADRE_LLM_API_KEY")
        var timeout = defaultTimeout
        if let text = env.nonEmpty("CADRE_LLM_TIMEOUT_SECONDS") {
            if let value = Double(text), value > 0, value <= 600 {
                timeout = value
            } else {
                problems.append("CADRE_LLM_TIMEOUT_SECONDS: expected a number of seconds above 0 and at most 600, got '\(text)'")
            }
        }
        switch (base, model) {
        case (nil, nil):
            if apiKey != nil { problems.append("CADRE_LLM_API_KEY: set without CADRE_LLM_BASE_URL and CADRE_LLM_MODEL") }
            return nil
        case (_?, nil):
            problems.append("CADRE_LLM_MODEL: required when CADRE_LLM_BASE_URL is set (the model name the endpoint serves)")
            return nil
        case (nil, _?):
            problems.append("CADRE_LLM_BASE_URL: required when CADRE_LLM_MODEL is set (e.g. http://127.0.0.1:8000/v1)")
            return nil
        case let (base?, model?):
            guard let url = validBaseURL(base, problems: &problems) else { return nil }
            return LLMConfiguration(baseURL: url, model: model, apiKey: apiKey, timeout: timeout)
        }
    }

    private static func validBaseURL(_ text: String, problems: inout [String]) -> String? {
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            problems.append("CADRE_LLM_BASE_URL: expected an http:// or https:// address such as http://127.0.0.1:8000/v1, got '\(text)'")
            return nil
        }
        guard !trimmed.hasSuffix("/chat/completions") else {
            problems.append("CADRE_LLM_BASE_URL: give the base address without /chat/completions, which Cadre appends; got '\(text)'")
            return nil
        }
        return trimmed
    }
}
