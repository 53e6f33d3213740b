import Foundation
import VaporCSQLite

/// A connection of the writer's own to the SQLite file, driven through SQLite's C interface
/// on one thread (`DatabaseWriter.DirectLane`).
///
/// Fluent's SQLite driver hands every statement to a thread pool and back, and compiles it
/// anew each time. For the work loop's usual lease and submit — a handful of small statements
/// each — those hand-offs, not SQLite, bounded how many could commit per second. Here a whole
/// group of them runs back to back in one transaction on one thread, each statement compiled
/// once and kept.
///
/// Not thread-safe: only the lane's thread uses it.
final class DirectConnection {
    struct Failure: Error, CustomStringConvertible {
        var code: Int32
        var message: String
        var description: String { "SQLite error \(code): \(message)" }
    }

    /// A value to bind, stored the way Fluent's SQLite driver stores it: ids as upper-case
    /// text, dates as seconds since 1970, booleans as 0 and 1.
    enum Value {
        case text(String)
        case integer(Int64)
        case real(Double)

        static func id(_ id: UUID) -> Value { .text(id.uuidString) }
        static func date(_ date: Date) -> Value { .real(date.timeIntervalSince1970) }
        static func bool(_ flag: Bool) -> Value { .integer(flag ? 1 : 0) }
        static func int(_ value: Int) -> Value { .integer(Int64(value)) }
    }

    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            if let handle { sqlite_nio_sqlite3_close(handle) }
            throw Failure(code: opened, message: "cannot open \(path)")
        }
        self.handle = handle
        // Other connections (reads, Fluent's writes outside the writer, another process) may
        // hold the lock for a moment: wait for it rather than fail.
        sqlite_nio_sqlite3_busy_timeout(handle, 30_000)
        // Foreign keys are per connection, as Fluent's driver sets them on its own. Every commit
        // syncs the log (SQLite's default, said here so it stays so): a 2xx survives a power
        // cut, and group commit pays for one sync per group, not per request.
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA synchronous = FULL")
        // A commit that fills the write-ahead log would otherwise copy it into the database,
        // syncing the file, while every writer waits; `cadre serve` checkpoints on another
        // connection every second instead, and the last connection to close checkpoints too.
        try execute("PRAGMA wal_autocheckpoint = 0")
    }

    deinit {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        sqlite_nio_sqlite3_close(handle)
    }

    /// Runs a statement that returns no rows worth reading (transaction control, pragmas).
    func execute(_ sql: String) throws {
        try query(sql, []) { _ in }
    }

    /// Runs `sql` with `values` bound, calling `row` for each result row; the number of rows
    /// the statement changed.
    @discardableResult
    func query(_ sql: String, _ values: [Value], row: (Row) throws -> Void = { _ in }) throws -> Int {
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32
            switch value {
            case .text(let text):
                bound = sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), SQLITE_TRANSIENT, UInt8(SQLITE_UTF8))
            case .integer(let integer):
                bound = sqlite_nio_sqlite3_bind_int64(statement, index, integer)
            case .real(let real):
                bound = sqlite_nio_sqlite3_bind_double(statement, index, real)
            }
            try check(bound)
        }
        while true {
            let stepped = sqlite_nio_sqlite3_step(statement)
            if stepped == SQLITE_DONE { break }
            guard stepped == SQLITE_ROW else { try check(stepped); break }
            try row(Row(statement: statement))
        }
        return Int(sqlite_nio_sqlite3_changes(handle))
    }

    /// The first row's values as `read` returns them, or nil when there is no row.
    func first<T>(_ sql: String, _ values: [Value], _ read: (Row) throws -> T) throws -> T? {
        var result: T?
        try query(sql, values) { row in
            if result == nil { result = try read(row) }
        }
        return result
    }

    /// One result row, readable only inside the callback that receives it.
    struct Row {
        fileprivate let statement: OpaquePointer

        func text(_ column: Int32) -> String {
            guard let bytes = sqlite_nio_sqlite3_column_text(statement, column) else { return "" }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        func id(_ column: Int32) throws -> UUID {
            let raw = text(column)
            guard let id = UUID(uuidString: raw) else { throw Failure(code: SQLITE_MISMATCH, message: "not an id: \(raw)") }
            return id
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw failure(result) }
        statements[sql] = statement
        return statement
    }

    private func check(_ result: Int32) throws {
        guard result == SQLITE_OK || result == SQLITE_ROW || result == SQLITE_DONE else { throw failure(result) }
    }

    private func failure(_ code: Int32) -> Failure {
        Failure(code: code, message: sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown")
    }
}

/// SQLite copies bound text at once (`SQLITE_TRANSIENT`): the Swift string may go away.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
