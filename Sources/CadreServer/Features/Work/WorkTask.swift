import Fluent
import SQLKit
import Foundation

/// One unit of work in a project (named so as not to shadow Swift's `Task`).
///
/// `slotsTaken` counts live leases, answers awaiting review and accepted answers; a task is
/// available while it is below the project's answers per task. Keeping the count on the row
/// lets the lease query find work through an index instead of counting assignments.
final class WorkTask: Model, @unchecked Sendable {
    static let schema = "tasks"

    enum State: String, Codable, Sendable { case open, complete }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Parent(key: "project_id") var project: Project
    @Field(key: "external_id") var externalID: String
    /// The template-validated input, as JSON text.
    @Field(key: "input") var input: String
    @OptionalField(key: "metadata") var metadata: String?
    @Field(key: "priority") var priority: Int
    @Field(key: "state") var state: State
    @Field(key: "slots_taken") var slotsTaken: Int
    @Field(key: "accepted_count") var acceptedCount: Int
    /// Gold tasks have a known answer; they are served at the project's gold rate, take no
    /// answer slots, and look like any other task to the expert.
    @Field(key: "is_gold") var isGold: Bool
    @OptionalField(key: "gold_answer") var goldAnswer: String?
    /// Answers added by dynamic overlap beyond the project's answers per task.
    @Field(key: "extra_answers") var extraAnswers: Int

    init() {}
}

struct CreateTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WorkTask.schema)
            .id()
            .field("created_at", .datetime)
            .field("project_id", .uuid, .required, .references(Project.schema, .id, onDelete: .cascade))
            .field("external_id", .string, .required)
            .field("input", .string, .required)
            .field("metadata", .string)
            .field("priority", .int, .required)
            .field("state", .string, .required)
            .field("slots_taken", .int, .required)
            .field("accepted_count", .int, .required)
            .unique(on: "project_id", "external_id")
            .create()
        // The lease query's path: open tasks of a project by priority, then age.
        try await (database as! any SQLDatabase).raw("""
            CREATE INDEX tasks_available ON tasks (project_id, state, priority DESC, id)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkTask.schema).delete()
    }
}
