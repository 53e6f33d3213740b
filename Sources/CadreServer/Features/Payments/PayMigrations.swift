import Fluent
import SQLKit

/// What pay needs on existing tables: the optional pay terms of projects, the active time
/// and committed cost of assignments (answer and review), the fraud mark of rejections,
/// and experts' pay levels.
struct AddPayRules: AsyncMigration {
    static let columns: [(String, FieldKey, DatabaseSchema.DataType, [DatabaseSchema.FieldConstraint])] = [
            (Project.schema, "pay_options", .string, [.required, .sql(.default("{}"))]),
            (User.schema, "pay_level", .string, []),
            (Assignment.schema, "active_ms", .int64, [.required, .sql(.default(0))]),
            (Assignment.schema, "last_heartbeat_at", .datetime, []),
            (Assignment.schema, "review_active_ms", .int64, [.required, .sql(.default(0))]),
            (Assignment.schema, "review_last_heartbeat_at", .datetime, []),
            (Assignment.schema, "fraud", .bool, [.required, .sql(.default(false))]),
            (Assignment.schema, "max_cost_minor", .int64, []),
            (Assignment.schema, "review_max_cost_minor", .int64, []),
            (Assignment.schema, "cost_posted", .bool, [.required, .sql(.default(false))]),
        ]

    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE, so each field is its own update.
        for (table, name, type, constraints) in Self.columns {
            try await database.schema(table).field(.definition(name: .key(name), dataType: type, constraints: constraints)).update()
        }
        // The accrual run reads a period's decided work; the budget check sums open costs.
        try await (database as! any SQLDatabase).raw("CREATE INDEX assignments_decided ON assignments (decided_at)").run()
        try await (database as! any SQLDatabase).raw("CREATE INDEX assignments_open_cost ON assignments (project_id, cost_posted)").run()
        try await (database as! any SQLDatabase).raw("CREATE INDEX ledger_postings_project ON ledger_postings (project_id)").run()
    }

    func revert(on database: any Database) async throws {
        for index in ["assignments_decided", "assignments_open_cost", "ledger_postings_project"] {
            try await (database as! any SQLDatabase).raw("DROP INDEX \(unsafeRaw: index)").run()
        }
        for (table, name, _, _) in Self.columns {
            try await database.schema(table).deleteField(name).update()
        }
    }
}
