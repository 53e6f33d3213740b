enum OperationsAPI {
    static let status = JSONSchema.object(
        ["status": .string(), "version": .string(), "database": .nullable(.string())], required: ["status", "version"])

    static let operations: [APIOperation] = [
        APIOperation(method: "GET", path: "/healthz", summary: "Liveness: the process is up", tag: "operations",
                     auth: .none, request: nil, responses: [200: status]),
        APIOperation(method: "GET", path: "/readyz", summary: "Readiness: the database answers", tag: "operations",
                     auth: .none, request: nil, responses: [200: status, 503: status]),
        APIOperation(method: "GET", path: "/metrics", summary: "Prometheus metrics: requests and latencies by route and status",
                     tag: "operations", auth: .none, request: nil, responses: [200: .string()], contentType: "text/plain"),
        APIOperation(method: "GET", path: "/openapi.json", summary: "This document", tag: "operations",
                     auth: .none, request: nil, responses: [200: .object([:], additional: true)]),
    ]
}
