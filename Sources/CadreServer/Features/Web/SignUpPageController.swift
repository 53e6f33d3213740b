import CadreCore
import Vapor

/// The public sign-up page: a candidate account, signed in at once and sent to its application.
struct SignUpPageController: RouteCollection {
    struct Form: Content {
        var name: String?
        var email: String?
        var password: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("apply", use: page)
        routes.post("apply", use: signUp)
    }

    @Sendable func page(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: "/application") }
        return try await render(req, SignUpPage(layout: LayoutContext(title: "Apply", req: req)), status: .ok)
    }

    @Sendable func signUp(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: "/application", redirectType: .normal) }
        let form = try req.content.decode(Form.self)
        var page = SignUpPage(layout: LayoutContext(title: "Apply", req: req), name: form.name ?? "", email: form.email ?? "")
        do {
            let user = try await Recruiting.signUp(name: page.name, email: page.email, password: form.password ?? "", on: req)
            return try await WebController.openSession(for: user, thenGoTo: "/application", on: req)
        } catch let problem as Problem where problem.status.code < 500 {
            page.errors = FieldMessages(problem)
            return try await render(req, page, status: problem.status)
        }
    }

    private func render(_ req: Request, _ page: SignUpPage, status: HTTPResponseStatus) async throws -> Response {
        try await req.view.render("recruiting/apply", page).encodeResponse(status: status, for: req)
    }
}

struct SignUpPage: Encodable {
    var layout: LayoutContext
    var name = ""
    var email = ""
    var errors = FieldMessages()
}
