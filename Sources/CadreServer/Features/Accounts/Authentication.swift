import CadreCore
import Fluent
import Vapor

/// The signed-in user of a request, once an authenticator has found a live token.
struct CurrentUser: Sendable {
    let user: User
    let token: AccessToken
    var principal: Principal { user.principal }
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

    var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// Asks the access policy and throws the matching problem unless it allows the action.
    @discardableResult
    func authorize(_ action: Action) throws -> CurrentUser {
        switch AccessPolicy.decide(currentUser?.principal, action) {
        case .allow: return currentUser!
        case .unauthenticated: throw Problem.unauthenticated
        case .forbidden: throw Problem.forbidden
        case .notFound: throw Problem.notFound()
        }
    }
}

/// Finds the user behind a token: a bearer header for the API, the session cookie for the web.
/// Cookies are never accepted by the API, so a page on another site cannot call it with them.
struct TokenAuthenticator: AsyncMiddleware {
    static let sessionCookie = "cadre_session"
    let kind: AccessToken.Kind

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let secret = presentedSecret(request), let current = try await Self.lookup(secret, kind: kind, on: request) {
            request.currentUser = current
            request.logger[metadataKey: "user-id"] = .string(current.user.id?.uuidString ?? "")
        }
        return try await next.respond(to: request)
    }

    private func presentedSecret(_ request: Request) -> String? {
        switch kind {
        case .api: return request.headers.bearerAuthorization?.token
        case .web: return request.cookies[Self.sessionCookie]?.string
        }
    }

    static func lookup(_ secret: String, kind: AccessToken.Kind, on request: Request) async throws -> CurrentUser? {
        guard secret.count <= 200 else { return nil }
        // One query per request: the token joined with its user.
        let found = try await AccessToken.query(on: request.db)
            .join(User.self, on: \AccessToken.$user.$id == \User.$id)
            .filter(\.$tokenHash == AccessToken.hash(of: secret))
            .filter(\.$kind == kind)
            .first()
        guard let token = found, token.expiresAt > request.now else { return nil }
        return CurrentUser(user: try token.joined(User.self), token: token)
    }
}
