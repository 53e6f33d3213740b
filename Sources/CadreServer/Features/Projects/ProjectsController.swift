import CadreCore
import Fluent
import Vapor

/// Projects: a client creates and edits them in its organization and moves them through
/// their lifecycle; experts see the active ones they qualify for.
struct ProjectsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let projects = routes.grouped("projects")
        projects.post(use: create)
        projects.get(use: list)
        projects.get(":projectID", use: show)
        projects.patch(":projectID", use: update)
        projects.get(":projectID", "progress", use: progress)
        for (action, target) in [("activate", ProjectState.active), ("pause", .paused), ("complete", .completed), ("archive", .archived)] {
            projects.post(":projectID", PathComponent(stringLiteral: action)) { req in try await move(req, to: target) }
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        let project = try await Self.create(from: try req.jsonBody(), by: current, on: req)
        return try await ProjectResponse(project).encodeResponse(status: .created, for: req)
    }

    /// Validates a new project's settings and stores it as a draft in the caller's organization
    /// (an admin names one with `organization_id`).
    static func create(from json: JSONValue, by current: CurrentUser, on req: Request) async throws -> Project {
        var body = json
        let organizationID = try organization(for: current, from: &body)
        try req.authorize(.manageProject(organization: organizationID))
        guard try await Organization.find(organizationID, on: req.db) != nil else {
            throw Problem.validation(field: "organization_id", "no organization has this id")
        }
        let settings = try ProjectSettings.parse(body)
        let project = Project(organizationID: organizationID, settings: settings, at: req.now)
        try await project.create(on: req.db)
        return project
    }

    /// Clients create in their own organization; an admin names one with `organization_id`.
    private static func organization(for current: CurrentUser, from body: inout JSONValue) throws -> UUID {
        let named = body["organization_id"]
        if case .object(var members) = body {
            members["organization_id"] = nil
            body = .object(members)
        }
        if current.user.role == .admin {
            guard let text = named?.stringValue, let id = UUID(uuidString: text) else {
                throw Problem.validation(field: "organization_id", "required for an admin: the id of the client organization")
            }
            return id
        }
        guard let own = current.principal.organizationID else { throw Problem.forbidden }
        if let named, named.stringValue.flatMap(UUID.init(uuidString:)) != own {
            throw Problem.validation(field: "organization_id", "a client creates projects only in its own organization")
        }
        return own
    }

    @Sendable func list(req: Request) async throws -> Page<ProjectResponse> {
        let current = try req.authorize(.listProjects)
        let page = try PageRequest(from: req)
        let query = Project.query(on: req.db)
        if let state = req.query[String.self, at: "state"] {
            guard let parsed = ProjectState(rawValue: state) else {
                throw Problem.validation(field: "state", "expected one of \(ProjectState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.filter(\.$state == parsed)
        }
        switch current.user.role {
        case .client:
            query.filter(\.$organization.$id == (current.principal.organizationID ?? UUID()))
        case .expert:
            // Experts see active projects they qualify for; the filter needs their profile,
            // so it runs here over the (few) active projects.
            let profile = try await ExpertProfile.load(current.principal.userID, on: req.db)
            let active = try await query.filter(\.$state == .active).sort(\.$id).all()
            let eligible = active.filter { project in
                profile.qualifies(for: project) && (page.after.map { project.id! > $0 } ?? true)
            }
            let slice = Array(eligible.prefix(page.limit))
            return Page(items: try slice.map(ProjectResponse.forExpert), nextCursor: eligible.count > page.limit ? slice.last?.id?.uuidString : nil)
        default:
            break
        }
        let (projects, next) = try await page.fetch(query)
        return Page(items: try projects.map(ProjectResponse.init), nextCursor: next)
    }

    @Sendable func show(req: Request) async throws -> ProjectResponse {
        let project = try await Self.load(req, forReading: true)
        return req.currentUser?.user.role == .expert ? try ProjectResponse.forExpert(project) : try ProjectResponse(project)
    }

    @Sendable func update(req: Request) async throws -> ProjectResponse {
        let project = try await Self.load(req)
        try await Self.edit(project, with: try req.jsonBody(), on: req.db)
        return try ProjectResponse(project)
    }

    /// Applies an edit (only the fields present change). The template and its configuration
    /// are locked once tasks exist, because changing them could invalidate given answers.
    static func edit(_ project: Project, with body: JSONValue, on db: any Database) async throws {
        let current = try project.settings
        let edited = try ProjectSettings.parse(body, base: current)
        if edited.template != current.template || edited.configuration != current.configuration {
            let tasks = try await WorkTask.query(on: db).filter(\.$project.$id == project.requireID()).count()
            if tasks > 0 {
                let field = edited.template != current.template ? "template" : "configuration"
                throw Problem.conflict(
                    "\(field)_locked",
                    "The project already has \(tasks) tasks; changing its \(field) could invalidate their answers. Create a new project instead.")
            }
        }
        project.apply(edited)
        try await project.save(on: db)
    }

    @Sendable func progress(req: Request) async throws -> ProjectProgress {
        try await ProjectProgress.load(try await Self.load(req), now: req.now, on: req.db)
    }

    @Sendable func move(_ req: Request, to target: ProjectState) async throws -> ProjectResponse {
        let project = try await Self.load(req)
        try await Self.move(project, to: target, on: req.db)
        return try ProjectResponse(project)
    }

    /// Moves a project through its lifecycle, naming the allowed moves when this one is not.
    static func move(_ project: Project, to target: ProjectState, on db: any Database) async throws {
        guard project.state.canMove(to: target) else {
            let allowed = ProjectState.allCases.filter { project.state.canMove(to: $0) }.map(\.rawValue)
            throw Problem.conflict(
                "invalid_transition",
                "A \(project.state.rawValue) project cannot become \(target.rawValue); from here it can become: \(allowed.isEmpty ? "nothing" : allowed.joined(separator: ", ")).")
        }
        project.state = target
        try await project.save(on: db)
        if target == .completed {
            try await Webhooks.emit(.projectCompleted, organization: project.$organization.id, data: [
                "project_id": .string(try project.requireID().uuidString.lowercased()), "name": .string(project.name),
            ], now: Date(), on: db)
        }
    }

    /// The project in the path, after the access check on that row (to manage, or to read).
    static func load(_ req: Request, forReading: Bool = false) async throws -> Project {
        guard let current = req.currentUser else { throw Problem.unauthenticated }
        guard let raw = req.parameters.get("projectID"), let id = UUID(uuidString: raw),
              let project = try await Project.find(id, on: req.db)
        else {
            // Same answer as a project of another organization; roles that may never touch
            // projects still learn only that they may not.
            if current.user.role == .candidate { throw Problem.forbidden }
            if current.user.role == .expert && !forReading { throw Problem.forbidden }
            throw Problem.notFound("project")
        }
        if forReading {
            let qualifies = current.user.role == .expert
                ? try await ExpertProfile.load(current.principal.userID, on: req.db).qualifies(for: project) && project.state == .active
                : false
            try req.authorize(.readProject(organization: project.$organization.id, expertQualifies: qualifies))
        } else {
            try req.authorize(.manageProject(organization: project.$organization.id))
        }
        return project
    }
}
