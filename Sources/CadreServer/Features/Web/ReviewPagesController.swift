import CadreCore
import Fluent
import Vapor

/// The reviewer's queue: one submission at a time, shown with the same task view the expert
/// used, prefilled with the answer so "accept with edits" is an edit of that answer.
struct ReviewPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let review = routes.grouped("review")
        review.get("projects", ":projectID", use: queue)
        review.post("assignments", ":assignmentID", "decision", use: decide)
        review.post("assignments", ":assignmentID", "heartbeat", use: heartbeat)
        review.put("assignments", ":assignmentID", "segments", use: segments)
    }

    @Sendable func queue(req: Request) async throws -> Response {
        let (project, reviewer) = try await ReviewsController.reviewableProject(req)
        let leased = try await ReviewQueue.lease(project, reviewerID: reviewer, now: req.now, writer: req.writer, on: req.db)
        var page = ReviewPage(layout: LayoutContext(title: "Review · \(project.name)", req: req), project: .init(project))
        page.layout.scripts = WorkspacePage.scripts + ["/js/review.js"]
        page.layout.wide = true
        if let leased {
            let id = try leased.requireID()
            let task = try await leased.$task.get(on: req.db)
            page.submission = .init(
                id: id.uuidString, externalId: task.externalID, decisionURL: "/review/assignments/\(id)/decision",
                heartbeatURL: "/review/assignments/\(id)/heartbeat",
                nextURL: "/review/projects/\(try project.requireID())", submittedAt: leased.submittedAt)
            page.task = try TaskView.make(
                project.template, configuration: try JSONValue(parsing: project.configuration),
                input: try JSONValue(parsing: task.input), answer: try leased.answer.map { try JSONValue(parsing: $0) })
            if project.template == .videoDemonstration { try await Self.showClip(leased, in: &page, on: req.db) }
        }
        return try await req.view.render("review/queue", page).encodeResponse(for: req)
    }

    @Sendable func heartbeat(req: Request) async throws -> PageActionResult {
        let (submission, reviewer) = try await ReviewsController.heldSubmission(req)
        let beaten = try await ReviewQueue.heartbeat(
            try submission.requireID(), by: reviewer, project: submission.project, now: req.now, writer: req.writer, on: req.db)
        return PageActionResult(next: "/review/projects/\(submission.$project.id)", state: beaten.state.rawValue)
    }

    /// The reviewer's player needs the clip's frame rate and the segments marked so far.
    private static func showClip(_ submission: Assignment, in page: inout ReviewPage, on db: any Database) async throws {
        if let text = page.task?.uploadID, let id = UUID(uuidString: text), let upload = try await ClipUpload.find(id, on: db) {
            page.task?.hasThumbnail = upload.thumbnailSHA256 != nil
            if let probe = upload.probe, let fps = try? JSONDecoder().decode(ClipProbe.self, from: Data(probe.utf8)).fps, fps > 0 {
                page.task?.clipFPS = fps
            }
        }
        page.task?.segmentsJSON = String(decoding: try JSONEncoder().encode(ClipSegments.stored(submission)), as: UTF8.self)
        page.segmentsURL = "/review/assignments/\(try submission.requireID())/segments"
    }

    @Sendable func segments(req: Request) async throws -> ClipSegments.Response {
        let (submission, reviewer) = try await ReviewsController.heldSubmission(req)
        return try await ClipSegments.save(try req.jsonBody(), on: submission, by: reviewer, now: req.now, on: req.db)
    }

    @Sendable func decide(req: Request) async throws -> PageActionResult {
        let (submission, reviewer) = try await ReviewsController.heldSubmission(req)
        let decided = try await ReviewQueue.decide(submission, by: reviewer, body: try req.jsonBody(), now: req.now, work: req.work, on: req.db)
        return PageActionResult(next: "/review/projects/\(submission.$project.id)", state: decided.state.rawValue)
    }
}
