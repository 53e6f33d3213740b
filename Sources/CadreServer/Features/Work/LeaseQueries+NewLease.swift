import Fluent
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
    /// PostgreSQL: one prepared statement (`PreparedWork.LeaseFreeTask`), atomic on its own (no
    /// transaction around it), the task row locked with `SKIP LOCKED`. SQLite: two statements.
    static func leaseFreeTask(_ lease: NewLease, frontiers: LeaseFrontiers, on db: any Database) async throws -> TakenTask? {
        let frontier = try await frontier(of: lease, in: frontiers, on: db)
        var row: PreparedWork.LeaseFreeTask.Row?
        if let frontier { row = try await db.run(PreparedWork.LeaseFreeTaskFromFrontier(lease: lease, frontier: frontier)).first }
        if row == nil { row = try await db.run(PreparedWork.LeaseFreeTask(lease: lease)).first }
        guard let (id, externalID, input, priority) = row else { return nil }
        advance(frontiers, of: lease, past: id, priority: priority)
        return TakenTask(id: id, externalID: externalID, input: input)
    }

    /// The usual lease for several experts of one project at once (PostgreSQL,
    /// `PreparedWork.LeaseFreeTasks`): the tasks taken, by assignment id. A lease missing from
    /// the result made nothing: its expert holds a live lease, or the free tasks from the
    /// frontier ran out; the caller tries it alone.
    static func leaseFreeTasks(_ leases: [NewLease], frontiers: LeaseFrontiers, on db: any Database) async throws -> [UUID: TakenTask] {
        let rows = if let frontier = try await frontier(of: leases[0], in: frontiers, on: db) {
            try await db.run(PreparedWork.LeaseFreeTasksFromFrontier(leases: leases, frontier: frontier))
        } else {
            try await db.run(PreparedWork.LeaseFreeTasks(leases: leases))
        }
        var taken: [UUID: TakenTask] = [:]
        for (assignmentID, id, externalID, input, priority) in rows {
            advance(frontiers, of: leases[0], past: id, priority: priority)
            taken[assignmentID] = TakenTask(id: id, externalID: externalID, input: input)
        }
        return taken
    }

    private static func frontier(of lease: NewLease, in frontiers: LeaseFrontiers, on db: any Database) async throws -> LeaseFrontiers.Frontier? {
        try await frontiers.frontier(of: lease.projectID) {
            let found = try await db.run(PreparedWork.FindFrontier(projectID: lease.projectID, answersPerTask: lease.answersPerTask)).first
            return found.map { LeaseFrontiers.Frontier(priority: $0.0, taskID: $0.1) }
        }
    }

    /// With one answer a task, every task ahead of one just taken is taken or done: only
    /// another lease's failure or a task given back (which forgets the frontier) frees one again.
    private static func advance(_ frontiers: LeaseFrontiers, of lease: NewLease, past taskID: UUID, priority: Int) {
        if lease.answersPerTask == 1 { frontiers.advance(lease.projectID, to: LeaseFrontiers.Frontier(priority: priority, taskID: taskID)) }
    }

    /// SQLite, on the writer's direct connection inside its group's transaction.
    static func leaseFreeTask(_ lease: NewLease, on connection: DirectConnection) throws -> TakenTask? {
        let values: [DirectConnection.Value] = [.id(lease.projectID), .int(lease.answersPerTask), .id(lease.expertID), .date(lease.leasedAt)]
        guard let taken = try connection.first("""
            UPDATE tasks SET slots_taken = slots_taken + 1
            WHERE id = (
              SELECT candidate.id FROM tasks AS candidate
              WHERE candidate.project_id = ?1 AND candidate.state = 'open' AND candidate.is_gold = 0
                AND candidate.slots_taken < ?2 + candidate.extra_answers
                AND NOT EXISTS (
                  SELECT 1 FROM assignments
                  WHERE assignments.task_id = candidate.id AND assignments.expert_id = ?3 AND assignments.state <> 'expired')
                AND NOT EXISTS (
                  SELECT 1 FROM assignments AS live
                  WHERE live.expert_id = ?3 AND live.project_id = ?1 AND live.state = 'leased' AND live.expires_at > ?4)
              ORDER BY candidate.priority DESC, candidate.id
              LIMIT 1)
              AND slots_taken < ?2 + extra_answers
            RETURNING id, external_id, input
            """, values, { row in TakenTask(id: try row.id(0), externalID: row.text(1), input: row.text(2)) })
        else { return nil }
        try connection.query("""
            INSERT INTO assignments (id, task_id, project_id, expert_id, state, leased_at, expires_at, needs_review, is_gold)
            VALUES (?1, ?2, ?3, ?4, 'leased', ?5, ?6, 0, 0)
            """, [.id(lease.assignmentID), .id(taken.id), .id(lease.projectID), .id(lease.expertID), .date(lease.leasedAt), .date(lease.expiresAt)])
        return taken
    }
}
