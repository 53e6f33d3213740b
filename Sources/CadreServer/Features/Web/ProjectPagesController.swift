import CadreCore
import Fluent
import Vapor

/// The client's project pages: the list, the create and edit form (with a live preview of
/// the expert's view), lifecycle buttons and the progress page. Every change goes through
/// the same functions as the API.
struct ProjectPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let projects = routes.grouped("projects")
        projects.get(use: list)
        projects.get("new", use: newProject)
        projects.post(use: create)
        projects.get(":projectID", use: progress)
        projects.get(":projectID", "edit", use: edit)
        projects.post(":projectID", "edit", use: update)
        projects.post(":projectID", "state", use: move)
        projects.get(":projectID", "quality", use: quality)
        projects.post(":projectID", "quality", ":standingID", "reinstate", use: reinstate)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let current = try req.authorize(.listProjects)
        if current.user.role == .expert { return req.redirect(to: "/work") }
        let query = Project.query(on: req.db).sort(\.$id, .descending).limit(200)
        if current.user.role != .admin {
            query.filter(\.$organization.$id == (current.principal.organizationID ?? UUID()))
        }
        let projects = try await query.all()
        let counts = try await ProjectProgress.counts(of: try projects.map { try $0.requireID() }, on: req.db)
        let rows = projects.map { ProjectListPage.Row($0, counts: counts[$0.id!] ?? ProjectProgress.Counts()) }
        let page = ProjectListPage(layout: LayoutContext(title: "Projects", req: req), projects: rows, hasProjects: !rows.isEmpty)
        return try await req.view.render("projects/list", page).encodeResponse(for: req)
    }

    @Sendable func newProject(req: Request) async throws -> Response {
        let current = try req.signedIn
        try Self.authorizeCreating(current, req)
        return try await ProjectFormPage.render(req, form: ProjectForm(), project: nil, errors: [], status: .ok)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let current = try req.signedIn
        try Self.authorizeCreating(current, req)
        let form = try req.content.decode(ProjectForm.self)
        do {
            let body = try form.body(includingOrganization: current.user.role == .admin)
            let project = try await ProjectsController.create(from: body, by: current, on: req)
            return req.redirect(to: Notice.projectCreated.on("/projects/\(try project.requireID())/import"), redirectType: .normal)
        } catch {
            guard let problem = ErrorMapping.problem(for: error), problem.status.code < 500 else { throw error }
            return try await ProjectFormPage.render(req, form: form, project: nil, errors: problem.fieldErrors, status: problem.status)
        }
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        return try await ProjectFormPage.render(req, form: try ProjectForm(project), project: project, errors: [], status: .ok)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        let form = try req.content.decode(ProjectForm.self)
        do {
            try await ProjectsController.edit(project, with: try form.body(includingOrganization: false), on: req.db)
            return req.redirect(to: Notice.projectSaved.on("/projects/\(try project.requireID())"), redirectType: .normal)
        } catch {
            guard let problem = ErrorMapping.problem(for: error), problem.status.code < 500 else { throw error }
            return try await ProjectFormPage.render(req, form: form, project: project, errors: problem.fieldErrors, status: problem.status)
        }
    }

    @Sendable func move(req: Request) async throws -> Response {
        struct Form: Content { var to: String? }
        let project = try await ProjectsController.load(req)
        guard let target = try req.content.decode(Form.self).to.flatMap(ProjectState.init(rawValue:)) else {
            throw Problem.validation(field: "to", "expected one of \(ProjectState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try await ProjectsController.move(project, to: target, on: req.db)
        return req.redirect(to: Notice.projectMoved.on("/projects/\(try project.requireID())"), redirectType: .normal)
    }

    @Sendable func progress(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        let progress = try await ProjectProgress.load(project, now: req.now, on: req.db)
        let page = ProgressPage(layout: LayoutContext(title: project.name, req: req), project: project, progress: progress, now: req.now)
        return try await req.view.render("projects/progress", page).encodeResponse(for: req)
    }

    @Sendable func quality(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        let report = try await QualityController.report(for: project, revealExperts: false, on: req.db)
        let page = QualityPage(layout: LayoutContext(title: "Quality · \(project.name)", req: req), project: project, report: report)
        return try await req.view.render("projects/quality", page).encodeResponse(for: req)
    }

    @Sendable func reinstate(req: Request) async throws -> Response {
        let project = try await ProjectsController.load(req)
        guard let raw = req.parameters.get("standingID"), let id = UUID(uuidString: raw) else { throw Problem.notFound("expert") }
        try await QualityController.reinstate(id, on: project, db: req.db)
        return req.redirect(to: "/projects/\(try project.requireID())/quality", redirectType: .normal)
    }

    /// Clients create in their own organization; admins in any (chosen on the form).
    private static func authorizeCreating(_ current: CurrentUser, _ req: Request) throws {
        try req.authorize(.manageProject(organization: current.principal.organizationID ?? UUID()))
    }
}

extension Problem {
    /// The per-field errors, or the detail as one general error when there are none.
    var fieldErrors: [FieldError] {
        errors.isEmpty ? [FieldError(field: "", message: detail)] : errors
    }
}
