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

    func testConcurrentWritersInterleaveYetAFailureRollsBackOnlyItsOwnChanges() async throws {
        try await expectEveryFailureRolledBackAlone { $0 % 3 == 0 ? .grouped : .concurrent }
    }

    /// 60 concurrent writers, every seventh of which fails after its insert: exactly the
    /// failing ones are missing afterwards, and each caller hears its own outcome.
    private func expectEveryFailureRolledBackAlone(mode: @escaping @Sendable (Int) -> DatabaseWriter.Mode) async throws {
        let app = t.app
        let now = t.clock.now
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<60 {
                group.addTask {
                    do {
                        try await app.writer.transaction(on: app.db, mode(index)) { db in
                            try await Organization(name: "Org \(index)", at: now).create(on: db)
                            if index % 7 == 0 { throw Refused() }
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
    static func succeeds(_ app: Application, _ body: @escaping @Sendable (any Database) async throws -> Void) async -> Bool {
        do {
            try await app.writer.transaction(on: app.db) { try await body($0) }
            return true
        } catch {
            return false
        }
    }
}
