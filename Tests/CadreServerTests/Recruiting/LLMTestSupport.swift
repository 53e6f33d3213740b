@testable import CadreServer
import CadreCore
import XCTest

extension ScenarioQuestion {
    /// A scenario whose criteria the embedded scorer finds by keyword.
    static let duplicateCharges = ScenarioQuestion(
        id: "payments", prompt: "A client retries a payment after a timeout. How do you stop duplicate charges?",
        rubric: [
            RubricCriterion(id: "key", description: "Uses idempotency keys.", concepts: [RubricConcept(["idempoten*"])]),
            RubricCriterion(id: "store", description: "Stores the key with the result.", concepts: [RubricConcept(["unique constraint"])], points: 2),
            RubricCriterion(id: "race", description: "Handles concurrent retries.", concepts: [RubricConcept(["lock"])]),
            RubricCriterion(id: "expiry", description: "Expires old keys.", concepts: [RubricConcept(["expire"])]),
        ],
        maxPoints: 5
    )
}

/// A grading reply judging every criterion of ``ScenarioQuestion/duplicateCharges``.
let validGradingReply = """
    {"criteria":[{"id":"race","met":true,"evidence":"a row lock"},{"id":"key","met":true,"evidence":"an idempotency key"},\
    {"id":"expiry","met":false,"evidence":""},{"id":"store","met":true,"evidence":"a unique key store"}]}
    """

/// A Cadre application whose LLM is `server`, built through the production `configure`.
func makeApp(llm server: FakeChatServer?, timeout: TimeInterval = 5) async throws -> TestApp {
    try await TestApp.make(migrate: false) { config in
        config.llm = server.map { LLMConfiguration(baseURL: $0.baseURL, model: "fake-model", apiKey: "sk-test", timeout: timeout) }
    }
}
