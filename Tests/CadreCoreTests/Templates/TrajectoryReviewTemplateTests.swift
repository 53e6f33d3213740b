import XCTest

@testable import CadreCore

final class TrajectoryReviewTemplateTests: XCTestCase {
    private let inputJSON: JSONValue = [
        "prompt": "Find the weather in Paris.",
        "steps": [
            ["kind": "thought", "content": "Call the weather tool."],
            ["kind": "tool_call", "name": "weather", "content": ["city": "Paris"]],
            ["kind": "observation", "content": "18 °C, cloudy"],
            ["kind": "answer", "content": "It is 18 °C and cloudy in Paris."],
        ],
    ]

    private func answer(_ json: JSONValue, configuration: JSONValue = nil) throws(ValidationFailure) -> TrajectoryReviewTemplate.Answer {
        let configuration = try TrajectoryReviewTemplate.validateConfiguration(configuration)
        let input = try TrajectoryReviewTemplate.validateInput(inputJSON, configuration: configuration)
        return try TrajectoryReviewTemplate.validateAnswer(json, configuration: configuration, input: input)
    }

    func testKeepsStructuredToolContent() throws {
        let input = try TrajectoryReviewTemplate.validateInput(
            inputJSON, configuration: TrajectoryReviewTemplate.validateConfiguration(nil))
        XCTAssertEqual(input.steps.map(\.kind), [.thought, .toolCall, .observation, .answer])
        XCTAssertEqual(input.steps[1].content, ["city": "Paris"])
        XCTAssertEqual(input.json, inputJSON)
    }

    func testAcceptsAReviewOfEveryStep() throws {
        let parsed = try answer([
            "steps": ["correct", ["label": "neutral"], ["label": "correct", "note": " ok "], "correct"], "success": true,
        ])
        XCTAssertEqual(parsed.steps.map(\.label), [.correct, .neutral, .correct, .correct])
        XCTAssertEqual(parsed.json["steps"]?[2], ["label": "correct", "note": "ok"])
        XCTAssertEqual(parsed.success, true)
    }

    func testEveryStepMustBeReviewed() {
        let errors = templateErrors { () throws(ValidationFailure) in try answer(["steps": ["correct"], "success": true]) }
        XCTAssertEqual(errors.map(\.field), ["steps"])
        XCTAssertTrue(templateMessage(errors, "steps").contains("exactly 4"))
    }

    func testNamesEveryBadStepReview() {
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try answer(
                ["steps": ["right", ["label": "incorrect"], ["note": "x"], ["label": "neutral", "score": 1]], "success": "yes"],
                configuration: ["require_note_for_incorrect": true])
        }
        XCTAssertEqual(fields, ["steps[0]", "steps[1].note", "steps[2].label", "steps[3].score", "success"])
    }

    func testRejectsMalformedSteps() throws {
        let configuration = try TrajectoryReviewTemplate.validateConfiguration(nil)
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try TrajectoryReviewTemplate.validateInput(
                ["steps": [["kind": "plan", "content": "x"], ["kind": "thought", "content": ["a": 1]], ["kind": "observation"]]],
                configuration: configuration)
        }
        XCTAssertEqual(fields, ["steps[0].kind", "steps[1].content", "steps[2].content"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try TrajectoryReviewTemplate.validateInput(["steps": []], configuration: configuration)
            },
            ["steps"])
    }
}
