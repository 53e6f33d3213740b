import Fluent
import SQLKit

/// The order in which stored postings took effect, so the ledger can be replayed.
///
/// `recorded_at` cannot give it: two postings can share a timestamp, and on PostgreSQL a
/// transaction that started first may commit last. The number is taken as a posting's last
/// step, after its balance rows are locked. Two postings that share an account are then
/// numbered in the order they committed (the second waits for the first's locks), and
/// postings that share none commute, so replaying by number makes the same decisions the
/// store made.
enum LedgerSequence {
    static let postgresSequence = "ledger_posting_sequence"

    /// Numbers posting `id` after every posting committed before it.
    static func stamp(_ id: String, on db: any Database) async throws {
        if db.isPostgres {
            try await db.sql.raw("""
                UPDATE ledger_postings SET sequence = nextval('\(unsafeRaw: postgresSequence)') WHERE id = \(bind: id)
                """).run()
        } else {
            // SQLite has one writer at a time, so the maximum cannot change under us.
            try await db.sql.raw("""
                UPDATE ledger_postings SET sequence = (SELECT COALESCE(MAX(sequence), 0) + 1 FROM ledger_postings) WHERE id = \(bind: id)
                """).run()
        }
    }
}

/// Adds `ledger_postings.sequence`, numbering postings stored before it by when they were
/// recorded (ties by id), which is the best order those rows have.
struct AddLedgerSequence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LedgerPostingRow.schema).field("sequence", .int64).update()
        let rows = try await LedgerPostingRow.query(on: database).sort(\.$recordedAt).sort(\.$id).all()
        for (index, row) in rows.enumerated() {
            row.sequence = Int64(index + 1)
            try await row.update(on: database)
        }
        try await database.sql.raw("CREATE UNIQUE INDEX ledger_postings_sequence ON ledger_postings (sequence)").run()
        if database.isPostgres {
            try await database.sql.raw("""
                CREATE SEQUENCE \(unsafeRaw: LedgerSequence.postgresSequence) START WITH \(unsafeRaw: String(rows.count + 1))
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        if database.isPostgres {
            try await database.sql.raw("DROP SEQUENCE IF EXISTS \(unsafeRaw: LedgerSequence.postgresSequence)").run()
        }
        try await database.sql.raw("DROP INDEX IF EXISTS ledger_postings_sequence").run()
        try await database.schema(LedgerPostingRow.schema).deleteField("sequence").update()
    }
}
