import Fluent
import SQLKit
import Vapor

/// Failed sign-ins counted per account and per client address, in the database so that every
/// instance behind a load balancer sees the same counts.
///
/// A key is locked while it has `limit` or more failures inside one window that started at
/// its first failure; the lock lifts when that window ends. A success clears the account's count.
struct LoginThrottle {
    static let table = "login_throttles"
    static let window: TimeInterval = 15 * 60
    static let accountLimit = 5
    static let addressLimit = 50

    let database: any Database
    let now: Date

    static func accountKey(_ email: String) -> String { "account:" + email }
    static func addressKey(_ address: String) -> String { "address:" + address }

    /// Seconds until the first locked key unlocks, or nil if none is locked.
    func lockedFor(_ keys: [(key: String, limit: Int)]) async throws -> Int? {
        let sql = try sqlDatabase()
        var longest: Int?
        for (key, limit) in keys {
            guard let row = try await sql.select().columns("failures", "window_started_at")
                .from(Self.table).where("key", .equal, key).first() else { continue }
            let failures = try row.decode(column: "failures", as: Int.self)
            let started = try row.decode(column: "window_started_at", as: Double.self)
            let remaining = started + Self.window - now.timeIntervalSince1970
            if failures >= limit, remaining > 0 {
                longest = max(longest ?? 0, Int(remaining.rounded(.up)))
            }
        }
        return longest
    }

    /// Counts one failure against each key, atomically (an upsert), so concurrent failures
    /// from several instances all count.
    func recordFailure(_ keys: [String]) async throws {
        let sql = try sqlDatabase()
        let current = now.timeIntervalSince1970
        let windowStart = current - Self.window
        for key in keys {
            try await sql.raw("""
                INSERT INTO login_throttles (key, failures, window_started_at) VALUES (\(bind: key), 1, \(bind: current))
                ON CONFLICT (key) DO UPDATE SET
                  failures = CASE WHEN login_throttles.window_started_at < \(bind: windowStart) THEN 1 ELSE login_throttles.failures + 1 END,
                  window_started_at = CASE WHEN login_throttles.window_started_at < \(bind: windowStart) THEN \(bind: current) ELSE login_throttles.window_started_at END
                """).run()
        }
    }

    func clear(_ key: String) async throws {
        try await sqlDatabase().delete(from: Self.table).where("key", .equal, key).run()
    }

    private func sqlDatabase() throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError, reason: "SQL database required") }
        return sql
    }
}

struct CreateLoginThrottles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginThrottle.table)
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int, .required)
            .field("window_started_at", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginThrottle.table).delete()
    }
}
