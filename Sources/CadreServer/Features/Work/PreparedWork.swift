import FluentPostgresDriver
import Foundation

/// The work loop's two PostgreSQL statements — the usual lease and the usual submit — as
/// prepared statements. Each is parsed and planned once per connection instead of on every
/// call; for the lease's CTE, planning cost PostgreSQL as much CPU as running it. The SQL and
/// its guards are the ones `LeaseQueries` documents; SQLite runs the same steps one by one.
enum PreparedWork {
    /// Takes a slot on the best free task and stores the lease, only while the expert holds no
    /// live lease on the project. Row: the task's id, external id, input and priority.
    struct LeaseFreeTask: PostgresPreparedStatement {
        static let sql = leaseSQL(fromFrontier: false)

        typealias Row = (UUID, String, String, Int)

        var lease: LeaseQueries.NewLease

        func makeBindings() throws -> PostgresBindings { leaseBindings(lease, frontier: nil) }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The same, looking only from the project's frontier (`LeaseFrontiers`) on, within its
    /// priority: the index range there holds no dead entries to step over.
    struct LeaseFreeTaskFromFrontier: PostgresPreparedStatement {
        static let sql = leaseSQL(fromFrontier: true)

        typealias Row = (UUID, String, String, Int)

        var lease: LeaseQueries.NewLease
        var frontier: LeaseFrontiers.Frontier

        func makeBindings() throws -> PostgresBindings { leaseBindings(lease, frontier: frontier) }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The first free task in leasing order, whoever may take it. Row: its priority and id.
    struct FindFrontier: PostgresPreparedStatement {
        static let sql = """
            SELECT priority, id FROM tasks
            WHERE project_id = $1 AND state = 'open' AND is_gold = false AND slots_taken < $2 + extra_answers
            ORDER BY priority DESC, id
            LIMIT 1
            """

        typealias Row = (Int, UUID)

        var projectID: UUID
        var answersPerTask: Int

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(projectID)
            bindings.append(answersPerTask)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Two guards keep the plan from growing with the data once `assignments` has statistics:
    /// `OFFSET 0` keeps "never a task this expert saw" a lookup per candidate (else a merge
    /// anti-join reads `assignments_one_per_expert` from its start on every lease: every answer
    /// ever given), and the live-lease check compares `project_id` as text so that it can only
    /// go through the expert's entries (a new project has no statistics, and the planner took
    /// a `project_id` index and read every assignment of the project, 100–500 buffers a lease).
    private static func leaseSQL(fromFrontier: Bool) -> String {
        let range = fromFrontier ? "AND candidate.priority = $7 AND candidate.id >= $8" : ""
        let order = fromFrontier ? "candidate.id" : "candidate.priority DESC, candidate.id"
        return """
            WITH candidate AS (
              SELECT candidate.id FROM tasks AS candidate
              WHERE candidate.project_id = $1 AND candidate.state = 'open' AND candidate.is_gold = false \(range)
                AND candidate.slots_taken < $2 + candidate.extra_answers
                AND NOT EXISTS (
                  SELECT 1 FROM assignments
                  WHERE assignments.task_id = candidate.id AND assignments.expert_id = $3 AND assignments.state <> 'expired'
                  OFFSET 0)
                AND NOT EXISTS (
                  SELECT 1 FROM assignments AS live
                  WHERE live.expert_id = $3 AND live.project_id::text = $1::text AND live.state = 'leased' AND live.expires_at > $4)
              ORDER BY \(order)
              LIMIT 1 FOR UPDATE SKIP LOCKED
            ), taken AS (
              UPDATE tasks SET slots_taken = tasks.slots_taken + 1 FROM candidate
              WHERE tasks.id = candidate.id AND tasks.slots_taken < $2 + tasks.extra_answers
              RETURNING tasks.id, tasks.external_id, tasks.input, tasks.priority
            ), leased AS (
              INSERT INTO assignments (id, task_id, project_id, expert_id, state, leased_at, expires_at, needs_review, is_gold)
              SELECT $5, taken.id, $1, $3, 'leased', $4, $6, false, false FROM taken
              RETURNING task_id
            )
            SELECT taken.id, taken.external_id, taken.input, taken.priority FROM taken JOIN leased ON leased.task_id = taken.id
            """
    }

    private static func leaseBindings(_ lease: LeaseQueries.NewLease, frontier: LeaseFrontiers.Frontier?) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(lease.projectID)
        bindings.append(lease.answersPerTask)
        bindings.append(lease.expertID)
        bindings.append(lease.leasedAt)
        bindings.append(lease.assignmentID)
        bindings.append(lease.expiresAt)
        if let frontier {
            bindings.append(frontier.priority)
            bindings.append(frontier.taskID)
        }
        return bindings
    }

    /// Stores an answer while its assignment is still leased; when it is accepted at once, also
    /// counts it on the task and queues the project's consensus. Row: the task's id.
    ///
    /// The guard reads `(state || '') = 'leased'`, not `state = 'leased'`: with the plain form,
    /// once `assignments` has statistics the generic plan finds the row by scanning the partial
    /// index `assignments_leased` (its predicate matches, its estimated size is the few live
    /// leases) instead of the primary key — and that index holds an entry for every lease
    /// submitted since the last vacuum: 500–575 buffers a submit instead of 48.
    struct SubmitLeased: PostgresPreparedStatement {
        static let sql = """
            WITH submitted AS (
              UPDATE assignments SET state = $1, answer = $2, idempotency_key = $3, submitted_at = $4, needs_review = $5,
                decided_at = CASE WHEN $5 THEN decided_at ELSE $4 END
              WHERE id = $6 AND (state || '') = 'leased' AND is_gold = false
              RETURNING task_id
            ), counted AS (
              UPDATE tasks SET accepted_count = tasks.accepted_count + 1,
                state = CASE WHEN tasks.accepted_count + 1 >= $7 + tasks.extra_answers THEN 'complete' ELSE tasks.state END
              FROM submitted WHERE tasks.id = submitted.task_id AND NOT $5
            ), queued AS (
              INSERT INTO quality_jobs (project_id, due_at)
              SELECT $8, $9 WHERE NOT $5 AND EXISTS (SELECT 1 FROM submitted)
              ON CONFLICT (project_id) DO NOTHING
            )
            SELECT task_id FROM submitted
            """

        typealias Row = UUID

        var answer: LeaseQueries.LeasedAnswer

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 9)
            bindings.append(answer.state.rawValue)
            bindings.append(answer.answer)
            bindings.append(answer.idempotencyKey)
            bindings.append(answer.submittedAt)
            bindings.append(answer.needsReview)
            bindings.append(answer.assignmentID)
            bindings.append(answer.answersPerTask)
            bindings.append(answer.projectID)
            bindings.append(QualityJobs.dueTime(after: answer.submittedAt))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(UUID.self) }
    }
}

extension Database {
    /// Runs a prepared statement on a pooled PostgreSQL connection and returns its rows.
    func run<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row]
    where Statement.Row: Sendable {
        guard let postgres = self as? any PostgresDatabase else {
            preconditionFailure("prepared statements are for PostgreSQL only")
        }
        let logger = self.logger
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                var rows: [Statement.Row] = []
                for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
                return rows
            }
        }.get()
    }
}
