@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

final class TaskImportTests: XCTestCase {
    var t: TestApp!
    var project: Project!
    var client: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        let organization = try await t.makeOrganization()
        project = try await t.makeProject(in: organization)
        client = try await t.token(for: try await t.makeUser(.client, organization: organization))
    }
    override func tearDown() async throws { try await t.shutdown() }

    private func importLines(_ body: String) async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/projects/\(project.id!)/tasks", token: client, rawBody: body,
                         headers: ["Content-Type": "application/x-ndjson"])
    }

    func taskCount() async throws -> Int {
        try await WorkTask.query(on: t.app.db).filter(\.$project.$id == project.id!).count()
    }

    func testImportsEveryLineAndReimportIsANoOp() async throws {
        let body = (1...1200).map { #"{"external_id": "t\#($0)", "text": "review \#($0)", "priority": \#($0 % 3), "metadata": {"batch": 1}}"# }
            .joined(separator: "\n") + "\n\n"
        let first = try await importLines(body)
        XCTAssertEqual(first.status, .created, first.body.string)
        XCTAssertEqual(first.json["created"] as? Int, 1200)
        XCTAssertEqual(first.json["unchanged"] as? Int, 0)
        let again = try await importLines(body)
        XCTAssertEqual(again.status, .ok)
        XCTAssertEqual(again.json["created"] as? Int, 0)
        XCTAssertEqual(again.json["unchanged"] as? Int, 1200)
        let count = try await taskCount()
        XCTAssertEqual(count, 1200)

        let page = try await t.send(.GET, "/api/v1/projects/\(project.id!)/tasks?limit=2", token: client)
        let items = try XCTUnwrap(page.json["items"] as? [[String: Any]])
        XCTAssertEqual(items.first?["external_id"] as? String, "t1")
        XCTAssertEqual((items.first?["input"] as? [String: Any])?["text"] as? String, "review 1")
        XCTAssertNil((items.first?["input"] as? [String: Any])?["external_id"])
        XCTAssertEqual((items.first?["metadata"] as? [String: Any])?["batch"] as? Int, 1)
    }

    func testABadLineRejectsTheWholeImportAndNamesEveryBadLine() async throws {
        let body = """
            {"external_id": "a", "text": "fine"}
            {"external_id": "b", "text": "fine"}
            not json
            {"text": "no id"}
            {"external_id": "a", "text": "repeated"}
            {"external_id": "c", "priority": 5000, "text": "x"}
            [1, 2]
            """
        let response = try await importLines(body)
        XCTAssertEqual(response.status, .unprocessableEntity)
        let problem = try response.problem()
        XCTAssertEqual(problem.code, "import_rejected")
        XCTAssertTrue(problem.detail.contains("5 of 7 lines"), problem.detail)
        let fields = problem.errors.map(\.field)
        XCTAssertEqual(fields, ["line 3", "line 4: external_id", "line 5: external_id", "line 6: priority", "line 7"])
        XCTAssertEqual(problem.errors.first { $0.field == "line 5: external_id" }?.message, "repeats line 1")
        let count = try await taskCount()
        XCTAssertEqual(count, 0, "nothing may be stored when a line is bad")
    }

    func testTemplateInputErrorsNameTheLineAndField() async throws {
        let organization = try await t.makeOrganization()
        let pairwise = try await t.makeProject(in: organization) {
            $0.template = .pairwise
            $0.configuration = .null
        }
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let body = #"{"external_id": "p1", "prompt": "Which is better?", "responses": ["only one"]}"#
        let response = try await t.send(.POST, "/api/v1/projects/\(pairwise.id!)/tasks", token: admin, rawBody: body,
                                        headers: ["Content-Type": "application/x-ndjson"])
        XCTAssertEqual(response.status, .unprocessableEntity)
        XCTAssertEqual(try response.problem().errors.first?.field, "line 1: input.responses")
    }

    func testLargeImportInOneRequest() async throws {
        let lines = (1...20_000).map { #"{"external_id": "big-\#($0)", "text": "item \#($0)"}"# }.joined(separator: "\n")
        let response = try await importLines(lines)
        XCTAssertEqual(response.status, .created)
        XCTAssertEqual(response.json["created"] as? Int, 20_000)
        let count = try await taskCount()
        XCTAssertEqual(count, 20_000)
    }

    func testEmptyImportsAndClosedProjectsAreRefused() async throws {
        let empty = try await importLines("\n\n")
        XCTAssertEqual(empty.status, .unprocessableEntity)
        project.state = .completed
        try await project.save(on: t.app.db)
        let closed = try await importLines(#"{"external_id": "x", "text": "y"}"#)
        XCTAssertEqual(closed.status, .conflict)
        XCTAssertEqual(try closed.problem().code, "project_closed")
    }

    func testAnotherOrganizationsProjectIsHidden() async throws {
        let other = try await t.makeUser(.client, organization: try await t.makeOrganization())
        let token = try await t.token(for: other)
        let response = try await t.send(.POST, "/api/v1/projects/\(project.id!)/tasks", token: token,
                                        rawBody: #"{"external_id": "x", "text": "y"}"#, headers: ["Content-Type": "application/x-ndjson"])
        XCTAssertEqual(response.status, .notFound)
        let count = try await taskCount()
        XCTAssertEqual(count, 0)
    }
}

extension TaskImportTests {
    func testAnImportOverTheLineLimitIsRefusedWhole() async throws {
        var importer = try TaskImport.into(project, now: t.clock.now)
        importer.maxLines = 3
        let lines = (1...4).map { #"{"external_id": "t\#($0)", "text": "review \#($0)"}"# }.joined(separator: "\n")
        let body = AsyncStream<ByteBuffer> { $0.yield(ByteBuffer(string: lines)); $0.finish() }
        do {
            _ = try await importer.run(body, writer: t.app.writer, on: t.app.db)
            XCTFail("a fourth line over a limit of three was taken")
        } catch let problem as Problem {
            XCTAssertEqual(problem.errors.map(\.field), ["body"])
            XCTAssertTrue(problem.errors[0].message.contains("more than 3 lines"), problem.errors[0].message)
        }
        let count = try await taskCount()
        XCTAssertEqual(count, 0)
    }
}
