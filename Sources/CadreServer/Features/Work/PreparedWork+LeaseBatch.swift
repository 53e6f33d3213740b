import FluentPostgresDriver
import Foundation

extension PreparedWork {
    /// `LeaseFreeTask` for several experts of one project at once (`LeaseBatches`): one
    /// statement, one commit. Row per lease made: the assignment's id, then the task's id,
    /// external id, input and priority. An expert with a live lease on the project gets none.
    struct LeaseFreeTasks: PostgresPreparedStatement {
        static let sql = leaseBatchSQL(fromFrontier: false)

        typealias Row = (UUID, UUID, String, String, Int)

        /// One project and `k`, one lease per expert.
        var leases: [LeaseQueries.NewLease]

        func makeBindings() throws -> PostgresBindings { leaseBatchBindings(leases, frontier: nil) }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The same from the project's frontier on (`LeaseFreeTaskFromFrontier`).
    struct LeaseFreeTasksFromFrontier: PostgresPreparedStatement {
        static let sql = leaseBatchSQL(fromFrontier: true)

        typealias Row = (UUID, UUID, String, String, Int)

        var leases: [LeaseQueries.NewLease]
        var frontier: LeaseFrontiers.Frontier

        func makeBindings() throws -> PostgresBindings { leaseBatchBindings(leases, frontier: frontier) }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The first free tasks in leasing order — as many as there are experts, none that any of
    /// them has seen, skipping rows other leases hold — are locked, numbered, and paired with
    /// the experts without a live lease, the first task with the first expert. The guards are
    /// `leaseSQL`'s: `OFFSET 0` keeps "seen" a lookup per candidate and the live-lease check a
    /// lookup per expert (else an anti-join reads every lease of every expert), the text
    /// comparison keeps the latter on the expert's own entries, and the slot update is
    /// conditional.
    /// (Window functions cannot share a level with `FOR UPDATE`, hence `locked`, then `numbered`.)
    private static func leaseBatchSQL(fromFrontier: Bool) -> String {
        let range = fromFrontier ? "AND candidate.priority = $8 AND candidate.id >= $9" : ""
        let order = fromFrontier ? "candidate.id" : "candidate.priority DESC, candidate.id"
        return """
            WITH wanted AS (
              SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::timestamptz[], $6::timestamptz[]) WITH ORDINALITY
                AS wanted(expert_id, assignment_id, leased_at, expires_at, position)
            ), eligible AS (
              SELECT wanted.*, row_number() OVER (ORDER BY wanted.position) AS slot FROM wanted
              WHERE NOT EXISTS (
                SELECT 1 FROM assignments AS live
                WHERE live.expert_id = wanted.expert_id AND live.project_id::text = $1::uuid::text AND live.state = 'leased'
                  AND live.expires_at > wanted.leased_at
                OFFSET 0)
            ), locked AS (
              SELECT candidate.id, candidate.priority FROM tasks AS candidate
              WHERE candidate.project_id = $1 AND candidate.state = 'open' AND candidate.is_gold = false \(range)
                AND candidate.slots_taken < $2 + candidate.extra_answers
                AND NOT EXISTS (
                  SELECT 1 FROM assignments
                  WHERE assignments.task_id = candidate.id AND assignments.expert_id = ANY($3::uuid[]) AND assignments.state <> 'expired'
                  OFFSET 0)
              ORDER BY \(order)
              LIMIT $7 FOR UPDATE SKIP LOCKED
            ), numbered AS (
              SELECT locked.id, row_number() OVER (ORDER BY locked.priority DESC, locked.id) AS slot FROM locked
            ), taken AS (
              UPDATE tasks SET slots_taken = tasks.slots_taken + 1
              FROM numbered JOIN eligible ON eligible.slot = numbered.slot
              WHERE tasks.id = numbered.id AND tasks.slots_taken < $2 + tasks.extra_answers
              RETURNING tasks.id, tasks.external_id, tasks.input, tasks.priority,
                eligible.expert_id, eligible.assignment_id, eligible.leased_at, eligible.expires_at
            ), leased AS (
              INSERT INTO assignments (id, task_id, project_id, expert_id, state, leased_at, expires_at, needs_review, is_gold)
              SELECT taken.assignment_id, taken.id, $1, taken.expert_id, 'leased', taken.leased_at, taken.expires_at, false, false FROM taken
              RETURNING id
            )
            SELECT taken.assignment_id, taken.id, taken.external_id, taken.input, taken.priority
            FROM taken JOIN leased ON leased.id = taken.assignment_id
            """
    }

    private static func leaseBatchBindings(_ leases: [LeaseQueries.NewLease], frontier: LeaseFrontiers.Frontier?) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 9)
        bindings.append(leases[0].projectID)
        bindings.append(leases[0].answersPerTask)
        bindings.append(leases.map(\.expertID))
        bindings.append(leases.map(\.assignmentID))
        bindings.append(leases.map(\.leasedAt))
        bindings.append(leases.map(\.expiresAt))
        bindings.append(leases.count)
        if let frontier {
            bindings.append(frontier.priority)
            bindings.append(frontier.taskID)
        }
        return bindings
    }
}
