import CadreCore
import Fluent
import Synchronization
import Vapor

/// Handing an expert its next task on a project.
enum Leasing {
    /// The expert's live lease on the project if it has one, else a new lease on the best
    /// available task, else nil. `created` tells the two apart.
    static func lease(
        project: Project, expertID: UUID, now: Date, work: WorkContext, requalifying: Bool = false, on database: any Database
    ) async throws -> (Assignment, WorkTask, created: Bool)? {
        let leased = try await take(project: project, expertID: expertID, now: now, work: work, requalifying: requalifying, on: database)
        if let (assignment, task, _) = leased { work.leases.remember(assignment, taskInput: task.input, now: now) }
        return leased
    }

    private static func take(
        project: Project, expertID: UUID, now: Date, work: WorkContext, requalifying: Bool, on database: any Database
    ) async throws -> (Assignment, WorkTask, created: Bool)? {
        let projectID = try project.requireID()
        try await ContributorLimit.check(project, expertID: expertID, now: now, on: database)
        let k = project.answersPerTask
        let leaseSeconds = TimeInterval(project.leaseSeconds)
        let reclaim = work.reclaims.isDue(projectID, now: now)
        let serveGold = requalifying || (project.goldRate > 0 && work.goldDraw() < project.goldRate)
        let fresh = LeaseQueries.NewLease(
            assignmentID: .timeOrdered(at: now), projectID: projectID, expertID: expertID, answersPerTask: k,
            leasedAt: now, expiresAt: now.addingTimeInterval(leaseSeconds))
        // Only a sweep that gave work back moves the frontier: forgetting it on every sweep sent
        // each instance's next leases, once a second, scanning from the start of the order
        // (a thousand index entries each on a busy project) until the frontier was found again.
        if reclaim {
            let reclaimed = try await work.writer.transaction(on: database) { db in
                try await LeaseQueries.reclaimExpired(projectID: projectID, now: now, on: db)
            }
            if reclaimed > 0 { work.frontiers.forget(projectID) }
        }
        // The usual case first: no live lease, no gold to serve, a free task, no budget cap to
        // check. On SQLite it runs as a direct write (`DatabaseWriter.direct`).
        if !serveGold, project.budgetCapMinor == nil {
            let taken = database.isPostgres
                ? try await work.leaseBatches.lease(fresh, frontiers: work.frontiers, on: database)
                : try await work.writer.direct(on: database) { connection, _ in try LeaseQueries.leaseFreeTask(fresh, on: connection) }
            if let taken { return (fresh.assignment(taskID: taken.id), taken.task, true) }
        }
        let (leased, gaveBack) = try await work.writer.transaction(on: database) { db -> ((Assignment, WorkTask, created: Bool)?, gaveBack: Bool) in
            if let live = try await Assignment.query(on: db)
                .filter(\.$project.$id == projectID).filter(\.$expert.$id == expertID)
                .filter(\.$state == .leased).filter(\.$expiresAt > now).with(\.$task).first() {
                return ((live, live.task, false), false)
            }
            let maximumCost = try await BudgetGuard.admit(project: project, workerID: expertID, kind: .answer, now: now, on: db)
            var taken: LeaseQueries.TakenTask?
            var gold = false
            if serveGold, let goldTask = try await LeaseQueries.nextGoldTask(projectID: projectID, expertID: expertID, on: db) {
                (taken, gold) = (goldTask, true)
            } else if requalifying {
                return (nil, false)
            } else {
                taken = try await LeaseQueries.takeNextTask(projectID: projectID, expertID: expertID, answersPerTask: k, on: db)
            }
            var gaveBack = false
            if taken == nil, !reclaim {
                // Nothing free: leases that ran out since the last sweep may hold the work.
                gaveBack = try await LeaseQueries.reclaimExpired(projectID: projectID, now: now, on: db) > 0
                taken = try await LeaseQueries.takeNextTask(projectID: projectID, expertID: expertID, answersPerTask: k, on: db)
            }
            guard let taken else { return (nil, gaveBack) }
            let assignment = fresh.assignment(taskID: taken.id)
            assignment.isGold = gold
            assignment.maxCostMinor = maximumCost
            try await assignment.create(on: db)
            return ((assignment, taken.task, true), gaveBack)
        }
        if gaveBack { work.frontiers.forget(projectID) }
        return leased
    }

