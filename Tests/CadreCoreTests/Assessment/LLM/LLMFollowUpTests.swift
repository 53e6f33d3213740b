@testable import CadreCore
import XCTest

final class LLMFollowUpTests: XCTestCase {
    private let scenario = ScenarioQuestion.duplicateCharges

    func testPromptQuotesTheAnswerAndKeepsTheRubricOut() {
        let messages = FollowUpPrompt.messages(question: scenario, answer: "Use idempotency keys.")
        XCTAssertEqual(messages.map(\.role), [.system, .user])
        XCTAssertTrue(messages[0].content.contains("exactly one probing follow-up question"))
        XCTAssertTrue(messages[1].content.contains(scenario.prompt))
        XCTAssertTrue(messages[1].content.contains("<answer>\nUse idempotency keys.\n</answer>"))
        for criterion in scenario.rubric {
            XCTAssertFalse(messages.contains { $0.content.contains(criterion.description) }, "the candidate must not be hinted \(criterion.id)")
        }
    }

    func testQuestionIsTrimmedUnquotedAndOnOneLine() throws {
        XCTAssertEqual(try FollowUpPrompt.question(from: "  What happens if two retries arrive at once?\n"), "What happens if two retries arrive at once?")
        XCTAssertEqual(try FollowUpPrompt.question(from: "\"How long do you keep the keys?\""), "How long do you keep the keys?")
        XCTAssertEqual(try FollowUpPrompt.question(from: "“How long do you keep the keys?”"), "How long do you keep the keys?")
        XCTAssertEqual(try FollowUpPrompt.question(from: "Walk me through\nthe failure   case."), "Walk me through the failure case.")
    }

    func testEmptyLongAndSeveralQuestionsAreRejected() {
        XCTAssertThrowsError(try FollowUpPrompt.question(from: "  \n ")) { XCTAssertEqual($0 as? LLMReplyError, .emptyQuestion) }
        XCTAssertThrowsError(try FollowUpPrompt.question(from: "\"\"")) { XCTAssertEqual($0 as? LLMReplyError, .emptyQuestion) }
        let long = String(repeating: "why ", count: 130) + "?"
        XCTAssertThrowsError(try FollowUpPrompt.question(from: long)) {
            XCTAssertEqual($0 as? LLMReplyError, .questionTooLong(length: long.count, limit: 500))
        }
        XCTAssertThrowsError(try FollowUpPrompt.question(from: "Why a lock? Why not a unique index?")) {
            XCTAssertEqual($0 as? LLMReplyError, .severalQuestions(count: 2))
        }
    }
}
