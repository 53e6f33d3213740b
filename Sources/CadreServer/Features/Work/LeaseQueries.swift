import Fluent
import SQLKit
import Vapor

/// The SQL of leasing, in one place, run inside a `DatabaseWriter` transaction on both databases.
///
/// On PostgreSQL the chosen task row is locked with `FOR UPDATE SKIP LOCKED`, so instances
/// sharing one database hand out different tasks without waiting on each other; on SQLite
/// the whole transaction holds the write lock (`BEGIN IMMEDIATE`). Every slot change is a
/// guarded `UPDATE … WHERE slots_taken < k`, so even a wrong choice cannot overfill a task.
enum LeaseQueries {
    /// Marks the project's leases that ran out as expired and gives their slots back; returns
    /// how many it reclaimed.
    @discardableResult
    static func reclaimExpired(projectID: UUID, now: Date, on db: any Database) async throws -> Int {
        let rows = try await db.sql.raw("""
            UPDATE assignments SET state = 'expired'
            WHERE project_id = \(bind: projectID) AND state = 'leased' AND expires_at < \(bind: now)
            RETURNING task_id
            """).all()
        for row in rows {
            let taskID = try row.decode(column: "task_id", as: UUID.self)
            try await releaseSlot(taskID: taskID, on: db)
        }
        return rows.count
    }

    /// A task taken for a new lease: its slot is already counted.
    struct TakenTask {
        var id: UUID
        var externalID: String
        var input: String

        /// The task as a response shows it.
        var task: WorkTask {
            let task = WorkTask()
            task.id = id
            task.externalID = externalID
            task.input = input
            return task
        }
    }

    /// Takes a slot on the best task the expert may do next — open, below `k` slots, never
    /// seen by this expert, highest priority first, then oldest — in one statement, and
    /// returns it; nil when there is none.
    static func takeNextTask(projectID: UUID, expertID: UUID, answersPerTask k: Int, on db: any Database) async throws -> TakenTask? {
        let lock: SQLQueryString = db.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
        // A lookup per candidate, never a merge anti-join over every answer (`PreparedWork`).
        let perCandidate: SQLQueryString = db.isPostgres ? " OFFSET 0" : ""
        let row = try await db.sql.raw("""
            UPDATE tasks SET slots_taken = slots_taken + 1
            WHERE id = (
              SELECT candidate.id FROM tasks AS candidate
              WHERE candidate.project_id = \(bind: projectID) AND candidate.state = 'open' AND candidate.is_gold = \(bind: false)
                AND candidate.slots_taken < \(bind: k) + candidate.extra_answers
                AND NOT EXISTS (
                  SELECT 1 FROM assignments
                  WHERE assignments.task_id = candidate.id AND assignments.expert_id = \(bind: expertID) AND assignments.state <> 'expired'\(perCandidate))
              ORDER BY candidate.priority DESC, candidate.id
              LIMIT 1\(lock))
              AND slots_taken < \(bind: k) + extra_answers
            RETURNING id, external_id, input
            """).first()
        guard let row else { return nil }
        return TakenTask(
            id: try row.decode(column: "id", as: UUID.self), externalID: try row.decode(column: "external_id", as: String.self),
            input: try row.decode(column: "input", as: String.self))
    }

    /// Takes one answer slot; false if the task is already full (or complete).
    static func takeSlot(taskID: UUID, answersPerTask k: Int, on db: any Database) async throws -> Bool {
        let rows = try await db.sql.raw("""
            UPDATE tasks SET slots_taken = slots_taken + 1
            WHERE id = \(bind: taskID) AND state = 'open' AND slots_taken < \(bind: k) + extra_answers
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// A gold task this expert has not seen, chosen at random so the gold set is not served in
    /// a recognisable order. Gold tasks take no answer slots.
    static func nextGoldTask(projectID: UUID, expertID: UUID, on db: any Database) async throws -> TakenTask? {
        let row = try await db.sql.raw("""
            SELECT id, external_id, input FROM tasks AS candidate
            WHERE candidate.project_id = \(bind: projectID) AND candidate.is_gold = \(bind: true)
              AND NOT EXISTS (
                SELECT 1 FROM assignments
                WHERE assignments.task_id = candidate.id AND assignments.expert_id = \(bind: expertID) AND assignments.state <> 'expired')
            ORDER BY random()
            LIMIT 1
            """).first()
        guard let row else { return nil }
        return TakenTask(
            id: try row.decode(column: "id", as: UUID.self), externalID: try row.decode(column: "external_id", as: String.self),
            input: try row.decode(column: "input", as: String.self))
    }

    static func releaseSlot(taskID: UUID, on db: any Database) async throws {
        try await db.sql.raw("""
            UPDATE tasks SET slots_taken = slots_taken - 1 WHERE id = \(bind: taskID) AND slots_taken > 0
            """).run()
    }

    /// Counts an accepted answer; the task completes when it has `k` of them.
    static func recordAccepted(taskID: UUID, answersPerTask k: Int, on db: any Database) async throws {
        try await db.sql.raw("""
            UPDATE tasks SET accepted_count = accepted_count + 1,
              state = CASE WHEN accepted_count + 1 >= \(bind: k) + extra_answers THEN 'complete' ELSE state END
            WHERE id = \(bind: taskID)
            """).run()
    }

    /// The assignment row, locked against concurrent changes on PostgreSQL.
    static func lockAssignment(_ id: UUID, on db: any Database) async throws -> Assignment? {
        if db.isPostgres {
            _ = try await db.sql.raw("SELECT id FROM assignments WHERE id = \(bind: id) FOR UPDATE").all()
        }
        return try await Assignment.find(id, on: db)
    }
}
