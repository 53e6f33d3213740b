import XCTest

@testable import CadreCore

final class RatingTemplateTests: XCTestCase {
    private let configurationJSON: JSONValue = [
        "criteria": [
            "helpfulness",
            ["name": "risk", "min": 0, "max": 10, "description": "0 = harmless"],
            ["name": "tone", "min": -2, "max": 2, "required": false],
        ],
        "comment": ["required": true],
    ]

    private func answer(_ json: JSONValue) throws(ValidationFailure) -> RatingTemplate.Answer {
        let configuration = try RatingTemplate.validateConfiguration(configurationJSON)
        let input = try RatingTemplate.validateInput(["document": "Some text to rate."], configuration: configuration)
        return try RatingTemplate.validateAnswer(json, configuration: configuration, input: input)
    }

    func testBareCriterionGetsTheDefaultScale() throws {
        let configuration = try RatingTemplate.validateConfiguration(configurationJSON)

        XCTAssertEqual(configuration.criteria.map(\.scale), [1...5, 0...10, -2...2])
        XCTAssertEqual(configuration.criteria.map(\.required), [true, true, false])
        XCTAssertEqual(configuration.json["criteria"]?[0], ["name": "helpfulness", "min": 1, "max": 5, "required": true])
    }

    func testRejectsBadConfiguration() {
        XCTAssertEqual(templateErrorFields { () throws(ValidationFailure) in try RatingTemplate.validateConfiguration(nil) }, ["criteria"])
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try RatingTemplate.validateConfiguration([
                "criteria": [["name": "a", "min": 5, "max": 5], ["name": "b", "max": 1.5], ["name": "a"], ["min": 1]]
            ])
        }
        XCTAssertEqual(fields, ["criteria[0].max", "criteria[1].max", "criteria[2].name", "criteria[3].name"])
    }

    func testInputIsAnyNonEmptyObjectKeptVerbatim() throws {
        let configuration = try RatingTemplate.validateConfiguration(configurationJSON)
        let json: JSONValue = ["prompt": "Q", "response": "A", "meta": ["n": 1]]

        XCTAssertEqual(try RatingTemplate.validateInput(json, configuration: configuration).json, json)
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try RatingTemplate.validateInput([:], configuration: configuration) },
            ["body"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try RatingTemplate.validateInput(["messages": "not a list"], configuration: configuration)
            },
            ["messages"])
    }

    func testAcceptsScoresWithinEachScale() throws {
        let parsed = try answer(["scores": ["helpfulness": 5, "risk": 0], "comment": " Fine. "])

        XCTAssertEqual(parsed.scores, ["helpfulness": 5, "risk": 0])
        XCTAssertEqual(parsed.json, ["scores": ["helpfulness": 5, "risk": 0], "comment": "Fine."])
    }

    func testNamesEachBadScore() {
        let errors = templateErrors { () throws(ValidationFailure) in
            try answer(["scores": ["helpfulness": 6, "tone": 1.5, "verbosity": 3]])
        }
        XCTAssertEqual(
            Set(errors.map(\.field)), ["scores.helpfulness", "scores.risk", "scores.tone", "scores.verbosity", "comment"])
        XCTAssertTrue(templateMessage(errors, "scores.helpfulness").contains("from 1 to 5, got 6"))
        XCTAssertTrue(templateMessage(errors, "scores.tone").contains("got 1.5"))
        XCTAssertTrue(templateMessage(errors, "scores.risk").hasPrefix("required"))
    }
}
