@testable import CadreServer
import SQLKit
import XCTest

/// `fold` streams a query's rows into a value on both databases, and stops at the first error.
final class RowFoldTests: XCTestCase {
    private struct Refused: Error {}

    func testFoldsEveryRowInOrderAndStopsAtTheFirstError() async throws {
        let t = try await TestApp.make()
        let query: SQLQueryString = "SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 ORDER BY n"
        let seen = try await t.app.db.sql.fold(query, into: [Int]()) { seen, row in seen.append(try row.decode(column: "n", as: Int.self)) }
        XCTAssertEqual(seen, [1, 2, 3])

        var visited: [Int] = []
        do {
            _ = try await t.app.db.sql.fold(query, into: 0) { _, row in
                let n = try row.decode(column: "n", as: Int.self)
                visited.append(n)
                if n == 2 { throw Refused() }
            }
            XCTFail("the update's error reaches the caller")
        } catch is Refused {}
        XCTAssertEqual(visited, [1, 2])
        try await t.shutdown()
    }
}
