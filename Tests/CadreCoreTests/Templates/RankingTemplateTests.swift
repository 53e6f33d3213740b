import XCTest

@testable import CadreCore

final class RankingTemplateTests: XCTestCase {
    private let inputJSON: JSONValue = ["prompt": "Best sorting algorithm for nearly sorted data?", "responses": ["a", "b", "c", "d"]]

    private func answer(_ json: JSONValue, configuration: JSONValue = nil) throws(ValidationFailure) -> RankingTemplate.Answer {
        let configuration = try RankingTemplate.validateConfiguration(configuration)
        let input = try RankingTemplate.validateInput(inputJSON, configuration: configuration)
        return try RankingTemplate.validateAnswer(json, configuration: configuration, input: input)
    }

    func testAcceptsGroupsBareIndicesAndTies() throws {
        let parsed = try answer(["ranking": [[3], 0, [2, 1]]])

        XCTAssertEqual(parsed.places, [[3], [0], [1, 2]])
        XCTAssertEqual(parsed.placeOfResponse, [1, 2, 2, 0])
        XCTAssertEqual(parsed.json, ["ranking": [[3], [0], [1, 2]]])
        XCTAssertEqual(try answer(["ranking": [0, 1, 2, 3]]).places, [[0], [1], [2], [3]])
        XCTAssertEqual(try answer(["ranking": [[0, 1, 2, 3]]]).places, [[0, 1, 2, 3]])
    }

    func testRankingMustBeAPermutation() {
        let missing = templateErrors { () throws(ValidationFailure) in try answer(["ranking": [[0], [1, 2]]]) }
        XCTAssertEqual(missing.map(\.field), ["ranking"])
        XCTAssertTrue(templateMessage(missing, "ranking").contains("missing response 3"))

        let fields = templateErrorFields { () throws(ValidationFailure) in try answer(["ranking": [[0, 4], [1, 1], [], "x"]]) }
        XCTAssertEqual(fields, ["ranking[0][1]", "ranking[1][1]", "ranking[2]", "ranking[3]"])
    }

    func testRefusesTiesWhenTheProjectForbidsThem() {
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try answer(["ranking": [[0, 1], 2, 3]], configuration: ["allow_ties": false])
        }
        XCTAssertEqual(fields, ["ranking[0]"])
    }

    func testResponseCountFollowsConfiguration() throws {
        let configuration = try RankingTemplate.validateConfiguration(["min_responses": 3, "max_responses": 3])
        XCTAssertEqual(configuration.json["max_responses"], 3)
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try RankingTemplate.validateInput(self.inputJSON, configuration: configuration)
        }
        XCTAssertEqual(fields, ["responses"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try RankingTemplate.validateConfiguration(["min_responses": 5, "max_responses": 3, "allow_ties": "yes"])
            },
            ["min_responses", "allow_ties"])
    }

    func testRationaleFollowsConfiguration() {
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try answer(["ranking": [0, 1, 2, 3]], configuration: ["rationale": ["required": true]])
        }
        XCTAssertEqual(fields, ["rationale"])
    }
}
