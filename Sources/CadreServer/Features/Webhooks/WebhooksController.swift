import CadreCore
import Fluent
import Vapor

/// An organization's webhook endpoints and their delivery log, for its clients and admins.
struct WebhooksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let hooks = routes.grouped("organizations", ":organizationID", "webhooks")
        hooks.post(use: create)
        hooks.get(use: list)
        hooks.delete(":webhookID", use: remove)
        hooks.get(":webhookID", "deliveries", use: deliveries)
        hooks.post(":webhookID", "deliveries", ":deliveryID", "redeliver", use: redeliver)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let organization = try await Self.organization(req)
        let endpoint = try await WebhookSettings.create(from: try req.jsonBody(), organization: organization, on: req.db)
        return try await WebhookEndpointResponse(endpoint, revealSecret: true).encodeResponse(status: .created, for: req)
    }

    @Sendable func list(req: Request) async throws -> [WebhookEndpointResponse] {
        let organization = try await Self.organization(req)
        return try await WebhookEndpoint.query(on: req.db).filter(\.$organizationID == organization.requireID()).sort(\.$createdAt).all()
            .map { try WebhookEndpointResponse($0, revealSecret: false) }
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let endpoint = try await Self.endpoint(req)
        try await endpoint.delete(on: req.db)
        return Response(status: .noContent)
    }

    @Sendable func deliveries(req: Request) async throws -> [WebhookDeliveryResponse] {
        let endpoint = try await Self.endpoint(req)
        return try await WebhookDelivery.query(on: req.db).filter(\.$endpointID == endpoint.requireID()).sort(\.$createdAt, .descending)
            .limit(100).all().map(WebhookDeliveryResponse.init)
    }

    @Sendable func redeliver(req: Request) async throws -> WebhookDeliveryResponse {
        let endpoint = try await Self.endpoint(req)
        guard let raw = req.parameters.get("deliveryID"), let id = UUID(uuidString: raw),
              let delivery = try await WebhookDelivery.find(id, on: req.db), delivery.endpointID == endpoint.id
        else { throw Problem.notFound("delivery") }
        try await Webhooks.redeliver(delivery, app: req.application, now: req.now)
        return try WebhookDeliveryResponse(delivery)
    }

    static func organization(_ req: Request) async throws -> Organization {
        try await OrganizationsController.load(req, for: { .manageProject(organization: $0) })
    }

    /// The endpoint in the path, only within the organization in the path.
    static func endpoint(_ req: Request) async throws -> WebhookEndpoint {
        let organization = try await organization(req)
        guard let raw = req.parameters.get("webhookID"), let id = UUID(uuidString: raw),
              let endpoint = try await WebhookEndpoint.find(id, on: req.db), endpoint.organizationID == organization.id
        else { throw Problem.notFound("webhook") }
        return endpoint
    }
}

/// Validating and creating endpoints, for the API and the page.
enum WebhookSettings {
    static func create(from body: JSONValue, organization: Organization, on db: any Database) async throws -> WebhookEndpoint {
        var errors: [FieldError] = []
        let url = body["url"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
        let parsed = URL(string: url)
        if url.count > 2000 || parsed?.host == nil || !["http", "https"].contains(parsed?.scheme?.lowercased() ?? "") {
            errors.append(FieldError(field: "url", message: "expected an http or https address such as https://example.com/hooks/cadre"))
        }
        var events: [WebhookEvent] = []
        if let list = body["events"]?.arrayValue, !list.isEmpty {
            for (index, value) in list.enumerated() {
                if let event = value.stringValue.flatMap(WebhookEvent.init(rawValue:)) { events.append(event) } else {
                    errors.append(FieldError(field: "events[\(index)]", message: "expected one of \(WebhookEvent.allCases.map(\.rawValue).joined(separator: ", "))"))
                }
            }
        } else {
            errors.append(FieldError(field: "events", message: "required: a list of events such as [\"task.completed\", \"snapshot.ready\"]"))
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let endpoint = WebhookEndpoint()
        endpoint.id = .timeOrdered()
        endpoint.organizationID = try organization.requireID()
        endpoint.url = url
        endpoint.events = Array(Set(events.map(\.rawValue))).sorted().joined(separator: ",")
        endpoint.secret = "whsec_" + RandomToken.urlSafe()
        endpoint.active = true
        if events.contains(.taskCompleted) { try await Webhooks.startAnnouncing(for: endpoint.organizationID, on: db) }
        try await endpoint.create(on: db)
        return endpoint
    }
}

struct WebhookEndpointResponse: Content {
    var id: UUID
    var url: String
    var events: [String]
    /// Shown once, when the endpoint is created; afterwards only its start.
    var secret: String
    var createdAt: Date?

    enum CodingKeys: String, CodingKey { case id, url, events, secret, createdAt = "created_at" }

    init(_ endpoint: WebhookEndpoint, revealSecret: Bool) throws {
        id = try endpoint.requireID()
        url = endpoint.url
        events = endpoint.eventList.map(\.rawValue)
        secret = revealSecret ? endpoint.secret : String(endpoint.secret.prefix(10)) + "…"
        createdAt = endpoint.createdAt
    }
}

struct WebhookDeliveryResponse: Content {
    var id: UUID
    var event: String
    var state: WebhookDelivery.State
    var attempts: Int
    var lastStatus: Int?
    var lastError: String?
    var createdAt: Date
    var nextAttemptAt: Date?
    var deliveredAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, event, state, attempts
        case lastStatus = "last_status", lastError = "last_error", createdAt = "created_at"
        case nextAttemptAt = "next_attempt_at", deliveredAt = "delivered_at"
    }

    init(_ delivery: WebhookDelivery) throws {
        id = try delivery.requireID()
        event = delivery.event
        state = delivery.state
        attempts = delivery.attempts
        lastStatus = delivery.lastStatus
        lastError = delivery.lastError
        createdAt = delivery.createdAt
        nextAttemptAt = delivery.state == .pending ? delivery.nextAttemptAt : nil
        deliveredAt = delivery.deliveredAt
    }
}
