import CadreCore
import Fluent
import Vapor

/// Signing in and out of the API, and who am I.
struct SessionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("sessions", use: create)
        routes.delete("sessions", "current", use: revoke)
        routes.get("me", use: me)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let body = try req.content.decode(SessionRequest.self)
        let user = try await SignIn.verify(email: body.email, password: body.password, on: req)
        let (secret, token) = try await SignIn.openSession(for: user, kind: .api, on: req)
        return try await SessionResponse(token: secret, expiresAt: token.expiresAt, user: UserResponse(user))
            .encodeResponse(status: .created, for: req)
    }

    /// Revoking deletes the token row (see `SignIn.closeSession` for other instances).
    @Sendable func revoke(req: Request) async throws -> HTTPStatus {
        let current = try req.authorize(.readOwnAccount)
        try await SignIn.closeSession(current, on: req)
        return .noContent
    }

    @Sendable func me(req: Request) async throws -> UserResponse {
        UserResponse(try req.authorize(.readOwnAccount).user)
    }
}
