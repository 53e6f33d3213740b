import CadreCore
import Fluent
import Vapor

/// The expert's pages: projects to work on and review, and the workspace. The workspace's
/// actions (heartbeat, skip, submit) are JSON posts from its script that call the same
/// leasing and submission functions as the API.
struct WorkPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let work = routes.grouped("work")
        work.get(use: list)
        work.get("projects", ":projectID", use: workspace)
        let assignment = work.grouped("assignments", ":assignmentID")
        assignment.post("heartbeat", use: heartbeat)
        assignment.post("skip", use: skip)
        assignment.post("submit", use: submit)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let current = try req.authorize(.leaseWork)
        let profile = try await ExpertProfile.load(current.principal.userID, on: req.db)
        let workable = try await profile.workableProjects(on: req.db)
        let reviewing = try await Project.query(on: req.db).filter(\.$id ~~ Array(profile.reviewerProjects))
            .filter(\.$state == .active).sort(\.$name).all()
        var page = WorkListPage(layout: LayoutContext(title: "Work", req: req), projects: [], reviews: [])
        for project in workable {
            let open = try await WorkQueries.openTasks(project, for: current.principal.userID, on: req.db)
            page.projects.append(.init(project, count: open))
        }
        for project in reviewing {
            page.reviews.append(.init(project, count: try await WorkQueries.waitingReviews(project, reviewer: current.principal.userID, on: req.db)))
        }
        page.hasProjects = !page.projects.isEmpty
        page.hasReviews = !page.reviews.isEmpty
        return try await req.view.render("work/list", page).encodeResponse(for: req)
    }

    /// Leases the expert's next task (or shows the one it already holds) in the workspace.
    @Sendable func workspace(req: Request) async throws -> Response {
        let (project, leased) = try await AssignmentsController.leaseNext(req)
        var page = WorkspacePage(layout: LayoutContext(title: project.name, req: req), project: .init(project))
        page.layout.scripts = WorkspacePage.scripts
        page.layout.wide = true
        if let (assignment, task, _) = leased {
            let id = try assignment.requireID()
            page.assignment = .init(
                id: id.uuidString, externalId: task.externalID, expiresAt: assignment.expiresAt,
                submitURL: "/work/assignments/\(id)/submit", skipURL: "/work/assignments/\(id)/skip",
                heartbeatURL: "/work/assignments/\(id)/heartbeat", nextURL: "/work/projects/\(try project.requireID())",
                idempotencyKey: "web-\(id)")
            page.task = try TaskView.make(
                project.template, configuration: try JSONValue(parsing: project.configuration), input: try JSONValue(parsing: task.input))
        }
        return try await req.view.render("work/workspace", page).encodeResponse(for: req)
    }

    @Sendable func heartbeat(req: Request) async throws -> PageActionResult {
        let (held, project) = try await AssignmentsController.heldAssignment(req)
        let assignment = try await Leasing.heartbeat(try held.requireID(), project: project, now: req.now, writer: req.writer, on: req.db)
        return PageActionResult(next: Self.next(project), state: assignment.state.rawValue)
    }

    @Sendable func skip(req: Request) async throws -> PageActionResult {
        let (assignment, project) = try await AssignmentsController.heldAssignment(req)
        let reason = try req.jsonBody()["reason"]?.stringValue
        let skipped = try await Leasing.skip(try assignment.requireID(), reason: reason, work: req.work, on: req.db)
        return PageActionResult(next: Self.next(project), state: skipped.state.rawValue)
    }

    @Sendable func submit(req: Request) async throws -> PageActionResult {
        let (stored, _, project) = try await AssignmentsController.submitAnswer(req)
        return PageActionResult(next: Self.next(project), state: stored.state.rawValue)
    }

    private static func next(_ project: Project) -> String {
        "/work/projects/\(project.id?.uuidString ?? "")"
    }
}

/// Counts for the expert's list of projects.
enum WorkQueries {
    /// Tasks of the project the expert could still be given.
    static func openTasks(_ project: Project, for expertID: UUID, on db: any Database) async throws -> Int {
        let row = try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM tasks
            WHERE project_id = \(bind: try project.requireID()) AND state = 'open' AND slots_taken < \(bind: project.answersPerTask)
              AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = tasks.id AND a.expert_id = \(bind: expertID) AND a.state <> 'expired')
            """).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Submissions awaiting review that this reviewer did not write.
    static func waitingReviews(_ project: Project, reviewer: UUID, on db: any Database) async throws -> Int {
        try await Assignment.query(on: db).filter(\.$project.$id == project.requireID()).filter(\.$state == .submitted)
            .filter(\.$needsReview == true).filter(\.$expert.$id != reviewer).count()
    }
}
