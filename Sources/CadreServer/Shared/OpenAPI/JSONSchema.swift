import Foundation

/// Just enough of JSON Schema (2020-12, as OpenAPI 3.1 uses it) to describe Cadre's bodies.
indirect enum JSONSchema: Sendable {
    case string(format: String? = nil, oneOf: [String]? = nil, description: String? = nil)
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    case number
    case boolean
    case array(JSONSchema)
    case object([String: JSONSchema], required: [String] = [], additional: Bool = false)
    /// Any JSON value (task inputs, answers): documented by their template, not here.
    case any(description: String)
    case nullable(JSONSchema)
    case ref(String)

    /// The schema as a JSON-compatible dictionary.
    var json: [String: Any] {
        switch self {
        case .string(let format, let values, let description):
            var out: [String: Any] = ["type": "string"]
            if let format { out["format"] = format }
            if let values { out["enum"] = values }
            if let description { out["description"] = description }
            return out
        case .integer(let minimum, let maximum):
            var out: [String: Any] = ["type": "integer"]
            if let minimum { out["minimum"] = minimum }
            if let maximum { out["maximum"] = maximum }
            return out
        case .number:
            return ["type": "number"]
        case .boolean:
            return ["type": "boolean"]
        case .array(let items):
            return ["type": "array", "items": items.json]
        case .object(let properties, let required, let additional):
            var out: [String: Any] = [
                "type": "object",
                "properties": properties.mapValues(\.json),
                "additionalProperties": additional,
            ]
            if !required.isEmpty { out["required"] = required }
            return out
        case .any(let description):
            return ["description": description]
        case .nullable(let schema):
            return ["oneOf": [schema.json, ["type": "null"]]]
        case .ref(let name):
            return ["$ref": "#/components/schemas/\(name)"]
        }
    }
}

/// One documented route.
struct APIOperation: Sendable {
    enum Auth: Sendable { case none, bearer }

    var method: String
    /// The path as Vapor registers it, with `:name` parameters.
    var path: String
    var summary: String
    var tag: String
    var auth: Auth
    var request: JSONSchema?
    /// Status code → body schema (nil for no body).
    var responses: [Int: JSONSchema?]
    var query: [(name: String, schema: JSONSchema, description: String)] = []
    /// Responses that are not JSON (metrics text).
    var contentType: String = "application/json"
    /// Request bodies that are not JSON (JSONL imports).
    var requestContentType: String = "application/json"
    /// Request headers the operation requires, such as `Idempotency-Key`.
    var headers: [(name: String, schema: JSONSchema, description: String)] = []

    /// The path in OpenAPI's `{name}` form.
    var openAPIPath: String {
        path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .reduce("") { $0 + "/" + $1 }
    }

    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }
}
