import CadreCore
import Fluent
import Vapor

/// The review queue: reviewers lease submissions like tasks and accept, reject with
/// feedback, or accept with edits (the original answer is kept).
struct ReviewsController: RouteCollection {
    enum Decision: String { case accept, reject, acceptWithEdits = "accept_with_edits" }

    func boot(routes: any RoutesBuilder) throws {
        routes.post("projects", ":projectID", "reviews", "next", use: next)
        routes.post("reviews", ":assignmentID", "decision", use: decide)
    }

    @Sendable func next(req: Request) async throws -> Response {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("projectID"), let id = UUID(uuidString: raw),
              let project = try await Project.find(id, on: req.db)
        else {
            try req.authorize(.review(isReviewer: false))
            throw Problem.notFound("project")
        }
        let profile = try await ExpertProfile.load(current.principal.userID, on: req.db)
        try req.authorize(.review(isReviewer: profile.reviews(project) || current.user.role == .admin))
        let reviewerID = current.principal.userID
        let now = req.now
        let leaseSeconds = TimeInterval(project.leaseSeconds)
        let leased = try await req.writer.transaction(on: req.db) { db -> Assignment? in
            if let held = try await Assignment.query(on: db).filter(\.$project.$id == id).filter(\.$state == .submitted)
                .filter(\.$reviewer.$id == reviewerID).filter(\.$reviewExpiresAt >= now).first() {
                return held
            }
            guard let submissionID = try await ReviewQueries.nextSubmission(projectID: id, reviewerID: reviewerID, now: now, on: db),
                  let submission = try await Assignment.find(submissionID, on: db)
            else { return nil }
            submission.$reviewer.id = reviewerID
            submission.reviewExpiresAt = now.addingTimeInterval(leaseSeconds)
            try await submission.save(on: db)
            return submission
        }
        guard let leased else { return Response(status: .noContent) }
        let task = try await leased.$task.get(on: req.db)
        return try await ReviewResponse(leased, task: task, template: project.template).encodeResponse(for: req)
    }

    @Sendable func decide(req: Request) async throws -> ReviewResponse {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("assignmentID"), let id = UUID(uuidString: raw),
              let submission = try await Assignment.query(on: req.db).filter(\.$id == id).with(\.$project).with(\.$task).first(),
              submission.$reviewer.id == current.principal.userID
        else {
            try req.authorize(.review(isReviewer: current.user.role == .expert || current.user.role == .admin))
            throw Problem.notFound("review")
        }
        let project = submission.project
        let body = try req.jsonBody()
        let (decision, feedback, edited) = try parse(body, submission: submission, project: project)
        let now = req.now
        let k = project.answersPerTask
        let decided = try await req.writer.transaction(on: req.db) { db -> Assignment in
            guard let locked = try await LeaseQueries.lockAssignment(id, on: db) else { throw Problem.notFound("review") }
            guard locked.state == .submitted, locked.$reviewer.id == current.principal.userID else {
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
                if !locked.isGold { try await LeaseQueries.releaseSlot(taskID: locked.$task.id, on: db) }
            }
            try await locked.save(on: db)
            return locked
        }
        return try ReviewResponse(decided, task: submission.task, template: project.template)
    }

    private func parse(_ body: JSONValue, submission: Assignment, project: Project) throws -> (Decision, String?, JSONValue?) {
        var errors: [FieldError] = []
        let decision = body["decision"]?.stringValue.flatMap(Decision.init(rawValue:))
        if decision == nil { errors.append(FieldError(field: "decision", message: "expected accept, reject or accept_with_edits")) }
        let feedback = body["feedback"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let feedback, feedback.count > 5000 { errors.append(FieldError(field: "feedback", message: "at most 5000 characters")) }
        if decision == .reject, (feedback ?? "").isEmpty {
            errors.append(FieldError(field: "feedback", message: "required when rejecting: tell the expert what to fix"))
        }
        var edited: JSONValue?
        if decision == .acceptWithEdits {
            if let answer = body["edited_answer"], !answer.isNull {
                do {
                    let template = try project.template.configured(try JSONValue(parsing: project.configuration))
                    let input = try JSONValue(parsing: submission.task.input)
                    edited = try template.validateAnswer(answer, input: input)
                } catch let failure as ValidationFailure {
                    errors += failure.errors.map { FieldError(field: "edited_answer.\($0.field)", message: $0.message) }
                }
            } else {
                errors.append(FieldError(field: "edited_answer", message: "required with accept_with_edits: the corrected answer"))
            }
        }
        guard errors.isEmpty, let decision else { throw Problem.validation(errors) }
        return (decision, feedback.flatMap { $0.isEmpty ? nil : $0 }, edited)
    }
}
