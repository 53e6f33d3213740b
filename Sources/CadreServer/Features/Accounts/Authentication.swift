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
///
/// Futures, not `async`: a token found in the read cache costs no task and no query.
struct TokenAuthenticator: Middleware {
    static let sessionCookie = "cadre_session"
    let kind: AccessToken.Kind

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let secret = presentedSecret(request) else { return next.respond(to: request) }
        if let cached = Self.cachedLookup(secret, kind: kind, on: request) {
            Self.signIn(cached, request)
            return next.respond(to: request)
        }
        let kind = kind
        return request.eventLoop.makeFutureWithTask { try await Self.lookup(secret, kind: kind, on: request) }.flatMap { current in
            if let current { Self.signIn(current, request) }
            return next.respond(to: request)
        }
    }

    private static func signIn(_ current: CurrentUser, _ request: Request) {
        request.currentUser = current
        request.logger[metadataKey: "user-id"] = .string(current.user.id?.uuidString ?? "")
    }

    private func presentedSecret(_ request: Request) -> String? {
        switch kind {
        case .api: return request.headers.bearerAuthorization?.token
        case .web: return request.cookies[Self.sessionCookie]?.string
        }
    }

    static func lookup(_ secret: String, kind: AccessToken.Kind, on request: Request) async throws -> CurrentUser? {
        guard secret.utf8.count <= 200 else { return nil }
        let hash = AccessToken.hash(of: secret)
        let found = try await request.readCaches.signedIn.value(for: cacheKey(kind: kind, hash: hash)) {
            // One query per request: the token joined with its user.
            guard let token = try await AccessToken.query(on: request.db)
                .join(User.self, on: \AccessToken.$user.$id == \User.$id)
                .filter(\.$tokenHash == hash)
                .filter(\.$kind == kind)
                .first()
            else { return nil }
            return CurrentUser(user: try token.joined(User.self), token: token)
        }
        guard let found, found.token.expiresAt > request.now else { return nil }
        return found
    }

    /// The live session for `secret` if the read cache holds it; nil means "ask `lookup`".
    private static func cachedLookup(_ secret: String, kind: AccessToken.Kind, on request: Request) -> CurrentUser? {
        guard secret.utf8.count <= 200,
              let found = request.readCaches.signedIn.cachedValue(for: cacheKey(kind: kind, hash: AccessToken.hash(of: secret))),
              found.token.expiresAt > request.now
        else { return nil }
        return found
    }

    static func cacheKey(kind: AccessToken.Kind, hash: String) -> String {
        kind.rawValue + ":" + hash
    }
}
