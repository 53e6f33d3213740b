@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// The interview with an LLM configured: one follow-up per scenario answer, which the grader
/// sees, and every failure of the model recorded in the report rather than hidden.
final class InterviewLLMTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    static let followUp = "Which of those risks would you check first, and why?"
    static let followUpAnswer = "The covariance assumption, because everything else depends on it."

    /// A scripted judge: asks the follow-up, and meets every criterion of the scenario it is
    /// shown, remembering what it was sent.
    final class Judge: @unchecked Sendable {
        let bank: ItemBank
        let lock = NSLock()
        var gradingPrompts: [String] = []

        init(bank: ItemBank) { self.bank = bank }

        var model: ChatModel {
            ChatModel(name: "judge-1") { [self] (messages: [ChatMessage]) async throws(ChatCompletionError) -> String in
                let text = messages.map(\.content).joined(separator: "\n")
                guard let scenario = bank.scenarios.first(where: { text.contains($0.prompt) }) else { return "?" }
                guard text.contains("\"criteria\"") else { return InterviewLLMTests.followUp }
                lock.withLock { gradingPrompts.append(text) }
                let criteria = scenario.rubric.map { #"{"id":"\#($0.id)","met":true,"evidence":"as written"}"# }
                return #"{"criteria":[\#(criteria.joined(separator: ","))]}"#
            }
        }
    }

    func testTheFollowUpIsAskedAnsweredAndSeenByTheGrader() async throws {
        let judge = Judge(bank: try CandidateDriver.bank("mathematics"))
        t.app.llm = judge.model
        let candidate = try await CandidateDriver.applied(in: t)
        var kinds: [String] = []
        let (id, _) = try await candidate.takeInterview(as: .novice) { _, question in kinds.append(question["kind"] as! String) }
        XCTAssertEqual(kinds.filter { $0 == "scenario" }.count, 2)
        XCTAssertEqual(kinds.filter { $0 == "follow_up" }.count, 2, "one follow-up per scenario answer")

        let report = try await t.send(.GET, "/api/v1/interviews/\(id)/report", token: candidate.token)
        let scenarios = try XCTUnwrap((report.json["report"] as? [String: Any])?["scenarios"] as? [[String: Any]])
        for scenario in scenarios {
            XCTAssertEqual(scenario["scorer"] as? String, "llm:judge-1")
            XCTAssertEqual(scenario["confidence"] as? String, "high")
            XCTAssertEqual(scenario["follow_up_question"] as? String, Self.followUp)
            XCTAssertNotNil(scenario["follow_up_answer"] as? String)
            XCTAssertEqual(scenario["points"] as? Int, scenario["max_points"] as? Int)
            XCTAssertEqual(scenario["embedded_points"] as? Int, 0, "the embedded second opinion is kept beside the LLM's")
        }
        XCTAssertEqual(judge.gradingPrompts.count, 2)
        XCTAssertTrue(judge.gradingPrompts.allSatisfy { $0.contains(Self.followUp) }, "the grader sees the follow-up exchange")
        let provenance = try XCTUnwrap((report.json["report"] as? [String: Any])?["provenance"] as? [String: Any])
        XCTAssertEqual(provenance["scorers"] as? [String], ["llm:judge-1"])
    }

    func testAFailingModelFallsBackToTheEmbeddedScoreAndSaysWhy() async throws {
        t.app.llm = .failing(.timedOut(seconds: 20), name: "slow-model")
        let candidate = try await CandidateDriver.applied(in: t)
        let (id, _) = try await candidate.takeInterview(as: .expert)
        let report = try await t.send(.GET, "/api/v1/interviews/\(id)/report", token: candidate.token)
        let scenarios = try XCTUnwrap((report.json["report"] as? [String: Any])?["scenarios"] as? [[String: Any]])
        XCTAssertEqual(scenarios.count, 2)
        for scenario in scenarios {
            XCTAssertEqual(scenario["scorer"] as? String, EmbeddedRubricScorer.name)
            XCTAssertEqual(scenario["confidence"] as? String, "low")
            XCTAssertTrue((scenario["fallback_reason"] as? String)?.contains("20") == true, "\(scenario)")
            XCTAssertTrue((scenario["follow_up_failure"] as? String)?.isEmpty == false, "\(scenario)")
            XCTAssertNil(scenario["follow_up_question"] as? String)
        }
    }
}
