@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

/// Label Studio in both directions: a project's label-studio snapshot imports into another
/// project with its answers; gold imports take the agreed annotation; bad exports change nothing.
extension SnapshotTests {
    func importLabelStudio(_ body: String, into project: Project, gold: Bool = false, contentType: String = "application/json") async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/projects/\(project.id!)/\(gold ? "gold" : "tasks")/label-studio", token: client,
                         rawBody: body, headers: ["Content-Type": contentType])
    }

    func testALabelStudioExportImportsIntoAnotherProjectWithItsAnswers() async throws {
        let source = try await answeredPairwiseProject([["A", "B", "tie"], ["B", "B", "B"]])
        let snapshot = try await snapshot(source, ["format": "label-studio", "answers": "all"])
        let export = try await download(snapshot.json, "label-studio.json").body.string
        let target = try await t.makeProject(in: organization) { $0.template = .pairwise; $0.configuration = .null }

        let imported = try await importLabelStudio(export, into: target)
        XCTAssertEqual(imported.status, .created, imported.body.string)
        XCTAssertEqual(imported.json["created"] as? Int, 2)
        let report = try XCTUnwrap(imported.json["report"] as? [String: Any])
        XCTAssertEqual(report["annotations_mapped"] as? Int, 6)
        XCTAssertEqual(report["unmapped_total"] as? Int, 0)

        let tasks = try await t.send(.GET, "/api/v1/projects/\(target.id!)/tasks", token: client)
        let items = try XCTUnwrap(tasks.json["items"] as? [[String: Any]]).sorted { "\($0["external_id"]!)" < "\($1["external_id"]!)" }
        XCTAssertEqual(items.map { $0["external_id"] as? String }, ["cmp-0", "cmp-1"], "the exported external ids come back")
        let input = try XCTUnwrap(items[0]["input"] as? [String: Any])
        XCTAssertEqual((input["responses"] as? [[String: Any]])?.map { $0["content"] as? String }, ["First answer 0", "Second answer 0"])
        let kept = ((items[0]["metadata"] as? [String: Any])?["label_studio"] as? [String: Any])?["annotations"] as? [[String: Any]]
        XCTAssertEqual(kept?.compactMap { ($0["answer"] as? [String: Any])?["choice"] as? String }, ["A", "B", "tie"])

        let again = try await importLabelStudio(export, into: target)
        XCTAssertEqual(again.status, .ok)
        XCTAssertEqual(again.json["unchanged"] as? Int, 2, "importing the same export twice adds nothing")
    }

    func testAGoldLabelStudioImportNeedsAgreedAnnotationsAndIsAllOrNothing() async throws {
        let project = try await t.makeProject(in: organization)
        func task(_ id: Int, _ labels: [String]) -> String {
            let annotations = labels.map { #"{"result":[{"from_name":"label","to_name":"text","type":"choices","value":{"choices":["\#($0)"]}}]}"# }
            return #"{"id":\#(id),"data":{"text":"Review \#(id)"},"annotations":[\#(annotations.joined(separator: ","))]}"#
        }
        let refused = try await importLabelStudio("[\(task(1, ["positive"])),\(task(2, ["positive", "negative"]))]", into: project, gold: true)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertEqual(try refused.problem().errors.map(\.field), ["task 2: annotations"])
        let none = try await WorkTask.query(on: t.app.db).count()
        XCTAssertEqual(none, 0, "nothing is stored when one task is refused")

        let accepted = try await importLabelStudio("[\(task(1, ["positive"])),\(task(2, ["negative", "negative"]))]", into: project, gold: true)
        XCTAssertEqual(accepted.status, .created, accepted.body.string)
        let gold = try await WorkTask.query(on: t.app.db).filter(\.$isGold == true).sort(\.$externalID).all()
        XCTAssertEqual(gold.map(\.externalID), ["label-studio-1", "label-studio-2"])
        XCTAssertEqual(try gold.map { try JSONValue(parsing: $0.goldAnswer ?? "null")["labels"]?[0] }, ["positive", "negative"])
    }

    func testBadLabelStudioImportsAreRefusedWithTheirReason() async throws {
        let project = try await t.makeProject(in: organization)
        let notJSON = try await importLabelStudio("[{", into: project)
        XCTAssertEqual(try notJSON.problem().errors.map(\.field), ["body"])
        let emptyData = try await importLabelStudio(#"[{"id": 1, "data": {}}]"#, into: project)
        XCTAssertEqual(emptyData.status, .unprocessableEntity)
        XCTAssertEqual(try emptyData.problem().errors.first?.field.hasPrefix("task 1: input"), true, emptyData.body.string)
        let empty = try await importLabelStudio("[]", into: project)
        XCTAssertEqual(try empty.problem().errors.map(\.field), ["body"])
        let xml = try await importLabelStudio("<View/>", into: project, contentType: "application/xml")
        XCTAssertEqual(xml.status, .unsupportedMediaType)
        let ranking = try await t.makeProject(in: organization) { $0.template = .ranking; $0.configuration = .null }
        let unmappable = try await importLabelStudio(#"[{"data": {"prompt": "x"}}]"#, into: ranking)
        XCTAssertEqual(try unmappable.problem().errors.map(\.field), ["template"])
        let closed = try await t.makeProject(in: organization, state: .completed)
        let late = try await importLabelStudio(#"[{"id": 1, "data": {"text": "x"}}]"#, into: closed)
        XCTAssertEqual(late.status, .conflict)
        let stored = try await WorkTask.query(on: t.app.db).count()
        XCTAssertEqual(stored, 0)
    }
}
