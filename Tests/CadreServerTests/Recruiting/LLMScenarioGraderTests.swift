@testable import CadreServer
import CadreCore
import XCTest

final class LLMScenarioGraderTests: XCTestCase {
    private let scenario = ScenarioQuestion.duplicateCharges
    private let answer = "Each request carries an idempotency key; a row lock stops two retries racing."
    private let followUp = FollowUpExchange(question: "What if the key store is down?", answer: "Reject the payment rather than risk a double charge.")

    func testValidReplyIsUsedAndTheRequestIsWhatTheEndpointExpects() async throws {
        // setup
        let server = try await FakeChatServer.start(replying: .content(validGradingReply))
        let t = try await makeApp(llm: server)
        let seed = try XCTUnwrap((0..<100).map(UInt64.init).first {
            RubricGradingPrompt.criterionOrder(for: scenario, seed: $0).map(\.id) != scenario.rubric.map(\.id)
        })

        // MUT
        let grading = await t.app.scenarioGrader.grade(question: scenario, answer: answer, followUp: followUp, seed: seed)
        try await t.shutdown()
        try await server.shutdown()

        // validation
        XCTAssertNil(grading.fallbackReason)
        XCTAssertEqual(grading.model, "fake-model")
        XCTAssertEqual(grading.score, grading.llm)
        XCTAssertEqual(grading.score.scorer, "llm:fake-model")
        XCTAssertEqual(grading.score.confidence, .high)
        XCTAssertEqual(grading.score.criteria.map(\.met), [true, true, true, false])
        XCTAssertEqual(grading.score.points, 4)
        XCTAssertEqual(grading.embedded.scorer, EmbeddedRubricScorer.name)

        let request = try XCTUnwrap(server.received.first)
        XCTAssertEqual(server.received.count, 1)
        XCTAssertEqual(request.path, "/v1/chat/completions")
        XCTAssertEqual(request.headers.first(name: "Authorization"), "Bearer sk-test")
        XCTAssertEqual(request.headers.first(name: "Content-Type"), "application/json")
        XCTAssertEqual(request.body["model"]?.stringValue, "fake-model")
        XCTAssertEqual(request.body["temperature"]?.doubleValue, 0)
        XCTAssertEqual(request.messages("system").count, 1)
        let user = try XCTUnwrap(request.messages("user").first)
        let order = RubricGradingPrompt.criterionOrder(for: scenario, seed: seed).map(\.id)
        let positions = try order.map { id in try XCTUnwrap(user.range(of: "- \"\(id)\": ")?.lowerBound, "criterion \(id) missing") }
        XCTAssertEqual(positions, positions.sorted(), "criteria in the shuffled order \(order) for seed \(seed)")
        for text in [answer, followUp.question, followUp.answer] {
            XCTAssertTrue(user.contains(text), "the grader must see: \(text)")
        }
    }

    func testFencedReplyIsAccepted() async throws {
        let server = try await FakeChatServer.start(replying: .content("```json\n\(validGradingReply)\n```"))
        let t = try await makeApp(llm: server)

        let grading = await t.app.scenarioGrader.grade(question: scenario, answer: answer, followUp: nil, seed: 1)
        try await t.shutdown()
        try await server.shutdown()

        XCTAssertNil(grading.fallbackReason)
        XCTAssertEqual(grading.score.scorer, "llm:fake-model")
    }

    func testSlowEndpointFallsBackToTheEmbeddedScoreAndSaysSo() async throws {
        // setup
        let server = try await FakeChatServer.start(replying: .stall)
        let t = try await makeApp(llm: server, timeout: 0.3)

        for reply in [FakeChatServer.Reply.stall, .stallMidBody] {
            server.script(reply)
            let log = LogRecorder()

            // MUT
            let grading = await ScenarioGrader(model: t.app.llm, logger: log.logger)
                .grade(question: scenario, answer: answer, followUp: nil, seed: 1)

            // validation
            XCTAssertEqual(grading.fallbackReason, "timeout after 0.3s", "\(reply)")
            XCTAssertEqual(grading.model, "fake-model")
            XCTAssertNil(grading.llm)
            XCTAssertEqual(grading.score, grading.embedded)
            XCTAssertEqual(grading.score.confidence, .low)
            XCTAssertEqual(grading.score.criteria.map(\.met), [true, false, true, false], "the embedded scorer still read the answer")
            let warning = try XCTUnwrap(log.logged.first { $0.level == .warning }, "a fallback is never silent")
            XCTAssertEqual(warning.metadata["reason"], "timeout after 0.3s")
            XCTAssertEqual(warning.metadata["scenario"], "payments")
        }
        try await t.shutdown()
        try await server.shutdown()
    }

