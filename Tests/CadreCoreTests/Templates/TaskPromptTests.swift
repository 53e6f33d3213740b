import XCTest

@testable import CadreCore

/// The prompt, messages and responses parsers every template shares, exercised through
/// the pairwise input.
final class TaskPromptTests: XCTestCase {
    private let twoResponses: JSONValue = ["first", ["model": "m", "content": "second"]]

    private func input(_ json: JSONValue) throws(ValidationFailure) -> PairwiseTemplate.Input {
        try PairwiseTemplate.validateInput(json, configuration: PairwiseTemplate.validateConfiguration(nil))
    }

    func testAcceptsChatMessagesAndNormalisesResponses() throws {
        let parsed = try input([
            "messages": [["role": "system", "content": "Be brief."], ["role": "user", "content": "Hi"]],
            "responses": twoResponses,
            "topic": "greetings",
        ])

        XCTAssertEqual(parsed.prompt, .messages([.init(role: .system, content: "Be brief."), .init(role: .user, content: "Hi")]))
        XCTAssertEqual(parsed.responseA, ModelResponse(content: "first"))
        XCTAssertEqual(parsed.responseB, ModelResponse(content: "second", model: "m"))
        XCTAssertEqual(parsed.json["responses"], [["content": "first"], ["content": "second", "model": "m"]])
        XCTAssertEqual(parsed.json["topic"], "greetings")
    }

    func testRequiresPromptOrMessagesButNotBoth() {
        XCTAssertEqual(templateErrorFields { () throws(ValidationFailure) in try input(["responses": twoResponses]) }, ["prompt"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try input(["prompt": "p", "messages": [["role": "user", "content": "p"]], "responses": twoResponses])
            },
            ["messages"])
    }

    func testNamesEveryBadMessageField() {
        let errors = templateErrors { () throws(ValidationFailure) in
            try input([
                "messages": [
                    ["role": "wizard", "content": "x"],
                    ["role": "user", "content": 5],
                    ["role": "user", "content": "ok", "name": "extra"],
                    "not an object",
                ],
                "responses": twoResponses,
            ])
        }
        XCTAssertEqual(
            Set(errors.map(\.field)), ["messages[0].role", "messages[1].content", "messages[2].name", "messages[3]"])
        XCTAssertTrue(templateMessage(errors, "messages[0].role").contains("system, user, assistant, tool"))
        XCTAssertTrue(templateMessage(errors, "messages[1].content").contains("got a number"))
    }

    func testConversationMustAwaitTheAssistantsReply() {
        let errors = templateErrors { () throws(ValidationFailure) in
            try input([
                "messages": [["role": "user", "content": "Hi"], ["role": "assistant", "content": "Hello"]],
                "responses": twoResponses,
            ])
        }
        XCTAssertEqual(errors.map(\.field), ["messages[1].role"])
    }

    func testNamesEveryBadResponseField() {
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try input(["prompt": "   ", "responses": [["model": "m"], ["content": "x", "model": 3]]])
        }
        XCTAssertEqual(fields, ["prompt", "responses[0].content", "responses[1].model"])
    }

    func testRefusesTextOverTheLimit() {
        let huge = String(repeating: "a", count: TemplateLimits.maxTextLength + 1)
        let errors = templateErrors { () throws(ValidationFailure) in try input(["prompt": .string(huge), "responses": twoResponses]) }
        XCTAssertEqual(errors.map(\.field), ["prompt"])
        XCTAssertTrue(templateMessage(errors, "prompt").contains("at most 100000 characters"))
        XCTAssertNoThrow(try input(["prompt": .string(String(huge.dropLast())), "responses": twoResponses]))
    }
}
