import Fluent
import SQLKit
import Foundation

/// One expert's turn at one task: a lease that becomes an answer (or is skipped or expires).
final class Assignment: Model, @unchecked Sendable {
    static let schema = "assignments"

    enum State: String, Codable, Sendable, CaseIterable {
        case leased, submitted, accepted, rejected, skipped, expired

        /// States that hold one of the task's answer slots.
        static let holdingSlot: [State] = [.leased, .submitted, .accepted]
    }

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Parent(key: "task_id") var task: WorkTask
    @Parent(key: "project_id") var project: Project
    @Parent(key: "expert_id") var expert: User
    @Field(key: "state") var state: State
    @Field(key: "leased_at") var leasedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    /// The template-validated answer, as JSON text.
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    @OptionalField(key: "skip_reason") var skipReason: String?
    @Field(key: "needs_review") var needsReview: Bool
    @OptionalField(key: "review_feedback") var reviewFeedback: String?
    /// A reviewer's corrected answer when accepted with edits; `answer` keeps the original.
    @OptionalField(key: "edited_answer") var editedAnswer: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    /// The reviewer holding (or who held) the review of this submission.
    @OptionalParent(key: "reviewer_id") var reviewer: User?
    @OptionalField(key: "review_expires_at") var reviewExpiresAt: Date?
    @Field(key: "is_gold") var isGold: Bool
    /// For a gold task: whether the answer matched the known one (never shown to the expert).
    @OptionalField(key: "gold_correct") var goldCorrect: Bool?
    /// Active working time from heartbeats, in milliseconds, capped (`ActiveTimePolicy`).
    @Field(key: "active_ms") var activeMilliseconds: Int64
    @OptionalField(key: "last_heartbeat_at") var lastHeartbeatAt: Date?
    /// The reviewer's active time on this submission, counted the same way.
    @Field(key: "review_active_ms") var reviewActiveMilliseconds: Int64
    @OptionalField(key: "review_last_heartbeat_at") var reviewLastHeartbeatAt: Date?
    /// A rejection that marks the answer as fraud: its time is not paid (unless the project says so).
    @Field(key: "fraud") var fraud: Bool
    /// The most this turn can cost the client (`ProjectPayRules.maximumLeaseCost`), held
    /// against a capped budget until the accrual run posts its real cost.
    @OptionalField(key: "max_cost_minor") var maxCostMinor: Int64?
    @OptionalField(key: "review_max_cost_minor") var reviewMaxCostMinor: Int64?
    /// Set by the accrual run once this turn's pay (answer and review) is in the ledger.
    @Field(key: "cost_posted") var costPosted: Bool
    /// Video demonstrations: the reviewer's `ActionSegment`s as JSON.
    @OptionalField(key: "segments") var segments: String?

    init() {}
}

struct CreateAssignments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Assignment.schema)
            .id()
            .field("task_id", .uuid, .required, .references(WorkTask.schema, .id, onDelete: .cascade))
            .field("project_id", .uuid, .required, .references(Project.schema, .id, onDelete: .cascade))
            .field("expert_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("state", .string, .required)
            .field("leased_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("submitted_at", .datetime)
            .field("answer", .string)
            .field("idempotency_key", .string)
            .field("skip_reason", .string)
            .field("needs_review", .bool, .required)
            .field("review_feedback", .string)
            .field("edited_answer", .string)
            .field("decided_at", .datetime)
            .field("reviewer_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("review_expires_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // The database itself refuses a second live turn of one expert on one task.
        try await sql.raw("""
            CREATE UNIQUE INDEX assignments_one_per_expert ON assignments (task_id, expert_id) WHERE state <> 'expired'
            """).run()
        try await sql.raw("CREATE INDEX assignments_by_expert ON assignments (expert_id, state)").run()
        try await sql.raw("CREATE INDEX assignments_live ON assignments (project_id, state, expires_at)").run()
        try await sql.raw("CREATE INDEX assignments_review_queue ON assignments (project_id, state, submitted_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Assignment.schema).delete()
    }
}
