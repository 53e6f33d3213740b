@testable import CadreServer
import FluentKit
import SQLKit
import XCTest

/// Migrations apply and revert cleanly, on whichever database the suite runs against.
final class MigrationTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    private func tables() async throws -> Set<String> {
        let sql = t.app.db as! any SQLDatabase
        let rows: [SQLRow]
        if TestApp.postgresURL == nil {
            rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
        } else {
            rows = try await sql.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'").all()
        }
        return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
    }

    func testRevertRemovesEveryTableAndMigrateRestoresThem() async throws {
        let expected: Set<String> = ["organizations", "users", "access_tokens", "login_throttles", "_fluent_migrations"]
        let migrated = try await tables()
        XCTAssertTrue(expected.isSubset(of: migrated), "\(migrated)")

        try await t.app.autoRevert()
        let reverted = try await tables()
        XCTAssertEqual(reverted.subtracting(["_fluent_migrations"]), [])

        try await t.app.autoMigrate()
        let again = try await tables()
        XCTAssertTrue(expected.isSubset(of: again))
        // The schema works after the round trip.
        try await t.makeUser(.expert, organization: nil)
    }

    func testConstraintsHoldInTheDatabaseItself() async throws {
        let organization = try await t.makeOrganization()
        try await t.makeUser(.client, organization: organization, email: "same@example.com")
        do {
            try await t.makeUser(.expert, email: "same@example.com")
            XCTFail("a second account with the same email was stored")
        } catch let error as any DatabaseError where error.isConstraintFailure {}
    }
}
