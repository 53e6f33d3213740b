import Vapor

/// Cross-site request forgery protection for the web pages (double-submit cookie).
///
/// Every page carries a random token in a `SameSite=Strict` cookie and in each form's hidden
/// `csrf` field (or, for the pages' JSON requests, in an `X-CSRF-Token` header); a POST is
/// accepted only when the two match. Another site can make the browser send the cookie, but
/// cannot read it to fill in the field or the header.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookie = "cadre_csrf"
    static let field = "csrf"
    static let header = "X-CSRF-Token"
    /// Task files are uploaded as multipart forms; their token is inside a body that may still
    /// be streaming when this runs, so such bodies are read up to this size first.
    static let maxUploadBytes = 32 * 1024 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = request.cookies[Self.cookie].map(\.string).flatMap { $0.count == 43 ? $0 : nil }
        let token = existing ?? RandomToken.urlSafe()
        request.storage[CSRFTokenKey.self] = token
        // Every method that changes something; the pages' scripts send PUT, PATCH and DELETE too.
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            let submitted = try await Self.submittedToken(request)
            guard let existing, Self.constantTimeEqual(submitted, existing) else {
                throw Problem(
                    status: .forbidden, code: "csrf_failed", title: "Form expired",
                    detail: "This form has expired or did not come from Cadre. Reload the page and try again.")
            }
        }
        let response = try await next.respond(to: request)
        if existing == nil {
            response.cookies[Self.cookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: request.application.cadreConfiguration.secureCookies,
                isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    private static func submittedToken(_ request: Request) async throws -> String {
        if let header = request.headers.first(name: Self.header) { return header }
        if request.body.data == nil, request.headers.contentType?.subType == "form-data" {
            _ = try await request.body.collect(max: Self.maxUploadBytes).get()
        }
        return (try? request.content.get(String.self, at: Self.field)) ?? ""
    }

    /// Compares without returning early, so timing does not reveal how much of a guess matched.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

struct CSRFTokenKey: StorageKey { typealias Value = String }

extension Request {
    var csrfToken: String { storage[CSRFTokenKey.self] ?? "" }
}
