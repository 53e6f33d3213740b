@testable import CadreCore
import XCTest

final class GoldGradingTests: XCTestCase {
    /// Each kind's example answer, as validated and stored.
    func stored(_ kind: TemplateKind) throws -> JSONValue {
        let configuration = try kind.validateConfiguration(kind.exampleConfiguration)
        let input = try kind.validateInput(kind.exampleInput, configuration: configuration)
        return try kind.validateAnswer(kind.exampleAnswer, configuration: configuration, input: input)
    }

    func testAnAnswerAgreesWithItselfAndFreeTextIsNotGraded() throws {
        for kind in TemplateKind.allCases {
            let answer = try stored(kind)
            let grade = kind.gradeAgainstGold(answer, gold: answer)
            if kind == .demonstration || kind == .correction || kind == .videoDemonstration {
                XCTAssertNil(grade, "\(kind)")
            } else {
                XCTAssertEqual(grade, true, "\(kind)")
            }
        }
    }

    func testDisagreementsPerKind() {
        XCTAssertEqual(TemplateKind.pairwise.gradeAgainstGold(["choice": "A", "strength": 3], gold: ["choice": "B", "strength": 1]), false)
        XCTAssertEqual(TemplateKind.pairwise.gradeAgainstGold(["choice": "A", "strength": 3], gold: ["choice": "A", "strength": 1]), true)
        XCTAssertEqual(TemplateKind.classification.gradeAgainstGold(["labels": ["a", "b"]], gold: ["labels": ["b", "a"]]), true)
        XCTAssertEqual(TemplateKind.classification.gradeAgainstGold(["labels": ["a"]], gold: ["labels": ["a", "b"]]), false)
        XCTAssertEqual(TemplateKind.ranking.gradeAgainstGold(["ranking": [[1], [0, 2]]], gold: ["ranking": [[1], [2], [0]]]), true)
        XCTAssertEqual(TemplateKind.ranking.gradeAgainstGold(["ranking": [[0], [1, 2]]], gold: ["ranking": [[1], [2], [0]]]), false)
        XCTAssertEqual(TemplateKind.rating.gradeAgainstGold(["scores": ["q": 4, "s": 2]], gold: ["scores": ["q": 5, "s": 2]]), true)
        XCTAssertEqual(TemplateKind.rating.gradeAgainstGold(["scores": ["q": 3, "s": 2]], gold: ["scores": ["q": 5, "s": 2]]), false)
        let gold: JSONValue = ["success": true, "steps": [["label": "correct"], ["label": "correct"], ["label": "incorrect"], ["label": "neutral"], ["label": "correct"]]]
        let close: JSONValue = ["success": true, "steps": [["label": "correct"], ["label": "correct"], ["label": "incorrect"], ["label": "neutral"], ["label": "incorrect"]]]
        let wrongVerdict: JSONValue = ["success": false, "steps": gold["steps"]!]
        XCTAssertEqual(TemplateKind.trajectoryReview.gradeAgainstGold(close, gold: gold), true)
        XCTAssertEqual(TemplateKind.trajectoryReview.gradeAgainstGold(wrongVerdict, gold: gold), false)
    }
}
