import Vapor

/// Turns any thrown error into a response: `application/problem+json` for the API, an error
/// page for the web. Unknown errors become a 500 whose detail hides internals; they are
/// logged with the request id so the operator can find them.
///
/// Futures on the way in (no task per request); async only once there is an error to render.
struct ProblemMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            request.eventLoop.makeFutureWithTask { await Self.errorResponse(error, to: request) }
        }
    }

    static func errorResponse(_ error: any Error, to request: Request) async -> Response {
        let problem = ErrorMapping.problem(for: error) ?? Problem(
            status: .internalServerError, code: "internal_error", title: "Internal Server Error",
            detail: "The server failed to handle this request. Quote the request id when reporting it.")
        if problem.status.code >= 500 {
            request.logger.error("request failed: \(String(reflecting: error))")
        } else {
            request.logger.debug("request rejected: \(problem.code) \(problem.detail)")
        }
        return await Self.response(for: problem, to: request)
    }

    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.url.path
        if path.hasPrefix("/api/") || path == "/api" { return false }
        return request.headers.accept.mediaTypes.contains(.html)
    }

    static func response(for problem: Problem, to request: Request) async -> Response {
        if wantsHTML(request), let page = try? await errorPage(problem, request) {
            page.status = problem.status
            return page
        }
        let response = Response(status: problem.status, headers: problem.headers)
        do {
            try response.content.encode(problem.body(requestID: request.requestID), using: JSONEncoder())
        } catch {
            response.body = .init(string: "{\"status\":\(problem.status.code)}")
        }
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        return response
    }

    private static func errorPage(_ problem: Problem, _ request: Request) async throws -> Response {
        struct Context: Encodable { let layout: LayoutContext; let status: UInt; let title: String; let detail: String; let requestId: String? }
        // Unmatched paths never reach the web routes' authenticator; the page still shows who is signed in.
        if request.currentUser == nil, let secret = request.cookies[TokenAuthenticator.sessionCookie]?.string {
            request.currentUser = try? await TokenAuthenticator.lookup(secret, kind: .web, on: request)
        }
        let context = Context(
            layout: LayoutContext(title: problem.title, req: request), status: problem.status.code, title: problem.title,
            detail: problem.detail, requestId: request.requestID)
        let view = try await request.view.render("error", context)
        return try await view.encodeResponse(status: problem.status, for: request)
    }
}
