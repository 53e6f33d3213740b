import CadreCore
import Vapor

/// Maps every error to an HTTP problem, in one place.
///
/// Core errors, decoding errors and Vapor's own aborts all end here, so no route can leak a
/// stack trace or answer a client mistake with a 5xx.
enum ErrorMapping {
    static func problem(for error: any Error) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let failure as ValidationFailure:
            return .validation(failure.errors)
        case let decoding as DecodingError:
            return decodingProblem(decoding)
        case let abort as any AbortError:
            return abortProblem(abort)
        case let ledger as LedgerError:
            return ledgerProblem(ledger)
        case let invoice as InvoiceError:
            return invoiceProblem(invoice)
        case let money as MoneyError:
            return moneyProblem(money)
        case let period as PayPeriodError:
            return .validation(field: "period", period.description)
        default:
            return nil
        }
    }

    private static func abortProblem(_ abort: any AbortError) -> Problem {
        let status = abort.status
        let code: String
        switch status {
        case .notFound: code = "not_found"
        case .payloadTooLarge: code = "body_too_large"
        case .unsupportedMediaType: code = "unsupported_media_type"
        case .unauthorized: code = "unauthenticated"
        case .forbidden: code = "forbidden"
        case .methodNotAllowed: code = "method_not_allowed"
        case .badRequest: code = "bad_request"
        default: code = status.code >= 500 ? "internal_error" : "http_\(status.code)"
        }
        let detail = status.code >= 500 ? "The server failed to handle this request." : abort.reason
        return Problem(status: status, code: code, title: status.reasonPhrase, detail: detail, headers: abort.headers)
    }

    private static func decodingProblem(_ error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, let context):
            return .validation(field: path(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context):
            return .validation(field: path(context.codingPath), "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return .validation(field: path(context.codingPath), "expected \(describe(type)), got null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .malformedBody("The body is not valid JSON: \(context.debugDescription)")
            }
            return .validation(field: path(context.codingPath), context.debugDescription)
        @unknown default:
            return .malformedBody("The body could not be decoded.")
        }
    }

    /// `responses[1].content`, the way a person would point at the field.
    static func path(_ keys: [any CodingKey]) -> String {
        var result = ""
        for key in keys {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                let name = snakeCased(key.stringValue)
                result += result.isEmpty ? name : ".\(name)"
            }
        }
        return result.isEmpty ? "body" : result
    }

    /// Bodies decoded with `convertFromSnakeCase` report Swift's camelCase key names; the
    /// client sent snake_case, so that is what the error names.
    private static func snakeCased(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase, !result.isEmpty { result += "_" + character.lowercased() } else { result.append(character) }
        }
        return result
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "an array" : (name.hasPrefix("Dictionary") ? "an object" : "a value of type \(name)")
        }
    }
}
