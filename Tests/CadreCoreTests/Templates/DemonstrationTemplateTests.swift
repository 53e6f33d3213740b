import XCTest

@testable import CadreCore

final class DemonstrationTemplateTests: XCTestCase {
    private func answer(_ json: JSONValue, configuration: JSONValue = nil) throws(ValidationFailure) -> DemonstrationTemplate.Answer {
        let configuration = try DemonstrationTemplate.validateConfiguration(configuration)
        let input = try DemonstrationTemplate.validateInput(["prompt": "Explain recursion."], configuration: configuration)
        return try DemonstrationTemplate.validateAnswer(json, configuration: configuration, input: input)
    }

    func testKeepsTheResponseExactlyAsWritten() throws {
        let text = "Recursion is when a function calls itself.\n\n```swift\nfunc f() { f() }\n```\n"
        XCTAssertEqual(try answer(["response": .string(text)]).json, ["response": .string(text)])
    }

    func testRefusesBlankMissingOrOversizedResponses() {
        XCTAssertEqual(templateErrorFields { () throws(ValidationFailure) in try answer(["response": " \n "]) }, ["response"])
        XCTAssertEqual(templateErrorFields { () throws(ValidationFailure) in try answer([:]) }, ["response"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try answer(["response": "abcdef"], configuration: ["max_length": 5]) },
            ["response"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try answer(["response": "abc"], configuration: ["min_length": 4]) },
            ["response"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try answer(["response": "ok", "notes": "x"]) }, ["notes"])
    }

    func testRejectsBadConfigurationAndInput() throws {
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try DemonstrationTemplate.validateConfiguration(["min_length": 10, "max_length": 5])
            },
            ["min_length"])
        let configuration = try DemonstrationTemplate.validateConfiguration(nil)
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try DemonstrationTemplate.validateInput(["messages": []], configuration: configuration)
            },
            ["messages"])
    }
}
