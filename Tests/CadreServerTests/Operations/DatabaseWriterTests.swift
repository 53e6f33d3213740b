@testable import CadreServer
import FluentKit
import XCTest
import XCTVapor

/// Group commit: concurrent writers share commits, yet each one's failure undoes only its own work.
final class DatabaseWriterTests: XCTestCase {
    struct Refused: Error {}

    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testAFailingWriterRollsBackOnlyItsOwnChanges() async throws {
        try await expectEveryFailureRolledBackAlone { _ in .grouped }
    }

    func testDirectAndFluentWritersShareCommitsYetAFailureRollsBackOnlyItsOwnChanges() async throws {
        guard t.app.writer.direct != nil else { throw XCTSkip("direct writes are SQLite's") }
        try await expectEveryFailureRolledBackAlone(direct: { $0 % 3 != 0 }) { _ in .grouped }
    }

    /// 60 concurrent writers, every seventh of which fails after its insert: exactly the
    /// failing ones are missing afterwards, and each caller hears its own outcome.
    private func expectEveryFailureRolledBackAlone(
        direct: @escaping @Sendable (Int) -> Bool = { _ in false }, mode: @escaping @Sendable (Int) -> DatabaseWriter.Mode
    ) async throws {
        let app = t.app
        let now = t.clock.now
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<60 {
                group.addTask {
                    do {
                        if direct(index) {
                            try await app.writer.direct(on: app.db) { connection, _ in
                                try Self.insertOrganization("Org \(index)", at: now, on: connection)
                                if index % 7 == 0 { throw Refused() }
                            }
                        } else {
                            try await app.writer.transaction(on: app.db, mode(index)) { db in
                                try await Organization(name: "Org \(index)", at: now).create(on: db)
                                if index % 7 == 0 { throw Refused() }
                            }
                        }
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        let stored = Set(try await Organization.query(on: app.db).all().map(\.name))
        for index in 0..<60 {
            XCTAssertEqual(outcomes[index], index % 7 != 0, "caller \(index)")
            XCTAssertEqual(stored.contains("Org \(index)"), index % 7 != 0, "row \(index)")
        }
    }

    func testAConstraintViolationInOneWriterDoesNotSinkTheOthers() async throws {
        let app = t.app
        let now = t.clock.now
        try await Organization(name: "Taken", at: now).create(on: app.db)
        async let duplicate: Bool = Self.succeeds(app) { try await Organization(name: "Taken", at: now).create(on: $0) }
        async let fine: Bool = Self.succeeds(app) { try await Organization(name: "Fresh", at: now).create(on: $0) }
        let (duplicateStored, fineStored) = await (duplicate, fine)
        XCTAssertFalse(duplicateStored)
        XCTAssertTrue(fineStored)
        let names = try await Organization.query(on: app.db).all().map(\.name).sorted()
        XCTAssertEqual(names, ["Fresh", "Taken"])
    }
}

extension DatabaseWriterTests {
    func testADirectWriterThatBreaksAConstraintDoesNotSinkTheOthers() async throws {
        let app = t.app
        let now = t.clock.now
        guard app.writer.direct != nil else { throw XCTSkip("direct writes are SQLite's") }
        try await Organization(name: "Taken", at: now).create(on: app.db)
        async let duplicate: Bool = Self.succeedsDirectly(app) { try Self.insertOrganization("Taken", at: now, on: $0) }
        async let fine: Bool = Self.succeedsDirectly(app) { try Self.insertOrganization("Fresh", at: now, on: $0) }
        let (duplicateStored, fineStored) = await (duplicate, fine)
        XCTAssertFalse(duplicateStored)
        XCTAssertTrue(fineStored)
        let names = try await Organization.query(on: app.db).all().map(\.name).sorted()
        XCTAssertEqual(names, ["Fresh", "Taken"])
    }

    static func insertOrganization(_ name: String, at now: Date, on connection: DirectConnection) throws {
        try connection.query(
            "INSERT INTO organizations (id, name, created_at) VALUES (?1, ?2, ?3)", [.id(UUID()), .text(name), .date(now)])
    }

    static func succeedsDirectly(_ app: Application, _ body: @escaping @Sendable (DirectConnection) throws -> Void) async -> Bool {
        do {
            try await app.writer.direct(on: app.db) { connection, _ in try body(connection) }
            return true
        } catch {
            return false
        }
    }

    static func succeeds(_ app: Application, _ body: @escaping @Sendable (any Database) async throws -> Void) async -> Bool {
        do {
            try await app.writer.transaction(on: app.db) { try await body($0) }
            return true
        } catch {
            return false
        }
    }
}
