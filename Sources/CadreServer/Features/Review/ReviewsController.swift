import CadreCore
import Fluent
import Vapor

/// The review queue: reviewers lease submissions like tasks and accept, reject with
/// feedback, or accept with edits (the original answer is kept).
struct ReviewsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(NextWorkRateLimit()).post("projects", ":projectID", "reviews", "next", use: next)
        routes.post("reviews", ":assignmentID", "decision", use: decide)
        routes.post("reviews", ":assignmentID", "heartbeat", use: heartbeat)
        routes.put("reviews", ":assignmentID", "segments", use: segments)
    }

    @Sendable func next(req: Request) async throws -> Response {
        let (project, reviewer) = try await Self.reviewableProject(req)
        guard let leased = try await ReviewQueue.lease(project, reviewerID: reviewer, now: req.now, writer: req.writer, on: req.db) else {
            return Response(status: .noContent)
        }
        let task = try await leased.$task.get(on: req.db)
        return try await ReviewResponse(leased, task: task, template: project.template).encodeResponse(for: req)
    }

    @Sendable func decide(req: Request) async throws -> ReviewResponse {
        let (submission, reviewer) = try await Self.heldSubmission(req)
        let decided = try await ReviewQueue.decide(submission, by: reviewer, body: try req.jsonBody(), now: req.now, work: req.work, on: req.db)
        return try ReviewResponse(decided, task: submission.task, template: submission.project.template)
    }

    @Sendable func heartbeat(req: Request) async throws -> ReviewResponse {
        let (submission, reviewer) = try await Self.heldSubmission(req)
        let beaten = try await ReviewQueue.heartbeat(
            try submission.requireID(), by: reviewer, project: submission.project, now: req.now, writer: req.writer, on: req.db)
        return try ReviewResponse(beaten, task: submission.task, template: submission.project.template)
    }

    @Sendable func segments(req: Request) async throws -> ClipSegments.Response {
        let (submission, reviewer) = try await Self.heldSubmission(req)
        return try await ClipSegments.save(try req.jsonBody(), on: submission, by: reviewer, now: req.now, on: req.db)
    }

    /// The project in the path, once the caller is known to review it; with the caller's id.
    static func reviewableProject(_ req: Request) async throws -> (Project, UUID) {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("projectID"), let id = UUID(uuidString: raw),
              let project = try await Project.find(id, on: req.db)
        else {
            try req.authorize(.review(isReviewer: false))
            throw Problem.notFound("project")
        }
        let profile = try await ExpertProfile.load(current.principal.userID, on: req.db)
        try req.authorize(.review(isReviewer: profile.reviews(project) || current.user.role == .admin))
        return (project, current.principal.userID)
    }

    /// The submission in the path, with its project and task, only for the reviewer holding it.
    static func heldSubmission(_ req: Request) async throws -> (Assignment, UUID) {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("assignmentID"), let id = UUID(uuidString: raw),
              let submission = try await Assignment.query(on: req.db).filter(\.$id == id).with(\.$project).with(\.$task).first(),
              submission.$reviewer.id == current.principal.userID
        else {
            try req.authorize(.review(isReviewer: current.user.role == .expert || current.user.role == .admin))
            throw Problem.notFound("review")
        }
        return (submission, current.principal.userID)
    }
}
