import CadreCore
import Vapor

/// The outermost middleware: gives each request an id (echoed in `X-Request-Id` and in every
/// log line), adds the security headers, and records the request's metrics — for error
/// responses too, because it wraps the error middleware.
///
/// Written with futures rather than `async`: an async middleware starts a task per request,
/// and every request passes through this one.
struct RequestContextMiddleware: Middleware {
    let metrics: RequestMetrics

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let requestID = Self.acceptedID(request.headers.first(name: "X-Request-Id")) ?? Self.newID()
        request.logger[metadataKey: "request-id"] = .string(requestID)
        request.storage[RequestIDKey.self] = requestID
        let started = DispatchTime.now().uptimeNanoseconds
        let metrics = metrics

        return next.respond(to: request).map { response in
            response.headers.replaceOrAdd(name: "X-Request-Id", value: requestID)
            SecurityHeaders.apply(to: response)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            metrics.record(method: request.method.rawValue, route: Self.routeLabel(request), status: response.status.code, seconds: seconds)
            return response
        }
    }

    /// A random UUID in lower case, written out directly: `uuidString` formats with `sprintf`
    /// and `lowercased()` copies, on every request.
    static func newID() -> String {
        var text: [UInt8] = []
        text.reserveCapacity(36)
        UUID().appendHyphenatedHex(to: &text, uppercase: false)
        return String(decoding: text, as: UTF8.self)
    }

    /// A client-supplied id is kept only if it is short and plain, so it cannot forge log lines.
    static func acceptedID(_ raw: String?) -> String? {
        guard let raw, (1...128).contains(raw.count),
              raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else { return nil }
        return raw
    }

    /// The route pattern (`/api/v1/organizations/:id`), not the concrete path, to keep series few.
    static func routeLabel(_ request: Request) -> String {
        guard let route = request.route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

struct RequestIDKey: StorageKey { typealias Value = String }

extension Request {
    var requestID: String? { storage[RequestIDKey.self] }
}

/// Headers every response carries. The policy allows only this origin's own scripts,
/// styles and images: Cadre serves no third-party assets.
enum SecurityHeaders {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
    ].joined(separator: "; ")

    static func apply(to response: Response) {
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
    }
}
