@testable import CadreCore
import XCTest

final class AccessPolicyTests: XCTestCase {
    let orgA = UUID()
    let orgB = UUID()

    func principal(_ role: Role, org: UUID? = nil) -> Principal {
        Principal(userID: UUID(), role: role, organizationID: org)
    }

    func testNobodySignedInIsUnauthenticated() {
        XCTAssertEqual(AccessPolicy.decide(nil, .readOwnAccount), .unauthenticated)
        XCTAssertEqual(AccessPolicy.decide(nil, .readOrganization(orgA)), .unauthenticated)
    }

    func testAdminMayDoEverything() {
        let admin = principal(.admin)
        for action: Action in [.listUsers, .createUser, .createOrganization, .listOrganizations, .readOrganization(orgA), .manageMembers(orgB)] {
            XCTAssertEqual(AccessPolicy.decide(admin, action), .allow, "\(action)")
        }
    }

    func testClientsSeeOnlyTheirOwnOrganizationAndOthersAreHidden() {
        let client = principal(.client, org: orgA)
        XCTAssertEqual(AccessPolicy.decide(client, .readOrganization(orgA)), .allow)
        XCTAssertEqual(AccessPolicy.decide(client, .manageMembers(orgA)), .allow)
        XCTAssertEqual(AccessPolicy.decide(client, .readOrganization(orgB)), .notFound)
        XCTAssertEqual(AccessPolicy.decide(client, .manageMembers(orgB)), .notFound)
        XCTAssertEqual(AccessPolicy.decide(client, .createOrganization), .forbidden)
    }

    func testOnlyAdminsMoveMoneyAndClientsSeeOnlyTheirOwnBilling() {
        let client = principal(.client, org: orgA)
        XCTAssertEqual(AccessPolicy.decide(client, .readBilling(organization: orgA)), .allow)
        XCTAssertEqual(AccessPolicy.decide(client, .readBilling(organization: orgB)), .notFound)
        XCTAssertEqual(AccessPolicy.decide(principal(.admin), .managePayments), .allow)
        for role in [Role.client, .expert, .candidate] {
            XCTAssertEqual(AccessPolicy.decide(principal(role, org: orgA), .managePayments), .forbidden)
            XCTAssertEqual(AccessPolicy.decide(principal(role, org: orgA), .updateOrganization), .forbidden)
        }
        XCTAssertEqual(AccessPolicy.decide(principal(.expert), .readBilling(organization: orgA)), .forbidden)
    }

    func testExpertsAndCandidatesCannotTouchOrganizations() {
        for role in [Role.expert, .candidate] {
            XCTAssertEqual(AccessPolicy.decide(principal(role), .readOrganization(orgA)), .forbidden)
            XCTAssertEqual(AccessPolicy.decide(principal(role), .listOrganizations), .forbidden)
            XCTAssertEqual(AccessPolicy.decide(principal(role), .readOwnAccount), .allow)
        }
    }
}

final class CredentialsTests: XCTestCase {
    func testEmailsAreNormalisedAndLooselyChecked() {
        XCTAssertEqual(EmailAddress.normalize("  Ada@Example.COM "), "ada@example.com")
        XCTAssertTrue(EmailAddress.isPlausible("a.b+c@example.co.uk"))
        for bad in ["", "plain", "@example.com", "a@", "a@b", "a b@example.com", "a@@example.com", "a@.com"] {
            XCTAssertFalse(EmailAddress.isPlausible(bad), bad)
        }
    }

    func testPasswordPolicy() {
        XCTAssertEqual(PasswordPolicy.problems(with: "123456789"), ["must be at least 10 characters"])
        XCTAssertEqual(PasswordPolicy.problems(with: "1234567890"), [])
        XCTAssertFalse(PasswordPolicy.problems(with: String(repeating: "x", count: 201)).isEmpty)
    }
}
