import XCTest

@testable import CadreCore

final class TemplateKindTests: XCTestCase {
    func testRawValuesAreTheAPINames() {
        XCTAssertEqual(
            TemplateKind.allCases.map(\.rawValue),
            ["pairwise", "ranking", "rating", "demonstration", "correction", "classification", "trajectory_review", "video_demonstration"])
        for kind in TemplateKind.allCases {
            XCTAssertEqual(kind.template.kind, kind)
            XCTAssertFalse(kind.summary.isEmpty)
        }
    }

    func testEveryExampleIsValidAndNormalisesIdempotently() throws {
        for kind in TemplateKind.allCases {
            let configuration = try kind.validateConfiguration(kind.exampleConfiguration)
            let input = try kind.validateInput(kind.exampleInput, configuration: configuration)
            let answer = try kind.validateAnswer(kind.exampleAnswer, configuration: configuration, input: input)

            XCTAssertEqual(try kind.validateConfiguration(configuration), configuration, "\(kind)")
            XCTAssertEqual(try kind.validateInput(input, configuration: configuration), input, "\(kind)")
            XCTAssertEqual(
                try kind.validateAnswer(answer, configuration: configuration, input: input), answer, "\(kind)")
            // The raw example configuration and input are accepted too, as stored by older clients.
            XCTAssertEqual(
                try kind.validateAnswer(kind.exampleAnswer, configuration: kind.exampleConfiguration, input: kind.exampleInput),
                answer, "\(kind)")
        }
    }

    func testParsesTemplateNames() throws {
        XCTAssertEqual(try TemplateKind(validating: "trajectory_review"), .trajectoryReview)
        let errors = templateErrors { () throws(ValidationFailure) in try TemplateKind(validating: "pairwse") }
        XCTAssertEqual(errors.map(\.field), ["template"])
        XCTAssertTrue(templateMessage(errors, "template").contains("pairwise, ranking"))
    }

    func testStoredConfigurationProblemsAreReportedUnderConfiguration() {
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try TemplateKind.classification.validateInput(["text": "hi"], configuration: ["labels": ["only"]])
        }
        XCTAssertEqual(fields, ["configuration.labels"])
    }

    func testStoredInputProblemsAreReportedUnderInput() throws {
        let template = try TemplateKind.pairwise.configured(nil)
        let fields = templateErrorFields { () throws(ValidationFailure) in
            try template.validateAnswer(["choice": "tie"], input: ["prompt": "p", "responses": ["only one"]])
        }
        XCTAssertEqual(fields, ["input.responses"])
    }

    func testConfiguredTemplateValidatesManyInputsAgainstOneConfiguration() throws {
        let template = try TemplateKind.classification.configured(["labels": ["spam", "ham"]])
        XCTAssertEqual(template.kind, .classification)
        XCTAssertEqual(template.configuration["multiple"], false)
        XCTAssertEqual(try template.validateInput(["text": "buy now"]), ["text": "buy now"])
        XCTAssertEqual(try template.validateAnswer(["label": "spam"], input: ["text": "buy now"]), ["labels": ["spam"]])
    }

    func testNonObjectsAreRejectedAtOnce() {
        for kind in TemplateKind.allCases {
            let fields = templateErrorFields { () throws(ValidationFailure) in
                try kind.validateInput("just a string", configuration: kind.exampleConfiguration)
            }
            XCTAssertEqual(fields, ["body"], "\(kind)")
        }
        XCTAssertEqual(
            templateErrorFields { () throws(ValidationFailure) in try TemplateKind.pairwise.validateConfiguration([1, 2]) },
            ["body"])
    }
}
