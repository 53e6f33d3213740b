@testable import CadreServer
import CadreCore
import XCTest

final class LLMFollowUpWriterTests: XCTestCase {
    private let scenario = ScenarioQuestion.duplicateCharges
    private let answer = "Each request carries an idempotency key."

    func testQuestionFromTheModelIsCleanedAndTheRubricStaysOut() async throws {
        // setup
        let server = try await FakeChatServer.start(replying: .content("  \"What happens when two retries arrive at the same moment?\"\n"))
        let t = try await makeApp(llm: server)

        // MUT
        let outcome = await t.app.followUpWriter.followUp(question: scenario, answer: answer)
        try await t.shutdown()
        try await server.shutdown()

        // validation
        XCTAssertEqual(outcome, .asked(question: "What happens when two retries arrive at the same moment?", model: "fake-model"))
        XCTAssertEqual(outcome.question, "What happens when two retries arrive at the same moment?")
        let request = try XCTUnwrap(server.received.first)
        XCTAssertEqual(request.path, "/v1/chat/completions")
        XCTAssertEqual(request.body["temperature"]?.doubleValue, 0)
        XCTAssertTrue(try XCTUnwrap(request.messages("user").first).contains(answer))
        let sent = request.messages("system") + request.messages("user")
        for criterion in scenario.rubric {
            XCTAssertFalse(sent.contains { $0.contains(criterion.description) }, "criterion \(criterion.id) must not reach the question writer")
        }
    }

    func testEmptyOrFailingRepliesGiveNoQuestionAndARecordedReason() async throws {
        // setup
        let server = try await FakeChatServer.start(replying: .content("   "))
        let t = try await makeApp(llm: server)
        let log = LogRecorder()
        let writer = FollowUpWriter(model: t.app.llm, logger: log.logger)

        // MUT
        let empty = await writer.followUp(question: scenario, answer: answer)
        server.script(.content("Why a key? Why not a lock?"))
        let several = await writer.followUp(question: scenario, answer: answer)
        server.script(.status(.serviceUnavailable, "try later"))
        let failing = await writer.followUp(question: scenario, answer: answer)
        try await t.shutdown()
        try await server.shutdown()

        // validation
        XCTAssertEqual(empty, .failed(reason: "malformed: the follow-up question is empty", model: "fake-model"))
        XCTAssertEqual(several, .failed(reason: "malformed: 2 questions where one was asked for", model: "fake-model"))
        XCTAssertEqual(failing, .failed(reason: "HTTP 503: try later", model: "fake-model"))
        XCTAssertNil(failing.question)
        XCTAssertEqual(log.logged.filter { $0.level == .warning }.count, 3, "each failure is logged")
    }

    func testNoQuestionWithoutAnLLM() async throws {
        let t = try await makeApp(llm: nil)
        let outcome = await t.app.followUpWriter.followUp(question: scenario, answer: answer)
        try await t.shutdown()
        XCTAssertEqual(outcome, .notConfigured)
        XCTAssertNil(outcome.question)
    }

    func testScriptedModelsStandInForTheEndpoint() async throws {
        let t = try await makeApp(llm: nil)
        t.app.llm = .replying("How long do you keep the keys?")
        let asked = await t.app.followUpWriter.followUp(question: scenario, answer: answer)
        t.app.llm = .failing(.timedOut(seconds: 2))
        let failed = await t.app.followUpWriter.followUp(question: scenario, answer: answer)
        try await t.shutdown()

        XCTAssertEqual(asked, .asked(question: "How long do you keep the keys?", model: "test-model"))
        XCTAssertEqual(failed, .failed(reason: "timeout after 2s", model: "test-model"))
    }
}
