import Vapor

/// The `/openapi.json` document, assembled from each feature's table of operations.
///
/// `OpenAPICompletenessTests` compares this list with the routes the app registers, so a new
/// route without documentation fails the build's tests.
enum OpenAPIDocument {
    static var operations: [APIOperation] {
        AccountsAPI.operations + OrganizationsAPI.operations + ProjectsAPI.operations + WorkAPI.operations + QualityAPI.operations
            + RecruitingAPI.operations + PayAPI.operations + PaymentsAPI.operations + CaptureAPI.operations + DeliveryAPI.operations + WebhooksAPI.operations
            + OperationsAPI.operations
    }

    static var schemas: [String: JSONSchema] {
        var all: [String: JSONSchema] = ["Problem": problemSchema]
        for feature in [AccountsAPI.schemas, OrganizationsAPI.schemas, ProjectsAPI.schemas, WorkAPI.schemas, QualityAPI.schemas, RecruitingAPI.schemas, PayAPI.schemas, PaymentsAPI.schemas, CaptureAPI.schemas, DeliveryAPI.schemas, WebhooksAPI.schemas] {
            all.merge(feature) { a, _ in a }
        }
        return all
    }

    static let problemSchema = JSONSchema.object([
        "type": .string(format: "uri"),
        "title": .string(),
        "status": .integer(),
        "detail": .string(),
        "code": .string(description: "Stable machine-readable error code"),
        "errors": .array(.object(["field": .string(), "message": .string()], required: ["field", "message"])),
        "request_id": .nullable(.string()),
    ], required: ["type", "title", "status", "detail", "code", "errors"])

    static func page(of item: String) -> JSONSchema {
        .object(["items": .array(.ref(item)), "next_cursor": .nullable(.string())], required: ["items"])
    }

    static let pageQuery: [(name: String, schema: JSONSchema, description: String)] = [
        ("limit", .integer(minimum: 1, maximum: 200), "Page size (default 50)"),
        ("cursor", .string(format: "uuid"), "next_cursor from the previous page"),
    ]

    /// The header of an operation that must not take effect twice (`Request.idempotencyKey`).
    static let idempotencyKeyHeader: [(name: String, schema: JSONSchema, description: String)] = [
        ("Idempotency-Key", .string(), "Any unique string of at most \(Request.maxIdempotencyKeyLength) characters, such as a UUID; a retry with the same key returns the first result"),
    ]

    static func json() throws -> Data {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            paths[operation.openAPIPath, default: [:]][operation.method.lowercased()] = describe(operation)
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Cadre API",
                "version": CadreVersionInfo.current,
                "description": "Expert human data for AI: recruiting, work, quality, pay and delivery.",
            ],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "schemas": schemas.mapValues(\.json),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            ],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
    }

    private static func describe(_ operation: APIOperation) -> [String: Any] {
        var out: [String: Any] = [
            "summary": operation.summary,
            "tags": [operation.tag],
            "operationId": operationID(operation),
        ]
        out["security"] = operation.auth == .bearer ? [["bearer": [String]()]] : [[String: [String]]]()
        var parameters: [[String: Any]] = operation.pathParameters.map {
            ["name": $0, "in": "path", "required": true, "schema": ["type": "string"]]
        }
        parameters += operation.query.map {
            ["name": $0.name, "in": "query", "required": false, "schema": $0.schema.json, "description": $0.description]
        }
        parameters += operation.headers.map {
            ["name": $0.name, "in": "header", "required": true, "schema": $0.schema.json, "description": $0.description]
        }
        if !parameters.isEmpty { out["parameters"] = parameters }
        if let request = operation.request {
            out["requestBody"] = ["required": true, "content": [operation.requestContentType: ["schema": request.json]]]
        }
        var responses: [String: Any] = [:]
        for (status, schema) in operation.responses {
            var response: [String: Any] = ["description": "HTTP \(status)"]
            if let schema {
                response["content"] = [operation.contentType: ["schema": schema.json]]
            }
            responses[String(status)] = response
        }
        responses["default"] = [
            "description": "An error, as RFC 9457 problem details",
            "content": ["application/problem+json": ["schema": JSONSchema.ref("Problem").json]],
        ]
        out["responses"] = responses
        return out
    }

    private static func operationID(_ operation: APIOperation) -> String {
        let words = operation.path.split(separator: "/").filter { $0 != "api" && $0 != "v1" }
            .map { $0.hasPrefix(":") ? "by_" + $0.dropFirst() : String($0) }
        return operation.method.lowercased() + "_" + words.joined(separator: "_").replacingOccurrences(of: ".", with: "_")
    }
}
