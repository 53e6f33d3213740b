import Vapor

/// Sends a signed-out visitor of a page to the sign-in page; pages behind it may assume a
/// signed-in user and ask the access policy only about what that user may do.
struct RequireSignIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.currentUser != nil else { return request.redirect(to: "/signin") }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The signed-in user; only for handlers behind `RequireSignIn`.
    var signedIn: CurrentUser {
        get throws {
            guard let current = currentUser else { throw Problem.unauthenticated }
            return current
        }
    }
}

/// What the pages' scripts get back from a JSON action: where to go next.
struct PageActionResult: Content {
    var next: String
    var state: String?
}
