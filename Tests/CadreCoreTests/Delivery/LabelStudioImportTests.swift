import CadreCore
import Foundation
import XCTest

/// Reading Label Studio exports: Cadre's own label-studio files come back as the answers they
/// were made from, Label Studio's own tags map too, and what cannot map is reported by place.
final class LabelStudioImportTests: XCTestCase {
    func importer(_ kind: TemplateKind, _ configuration: String = "null", gold: Bool = false) throws -> LabelStudioImport {
        try LabelStudioImport(template: kind.configured(try JSONValue(parsing: configuration)), gold: gold)
    }

    /// A golden label-studio file (one task a line) as the JSON array an export is.
    func goldenExport(_ name: String) throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        return .array(try lines.map { try JSONValue(parsing: String($0)) })
    }

    func answers(_ line: JSONValue, _ source: String = "annotations") -> [JSONValue] {
        (line["metadata"]?["label_studio"]?[source]?.arrayValue ?? []).compactMap { $0["answer"] }
    }

    func testCadresOwnExportsComeBackAsTheAnswersTheyWereMadeFrom() throws {
        let (classified, report) = try importer(.classification, #"{"labels":["billing","account"]}"#)
            .convert(try goldenExport("classification-label-studio.jsonl"))
        XCTAssertEqual(classified[0]["external_id"], "t-1")
        XCTAssertEqual(classified[0]["text"], "I was charged twice.")
        XCTAssertEqual(classified[0]["source"], "email", "every data field is kept as input")
        XCTAssertEqual(answers(classified[0]), [["labels": ["billing"]], ["labels": ["account"]]])
        XCTAssertEqual(report.annotationsMapped, 2)
        XCTAssertEqual(report.unmappedTotal, 0)

        let (rated, _) = try importer(.rating, SupervisionFormatTests.rubric).convert(try goldenExport("rating-label-studio.jsonl"))
        XCTAssertEqual(answers(rated[0]).first?["scores"], ["correctness": 4, "safety": 3])
    }

    func testLabelStudiosPairwiseTagsPredictionsAndWhatCannotMap() throws {
        let export = try JSONValue(parsing: #"""
            [{"id": 41, "data": {"prompt": "Which is kinder?", "answer1": "Thanks!", "answer2": "Whatever."},
              "meta": {"batch": 3},
              "annotations": [
                {"completed_by": 7, "lead_time": 12.5, "result": [
                  {"from_name": "comparison", "to_name": "answer1,answer2", "type": "pairwise", "value": {"selected": "left"}},
                  {"from_name": "ner", "to_name": "prompt", "type": "labels", "value": {"start": 0, "end": 5, "labels": ["Q"]}}]},
                {"completed_by": 8, "was_cancelled": true, "result": []},
                {"completed_by": 9, "result": [
                  {"from_name": "pick", "to_name": "prompt", "type": "choices", "value": {"choices": ["tie"]}},
                  {"from_name": "strength", "to_name": "prompt", "type": "rating", "value": {"rating": 3}}]}],
              "predictions": [{"model_version": "rm-2", "score": 0.8, "result": [
                  {"from_name": "pick", "to_name": "prompt", "type": "choices", "value": {"choices": ["B"]}}]}],
              "drafts": [{"result": []}]}]
            """#)
        let (lines, report) = try importer(.pairwise).convert(export)
        let line = lines[0]
        XCTAssertEqual(line["external_id"], "label-studio-41", "Label Studio's id names the task when the data has no external_id")
        XCTAssertEqual(line["responses"], ["Thanks!", "Whatever."])
        XCTAssertNil(line["answer1"])
        XCTAssertEqual(line["metadata"]?["batch"], 3, "the task's meta is kept as metadata")
        XCTAssertEqual(answers(line).map { $0["choice"] }, ["A"], "the cancelled annotation and the tie with a strength are left out")
        XCTAssertEqual(answers(line).first?["strength"], 2, "a preference without strength is taken as clearly better")
        XCTAssertEqual(line["metadata"]?["label_studio"]?["annotations"]?[0]?["completed_by"], 7)
        XCTAssertEqual(answers(line, "predictions"), [["choice": "B", "strength": 2, "ratings": [:]]])
        XCTAssertEqual(line["metadata"]?["label_studio"]?["predictions"]?[0]?["model_version"], "rm-2")
        XCTAssertEqual(report.annotationsMapped, 1)
        XCTAssertEqual(report.annotationsUnmapped, 2)
        XCTAssertEqual(report.predictionsMapped, 1)
        XCTAssertEqual(report.unmapped.map(\.part), ["annotations[0].result[1]", "annotations[1]", "annotations[2]", "drafts[0]"])
        XCTAssertTrue(report.unmapped[0].reason.contains("labels region"), report.unmapped[0].reason)
        XCTAssertTrue(report.unmapped[2].reason.contains("strength"), report.unmapped[2].reason)
        XCTAssertEqual(report.notes.count, 1, "the assumed strength is said once")
    }

    func testAGoldImportTakesTheAgreedAnnotationAndRefusesDisagreement() throws {
        let task = { (id: Int, choices: [String]) -> String in
            let annotations = choices.map { #"{"result":[{"from_name":"label","to_name":"text","type":"choices","value":{"choices":["\#($0)"]}}]}"# }
            return #"{"id":\#(id),"data":{"text":"Item \#(id)"},"annotations":[\#(annotations.joined(separator: ","))]}"#
        }
        let labels = #"{"labels":["spam","ham"]}"#
        let agreed = try importer(.classification, labels, gold: true).convert(try JSONValue(parsing: "[\(task(1, ["spam", "spam"]))]"))
        XCTAssertEqual(agreed.lines[0]["gold_answer"], ["labels": ["spam"]])

        let export = try JSONValue(parsing: "[\(task(1, ["spam"])),\(task(2, ["spam", "ham"])),\(task(3, []))]")
        XCTAssertThrowsError(try importer(.classification, labels, gold: true).convert(export)) { error in
            XCTAssertEqual((error as? ValidationFailure)?.errors.map(\.field), ["task 2: annotations", "task 3: annotations"])
        }
    }

    func testRefusesWhatIsNotAnExportOrATemplateLabelStudioCannotExpress() throws {
        XCTAssertThrowsError(try importer(.ranking)) { error in
            XCTAssertEqual((error as? ValidationFailure)?.errors.first?.field, "template")
        }
        XCTAssertThrowsError(try importer(.demonstration).convert(["data": ["prompt": "x"]])) { error in
            XCTAssertEqual((error as? ValidationFailure)?.errors.first?.field, "body")
        }
        XCTAssertThrowsError(try importer(.demonstration).convert([["data": "x"], 3])) { error in
            XCTAssertEqual((error as? ValidationFailure)?.errors.map(\.field), ["task 1: data", "task 2"])
        }
    }

    func testTextAreasBecomeDemonstrationsAndCorrections() throws {
        let region = #"{"from_name":"answer","to_name":"prompt","type":"textarea","value":{"text":["Line one","Line two"]}}"#
        let export = try JSONValue(parsing: #"[{"data":{"external_id":"d-1","prompt":"Say hi.","response":"Hullo"},"annotations":[{"result":[\#(region)]}]}]"#)
        XCTAssertEqual(answers(try importer(.demonstration).convert(export).lines[0]), [["response": "Line one\nLine two"]])
        let corrected = answers(try importer(.correction, #"{"categories_required":false}"#).convert(export).lines[0])
        XCTAssertEqual(corrected.first?["corrected"], "Line one\nLine two")
    }
}