    func testEndpointErrorsFallBackWithTheirReason() async throws {
        let server = try await FakeChatServer.start(replying: .status(.internalServerError, #"{"error":{"message":"overloaded"}}"#))
        let t = try await makeApp(llm: server)
        let cases: [(FakeChatServer.Reply, String)] = [
            (.status(.internalServerError, #"{"error":{"message":"overloaded"}}"#), #"HTTP 500: {"error":{"message":"overloaded"}}"#),
            (.status(.unauthorized, ""), "HTTP 401"),
            (.body("<html>busy</html>"), "unreadable response: not a chat completion"),
            (.body(#"{"choices":[]}"#), "no choices[0].message.content in the response"),
        ]

        for (reply, reason) in cases {
            server.script(reply)
            let grading = await t.app.scenarioGrader.grade(question: scenario, answer: answer, followUp: nil, seed: 1)
            XCTAssertTrue(grading.fallbackReason?.hasPrefix(reason) == true, "\(grading.fallbackReason ?? "nil") should start with \(reason)")
            XCTAssertEqual(grading.score, grading.embedded)
        }
        try await t.shutdown()
        try await server.shutdown()
    }

    func testMalformedRepliesFallBackWithWhatWasWrong() async throws {
        let server = try await FakeChatServer.start(replying: .content(""))
        let t = try await makeApp(llm: server)
        let cases: [(String, String)] = [
            ("I think the candidate did well.", "malformed: not JSON"),
            (#"{"criteria":[{"id":"key","met":true},{"id":"race","met":true},{"id":"store","met":true}]}"#, #"malformed: criteria not judged: "expiry""#),
            (validGradingReply.replacingOccurrences(of: #""id":"race""#, with: #""id":"tone""#), #"malformed: unknown criterion id "tone""#),
            (validGradingReply.replacingOccurrences(of: #""met":true,"evidence":"a row lock""#, with: #""met":"yes""#),
             #"malformed: criterion "race": "met" must be true or false"#),
        ]

        for (reply, reason) in cases {
            server.script(.content(reply))
            let grading = await t.app.scenarioGrader.grade(question: scenario, answer: answer, followUp: nil, seed: 1)
            XCTAssertTrue(grading.fallbackReason?.hasPrefix(reason) == true, "\(grading.fallbackReason ?? "nil") should start with \(reason)")
            XCTAssertNil(grading.llm)
            XCTAssertEqual(grading.score.scorer, EmbeddedRubricScorer.name)
        }
        try await t.shutdown()
        try await server.shutdown()
    }

    func testUnreachableEndpointFallsBack() async throws {
        let t = try await TestApp.make(migrate: false) { config in
            config.llm = LLMConfiguration(baseURL: "http://127.0.0.1:1/v1", model: "fake-model", timeout: 1)
        }
        let grading = await t.app.scenarioGrader.grade(question: scenario, answer: answer, followUp: nil, seed: 1)
        try await t.shutdown()

        XCTAssertTrue(grading.fallbackReason?.hasPrefix("unreachable: ") == true, grading.fallbackReason ?? "nil")
        XCTAssertEqual(grading.score, grading.embedded)
    }

    func testWithoutAnLLMTheEmbeddedScoreIsUsedAndReadsTheFollowUpAnswer() async throws {
        let t = try await makeApp(llm: nil)
        let followUp = FollowUpExchange(question: "And old keys?", answer: "They expire after a day.")

        let grading = await t.app.scenarioGrader.grade(question: scenario, answer: answer, followUp: followUp, seed: 1)
        try await t.shutdown()

        XCTAssertNil(grading.fallbackReason)
        XCTAssertNil(grading.model)
        XCTAssertNil(grading.llm)
        XCTAssertEqual(grading.score, grading.embedded)
        XCTAssertEqual(grading.score.scorer, EmbeddedRubricScorer.name)
        XCTAssertEqual(grading.score.criteria.map(\.met), [true, false, true, true], "the follow-up answer counts")
    }

    func testGradingRoundTripsThroughJSONForTheReport() throws {
        let embedded = EmbeddedRubricScorer.score(answer, against: scenario)
        let grading = ScenarioGrading(score: embedded, embedded: embedded, llm: nil, fallbackReason: "HTTP 500", model: "fake-model")
        let decoded = try JSONDecoder().decode(ScenarioGrading.self, from: JSONEncoder().encode(grading))
        XCTAssertEqual(decoded, grading)
    }
}
