import Fluent
import SQLKit
import Vapor

extension LeaseQueries {
    /// A validated answer to store on a leased, non-gold assignment.
    struct LeasedAnswer: Sendable {
        var assignmentID: UUID
        var projectID: UUID
        var answersPerTask: Int
        /// The answer as JSON text.
        var answer: String
        var idempotencyKey: String
        var submittedAt: Date
        var needsReview: Bool

        var state: Assignment.State { needsReview ? .submitted : .accepted }
    }

    /// The assignment to submit to, with its task's input; nil if there is no such assignment.
    static func submissionTarget(_ id: UUID, on db: any Database) async throws -> Submission.Target? {
        guard let row = try await db.sql.raw("""
            SELECT assignments.expert_id, assignments.project_id, assignments.state, assignments.is_gold, tasks.input
            FROM assignments JOIN tasks ON tasks.id = assignments.task_id
            WHERE assignments.id = \(bind: id)
            """).first()
        else { return nil }
        return Submission.Target(
            id: id, expertID: try row.decode(column: "expert_id", as: UUID.self), projectID: try row.decode(column: "project_id", as: UUID.self),
            state: try row.decode(column: "state", as: Assignment.State.self), isGold: try row.decode(column: "is_gold", as: Bool.self),
            taskInput: try row.decode(column: "input", as: String.self))
    }

    /// The usual submit: stores the answer while the assignment is still leased and, when it
    /// is accepted at once, counts it on the task and marks the project's consensus stale —
    /// the same writes as the careful path in `Submission`, without reading the row first.
    /// False when the assignment is no longer leased (or is gold); nothing is written then.
    ///
    /// PostgreSQL: one prepared statement (`PreparedWork.SubmitLeased`), atomic on its own.
    /// SQLite: up to three statements.
    static func submitLeased(_ answer: LeasedAnswer, on db: any Database) async throws -> Bool {
        try await !db.run(PreparedWork.SubmitLeased(answer: answer)).isEmpty
    }

    /// SQLite, on the writer's direct connection inside its group's transaction; the group's
    /// memo keeps the consensus queue to one write per project.
    static func submitLeased(_ answer: LeasedAnswer, on connection: DirectConnection, memo: TransactionMemo) throws -> Bool {
        guard let taskID = try connection.first("""
            UPDATE assignments SET state = ?1, answer = ?2, idempotency_key = ?3, submitted_at = ?4, needs_review = ?5,
              decided_at = CASE WHEN ?5 THEN decided_at ELSE ?4 END
            WHERE id = ?6 AND state = 'leased' AND is_gold = 0
            RETURNING task_id
            """, [
                .text(answer.state.rawValue), .text(answer.answer), .text(answer.idempotencyKey), .date(answer.submittedAt),
                .bool(answer.needsReview), .id(answer.assignmentID),
            ], { $0.text(0) })
        else { return false }
        guard !answer.needsReview else { return true }
        try connection.query("""
            UPDATE tasks SET accepted_count = accepted_count + 1,
              state = CASE WHEN accepted_count + 1 >= ?2 + extra_answers THEN 'complete' ELSE state END
            WHERE id = ?1
            """, [.text(taskID), .int(answer.answersPerTask)])
        if memo.isFirst("quality_jobs \(answer.projectID)") {
            try connection.query(
                "INSERT INTO quality_jobs (project_id, due_at) VALUES (?1, ?2) ON CONFLICT (project_id) DO NOTHING",
                [.id(answer.projectID), .real(QualityJobs.dueTime(after: answer.submittedAt))])
        }
        return true
    }
}
