@testable import CadreCore
import XCTest

final class LLMGradingReplyTests: XCTestCase {
    private let scenario = ScenarioQuestion.duplicateCharges

    private func reply(_ entries: [String]) -> String { #"{"criteria":["# + entries.joined(separator: ",") + "]}" }

    private let allJudged = [
        #"{"id":"race","met":false,"evidence":""}"#,
        #"{"id":"key","met":true,"evidence":"send an Idempotency-Key"}"#,
        #"{"id":"expiry","met":false}"#,
        #"{"id":"store","met":true,"evidence":"  keep it under a unique constraint "}"#,
    ]

    func testValidReplyBecomesAHighConfidenceScoreInRubricOrder() throws {
        // MUT
        let score = try RubricGradingReply.score(reply(allJudged), for: scenario, model: "qwen2.5-7b")

        // validation
        XCTAssertEqual(score.criteria.map(\.criterionID), ["key", "store", "race", "expiry"])
        XCTAssertEqual(score.criteria.map(\.met), [true, true, false, false])
        XCTAssertEqual(score.criteria.map(\.points), [1, 2, 0, 0])
        XCTAssertEqual(score.points, 3)
        XCTAssertEqual(score.maxPoints, 5)
        XCTAssertEqual(score.confidence, .high)
        XCTAssertEqual(score.scorer, "llm:qwen2.5-7b")
        XCTAssertEqual(score.scenarioID, "payments")
        XCTAssertEqual(score.criteria[1].evidence, [ConceptEvidence(concept: "Stores the key with the result.", phrase: "", excerpt: "keep it under a unique constraint")])
        XCTAssertEqual(score.criteria[2].evidence, [], "an unmet criterion has no evidence")
    }

    func testCodeFenceIsTolerated() throws {
        for fenced in ["```json\n\(reply(allJudged))\n```", "  ```\n\(reply(allJudged))```\n", "```" + reply(allJudged) + "```"] {
            XCTAssertEqual(try RubricGradingReply.score(fenced, for: scenario, model: "m").points, 3, fenced)
        }
    }

    func testEachKindOfBadReplyIsNamed() {
        let cases: [(String, LLMReplyError)] = [
            ("Sure! Here is my grading.", .notJSON(reason: "")),
            (#"[{"id":"key","met":true}]"#, .missingCriteriaArray),
            (#"{"criteria":{"id":"key"}}"#, .missingCriteriaArray),
            (reply(["\"key\""]), .criterionNotAnObject(index: 0)),
            (reply([#"{"met":true}"#]), .missingID(index: 0)),
            (reply(allJudged + [#"{"id":"tone","met":true}"#]), .unknownCriterion(id: "tone")),
            (reply(allJudged + [#"{"id":"key","met":false}"#]), .duplicateCriterion(id: "key")),
            (reply(Array(allJudged.dropFirst(2))), .missingCriteria(ids: ["key", "race"])),
            (reply([#"{"id":"key","met":"yes"}"#]), .metNotBoolean(id: "key")),
            (reply([#"{"id":"key","met":1}"#]), .metNotBoolean(id: "key")),
            (reply([#"{"id":"key"}"#]), .metNotBoolean(id: "key")),
            (reply([#"{"id":"key","met":true,"evidence":["a"]}"#]), .evidenceNotString(id: "key")),
            (reply([#"{"id":"key","met":true,"evidence":"\#(String(repeating: "x", count: 401))"}"#]),
             .evidenceTooLong(id: "key", length: 401, limit: 400)),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try RubricGradingReply.score(text, for: scenario, model: "m"), text) { error in
                let error = error as? LLMReplyError
                if case .notJSON = expected, case .notJSON = error { return }
                XCTAssertEqual(error, expected, text)
            }
        }
    }

    func testErrorsReadAsSentences() {
        XCTAssertEqual(LLMReplyError.missingCriteria(ids: ["key", "race"]).description, #"criteria not judged: "key", "race""#)
        XCTAssertEqual(LLMReplyError.unknownCriterion(id: "tone").description, #"unknown criterion id "tone""#)
        XCTAssertEqual(LLMReplyError.metNotBoolean(id: "key").description, #"criterion "key": "met" must be true or false"#)
        XCTAssertTrue(LLMReplyError.notJSON(reason: "invalid JSON at byte 0").description.hasPrefix("not JSON"))
    }
}
