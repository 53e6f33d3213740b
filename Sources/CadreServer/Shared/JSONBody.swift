import CadreCore
import Vapor

extension Request {
    /// The body as a `JSONValue`, for requests validated field by field in the core.
    /// Not JSON at all is a 415/400 with the byte offset; validation is the caller's.
    func jsonBody() throws -> JSONValue {
        // The usual header spelled exactly is taken as it is: Vapor's `contentType` parses the
        // header on every call, which showed in the work loop's profile.
        if let raw = headers.first(name: .contentType), !Self.plainJSONTypes.contains(raw),
           let type = headers.contentType, !(type.type == "application" && (type.subType == "json" || type.subType.hasSuffix("+json"))) {
            throw Problem(
                status: .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                detail: "Send the body as application/json.")
        }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw Problem.malformedBody("The body is empty; expected a JSON object.")
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: Data(buffer: buffer))
        } catch {
            throw Problem.malformedBody("The body is not valid JSON: \(error.reason) at byte \(error.offset).")
        }
        if let path = json.pathOfNulCharacter { throw Problem.validation(field: path, JSONValue.nulCharacterMessage) }
        return json
    }

    private static let plainJSONTypes: Set<String> = ["application/json", "application/json; charset=utf-8"]
}
