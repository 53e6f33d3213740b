import CadreCore
import Fluent
import Vapor

/// Leasing submissions to reviewers and recording their decisions, for the API and the
/// reviewer's web page alike.
enum ReviewQueue {
    enum Decision: String { case accept, reject, acceptWithEdits = "accept_with_edits" }

    /// The reviewer's live review on the project if it holds one, else the oldest waiting
    /// submission by someone else, now leased to this reviewer; nil when the queue is empty.
    static func lease(_ project: Project, reviewerID: UUID, now: Date, writer: DatabaseWriter, on database: any Database) async throws -> Assignment? {
        let id = try project.requireID()
        let leaseSeconds = TimeInterval(project.leaseSeconds)
        return try await writer.transaction(on: database) { db -> Assignment? in
            if let held = try await Assignment.query(on: db).filter(\.$project.$id == id).filter(\.$state == .submitted)
                .filter(\.$reviewer.$id == reviewerID).filter(\.$reviewExpiresAt >= now).first() {
                return held
            }
            guard let submissionID = try await ReviewQueries.nextSubmission(projectID: id, reviewerID: reviewerID, now: now, on: db),
                  let submission = try await Assignment.find(submissionID, on: db)
            else { return nil }
            submission.reviewMaxCostMinor = try await BudgetGuard.admit(project: project, workerID: reviewerID, kind: .review, now: now, on: db)
            submission.$reviewer.id = reviewerID
            submission.reviewExpiresAt = now.addingTimeInterval(leaseSeconds)
            // A review passed on from a reviewer who let it lapse starts its paid time afresh.
            submission.reviewActiveMilliseconds = 0
            submission.reviewLastHeartbeatAt = now
            try await submission.save(on: db)
            return submission
        }
    }

    /// Extends the reviewer's lease on a held review and counts the time since the previous
    /// beat as review work, as `Leasing.heartbeat` does for answers.
    static func heartbeat(_ id: UUID, by reviewerID: UUID, project: Project, now: Date, writer: DatabaseWriter, on database: any Database) async throws -> Assignment {
        let policy = try project.activeTimePolicy
        return try await writer.transaction(on: database) { db in
            guard let locked = try await LeaseQueries.lockAssignment(id, on: db) else { throw Problem.notFound("review") }
            guard locked.state == .submitted, locked.$reviewer.id == reviewerID, let expires = locked.reviewExpiresAt, expires >= now else {
                throw Problem.conflict("review_not_held", "This review is no longer held by you; heartbeats only extend a live review lease.")
            }
            let previous = locked.reviewLastHeartbeatAt ?? now
            if now > previous {
                locked.reviewActiveMilliseconds = policy.accumulate(activeMilliseconds: locked.reviewActiveMilliseconds, previous: previous, now: now)
            }
            locked.reviewLastHeartbeatAt = max(previous, now)
            locked.reviewExpiresAt = now.addingTimeInterval(TimeInterval(project.leaseSeconds))
            try await locked.save(on: db)
            return locked
        }
    }

    /// Records `{decision, feedback, edited_answer}` on a submission (loaded with its project
    /// and task) whose review `reviewerID` holds. A rejection frees the task's slot (so the
    /// project's lease frontier is forgotten).
    static func decide(
        _ submission: Assignment, by reviewerID: UUID, body: JSONValue, now: Date, work: WorkContext, on database: any Database
    ) async throws -> Assignment {
        let decided = try await record(submission, by: reviewerID, body: body, now: now, writer: work.writer, on: database)
        if decided.state == .rejected { work.frontiers.forget(decided.$project.id) }
        return decided
    }

    private static func record(
        _ submission: Assignment, by reviewerID: UUID, body: JSONValue, now: Date, writer: DatabaseWriter, on database: any Database
    ) async throws -> Assignment {
        let id = try submission.requireID()
        let (decision, feedback, edited, fraud) = try parse(body, submission: submission)
        let k = submission.project.answersPerTask
        return try await writer.transaction(on: database) { db -> Assignment in
            guard let locked = try await LeaseQueries.lockAssignment(id, on: db) else { throw Problem.notFound("review") }
            guard locked.state == .submitted, locked.$reviewer.id == reviewerID else {
                throw Problem.conflict("review_not_held", "This submission is \(locked.state.rawValue) or its review lease passed to another reviewer.")
            }
            locked.reviewFeedback = feedback
            locked.decidedAt = now
            locked.reviewExpiresAt = nil
            switch decision {
            case .accept, .acceptWithEdits:
                locked.state = .accepted
                locked.editedAnswer = edited?.jsonText
                if !locked.isGold {
                    try await LeaseQueries.recordAccepted(taskID: locked.$task.id, answersPerTask: k, on: db)
                    try await QualityJobs.enqueue(projectID: locked.$project.id, now: now, on: db)
                }
            case .reject:
                locked.state = .rejected
                locked.fraud = fraud
                if !locked.isGold { try await LeaseQueries.releaseSlot(taskID: locked.$task.id, on: db) }
            }
            try await locked.save(on: db)
            return locked
        }
    }

    private static func parse(_ body: JSONValue, submission: Assignment) throws -> (Decision, String?, JSONValue?, fraud: Bool) {
        var errors: [FieldError] = []
        let decision = body["decision"]?.stringValue.flatMap(Decision.init(rawValue:))
        if decision == nil { errors.append(FieldError(field: "decision", message: "expected accept, reject or accept_with_edits")) }
        let feedback = body["feedback"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let feedback, feedback.count > 5000 { errors.append(FieldError(field: "feedback", message: "at most 5000 characters")) }
        if decision == .reject, (feedback ?? "").isEmpty {
            errors.append(FieldError(field: "feedback", message: "required when rejecting: tell the expert what to fix"))
        }
        var fraud = false
        if let raw = body["fraud"], !raw.isNull {
            if case .bool(let flag) = raw { fraud = flag } else { errors.append(FieldError(field: "fraud", message: "expected true or false")) }
            if fraud, decision != .reject { errors.append(FieldError(field: "fraud", message: "only a rejection can mark an answer as fraud")) }
        }
        var edited: JSONValue?
        if decision == .acceptWithEdits {
            if let answer = body["edited_answer"], !answer.isNull {
                do {
                    let project = submission.project
                    let template = try project.configuredTemplate
                    edited = try template.validateAnswer(answer, input: try JSONValue(parsing: submission.task.input))
                } catch let failure as ValidationFailure {
                    errors += failure.errors.map { FieldError(field: "edited_answer.\($0.field)", message: $0.message) }
                }
            } else {
                errors.append(FieldError(field: "edited_answer", message: "required with accept_with_edits: the corrected answer"))
            }
        }
        guard errors.isEmpty, let decision else { throw Problem.validation(errors) }
        return (decision, feedback.flatMap { $0.isEmpty ? nil : $0 }, edited, fraud)
    }
}
