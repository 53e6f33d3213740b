import CadreCore
import Fluent
import Vapor

/// The admin's page for creating organizations and users. It calls the same account
/// functions as the API, so both enforce the same rules.
struct AdminPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin")
        admin.get(use: page)
        admin.post("organizations", use: createOrganization)
        admin.post("users", use: createUser)
        admin.post("clips", "recheck", use: recheckClips)
    }

    @Sendable func page(req: Request) async throws -> Response {
        if req.currentUser == nil { return req.redirect(to: "/signin") }
        try req.authorize(.createOrganization)
        return try await render(req, error: nil, form: .init(), status: .ok)
    }

    @Sendable func createOrganization(req: Request) async throws -> Response {
        if req.currentUser == nil { return req.redirect(to: "/signin") }
        try req.authorize(.createOrganization)
        let body = try req.content.decode(CreateOrganizationRequest.self)
        do {
            if !body.problems.isEmpty { throw Problem.validation(body.problems) }
            _ = try await OrganizationsController.create(named: body.name, on: req)
            return req.redirect(to: Notice.organizationCreated.on("/admin"), redirectType: .normal)
        } catch let problem as Problem {
            return try await render(req, error: problem.detail, form: .init(organizationName: body.name), status: problem.status)
        }
    }

    @Sendable func createUser(req: Request) async throws -> Response {
        if req.currentUser == nil { return req.redirect(to: "/signin") }
        try req.authorize(.createUser)
        struct Form: Content {
            var email: String?; var password: String?; var name: String?; var role: String?; var organization_id: String?
        }
        let form = try req.content.decode(Form.self)
        let organizationID = form.organization_id.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        let body = CreateUserRequest(
            email: form.email ?? "", password: form.password ?? "", name: form.name ?? "", role: form.role ?? "",
            organizationId: organizationID)
        do {
            let errors = body.problems(allowedRoles: Role.allCases)
            if !errors.isEmpty { throw Problem.validation(errors) }
            if let organizationID, try await Organization.find(organizationID, on: req.db) == nil {
                throw Problem.validation(field: "organization_id", "no organization has this id")
            }
            _ = try await Accounts.createUser(body, organizationID: organizationID, on: req)
            return req.redirect(to: Notice.userCreated.on("/admin"), redirectType: .normal)
        } catch let problem as Problem {
            let fields = AdminPage.Form(email: body.email, name: body.name, role: body.role, organizationId: form.organization_id ?? "")
            return try await render(req, error: problem.detail, form: fields, status: problem.status)
        }
    }

    /// Checks again the clips that arrived while ffprobe was missing.
    @Sendable func recheckClips(req: Request) async throws -> Response {
        if req.currentUser == nil { return req.redirect(to: "/signin") }
        try req.authorize(.createOrganization)
        for upload in try await ClipUpload.query(on: req.db).filter(\.$state == .uncheckable).all() {
            try await UploadFinishing.check(upload, app: req.application, on: req.db)
        }
        return req.redirect(to: Notice.clipsRechecked.on("/admin"), redirectType: .normal)
    }

    private func render(_ req: Request, error: String?, form: AdminPage.Form, status: HTTPResponseStatus) async throws -> Response {
        let organizations = try await Organization.query(on: req.db).sort(\.$name).limit(500).all()
        let names = Dictionary(uniqueKeysWithValues: organizations.compactMap { org in org.id.map { ($0, org.name) } })
        let users = try await User.query(on: req.db).sort(\.$id, .descending).limit(100).all()
        var page = AdminPage(
            layout: LayoutContext(title: "Administration", req: req, error: error),
            organizations: organizations.map { org in
                let id = org.id?.uuidString ?? ""
                return AdminPage.OrganizationChoice(id: id, name: org.name, selected: id.caseInsensitiveCompare(form.organizationId) == .orderedSame)
            },
            hasOrganizations: !organizations.isEmpty,
            users: users.map { user in
                AdminPage.Row(
                    id: user.id?.uuidString ?? "", name: user.name, email: user.email, role: user.role.rawValue,
                    organization: user.$organization.id.flatMap { names[$0] } ?? "—")
            },
            roles: Role.allCases.map(\.rawValue), form: form)
        let tools = req.application.videoTools
        if tools.ffprobe == nil || tools.ffmpeg == nil {
            page.videoToolsProblem = "ffprobe and ffmpeg (Debian package ffmpeg) are not installed: uploaded clips cannot be checked. Install them, then check the waiting clips again."
        }
        page.uncheckableClips = try await ClipUpload.query(on: req.db).filter(\.$state == .uncheckable).count()
        return try await req.view.render("admin", page).encodeResponse(status: status, for: req)
    }
}
