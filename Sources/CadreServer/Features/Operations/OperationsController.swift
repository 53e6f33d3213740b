import Fluent
import SQLKit
import Vapor

/// Liveness, readiness, metrics and the API description: what operators and load balancers poll.
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("readyz", use: ready)
        routes.get("metrics", use: metrics)
        routes.get("openapi.json", use: openAPI)
    }

    struct Status: Content {
        var status: String
        var version: String
        var database: String?
    }

    @Sendable func health(req: Request) async throws -> Status {
        Status(status: "ok", version: CadreVersionInfo.current)
    }

    /// Ready only when the database answers a query, so a load balancer stops sending traffic to
    /// an instance that lost its database.
    @Sendable func ready(req: Request) async throws -> Response {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            return try await Status(status: "ok", version: CadreVersionInfo.current, database: "ok").encodeResponse(for: req)
        } catch {
            req.logger.warning("readiness check failed: \(error)")
            let body = Status(status: "unavailable", version: CadreVersionInfo.current, database: "unreachable")
            return try await body.encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    @Sendable func metrics(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: req.application.requestMetrics.render()
            + req.application.leaseBatches.totals.render(name: "lease", what: "leases")
            + req.application.submitBatches.totals.render(name: "submit", what: "submits")))
    }

    @Sendable func openAPI(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try OpenAPIDocument.json()))
    }
}

enum CadreVersionInfo {
    static let current = "0.1.0"
}
