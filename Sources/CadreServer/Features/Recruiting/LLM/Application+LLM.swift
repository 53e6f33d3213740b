import CadreCore
import Vapor

extension Application {
    private struct ChatModelKey: StorageKey { typealias Value = ChatModel }
    private struct LLMHTTPClientKey: StorageKey { typealias Value = HTTPClient }

    /// Sets ``llm`` to the live model of `configuration`, over an HTTP client of its own that
    /// shuts down with the application.
    ///
    /// A client of its own rather than the shared one, so the connect timeout can stay under
    /// the request timeout: an endpoint that is down is then reported as unreachable, not as
    /// slow, and no other client of the application is affected.
    func useLLM(_ configuration: LLMConfiguration) async {
        var settings = HTTPClient.Configuration()
        settings.timeout.connect = .milliseconds(Int64(min(configuration.timeout / 2, 10) * 1000))
        let http = HTTPClient(eventLoopGroupProvider: .shared(eventLoopGroup), configuration: settings, backgroundActivityLogger: logger)
        await storage.setWithAsyncShutdown(LLMHTTPClientKey.self, to: http) { try await $0.shutdown() }
        llm = .live(configuration, http: http)
    }

    /// The configured chat model; `nil` when no LLM is configured.
    var llm: ChatModel? {
        get { storage[ChatModelKey.self] }
        set { storage[ChatModelKey.self] = newValue }
    }

    /// Grades scenario answers: with the LLM when configured, always with the embedded scorer.
    var scenarioGrader: ScenarioGrader { ScenarioGrader(model: llm, logger: logger) }

    /// Writes follow-up questions when an LLM is configured.
    var followUpWriter: FollowUpWriter { FollowUpWriter(model: llm, logger: logger) }
}

extension Request {
    /// ``Application/scenarioGrader`` logging with this request's id.
    var scenarioGrader: ScenarioGrader { ScenarioGrader(model: application.llm, logger: logger) }

    /// ``Application/followUpWriter`` logging with this request's id.
    var followUpWriter: FollowUpWriter { FollowUpWriter(model: application.llm, logger: logger) }
}
