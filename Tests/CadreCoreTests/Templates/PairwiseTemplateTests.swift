import XCTest

@testable import CadreCore

final class PairwiseTemplateTests: XCTestCase {
    private let configurationJSON: JSONValue = [
        "criteria": ["helpfulness", ["name": "honesty", "description": "No made-up facts"]],
        "rationale": ["min_length": 10],
    ]
    private let inputJSON: JSONValue = ["prompt": "Capital of France?", "responses": ["Paris.", "Lyon."]]

    private func answer(_ json: JSONValue, configuration: JSONValue? = nil) throws(ValidationFailure) -> PairwiseTemplate.Answer {
        let configuration = try PairwiseTemplate.validateConfiguration(configuration ?? configurationJSON)
        let input = try PairwiseTemplate.validateInput(inputJSON, configuration: configuration)
        return try PairwiseTemplate.validateAnswer(json, configuration: configuration, input: input)
    }

    func testNormalisesConfigurationWithDefaults() throws {
        let configuration = try PairwiseTemplate.validateConfiguration(configurationJSON)

        XCTAssertEqual(configuration.criteria.map(\.name), ["helpfulness", "honesty"])
        XCTAssertTrue(configuration.rationale.required)
        XCTAssertEqual(
            configuration.json,
            [
                "criteria": [["name": "helpfulness"], ["name": "honesty", "description": "No made-up facts"]],
                "ratings_required": false,
                "rationale": ["required": true, "min_length": 10, "max_length": 100_000],
            ])
        XCTAssertEqual(try PairwiseTemplate.validateConfiguration(nil).criteria, [])
    }

    func testRejectsBadConfiguration() {
        let errors = templateErrors { () throws(ValidationFailure) in
            try PairwiseTemplate.validateConfiguration([
                "criteria": ["ok", "ok", "has space", 7],
                "rationale": ["min_length": -1],
                "ratings_requird": true,
            ])
        }
        XCTAssertEqual(
            Set(errors.map(\.field)),
            ["criteria[1].name", "criteria[2]", "criteria[3]", "rationale.min_length", "ratings_requird"])
        XCTAssertTrue(templateMessage(errors, "criteria[1].name").contains("duplicate"))
    }

    func testRequiresExactlyTwoResponses() throws {
        let configuration = try PairwiseTemplate.validateConfiguration(nil)
        let errors = templateErrors { () throws(ValidationFailure) in
            try PairwiseTemplate.validateInput(["prompt": "p", "responses": ["a", "b", "c"]], configuration: configuration)
        }
        XCTAssertEqual(errors.map(\.field), ["responses"])
        XCTAssertTrue(templateMessage(errors, "responses").contains("exactly 2"))
    }

    func testAcceptsAndNormalisesAnAnswer() throws {
        let parsed = try answer([
            "choice": "a", "strength": 2.0,
            "ratings": ["honesty": ["A": 7, "B": 2]],
            "rationale": "  Lyon is not the capital.  ",
        ])

        XCTAssertEqual(parsed.choice, .a)
        XCTAssertEqual(parsed.strength, 2)
        XCTAssertEqual(parsed.ratings, ["honesty": .init(a: 7, b: 2)])
        XCTAssertEqual(
            parsed.json,
            [
                "choice": "A", "strength": 2, "ratings": ["honesty": ["A": 7, "B": 2]],
                "rationale": "Lyon is not the capital.",
            ])
    }

    func testTieAndBothBadTakeNoStrength() throws {
        XCTAssertNil(try answer(["choice": "tie", "rationale": "Both are fine here."]).strength)
        XCTAssertEqual(try answer(["choice": "both_bad", "rationale": "Neither is right."]).choice, .bothBad)
        let errors = templateErrors { () throws(ValidationFailure) in
            try answer(["choice": "tie", "strength": 2, "rationale": "Both are fine here."])
        }
        XCTAssertEqual(errors.map(\.field), ["strength"])
    }

    func testReportsEveryProblemWithAnAnswer() {
        let errors = templateErrors { () throws(ValidationFailure) in
            try answer([
                "choice": "B", "strength": 4,
                "ratings": ["helpfulness": ["A": 8, "B": 1], "style": ["A": 1, "B": 1], "honesty": ["A": 3]],
                "rationale": "short",
                "confidence": 1,
            ])
        }
        XCTAssertEqual(
            Set(errors.map(\.field)),
            ["strength", "ratings.helpfulness.A", "ratings.style", "ratings.honesty.B", "rationale", "confidence"])
        XCTAssertTrue(templateMessage(errors, "strength").contains("from 1 to 3, got 4"))
        XCTAssertTrue(templateMessage(errors, "rationale").contains("at least 10 characters"))
    }

    func testRequiresChoiceAndStrengthForAWinner() {
        XCTAssertEqual(templateErrorFields { () throws(ValidationFailure) in try answer(["rationale": "Long enough text."]) }, ["choice"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try answer(["choice": "C", "rationale": "Long enough text."]) },
            ["choice"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try answer(["choice": "A", "rationale": "Long enough text."]) },
            ["strength"])
    }

    func testRequiredRatingsMustCoverEveryCriterion() {
        let configuration: JSONValue = ["criteria": ["helpfulness", "honesty"], "ratings_required": true]
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try answer(["choice": "A", "strength": 1, "ratings": ["helpfulness": ["A": 5, "B": 4]]], configuration: configuration)
        }
        XCTAssertEqual(fields, ["ratings.honesty"])
    }

    func testRatingsNeedConfiguredCriteria() {
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try answer(["choice": "A", "strength": 1, "ratings": ["x": ["A": 1, "B": 1]]], configuration: [:])
        }
        XCTAssertEqual(fields, ["ratings"])
    }
}
