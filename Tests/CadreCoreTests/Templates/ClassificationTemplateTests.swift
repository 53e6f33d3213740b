import XCTest

@testable import CadreCore

final class ClassificationTemplateTests: XCTestCase {
    private func answer(_ json: JSONValue, configuration: JSONValue) throws(ValidationFailure) -> ClassificationTemplate.Answer {
        let configuration = try ClassificationTemplate.validateConfiguration(configuration)
        let input = try ClassificationTemplate.validateInput(["text": "Great product!"], configuration: configuration)
        return try ClassificationTemplate.validateAnswer(json, configuration: configuration, input: input)
    }

    private let single: JSONValue = ["labels": ["positive", "neutral", "negative"]]
    private let multiple: JSONValue = ["labels": ["a", "b", "c", "d"], "multiple": true, "min_labels": 0, "max_labels": 2]

    func testSingleLabelInEitherShape() throws {
        XCTAssertEqual(try answer(["label": "positive"], configuration: single).json, ["labels": ["positive"]])
        XCTAssertEqual(try answer(["labels": ["neutral"]], configuration: single).labels, ["neutral"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try answer(["labels": ["positive", "negative"]], configuration: single) },
            ["labels"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try answer(["label": "Positive"], configuration: single) },
            ["label"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try answer(["label": "positive", "labels": ["positive"]], configuration: single) },
            ["labels"])
        XCTAssertEqual(templateErrorFields { () throws(ValidationFailure) in try answer([:], configuration: single) }, ["labels"])
    }

    func testMultipleLabelsWithinBoundsInConfigurationOrder() throws {
        XCTAssertEqual(try answer(["labels": ["c", "a"]], configuration: multiple).labels, ["a", "c"])
        XCTAssertEqual(try answer(["labels": []], configuration: multiple).labels, [])
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try answer(["labels": ["a", "b", "c"]], configuration: multiple)
        }
        XCTAssertEqual(fields, ["labels"])
        let errors = templateErrors { () throws(ValidationFailure) in try answer(["labels": ["a", "a"]], configuration: multiple) }
        XCTAssertEqual(errors.map(\.field), ["labels[1]"])
    }

    func testRejectsBadConfiguration() {
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try ClassificationTemplate.validateConfiguration(["labels": ["only"], "max_labels": 2])
        }
        XCTAssertEqual(fields, ["labels", "max_labels"])
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in
                try ClassificationTemplate.validateConfiguration(["labels": ["a", "b"], "multiple": true, "min_labels": 2, "max_labels": 1])
            },
            ["min_labels"])
    }
}
