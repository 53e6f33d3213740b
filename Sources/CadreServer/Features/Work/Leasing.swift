import CadreCore
import Fluent
import Vapor

/// Handing an expert its next task on a project.
enum Leasing {
    /// The expert's live lease on the project if it has one, else a new lease on the best
    /// available task, else nil. `created` tells the two apart.
    static func lease(project: Project, expertID: UUID, now: Date, on database: any Database) async throws -> (Assignment, WorkTask, created: Bool)? {
        let projectID = try project.requireID()
        let k = project.answersPerTask
        let leaseSeconds = TimeInterval(project.leaseSeconds)
        return try await WriteTransaction.run(on: database) { db -> (Assignment, WorkTask, created: Bool)? in
            try await LeaseQueries.reclaimExpired(projectID: projectID, now: now, on: db)
            if let live = try await Assignment.query(on: db)
                .filter(\.$project.$id == projectID).filter(\.$expert.$id == expertID)
                .filter(\.$state == .leased).filter(\.$expiresAt > now).with(\.$task).first() {
                return (live, live.task, false)
            }
            // A guarded slot update can lose a race on PostgreSQL; try the next candidate.
            for _ in 0..<3 {
                guard let taskID = try await LeaseQueries.nextTask(projectID: projectID, expertID: expertID, answersPerTask: k, on: db)
                else { return nil }
                guard try await LeaseQueries.takeSlot(taskID: taskID, answersPerTask: k, on: db) else { continue }
                let assignment = Assignment()
                assignment.id = .timeOrdered(at: now)
                assignment.$task.id = taskID
                assignment.$project.id = projectID
                assignment.$expert.id = expertID
                assignment.state = .leased
                assignment.leasedAt = now
                assignment.expiresAt = now.addingTimeInterval(leaseSeconds)
                assignment.needsReview = false
                try await assignment.create(on: db)
                guard let task = try await WorkTask.find(taskID, on: db) else { return nil }
                return (assignment, task, true)
            }
            return nil
        }
    }

    /// Extends a live lease by the project's lease duration.
    static func heartbeat(_ assignment: Assignment, project: Project, now: Date, on db: any Database) async throws {
        guard assignment.state == .leased, assignment.expiresAt >= now else {
            throw Problem.conflict("lease_not_live", "This assignment is \(assignment.expiresAt < now ? "expired" : assignment.state.rawValue); heartbeats only extend a live lease.")
        }
        assignment.expiresAt = now.addingTimeInterval(TimeInterval(project.leaseSeconds))
        try await assignment.save(on: db)
    }

    /// Gives a leased task back to the pool, keeping the expert's reason.
    static func skip(_ id: UUID, reason raw: String?, on database: any Database) async throws -> Assignment {
        let reason = raw?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.count > 2000 { throw Problem.validation(field: "reason", "at most 2000 characters") }
        return try await WriteTransaction.run(on: database) { db in
            guard let assignment = try await LeaseQueries.lockAssignment(id, on: db) else { throw Problem.notFound("assignment") }
            guard assignment.state == .leased else {
                throw Problem.conflict("not_skippable", "Only a leased assignment can be skipped; this one is \(assignment.state.rawValue).")
            }
            assignment.state = .skipped
            assignment.skipReason = reason
            try await assignment.save(on: db)
            try await LeaseQueries.releaseSlot(taskID: assignment.$task.id, on: db)
            return assignment
        }
    }

    /// Why an expert may not work on a project, or nil if it may.
    static func refusal(for project: Project, profile: ExpertProfile) -> Problem? {
        guard project.state == .active else {
            return Problem.conflict("project_not_active", "This project is \(project.state.rawValue); only active projects hand out work.")
        }
        guard profile.qualifies(for: project) else {
            let requirements = project.requirements
            let needs = requirements.domains.map { "\($0.domain) (θ ≥ \($0.minimumAbility))" } + requirements.languages.map { "language \($0)" }
            return Problem(
                status: .forbidden, code: "not_qualified", title: "Not qualified",
                detail: "This project requires: \(needs.joined(separator: ", ")).")
        }
        return nil
    }
}
