import CadreCore
import Fluent
import Vapor

/// Checking a password and opening a session, shared by the API and the sign-in page.
enum SignIn {
    static func verify(email rawEmail: String, password: String, on req: Request) async throws -> User {
        let email = EmailAddress.normalize(rawEmail)
        let address = clientAddress(req)
        let throttle = LoginThrottle(database: req.db, now: req.now)
        let keys = [
            (LoginThrottle.accountKey(email), LoginThrottle.accountLimit),
            (LoginThrottle.addressKey(address), LoginThrottle.addressLimit),
        ]
        if let seconds = try await throttle.lockedFor(keys) {
            throw Problem.tooManyAttempts(retryAfter: seconds)
        }
        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        let valid = try await req.password.async.verify(password, created: user?.passwordHash ?? req.application.decoyPasswordHash).get()
        guard let user, valid else {
            try await throttle.recordFailure(keys.map(\.0))
            throw Problem(
                status: .unauthorized, code: "invalid_credentials", title: "Sign-in failed",
                detail: "The email or password is not correct.")
        }
        try await throttle.clear(LoginThrottle.accountKey(email))
        return user
    }

    /// Creates a token of the given kind and returns its secret, which is never stored.
    static func openSession(for user: User, kind: AccessToken.Kind, on req: Request) async throws -> (secret: String, token: AccessToken) {
        let (secret, hash) = AccessToken.generateSecret()
        let config = req.application.cadreConfiguration
        let lifetime = kind == .api ? config.apiTokenLifetime : config.webSessionLifetime
        let token = AccessToken(userID: try user.requireID(), tokenHash: hash, kind: kind, expiresAt: req.now.addingTimeInterval(lifetime), at: req.now)
        try await token.create(on: req.db)
        return (secret, token)
    }

    /// Deletes the request's token, so its secret stops working: in this instance at once, in
    /// others once their read cache lets go of it (`CADRE_READ_CACHE_SECONDS`). The row is
    /// deleted by id because the cached token instance is shared and must not be mutated.
    static func closeSession(_ current: CurrentUser, on req: Request) async throws {
        let key = TokenAuthenticator.cacheKey(kind: current.token.kind, hash: current.token.tokenHash)
        req.readCaches.signedIn.remove(key)
        try await AccessToken.query(on: req.db).filter(\.$id == current.token.requireID()).delete()
        req.readCaches.signedIn.remove(key)
    }

    static func clientAddress(_ req: Request) -> String {
        if req.application.cadreConfiguration.trustForwardedFor,
           let forwarded = req.headers.first(name: "X-Forwarded-For")?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return req.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension Application {
    private struct DecoyHashKey: StorageKey { typealias Value = String }

    /// A hash at the configured cost, verified against when an account does not exist, so
    /// response times do not reveal which email addresses have accounts.
    var decoyPasswordHash: String {
        get { storage[DecoyHashKey.self] ?? "" }
        set { storage[DecoyHashKey.self] = newValue }
    }
}
