@testable import CadreServer
import CadreCore
import XCTest
import XCTVapor

final class OrganizationTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testAdminCreatesAnOrganizationAndAClientInIt() async throws {
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let created = try await t.send(.POST, "/api/v1/organizations", token: admin, json: ["name": "  Orbital Labs "])
        XCTAssertEqual(created.status, .created)
        XCTAssertEqual(created.json["name"] as? String, "Orbital Labs")
        let id = try XCTUnwrap(created.json["id"] as? String)

        let member = try await t.send(.POST, "/api/v1/organizations/\(id)/members", token: admin, json: [
            "email": "lead@orbital.example", "password": "long-enough-pw", "name": "Lead", "role": "client",
        ])
        XCTAssertEqual(member.status, .created)
        XCTAssertEqual(member.json["organization_id"] as? String, id)
        XCTAssertEqual(member.json["role"] as? String, "client")

        // The new client can sign in and sees its organization.
        let clientToken = try await t.send(.POST, "/api/v1/sessions", json: ["email": "lead@orbital.example", "password": "long-enough-pw"])
        let token = try XCTUnwrap(clientToken.json["token"] as? String)
        let own = try await t.send(.GET, "/api/v1/organizations/\(id)", token: token)
        XCTAssertEqual(own.status, .ok)
    }

    func testDuplicateOrganizationNameIsAConflict() async throws {
        let admin = try await t.token(for: try await t.makeUser(.admin))
        _ = try await t.send(.POST, "/api/v1/organizations", token: admin, json: ["name": "Same"])
        let again = try await t.send(.POST, "/api/v1/organizations", token: admin, json: ["name": "Same"])
        XCTAssertEqual(again.status, .conflict)
    }

    func testAClientListsOnlyItsOwnOrganizationAndMembers() async throws {
        let a = try await t.makeOrganization("A")
        let b = try await t.makeOrganization("B")
        let clientA = try await t.makeUser(.client, organization: a)
        try await t.makeUser(.client, organization: b, email: "b-member@example.com")
        let token = try await t.token(for: clientA)

        let list = try await t.send(.GET, "/api/v1/organizations", token: token)
        let names = (list.json["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        XCTAssertEqual(names, ["A"])

        let members = try await t.send(.GET, "/api/v1/organizations/\(a.id!)/members", token: token)
        let emails = (members.json["items"] as? [[String: Any]])?.compactMap { $0["email"] as? String }
        XCTAssertEqual(emails, [clientA.email])

        let other = try await t.send(.GET, "/api/v1/organizations/\(b.id!)/members", token: token)
        XCTAssertEqual(other.status, .notFound)
        let missing = try await t.send(.GET, "/api/v1/organizations/\(UUID())", token: token)
        XCTAssertEqual(missing.status, .notFound, "an unknown id and another organization's id must look the same")
        XCTAssertEqual(try other.problem().detail, try missing.problem().detail)
    }

    func testMembersEndpointCreatesOnlyClients() async throws {
        let organization = try await t.makeOrganization()
        let clientToken = try await t.token(for: try await t.makeUser(.client, organization: organization))
        let admin = try await t.send(.POST, "/api/v1/organizations/\(organization.id!)/members", token: clientToken, json: [
            "email": "sneaky@example.com", "password": "long-enough-pw", "name": "S", "role": "admin",
        ])
        XCTAssertEqual(admin.status, .unprocessableEntity)
        XCTAssertEqual(try admin.problem().errors.map(\.field), ["role"])
    }
}
