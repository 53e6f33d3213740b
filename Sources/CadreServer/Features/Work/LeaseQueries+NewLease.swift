import Fluent
import SQLKit
import Vapor

extension LeaseQueries {
    /// A lease about to be made: who, where, the new assignment's id and its times.
    struct NewLease: Sendable {
        var assignmentID: UUID
        var projectID: UUID
        var expertID: UUID
        var answersPerTask: Int
        var leasedAt: Date
        var expiresAt: Date

        /// The stored assignment, as the lease statement wrote it.
        func assignment(taskID: UUID) -> Assignment {
            let assignment = Assignment()
            assignment.id = assignmentID
            assignment.$task.id = taskID
            assignment.$project.id = projectID
            assignment.$expert.id = expertID
            assignment.state = .leased
            assignment.leasedAt = leasedAt
            assignment.expiresAt = expiresAt
            assignment.needsReview = false
            assignment.isGold = false
            assignment.activeMilliseconds = 0
            assignment.reviewActiveMilliseconds = 0
            assignment.fraud = false
            assignment.costPosted = false
            return assignment
        }
    }

    /// The usual lease, in as few statements as the database allows: when the expert holds no
    /// live lease on the project, takes a slot on the best free task (the order and the rules of
    /// `takeNextTask`) and stores the assignment. Nil when the expert holds a live lease or no
    /// task is free; the caller then takes the careful path.
    ///
    /// PostgreSQL: one statement, atomic on its own (no transaction around it), the task row
    /// locked with `SKIP LOCKED`. SQLite: two statements, inside the caller's `DatabaseWriter`
    /// transaction.
    static func leaseFreeTask(_ lease: NewLease, on db: any Database) async throws -> TakenTask? {
        let row: (any SQLRow)?
        if db.isPostgres {
            row = try await db.sql.raw("""
                WITH candidate AS (
                  \(freeTaskCandidate(lease, orderAndLock: " FOR UPDATE SKIP LOCKED"))
                ), taken AS (
                  UPDATE tasks SET slots_taken = tasks.slots_taken + 1 FROM candidate
                  WHERE tasks.id = candidate.id AND tasks.slots_taken < \(bind: lease.answersPerTask) + tasks.extra_answers
                  RETURNING tasks.id, tasks.external_id, tasks.input
                ), leased AS (
                  \(insertAssignment(lease, taskID: "taken.id", from: " FROM taken"))
                  RETURNING task_id
                )
                SELECT taken.id, taken.external_id, taken.input FROM taken JOIN leased ON leased.task_id = taken.id
                """).first()
        } else {
            row = try await db.sql.raw("""
                UPDATE tasks SET slots_taken = slots_taken + 1
                WHERE id = (\(freeTaskCandidate(lease, orderAndLock: "")))
                  AND slots_taken < \(bind: lease.answersPerTask) + extra_answers
                RETURNING id, external_id, input
                """).first()
            if let row {
                let taskID = try row.decode(column: "id", as: UUID.self)
                try await db.sql.raw(insertAssignment(lease, taskID: "\(bind: taskID)", from: "")).run()
            }
        }
        guard let row else { return nil }
        return TakenTask(
            id: try row.decode(column: "id", as: UUID.self), externalID: try row.decode(column: "external_id", as: String.self),
            input: try row.decode(column: "input", as: String.self))
    }

    /// The best free task for the expert, only while it holds no live lease on the project.
    private static func freeTaskCandidate(_ lease: NewLease, orderAndLock lock: String) -> SQLQueryString {
        """
        SELECT candidate.id FROM tasks AS candidate
        WHERE candidate.project_id = \(bind: lease.projectID) AND candidate.state = 'open' AND candidate.is_gold = \(bind: false)
          AND candidate.slots_taken < \(bind: lease.answersPerTask) + candidate.extra_answers
          AND NOT EXISTS (
            SELECT 1 FROM assignments
            WHERE assignments.task_id = candidate.id AND assignments.expert_id = \(bind: lease.expertID) AND assignments.state <> 'expired')
          AND NOT EXISTS (
            SELECT 1 FROM assignments AS live
            WHERE live.project_id = \(bind: lease.projectID) AND live.expert_id = \(bind: lease.expertID)
              AND live.state = 'leased' AND live.expires_at > \(bind: lease.leasedAt))
        ORDER BY candidate.priority DESC, candidate.id
        LIMIT 1\(unsafeRaw: lock)
        """
    }

    private static func insertAssignment(_ lease: NewLease, taskID: SQLQueryString, from: String) -> SQLQueryString {
        """
        INSERT INTO assignments (id, task_id, project_id, expert_id, state, leased_at, expires_at, needs_review, is_gold)
        \(unsafeRaw: from.isEmpty ? "VALUES (" : "SELECT ")\(bind: lease.assignmentID), \(taskID), \(bind: lease.projectID), \(bind: lease.expertID), 'leased',
          \(bind: lease.leasedAt), \(bind: lease.expiresAt), \(bind: false), \(bind: false)\(unsafeRaw: from.isEmpty ? ")" : from)
        """
    }
}
