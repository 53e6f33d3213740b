import Fluent
import SQLKit

/// Gold tasks, dynamic overlap and expert standing: the columns and tables quality needs.
struct AddQuality: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE, so each field is its own update.
        let columns: [(String, FieldKey, DatabaseSchema.DataType, [DatabaseSchema.FieldConstraint])] = [
            (Project.schema, "gold_rate", .double, [.required, .sql(.default(0))]),
            (Project.schema, "max_answers_per_task", .int, []),
            (Project.schema, "consensus_threshold", .double, [.required, .sql(.default(0.7))]),
            (Project.schema, "min_gold_accuracy", .double, []),
            (WorkTask.schema, "is_gold", .bool, [.required, .sql(.default(false))]),
            (WorkTask.schema, "gold_answer", .string, []),
            (WorkTask.schema, "extra_answers", .int, [.required, .sql(.default(0))]),
            (Assignment.schema, "is_gold", .bool, [.required, .sql(.default(false))]),
            (Assignment.schema, "gold_correct", .bool, []),
        ]
        for (table, name, type, constraints) in columns {
            try await database.schema(table).field(.definition(name: .key(name), dataType: type, constraints: constraints)).update()
        }
        try await database.schema(ExpertStanding.schema)
            .id()
            .field("project_id", .uuid, .required, .references(Project.schema, .id, onDelete: .cascade))
            .field("expert_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("gold_answered", .int, .required)
            .field("gold_correct", .int, .required)
            .field("agreement_compared", .int, .required)
            .field("agreement_agreed", .int, .required)
            .field("paused", .bool, .required)
            .field("pause_reason", .string)
            .field("updated_at", .datetime)
            .unique(on: "project_id", "expert_id")
            .create()
        try await database.schema(TaskConsensusRow.schema)
            .field("task_id", .uuid, .identifier(auto: false), .references(WorkTask.schema, .id, onDelete: .cascade))
            .field("project_id", .uuid, .required, .references(Project.schema, .id, onDelete: .cascade))
            .field("result", .string, .required)
            .field("confidence", .double, .required)
            .field("answers", .int, .required)
            .create()
        try await database.schema(QualityReportRow.schema)
            .field("project_id", .uuid, .identifier(auto: false), .references(Project.schema, .id, onDelete: .cascade))
            .field("report", .string, .required)
            .field("computed_at", .datetime, .required)
            .create()
        try await database.schema(QualityJobs.table)
            .field("project_id", .uuid, .identifier(auto: false), .references(Project.schema, .id, onDelete: .cascade))
            .field("due_at", .double, .required)
            .create()
        try await database.sql.raw("CREATE INDEX consensus_by_project ON consensus (project_id)").run()
        try await database.sql.raw("CREATE INDEX tasks_gold ON tasks (project_id, is_gold)").run()
    }

    func revert(on database: any Database) async throws {
        for table in [QualityJobs.table, QualityReportRow.schema, TaskConsensusRow.schema, ExpertStanding.schema] {
            try await database.schema(table).delete()
        }
        try await database.sql.raw("DROP INDEX tasks_gold").run()
        let columns: [(String, FieldKey)] = [
            (Assignment.schema, "gold_correct"), (Assignment.schema, "is_gold"),
            (WorkTask.schema, "extra_answers"), (WorkTask.schema, "gold_answer"), (WorkTask.schema, "is_gold"),
            (Project.schema, "min_gold_accuracy"), (Project.schema, "consensus_threshold"),
            (Project.schema, "max_answers_per_task"), (Project.schema, "gold_rate"),
        ]
        for (table, name) in columns {
            try await database.schema(table).deleteField(name).update()
        }
    }
}
