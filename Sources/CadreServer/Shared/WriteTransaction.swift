import Fluent
import SQLKit
import Vapor

/// A transaction that will write, begun so that it cannot deadlock with another writer.
///
/// SQLite's default `BEGIN` takes the write lock only at the first write; two such
/// transactions that both read first can each block the other and fail with SQLITE_BUSY.
/// `BEGIN IMMEDIATE` takes the lock up front, so writers queue instead (sqlite-nio's busy
/// handler waits). PostgreSQL uses its ordinary transaction with row locks.
enum WriteTransaction {
    static func run<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else {
            return try await database.transaction { try await body($0) }
        }
        return try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

extension Database {
    /// This database as SQLKit, for the few hot paths written in SQL.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isPostgres: Bool { sql.dialect.name == "postgresql" }
}
