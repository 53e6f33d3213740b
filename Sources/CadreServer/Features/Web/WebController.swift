import CadreCore
import Fluent
import Vapor

/// The signed-in web shell: sign in and out, a home page per role.
struct WebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("signin", use: signInPage)
        routes.post("signin", use: signIn)
        routes.post("signout", use: signOut)
    }

    @Sendable func home(req: Request) async throws -> Response {
        guard let current = req.currentUser else { return req.redirect(to: "/signin") }
        var organizationName: String?
        if let id = current.user.$organization.id {
            organizationName = try await Organization.find(id, on: req.db)?.name
        }
        let isAdmin = current.user.role == .admin
        var projectCount = 0
        switch current.user.role {
        case .client:
            projectCount = try await Project.query(on: req.db).filter(\.$organization.$id == (current.principal.organizationID ?? UUID())).count()
        case .expert:
            projectCount = try await ExpertProfile.load(current.principal.userID, on: req.db).workableProjects(on: req.db).count
        default:
            break
        }
        let page = HomePage(
            layout: LayoutContext(title: "Home", req: req), role: current.user.role.rawValue,
            organizationName: organizationName,
            organizationCount: isAdmin ? try await Organization.query(on: req.db).count() : 0,
            userCount: isAdmin ? try await User.query(on: req.db).count() : 0, projectCount: projectCount)
        return try await req.view.render("home", page).encodeResponse(for: req)
    }

    @Sendable func signInPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: "/") }
        return try await renderSignIn(req, email: "", error: nil, status: .ok)
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        struct Form: Content { var email: String?; var password: String? }
        let form = try req.content.decode(Form.self)
        let email = form.email ?? ""
        do {
            let user = try await SignIn.verify(email: email, password: form.password ?? "", on: req)
            return try await Self.openSession(for: user, thenGoTo: "/", on: req)
        } catch let problem as Problem {
            return try await renderSignIn(req, email: email, error: problem.detail, status: problem.status)
        }
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        if let current = req.currentUser { try await SignIn.closeSession(current, on: req) }
        let response = req.redirect(to: "/signin", redirectType: .normal)
        response.cookies[TokenAuthenticator.sessionCookie] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
            isSecure: req.application.cadreConfiguration.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Signs `user` in with a web session cookie and redirects to `path`.
    static func openSession(for user: User, thenGoTo path: String, on req: Request) async throws -> Response {
        let (secret, token) = try await SignIn.openSession(for: user, kind: .web, on: req)
        let response = req.redirect(to: path, redirectType: .normal)
        response.cookies[TokenAuthenticator.sessionCookie] = HTTPCookies.Value(
            string: secret, expires: token.expiresAt, path: "/",
            isSecure: req.application.cadreConfiguration.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    private func renderSignIn(_ req: Request, email: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let page = SignInPage(layout: LayoutContext(title: "Sign in", req: req), email: email, error: error)
        return try await req.view.render("signin", page).encodeResponse(status: status, for: req)
    }
}
