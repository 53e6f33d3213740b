import FluentSQLiteDriver
import SQLKit

/// A row of an export's reads. On SQLite the driver's own row is kept and its text columns
/// read as they are: `SQLRow.decode` costs a dynamic cast and a decoder per column, and an
/// export reads several columns of a million rows. Other drivers go through `SQLRow`.
enum DeliveryRow {
    case sqlite(SQLiteRow)
    case other(any SQLRow)

    struct MissingColumn: Error {
        var column: String
    }

    /// Every row `query` returns. On SQLite the rows are collected on the connection's own
    /// thread: through the pool each row would reach the caller as an event-loop task of its own.
    static func all(_ query: SQLQueryString, on db: any SQLDatabase) async throws -> [DeliveryRow] {
        guard let sqlite = db as? any SQLiteDatabase else { return try await db.raw(query).all().map(DeliveryRow.other) }
        let (sql, binds) = db.serialize(query)
        let data = try binds.map { try SQLiteDataEncoder().encode($0) }
        return try await sqlite.withConnection { connection in
            // Appended to only by the statement's loop, and read after it has finished.
            nonisolated(unsafe) var rows: [DeliveryRow] = []
            try await connection.query(sql, data) { rows.append(.sqlite($0)) }
            return rows
        }
    }

    /// A text column, `nil` when it is NULL.
    func string(_ column: String) throws -> String? {
        switch self {
        case .sqlite(let row):
            guard let data = row.column(column) else { throw MissingColumn(column: column) }
            if case .text(let text) = data { return text }
            return data.isNull ? nil : try Self.decoder.decode(String.self, from: data)
        case .other(let row):
            return try row.decode(column: column, as: String?.self)
        }
    }

    /// A text column that must not be NULL.
    func text(_ column: String) throws -> String {
        guard let text = try string(column) else { throw MissingColumn(column: column) }
        return text
    }

    /// Any other column, decoded as `SQLRow` would.
    func decode<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        switch self {
        case .sqlite(let row):
            guard let data = row.column(column) else { throw MissingColumn(column: column) }
            return try Self.decoder.decode(T.self, from: data)
        case .other(let row):
            return try row.decode(column: column, as: T.self)
        }
    }

    private static let decoder = SQLiteDataDecoder()
}