    /// Extends a live lease by the project's lease duration and counts the time since the
    /// previous beat (or the lease) as work when it is short enough (`ActiveTimePolicy`).
    /// The row is locked so two beats sent at once cannot both count the same gap.
    static func heartbeat(_ id: UUID, project: Project, now: Date, writer: DatabaseWriter, on database: any Database) async throws -> Assignment {
        let policy = try project.activeTimePolicy
        return try await writer.transaction(on: database) { db in
            guard let assignment = try await LeaseQueries.lockAssignment(id, on: db) else { throw Problem.notFound("assignment") }
            guard assignment.state == .leased, assignment.expiresAt >= now else {
                throw Problem.conflict("lease_not_live", "This assignment is \(assignment.expiresAt < now ? "expired" : assignment.state.rawValue); heartbeats only extend a live lease.")
            }
            let previous = assignment.lastHeartbeatAt ?? assignment.leasedAt
            if now > previous {
                assignment.activeMilliseconds = policy.accumulate(activeMilliseconds: assignment.activeMilliseconds, previous: previous, now: now)
                assignment.lastHeartbeatAt = now
            }
            assignment.expiresAt = now.addingTimeInterval(TimeInterval(project.leaseSeconds))
            try await assignment.save(on: db)
            return assignment
        }
    }

    /// Gives a leased task back to the pool, keeping the expert's reason.
    static func skip(_ id: UUID, reason raw: String?, work: WorkContext, on database: any Database) async throws -> Assignment {
        let reason = raw?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.count > 2000 { throw Problem.validation(field: "reason", "at most 2000 characters") }
        let skipped = try await work.writer.transaction(on: database) { db in
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
        work.leases.forget(id)
        work.frontiers.forget(skipped.$project.id)
        return skipped
    }

    /// Why an expert may not work on a project, or nil if it may.
    static func refusal(for project: Project, profile: ExpertProfile) -> Problem? {
        guard project.state == .active else {
            return Problem.conflict("project_not_active", "This project is \(project.state.rawValue); only active projects hand out work.")
        }
        guard profile.qualifies(for: project) else {
            let requirements = (try? project.requirements) ?? QualificationRequirements()
            let needs = requirements.domains.map { "\($0.domain) (θ ≥ \($0.minimumAbility))" } + requirements.languages.map { "language \($0)" }
            return Problem(
                status: .forbidden, code: "not_qualified", title: "Not qualified",
                detail: "This project requires: \(needs.joined(separator: ", ")).")
        }
        return nil
    }
}

/// What leasing needs from the application: its writer, when expired leases were last swept
/// and the leases it handed out.
struct WorkContext: Sendable {
    var writer: DatabaseWriter
    var reclaims: ReclaimSchedule
    var leases: LiveLeases
    var frontiers: LeaseFrontiers
    var leaseBatches: LeaseBatches
    var submitBatches: SubmitBatches
    /// A number in 0..<1 per lease; a lease serves gold when it falls below the gold rate.
    var goldDraw: @Sendable () -> Double = { Double.random(in: 0..<1) }
}

/// Sweeping a project's expired leases costs a write; doing it on every request would double
/// the cost of leasing. Each instance sweeps a project at most once a second, and always when
/// it finds no free task, so an expired lease is back in the pool within a second or as soon
/// as it is the only work left.
final class ReclaimSchedule: Sendable {
    static let interval: TimeInterval = 1
    private let lastSweep = Mutex<[UUID: Date]>([:])

    func isDue(_ projectID: UUID, now: Date) -> Bool {
        lastSweep.withLock { sweeps in
            if let last = sweeps[projectID], now.timeIntervalSince(last) < Self.interval, now >= last { return false }
            sweeps[projectID] = now
            return true
        }
    }
}

extension Application {
    /// The gold draw is an effect so tests can decide which leases serve gold.
    var goldDraw: @Sendable () -> Double {
        get { work.goldDraw }
        set { work.goldDraw = newValue }
    }

    var leaseFrontiers: LeaseFrontiers {
        get { work.frontiers }
        set { work.frontiers = newValue }
    }

    var reclaimSchedule: ReclaimSchedule {
        get { work.reclaims }
        set { work.reclaims = newValue }
    }
}
