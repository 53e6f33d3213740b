import XCTest

@testable import CadreCore

final class CorrectionTemplateTests: XCTestCase {
    private let configurationJSON: JSONValue = ["error_categories": ["factual", "reasoning", "style"]]
    private let inputJSON: JSONValue = [
        "prompt": "Who wrote Hamlet?", "response": ["model": "m1", "content": "Hamlet was written by Marlowe."],
    ]

    private func parsed(_ json: JSONValue, configuration: JSONValue? = nil) throws(ValidationFailure)
        -> (CorrectionTemplate.Input, CorrectionTemplate.Answer)
    {
        let configuration = try CorrectionTemplate.validateConfiguration(configuration ?? configurationJSON)
        let input = try CorrectionTemplate.validateInput(inputJSON, configuration: configuration)
        return (input, try CorrectionTemplate.validateAnswer(json, configuration: configuration, input: input))
    }

    func testAcceptsACorrectionAndComputesItsEditDistance() throws {
        let (input, answer) = try parsed([
            "corrected": "Hamlet was written by Shakespeare.", "error_categories": ["style", "factual"],
        ])

        XCTAssertEqual(input.response.model, "m1")
        XCTAssertEqual(answer.errorCategories, ["factual", "style"])
        XCTAssertEqual(answer.json, ["corrected": "Hamlet was written by Shakespeare.", "error_categories": ["factual", "style"]])
        XCTAssertEqual(answer.editDistance(from: input), EditDistance.levenshtein("Marlowe", "Shakespeare"))
    }

    func testUnchangedResponseTakesNoCategories() throws {
        let (input, answer) = try parsed(["corrected": "Hamlet was written by Marlowe."])
        XCTAssertEqual(answer.errorCategories, [])
        XCTAssertEqual(answer.editDistance(from: input), 0)

        let fields = templateErrorFields { () throws(ValidationFailure) in
            try parsed(["corrected": "Hamlet was written by Marlowe.", "error_categories": ["factual"]])
        }
        XCTAssertEqual(fields, ["error_categories"])
    }

    func testChangedResponseNeedsACategoryWhenConfigured() throws {
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try parsed(["corrected": "By Shakespeare."]) },
            ["error_categories"])
        let (_, answer) = try parsed(
            ["corrected": "By Shakespeare."], configuration: ["error_categories": ["factual"], "categories_required": false])
        XCTAssertEqual(answer.errorCategories, [])
    }

    func testNamesEveryBadCategory() {
        let errors = templateErrors { () throws(ValidationFailure) in
            try parsed(["corrected": "By Shakespeare.", "error_categories": ["factual", "grammar", "factual", 3]])
        }
        XCTAssertEqual(
            Set(errors.map(\.field)), ["error_categories[1]", "error_categories[2]", "error_categories[3]"])
        XCTAssertTrue(templateMessage(errors, "error_categories[1]").contains("factual, reasoning, style"))
    }

    func testInputNeedsTheModelResponse() throws {
        let configuration = try CorrectionTemplate.validateConfiguration(nil)
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try CorrectionTemplate.validateInput(["prompt": "p"], configuration: configuration)
            },
            ["response"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try CorrectionTemplate.validateInput(["prompt": "p", "response": ["content": ""]], configuration: configuration)
            },
            ["response.content"])
    }

    func testRejectsBadConfiguration() {
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try CorrectionTemplate.validateConfiguration(["error_categories": "factual", "categories_required": 1])
            },
            ["error_categories", "categories_required"])
    }
}
