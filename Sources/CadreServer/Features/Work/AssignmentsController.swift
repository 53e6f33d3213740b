import CadreCore
import Fluent
import Vapor

/// An expert's work loop: next → (heartbeat…) → submit or skip, and its history.
struct AssignmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("projects", ":projectID", "assignments", "next", use: nextInProject)
        let assignments = routes.grouped("assignments")
        assignments.post("next", use: nextAnywhere)
        assignments.get(use: history)
        assignments.post(":assignmentID", "heartbeat", use: heartbeat)
        assignments.post(":assignmentID", "skip", use: skip)
        assignments.post(":assignmentID", "submit", use: submit)
    }

    @Sendable func nextInProject(req: Request) async throws -> Response {
        let current = try req.authorize(.leaseWork)
        guard let raw = req.parameters.get("projectID"), let id = UUID(uuidString: raw),
              let project = try await Project.find(id, on: req.db)
        else { throw Problem.notFound("project") }
        let profile = try await ExpertProfile.load(current.principal.userID, on: req.db)
        let standing = try await ExpertStanding.query(on: req.db).filter(\.$project.$id == id)
            .filter(\.$expert.$id == current.principal.userID).filter(\.$paused == true).first()
        if let refusal = Leasing.refusal(for: project, profile: profile, pausedBecause: standing?.pauseReason ?? standing.map { _ in "" }) {
            throw refusal
        }
        return try await respond(try await Leasing.lease(project: project, expertID: current.principal.userID, now: req.now, work: req.work, on: req.db), project, req)
    }

    /// Across projects: the expert's eligible active projects by priority, the first with work.
    @Sendable func nextAnywhere(req: Request) async throws -> Response {
        let current = try req.authorize(.leaseWork)
        let profile = try await ExpertProfile.load(current.principal.userID, on: req.db)
        let projects = try await Project.query(on: req.db).filter(\.$state == .active)
            .sort(\.$priority, .descending).sort(\.$id).all()
        let paused = Set(try await ExpertStanding.query(on: req.db).filter(\.$expert.$id == current.principal.userID)
            .filter(\.$paused == true).all().map(\.$project.id))
        for project in projects where profile.qualifies(for: project) && !paused.contains(project.id!) {
            if let leased = try await Leasing.lease(project: project, expertID: current.principal.userID, now: req.now, work: req.work, on: req.db) {
                return try await respond(leased, project, req)
            }
        }
        return Response(status: .noContent)
    }

    private func respond(_ leased: (Assignment, WorkTask, created: Bool)?, _ project: Project, _ req: Request) async throws -> Response {
        guard let (assignment, task, created) = leased else { return Response(status: .noContent) }
        return try await AssignmentResponse(assignment, task: task, template: project.template)
            .encodeResponse(status: created ? .created : .ok, for: req)
    }

    @Sendable func heartbeat(req: Request) async throws -> AssignmentResponse {
        let (assignment, project) = try await load(req)
        guard assignment.state == .leased, assignment.expiresAt >= req.now else {
            throw Problem.conflict("lease_not_live", "This assignment is \(assignment.expiresAt < req.now ? "expired" : assignment.state.rawValue); heartbeats only extend a live lease.")
        }
        assignment.expiresAt = req.now.addingTimeInterval(TimeInterval(project.leaseSeconds))
        try await assignment.save(on: req.db)
        return try AssignmentResponse(assignment, task: try await assignment.$task.get(on: req.db), template: project.template)
    }

    @Sendable func skip(req: Request) async throws -> AssignmentResponse {
        struct Body: Content { var reason: String? }
        let (found, project) = try await load(req)
        let reason = (try? req.content.decode(Body.self))?.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.count > 2000 { throw Problem.validation(field: "reason", "at most 2000 characters") }
        let id = try found.requireID()
        let assignment = try await req.writer.transaction(on: req.db) { db in
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
        return try AssignmentResponse(assignment, task: try await assignment.$task.get(on: req.db), template: project.template)
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let (assignment, project) = try await load(req)
        let key = try Submission.key(from: req)
        let body = try req.jsonBody()
        guard let answer = body["answer"], !answer.isNull else {
            throw Problem.validation(field: "answer", "required: the answer object for this \(project.template.rawValue) task")
        }
        let task = try await assignment.$task.get(on: req.db)
        let template = try project.template.configured(try JSONValue(parsing: project.configuration))
        let input = try JSONValue(parsing: task.input)
        let validated: JSONValue
        do {
            validated = try template.validateAnswer(answer, input: input)
        } catch {
            throw Problem.validation(error.errors.map { FieldError(field: $0.field == "body" ? "answer" : "answer.\($0.field)", message: $0.message) })
        }
        let stored = try await Submission.submit(
            assignmentID: try assignment.requireID(), answer: validated, key: key, project: project, now: req.now, writer: req.writer, on: req.db)
        let isRetry = assignment.state != .leased && assignment.state != .expired
        return try await SubmissionResponse(stored).encodeResponse(status: isRetry ? .ok : .created, for: req)
    }

    @Sendable func history(req: Request) async throws -> Page<AssignmentResponse> {
        let current = try req.authorize(.leaseWork)
        let page = try PageRequest(from: req)
        let query = Assignment.query(on: req.db).filter(\.$expert.$id == current.principal.userID).with(\.$task).with(\.$project)
        let (assignments, next) = try await page.fetch(query)
        return Page(items: try assignments.map { try AssignmentResponse($0, task: $0.task, template: $0.project.template) }, nextCursor: next)
    }

    /// The assignment in the path, only for the expert who holds it.
    private func load(_ req: Request) async throws -> (Assignment, Project) {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("assignmentID"), let id = UUID(uuidString: raw),
              let assignment = try await Assignment.query(on: req.db)
                .join(Project.self, on: \Assignment.$project.$id == \Project.$id).filter(\.$id == id).first()
        else {
            try req.authorize(.workOnAssignment(holder: UUID()))
            throw Problem.notFound("assignment")
        }
        try req.authorize(.workOnAssignment(holder: assignment.$expert.id))
        return (assignment, try assignment.joined(Project.self))
    }
}
