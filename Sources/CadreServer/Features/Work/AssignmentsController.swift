import CadreCore
import Fluent
import Vapor

/// An expert's work loop: next → (heartbeat…) → submit or skip, and its history.
struct AssignmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let limited = routes.grouped(NextWorkRateLimit())
        limited.post("projects", ":projectID", "assignments", "next", use: nextInProject)
        limited.post("assignments", "next", use: nextAnywhere)
        let assignments = routes.grouped("assignments")
        assignments.get(use: history)
        assignments.post(":assignmentID", "heartbeat", use: heartbeat)
        assignments.post(":assignmentID", "skip", use: skip)
        assignments.post(":assignmentID", "submit", use: submit)
    }

    @Sendable func nextInProject(req: Request) async throws -> Response {
        let (project, leased) = try await Self.leaseNext(req)
        return try await respond(leased, project, req)
    }

    /// The next task of the project in the path for the calling expert. An expert paused from
    /// the project gets only check questions (its requalification set) until it passes.
    static func leaseNext(_ req: Request) async throws -> (Project, (Assignment, WorkTask, created: Bool)?) {
        let (project, expertID) = try await workableProject(req)
        let pauseReason = try await ExpertStanding.paused(from: project.requireID(), on: req)[expertID]
        let leased = try await Leasing.lease(
            project: project, expertID: expertID, now: req.now, work: req.work, requalifying: pauseReason != nil, on: req.workDatabase)
        if let pauseReason, leased == nil {
            throw Problem(
                status: .forbidden, code: "paused", title: "Paused from this project",
                detail: pauseReason + " No check questions are left for a requalification set right now; the project's client can reinstate you.")
        }
        return (project, leased)
    }

    /// The project in the path, once the caller may take work from it; with the caller's id.
    /// Both come from the read caches: the work loop asks this on every request.
    static func workableProject(_ req: Request) async throws -> (Project, UUID) {
        let current = try req.authorize(.leaseWork)
        guard let raw = req.parameters.get("projectID"), let id = UUID(uuidString: raw),
              let project = try await Project.forWork(id, on: req)
        else { throw Problem.notFound("project") }
        let profile = try await ExpertProfile.current(current.principal.userID, on: req)
        if let refusal = Leasing.refusal(for: project, profile: profile) { throw refusal }
        return (project, current.principal.userID)
    }

    /// Across projects: the expert's eligible active projects by priority, the first with work.
    @Sendable func nextAnywhere(req: Request) async throws -> Response {
        let current = try req.authorize(.leaseWork)
        let profile = try await ExpertProfile.current(current.principal.userID, on: req)
        let paused = Set(try await ExpertStanding.query(on: req.db).filter(\.$expert.$id == current.principal.userID)
            .filter(\.$paused == true).all().map(\.$project.id))
        for project in try await profile.workableProjects(on: req.db) where !paused.contains(project.id!) {
            do {
                if let leased = try await Leasing.lease(project: project, expertID: current.principal.userID, now: req.now, work: req.work, on: req.db) {
                    return try await respond(leased, project, req)
                }
            } catch let problem as Problem where [BudgetGuard.refusal.code, ContributorLimit.code].contains(problem.code) {
                continue  // A project out of budget, or done with this contributor, has no work to offer here.
            }
        }
        return Response(status: .noContent)
    }

    private func respond(_ leased: (Assignment, WorkTask, created: Bool)?, _ project: Project, _ req: Request) async throws -> Response {
        guard let (assignment, task, created) = leased else { return Response(status: .noContent) }
        return try AssignmentResponse(assignment, task: task, template: project.template).response(status: created ? .created : .ok)
    }

    @Sendable func heartbeat(req: Request) async throws -> AssignmentResponse {
        let (held, project) = try await Self.heldAssignment(req)
        let assignment = try await Leasing.heartbeat(try held.requireID(), project: project, now: req.now, writer: req.writer, on: req.db)
        return try AssignmentResponse(assignment, task: try await assignment.$task.get(on: req.db), template: project.template)
    }

    @Sendable func skip(req: Request) async throws -> AssignmentResponse {
        struct Body: Content { var reason: String? }
        let (found, project) = try await Self.heldAssignment(req)
        let reason = (try? req.content.decode(Body.self))?.reason
        let assignment = try await Leasing.skip(try found.requireID(), reason: reason, work: req.work, on: req.db)
        return try AssignmentResponse(assignment, task: try await assignment.$task.get(on: req.db), template: project.template)
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let (stored, isRetry, _) = try await Self.submitAnswer(req)
        return stored.response(status: isRetry ? .ok : .created)
    }

    /// Stores the body's answer on the assignment in the path (API and web pages alike).
    static func submitAnswer(_ req: Request) async throws -> (SubmissionResponse, isRetry: Bool, Project) {
        let (target, project) = try await submissionTarget(req)
        let key = try Submission.key(from: req)
        let (stored, isRetry) = try await Submission.submit(
            try req.jsonBody()["answer"], to: target, of: project, key: key, now: req.now, work: req.work, on: req.workDatabase)
        req.application.liveLeases.forget(target.id)
        return (stored, isRetry, project)
    }

    @Sendable func history(req: Request) async throws -> Page<AssignmentResponse> {
        let current = try req.authorize(.leaseWork)
        let page = try PageRequest(from: req)
        let query = Assignment.query(on: req.db).filter(\.$expert.$id == current.principal.userID).with(\.$task).with(\.$project)
        let (assignments, next) = try await page.fetch(query)
        return Page(items: try assignments.map { try AssignmentResponse($0, task: $0.task, template: $0.project.template) }, nextCursor: next)
    }

    /// The assignment in the path as submitting needs it — as this instance leased it
    /// (`LiveLeases`), else read in one query without a model — only for the expert who holds
    /// it; with its project from the read cache. Same answers as `heldAssignment`.
    static func submissionTarget(_ req: Request) async throws -> (Submission.Target, Project) {
        guard req.currentUser != nil else { throw Problem.unauthenticated }
        var target: Submission.Target?
        if let id = req.parameters.get("assignmentID").flatMap(UUID.init(uuidString:)) {
            target = req.application.liveLeases.target(id)
            if target == nil { target = try await LeaseQueries.submissionTarget(id, on: req.db) }
        }
        guard let target else {
            try req.authorize(.workOnAssignment(holder: UUID()))
            throw Problem.notFound("assignment")
        }
        try req.authorize(.workOnAssignment(holder: target.expertID))
        guard let project = try await Project.forWork(target.projectID, on: req) else { throw Problem.notFound("assignment") }
        return (target, project)
    }

    /// The assignment in the path (read with its task in one query), only for the expert who
    /// holds it; with its project from the read cache.
    static func heldAssignment(_ req: Request) async throws -> (Assignment, Project) {
        guard req.currentUser != nil else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("assignmentID"), let id = UUID(uuidString: raw),
              let assignment = try await Assignment.query(on: req.db)
                .join(WorkTask.self, on: \Assignment.$task.$id == \WorkTask.$id).filter(\.$id == id).first()
        else {
            try req.authorize(.workOnAssignment(holder: UUID()))
            throw Problem.notFound("assignment")
        }
        try req.authorize(.workOnAssignment(holder: assignment.$expert.id))
        assignment.$task.value = try assignment.joined(WorkTask.self)
        guard let project = try await Project.forWork(assignment.$project.id, on: req) else { throw Problem.notFound("assignment") }
        return (assignment, project)
    }
}
