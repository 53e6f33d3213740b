@testable import CadreServer
import XCTest

/// U+0000 in text: PostgreSQL stores it in neither `text` nor `jsonb`, so before this guard
/// such a request was a 500 there (found by fuzzing the API) and stored as sent on SQLite.
/// Now every way text comes in answers 422 naming the field, on both databases.
final class NulCharacterTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    private func assertRefused(_ response: TestResponse, field: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(response.status, .unprocessableEntity, response.body.string, file: file, line: line)
        let problem = try response.problem(file: file, line: line)
        XCTAssertEqual(problem.errors.map(\.field), [field], file: file, line: line)
        XCTAssertEqual(problem.errors.first?.message, "must not contain the NUL character (U+0000)", file: file, line: line)
    }

    func testJSONBodiesNameTheField() async throws {
        // setup
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let before = try await Organization.query(on: t.app.db).count()

        // MUT: a body decoded into a Codable type, one read as JSON values, and a recruiting body
        let organization = try await t.send(.POST, "/api/v1/organizations", token: admin, rawBody: #"{"name":"Acme\u0000Lab"}"#)
        let signUp = try await t.send(.POST, "/api/v1/candidates",
                                      rawBody: #"{"name":"Cam","email":"cam@example.com","password":"long-enough-pass\u0000"}"#)
        let project = try await t.makeProject(in: try await t.makeOrganization())
        let edit = try await t.send(.PATCH, "/api/v1/projects/\(project.id!)", token: admin,
                                    rawBody: #"{"configuration":{"labels":["yes","n\u0000o"]}}"#)

        // validation
        try assertRefused(organization, field: "name")
        try assertRefused(signUp, field: "password")
        try assertRefused(edit, field: "configuration.labels[1]")
        let after = try await Organization.query(on: t.app.db).count()
        XCTAssertEqual(after, before + 1, "only the project's organization was created")
    }

    func testQueriesPathsAndTaskFilesNameWhereTheCharacterIs() async throws {
        // setup
        let organization = try await t.makeOrganization()
        let client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        let project = try await t.makeProject(in: organization)

        // MUT
        let query = try await t.send(.GET, "/api/v1/projects?limit=10&state=dr%00aft", token: client)
        let path = try await t.send(.GET, "/api/v1/organizations/\(organization.id!)/invoices/2026-11%00", token: client)
        let tasks = try await t.send(.POST, "/api/v1/projects/\(project.id!)/tasks", token: client,
                                     rawBody: #"{"external_id":"t-1","text":"fine"}"# + "\n" + #"{"external_id":"t-2","text":"bad\u0000"}"#,
                                     headers: ["Content-Type": "application/x-ndjson"])

        // validation
        try assertRefused(query, field: "state")
        try assertRefused(path, field: "path")
        XCTAssertEqual(tasks.status, .unprocessableEntity, tasks.body.string)
        XCTAssertEqual(try tasks.problem().errors.map(\.field), ["line 2: text"])
        let stored = try await WorkTask.query(on: t.app.db).count()
        XCTAssertEqual(stored, 0, "an import is all-or-nothing")
    }
}
