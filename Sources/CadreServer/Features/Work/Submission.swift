import CadreCore
import Fluent
import Vapor

/// Storing an answer: validated against the template before anything is written, stored
/// with its state change in one transaction, and idempotent by key.
enum Submission {
    /// What submitting needs to know of the assignment before it writes, read with the
    /// task's input in one query (`LeaseQueries.submissionTarget`).
    struct Target: Sendable {
        var id: UUID
        var expertID: UUID
        var projectID: UUID
        var state: Assignment.State
        var isGold: Bool
        var taskInput: String
    }

    /// Validates `answer` against the project's template and the task's input, then stores it.
    /// `isRetry` is true when the key matched an earlier submit, which is returned unchanged.
    static func submit(
        _ answer: JSONValue?, to target: Target, of project: Project, key: String, now: Date, work: WorkContext,
        on db: any Database
    ) async throws -> (SubmissionResponse, isRetry: Bool) {
        guard let answer, !answer.isNull else {
            throw Problem.validation(field: "answer", "required: the answer object for this \(project.template.rawValue) task")
        }
        let template = try project.configuredTemplate
        let input = try JSONValue(parsing: target.taskInput)
        let validated: JSONValue
        do {
            validated = try template.validateAnswer(answer, input: input)
        } catch {
            throw Problem.validation(error.errors.map { FieldError(field: $0.field == "body" ? "answer" : "answer.\($0.field)", message: $0.message) })
        }
        if project.template == .videoDemonstration {
            try await CaptureSubmission.verify(validated, assignmentID: target.id, on: db)
        }
        return try await submit(
            assignmentID: target.id, answer: validated, key: key, project: project, now: now, work: work, on: db,
            wasLeased: target.state == .leased && !target.isGold)
    }

    /// With `wasLeased` (the assignment was leased and not gold when read), the answer is first
    /// stored by `LeaseQueries.submitLeased` (on PostgreSQL with the concurrent submits of this
    /// instance: `SubmitBatches`), which writes only while the row is still leased.
    /// Otherwise, or if the row changed meanwhile, the assignment is locked and read, and every
    /// case is handled here.
    static func submit(
        assignmentID: UUID, answer: JSONValue, key: String, project: Project, now: Date, work: WorkContext, on database: any Database,
        wasLeased: Bool = false
    ) async throws -> (SubmissionResponse, isRetry: Bool) {
        let k = project.answersPerTask
        let policy = project.reviewPolicyValue
        let projectID = try project.requireID()
        let template = project.template
        let bar = project.minimumGoldAccuracy
        let stored = answer.jsonText
        let usual = LeaseQueries.LeasedAnswer(
            assignmentID: assignmentID, projectID: projectID, answersPerTask: k, answer: stored, idempotencyKey: key, submittedAt: now,
            needsReview: policy.selects(assignmentID))
        if wasLeased {
            let done = database.isPostgres
                ? try await work.submitBatches.submit(usual, on: database)
                : try await work.writer.direct(on: database) { connection, memo in try LeaseQueries.submitLeased(usual, on: connection, memo: memo) }
            if done { return (SubmissionResponse(usual), false) }
        }
        return try await work.writer.transaction(on: database) { db -> (SubmissionResponse, isRetry: Bool) in
            guard let assignment = try await LeaseQueries.lockAssignment(assignmentID, on: db) else { throw Problem.notFound("assignment") }
            switch assignment.state {
            case .submitted, .accepted, .rejected:
                guard assignment.idempotencyKey == key else {
                    throw Problem.conflict("already_submitted", "This assignment was already submitted (with a different Idempotency-Key).")
                }
                return (try SubmissionResponse(assignment), true)
            case .skipped:
                throw Problem.conflict("assignment_skipped", "This assignment was skipped; ask for the next task instead.")
            case .expired where assignment.isGold:
                break  // Gold tasks hold no slot; a late answer is still graded.
            case .expired:
                // The lease ran out and its slot went back to the pool: the answer still counts
                // if the slot is free and the expert holds no newer turn on the task.
                let newer = try await Assignment.query(on: db)
                    .filter(\.$task.$id == assignment.$task.id).filter(\.$expert.$id == assignment.$expert.id)
                    .filter(\.$state != .expired).count()
                // Its cost left the budget when it lapsed; it may come back only if it fits.
                try await BudgetGuard.readmit(project: project, maximumMinor: assignment.maxCostMinor, now: now, on: db)
                guard newer == 0, try await LeaseQueries.takeSlot(taskID: assignment.$task.id, answersPerTask: k, on: db) else {
                    throw Problem.conflict(
                        "lease_expired",
                        "The lease expired at \(ISO8601DateFormatter().string(from: assignment.expiresAt)) and its task was given to someone else; the answer was not stored.")
                }
            case .leased:
                break  // Past its expiry but not yet reclaimed: the slot is still this lease's.
            }
            assignment.answer = stored
            assignment.idempotencyKey = key
            assignment.submittedAt = now
            assignment.needsReview = policy.selects(assignmentID)
            assignment.state = assignment.needsReview ? .submitted : .accepted
            if assignment.state == .accepted {
                assignment.decidedAt = now
                if !assignment.isGold {
                    try await LeaseQueries.recordAccepted(taskID: assignment.$task.id, answersPerTask: k, on: db)
                    try await QualityJobs.enqueue(projectID: projectID, now: now, on: db)
                }
            }
            if assignment.isGold {
                try await GoldGrading.grade(assignment, answer: answer, template: template, bar: bar, projectID: projectID, now: now, on: db)
            }
            try await assignment.save(on: db)
            return (try SubmissionResponse(assignment), false)
        }
    }

    /// The `Idempotency-Key` header: required, so a retried submit can never count twice.
    static func key(from req: Request) throws -> String { try req.idempotencyKey(so: "a retry cannot submit twice") }
}
