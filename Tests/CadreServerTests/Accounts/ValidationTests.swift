@testable import CadreServer
import CadreCore
import XCTest
import XCTVapor

/// Bad bodies get a 4xx that says which field and what was expected — and change nothing.
final class ValidationTests: XCTestCase {
    var t: TestApp!
    var adminToken: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        adminToken = try await t.token(for: try await t.makeUser(.admin))
    }
    override func tearDown() async throws { try await t.shutdown() }

    private func userCount() async throws -> Int { try await User.query(on: t.app.db).count() }

    func testMalformedJSONIs400WithAProblemBody() async throws {
        let before = try await userCount()
        let response = try await t.send(.POST, "/api/v1/users", token: adminToken, rawBody: "{\"email\": ")
        XCTAssertEqual(response.status, .badRequest)
        let problem = try response.problem()
        XCTAssertEqual(problem.code, "malformed_body")
        XCTAssertEqual(problem.status, 400)
        XCTAssertNotNil(problem.requestId)
        let after = try await userCount()
        XCTAssertEqual(after, before)
    }

    func testMissingFieldIsNamed() async throws {
        let response = try await t.send(.POST, "/api/v1/users", token: adminToken, json: ["email": "a@example.com", "name": "A", "role": "expert"])
        XCTAssertEqual(response.status, .unprocessableEntity)
        let problem = try response.problem()
        XCTAssertEqual(problem.code, "validation_failed")
        XCTAssertEqual(problem.errors.map(\.field), ["password"])
    }

    func testWrongTypeIsNamed() async throws {
        let response = try await t.send(.POST, "/api/v1/organizations", token: adminToken, json: ["name": 42])
        XCTAssertEqual(response.status, .unprocessableEntity)
        XCTAssertEqual(try response.problem().errors, [FieldError(field: "name", message: "expected a string")])
    }

    func testEveryBadFieldIsReportedAtOnce() async throws {
        let before = try await userCount()
        let response = try await t.send(.POST, "/api/v1/users", token: adminToken, json: [
            "email": "not-an-email", "password": "short", "name": " ", "role": "wizard",
        ])
        XCTAssertEqual(response.status, .unprocessableEntity)
        XCTAssertEqual(Set(try response.problem().errors.map(\.field)), ["email", "password", "name", "role"])
        let after = try await userCount()
        XCTAssertEqual(after, before)
    }

    func testClientNeedsAnExistingOrganization() async throws {
        let missing = try await t.send(.POST, "/api/v1/users", token: adminToken, json: [
            "email": "c@example.com", "password": "long-enough-pw", "name": "C", "role": "client",
        ])
        XCTAssertEqual(try missing.problem().errors.map(\.field), ["organization_id"])
        let unknown = try await t.send(.POST, "/api/v1/users", token: adminToken, json: [
            "email": "c@example.com", "password": "long-enough-pw", "name": "C", "role": "client",
            "organization_id": UUID().uuidString,
        ])
        XCTAssertEqual(unknown.status, .unprocessableEntity)
        XCTAssertEqual(try unknown.problem().errors.map(\.field), ["organization_id"])
    }

    func testDuplicateEmailIsAConflict() async throws {
        let body: [String: Any] = ["email": "dup@example.com", "password": "long-enough-pw", "name": "D", "role": "expert"]
        let first = try await t.send(.POST, "/api/v1/users", token: adminToken, json: body)
        XCTAssertEqual(first.status, .created)
        var shouted = body
        shouted["email"] = "DUP@example.com"
        let second = try await t.send(.POST, "/api/v1/users", token: adminToken, json: shouted)
        XCTAssertEqual(second.status, .conflict)
        XCTAssertEqual(try second.problem().code, "email_taken")
    }

    func testOversizedBodyIs413() async throws {
        let huge = "{\"name\": \"" + String(repeating: "x", count: 3 * 1024 * 1024) + "\"}"
        try await t.overNetwork()
        let response = try await t.send(.POST, "/api/v1/organizations", token: adminToken, rawBody: huge)
        XCTAssertEqual(response.status, .payloadTooLarge)
        XCTAssertEqual(try response.problem().code, "body_too_large")
    }

    func testWrongContentTypeIsA4xx() async throws {
        let response = try await t.send(.POST, "/api/v1/organizations", token: adminToken, rawBody: "name=x", headers: ["Content-Type": "text/plain"])
        XCTAssertEqual(response.status.code / 100, 4)
        XCTAssertNoThrow(try response.problem())
    }

    func testUnknownRouteIsAProblem404() async throws {
        let response = try await t.send(.GET, "/api/v1/nothing-here", token: adminToken)
        XCTAssertEqual(response.status, .notFound)
        XCTAssertEqual(try response.problem().code, "not_found")
    }

    func testPaginationIsStableAndComplete() async throws {
        for index in 0..<7 {
            t.clock.advance(by: 1)
            try await t.makeOrganization("Org \(index)")
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let path = "/api/v1/organizations?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = try await t.send(.GET, path, token: adminToken)
            XCTAssertEqual(response.status, .ok)
            let page = response.json
            let items = try XCTUnwrap(page["items"] as? [[String: Any]])
            XCTAssertLessThanOrEqual(items.count, 3)
            seen += items.compactMap { $0["name"] as? String }
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        XCTAssertEqual(seen, (0..<7).map { "Org \($0)" })
    }

    func testBadPaginationParametersAreNamed() async throws {
        let response = try await t.send(.GET, "/api/v1/users?limit=0&cursor=nope", token: adminToken)
        XCTAssertEqual(response.status, .unprocessableEntity)
        XCTAssertEqual(Set(try response.problem().errors.map(\.field)), ["limit", "cursor"])
    }
}
