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
    /// PostgreSQL: one statement, atomic on its own. SQLite: up to three, inside the caller's
    /// `DatabaseWriter` transaction.
    static func submitLeased(_ answer: LeasedAnswer, on db: any Database) async throws -> Bool {
        let accepted = !answer.needsReview
        let decided: SQLQueryString = accepted ? ", decided_at = \(bind: answer.submittedAt)" : ""
        let store: SQLQueryString = """
            UPDATE assignments SET state = \(bind: answer.state.rawValue), answer = \(bind: answer.answer),
              idempotency_key = \(bind: answer.idempotencyKey), submitted_at = \(bind: answer.submittedAt),
              needs_review = \(bind: answer.needsReview)\(decided)
            WHERE id = \(bind: answer.assignmentID) AND state = 'leased' AND is_gold = \(bind: false)
            RETURNING task_id
            """
        guard db.isPostgres else {
            guard let row = try await db.sql.raw(store).first() else { return false }
            if accepted {
                try await recordAccepted(taskID: try row.decode(column: "task_id", as: UUID.self), answersPerTask: answer.answersPerTask, on: db)
                try await QualityJobs.enqueue(projectID: answer.projectID, now: answer.submittedAt, on: db)
            }
            return true
        }
        guard accepted else { return try await db.sql.raw(store).first() != nil }
        let row = try await db.sql.raw("""
            WITH submitted AS (
              \(store)
            ), counted AS (
              UPDATE tasks SET accepted_count = accepted_count + 1,
                state = CASE WHEN accepted_count + 1 >= \(bind: answer.answersPerTask) + extra_answers THEN 'complete' ELSE state END
              WHERE id IN (SELECT task_id FROM submitted)
            ), queued AS (
              INSERT INTO quality_jobs (project_id, due_at)
              SELECT \(bind: answer.projectID), \(bind: QualityJobs.dueTime(after: answer.submittedAt)) WHERE EXISTS (SELECT 1 FROM submitted)
              ON CONFLICT (project_id) DO NOTHING
            )
            SELECT task_id FROM submitted
            """).first()
        return row != nil
    }
}
