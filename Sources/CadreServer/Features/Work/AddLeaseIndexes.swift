import Fluent
import SQLKit

/// Indexes for the usual lease under load.
///
/// - The lease first checks that the expert holds no live lease on the project. Without an
///   index led by the expert, that read every leased row of the project, and on PostgreSQL
///   every dead version of one too (a submit leaves one behind until vacuum): hundreds of rows
///   per lease in a busy project. Only leased rows enter this partial index.
/// - On PostgreSQL, task pages keep a fifth free, so that taking or giving back a slot (a
///   column no index holds) updates the row in place (a HOT update) instead of adding an
///   entry to each of the table's indexes, whose dead entries the next lease must step over.
struct AddLeaseIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("CREATE INDEX assignments_leased ON assignments (expert_id, project_id) WHERE state = 'leased'").run()
        // Sweeping a project's expired leases finds them through `assignments_review_queue`
        // (project, state, …) as well; one index fewer to update on every lease and submit.
        try await database.sql.raw("DROP INDEX assignments_live").run()
        if database.isPostgres {
            try await database.sql.raw("ALTER TABLE tasks SET (fillfactor = 80)").run()
            // Vacuum (which removes those dead entries) after 2 % of a table changed, not 20 %.
            for table in ["tasks", "assignments"] {
                try await database.sql.raw("ALTER TABLE \(unsafeRaw: table) SET (autovacuum_vacuum_scale_factor = 0.02)").run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        if database.isPostgres {
            try await database.sql.raw("ALTER TABLE tasks RESET (fillfactor, autovacuum_vacuum_scale_factor)").run()
            try await database.sql.raw("ALTER TABLE assignments RESET (autovacuum_vacuum_scale_factor)").run()
        }
        try await database.sql.raw("CREATE INDEX assignments_live ON assignments (project_id, state, expires_at)").run()
        try await database.sql.raw("DROP INDEX assignments_leased").run()
    }
}
