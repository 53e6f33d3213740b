import SQLiteKit
import SQLKit

extension SQLDatabase {
    /// Folds the rows of `query` into a value one row at a time, as the driver delivers them,
    /// instead of collecting them into an array first (over 45,000 answers the array added
    /// about 14 MB to the server's peak memory), and on SQLite without the driver queuing them
    /// (about 35 MB more). The first error thrown by `update` stops the fold and is thrown here.
    func fold<State>(
        _ query: SQLQueryString, into initial: State, _ update: @escaping (inout State, any SQLRow) throws -> Void
    ) async throws -> State {
        let fold = RowFold(initial, update)
        if let sqlite = self as? any SQLiteDatabase {
            // The pooled database's row callback queues every row on the event loop before the
            // first is handled; a connection's own async query calls back as it steps.
            var serializer = SQLSerializer(database: self)
            query.serialize(to: &serializer)
            let (sql, binds) = (serializer.sql, try serializer.binds.map { try SQLiteDataEncoder().encode($0) })
            try await sqlite.withConnection { connection in
                try await connection.query(sql, binds) { row in fold.take(row.sql()) }
            }
        } else {
            try await raw(query).run { row in fold.take(row) }
        }
        if let failure = fold.failure { throw failure }
        return fold.state
    }
}

/// The state of one `fold`. The driver calls back once per row, in order, and `run` returns
/// after the last call, so no two threads touch it at once.
private final class RowFold<State>: @unchecked Sendable {
    private(set) var state: State
    private(set) var failure: (any Error)?
    private let update: (inout State, any SQLRow) throws -> Void

    init(_ state: State, _ update: @escaping (inout State, any SQLRow) throws -> Void) {
        self.state = state
        self.update = update
    }

    func take(_ row: any SQLRow) {
        guard failure == nil else { return }
        do { try update(&state, row) } catch { failure = error }
    }
}
