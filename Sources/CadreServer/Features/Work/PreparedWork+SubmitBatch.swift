import FluentPostgresDriver
import Foundation

extension PreparedWork {
    /// `SubmitLeased` for several answers at once (`SubmitBatches`): one statement, one commit.
    /// Row: the id of each assignment it stored; an answer whose assignment was no longer
    /// leased (or is gold) is left out and nothing of it is written.
    ///
    /// - Two answers to one task in a batch are counted together: `accepted_count` grows by
    ///   the number of them, and the task completes when that reaches `k`.
    /// - Rows are locked in one order whatever the batch: assignments by id (the input is
    ///   sorted), then tasks by id (`locked`), so two batches sharing tasks (`k > 1`) queue on
    ///   each other instead of deadlocking.
    /// - The assignment guard reads `(state || '') = 'leased'` for the reason `SubmitLeased`
    ///   gives: the primary key must find the row, not the partial index of leases.
    struct SubmitLeasedBatch: PostgresPreparedStatement {
        static let sql = """
            WITH input AS (
              SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bool[], $7::int8[], $8::uuid[], $9::float8[])
                AS input(id, state, answer, key, at, needs_review, k, project_id, due)
            ), submitted AS (
              UPDATE assignments SET state = input.state, answer = input.answer, idempotency_key = input.key, submitted_at = input.at,
                needs_review = input.needs_review, decided_at = CASE WHEN input.needs_review THEN assignments.decided_at ELSE input.at END
              FROM input
              WHERE assignments.id = input.id AND (assignments.state || '') = 'leased' AND assignments.is_gold = false
              RETURNING assignments.id, assignments.task_id, input.needs_review, input.k, input.project_id, input.due
            ), locked AS (
              SELECT tasks.id, accepted.answers, accepted.k FROM tasks
              JOIN (SELECT task_id, count(*) AS answers, max(k) AS k FROM submitted WHERE NOT needs_review GROUP BY task_id) AS accepted
                ON accepted.task_id = tasks.id
              ORDER BY tasks.id
              FOR UPDATE OF tasks
            ), counted AS (
              UPDATE tasks SET accepted_count = tasks.accepted_count + locked.answers,
                state = CASE WHEN tasks.accepted_count + locked.answers >= locked.k + tasks.extra_answers THEN 'complete' ELSE tasks.state END
              FROM locked WHERE tasks.id = locked.id
            ), queued AS (
              INSERT INTO quality_jobs (project_id, due_at)
              SELECT project_id, min(due) FROM submitted WHERE NOT needs_review GROUP BY project_id
              ON CONFLICT (project_id) DO NOTHING
            )
            SELECT id FROM submitted
            """

        typealias Row = UUID

        /// At most one answer per assignment.
        var answers: [LeaseQueries.LeasedAnswer]

        func makeBindings() throws -> PostgresBindings {
            let sorted = answers.sorted { $0.assignmentID.precedes($1.assignmentID) }
            var bindings = PostgresBindings(capacity: 9)
            bindings.append(sorted.map(\.assignmentID))
            bindings.append(sorted.map(\.state.rawValue))
            bindings.append(sorted.map(\.answer))
            bindings.append(sorted.map(\.idempotencyKey))
            bindings.append(sorted.map(\.submittedAt))
            bindings.append(sorted.map(\.needsReview))
            bindings.append(sorted.map(\.answersPerTask))
            bindings.append(sorted.map(\.projectID))
            bindings.append(sorted.map { QualityJobs.dueTime(after: $0.submittedAt) })
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(UUID.self) }
    }
}
