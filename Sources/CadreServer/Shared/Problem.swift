import CadreCore
import Vapor

/// An error a client can act on, rendered as RFC 9457 `application/problem+json`.
///
/// `code` is stable for programs; `detail` is for people; `errors` names each bad field.
struct Problem: Error, Sendable {
    var status: HTTPResponseStatus
    var code: String
    var title: String
    var detail: String
    var errors: [FieldError] = []
    var headers: HTTPHeaders = [:]

    static func validation(_ errors: [FieldError], detail: String? = nil) -> Problem {
        let summary = errors.prefix(3).map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return Problem(
            status: .unprocessableEntity, code: "validation_failed", title: "The request is not valid",
            detail: detail ?? summary, errors: errors)
    }

    static func validation(field: String, _ message: String) -> Problem {
        validation([FieldError(field: field, message: message)])
    }

    static func malformedBody(_ detail: String) -> Problem {
        Problem(status: .badRequest, code: "malformed_body", title: "The request body could not be read", detail: detail)
    }

    static func notFound(_ what: String = "resource") -> Problem {
        Problem(status: .notFound, code: "not_found", title: "Not found", detail: "No such \(what).")
    }

    static let unauthenticated = Problem(
        status: .unauthorized, code: "unauthenticated", title: "Authentication required",
        detail: "Send a valid bearer token: POST /api/v1/sessions returns one.",
        headers: ["WWW-Authenticate": "Bearer"])

    static let forbidden = Problem(
        status: .forbidden, code: "forbidden", title: "Not allowed",
        detail: "Your role may not perform this action.")

    static func conflict(_ code: String, _ detail: String) -> Problem {
        Problem(status: .conflict, code: code, title: "Conflict", detail: detail)
    }

    static func tooManyAttempts(retryAfter seconds: Int) -> Problem {
        Problem(
            status: .tooManyRequests, code: "too_many_attempts", title: "Too many failed attempts",
            detail: "Too many failed sign-in attempts. Try again in \(seconds) seconds.",
            headers: ["Retry-After": String(seconds)])
    }
}

/// The JSON body of a problem response.
struct ProblemBody: Content {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var errors: [FieldError]
    var requestId: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, errors
        case requestId = "request_id"
    }
}

extension Problem {
    func body(requestID: String?) -> ProblemBody {
        ProblemBody(
            type: "https://cadre.dev/problems/\(code)", title: title, status: Int(status.code),
            detail: detail, code: code, errors: errors, requestId: requestID)
    }
}
