import CadreCore
import Fluent
import Vapor

/// The organization's webhooks page: register an endpoint (its secret is shown once), read
/// each endpoint's delivery log and send a delivery again.
struct WebhookPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let hooks = routes.grouped("webhooks")
        hooks.get(use: page)
        hooks.post(use: create)
        hooks.post(":webhookID", "delete", use: remove)
        hooks.post(":webhookID", "deliveries", ":deliveryID", "redeliver", use: redeliver)
    }

    struct Form: Content {
        var url: String?
        var events: [String]?
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, organization: try await Self.organization(req), status: .ok)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let organization = try await Self.organization(req)
        let form = try req.content.decode(Form.self)
        do {
            let endpoint = try await WebhookSettings.create(
                from: ["url": .string(form.url ?? ""), "events": .array((form.events ?? []).map(JSONValue.string))], organization: organization, on: req.db)
            return try await render(req, organization: organization, status: .created, secret: endpoint.secret)
        } catch let problem as Problem {
            return try await render(req, organization: organization, status: problem.status, error: problem.errors.map { "\($0.field): \($0.message)" }.joined(separator: " · "))
        }
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let organization = try await Self.organization(req)
        try await Self.endpoint(req, in: organization).delete(on: req.db)
        return req.redirect(to: "/webhooks" + Self.query(req), redirectType: .normal)
    }

    @Sendable func redeliver(req: Request) async throws -> Response {
        let organization = try await Self.organization(req)
        let endpoint = try await Self.endpoint(req, in: organization)
        guard let raw = req.parameters.get("deliveryID"), let id = UUID(uuidString: raw),
              let delivery = try await WebhookDelivery.find(id, on: req.db), delivery.endpointID == endpoint.id
        else { throw Problem.notFound("delivery") }
        try await Webhooks.redeliver(delivery, app: req.application, now: req.now)
        return req.redirect(to: "/webhooks" + Self.query(req), redirectType: .normal)
    }

    private static func organization(_ req: Request) async throws -> Organization {
        try await BillingPagesController.organization(req, for: { .manageProject(organization: $0) })
    }

    private static func endpoint(_ req: Request, in organization: Organization) async throws -> WebhookEndpoint {
        guard let raw = req.parameters.get("webhookID"), let id = UUID(uuidString: raw),
              let endpoint = try await WebhookEndpoint.find(id, on: req.db), endpoint.organizationID == organization.id
        else { throw Problem.notFound("webhook") }
        return endpoint
    }

    private static func query(_ req: Request) -> String {
        req.query[String.self, at: "organization"].flatMap { UUID(uuidString: $0) }.map { "?organization=\($0.uuidString)" } ?? ""
    }

    private func render(_ req: Request, organization: Organization, status: HTTPResponseStatus, secret: String? = nil, error: String? = nil) async throws -> Response {
        var endpoints: [WebhooksPage.Endpoint] = []
        for endpoint in try await WebhookEndpoint.query(on: req.db).filter(\.$organizationID == organization.requireID()).sort(\.$createdAt).all() {
            let deliveries = try await WebhookDelivery.query(on: req.db).filter(\.$endpointID == endpoint.requireID())
                .sort(\.$createdAt, .descending).limit(20).all()
            endpoints.append(try WebhooksPage.Endpoint(endpoint, deliveries: deliveries, query: Self.query(req)))
        }
        let page = WebhooksPage(
            layout: LayoutContext(title: "Webhooks", req: req, error: error), organization: organization.name, action: "/webhooks" + Self.query(req),
            events: WebhookEvent.allCases.map(\.rawValue), secret: secret, endpoints: endpoints)
        return try await req.view.render("webhooks", page).encodeResponse(status: status, for: req)
    }
}

struct WebhooksPage: Encodable {
    struct Delivery: Encodable {
        var event: String
        var state: String
        var attempts: Int
        var result: String
        var createdAt: String
        var redeliverURL: String
    }
    struct Endpoint: Encodable {
        var url: String
        var events: String
        var deleteURL: String
        var deliveries: [Delivery]

        init(_ endpoint: WebhookEndpoint, deliveries: [WebhookDelivery], query: String) throws {
            let id = try endpoint.requireID().uuidString.lowercased()
            url = endpoint.url
            events = endpoint.eventList.map(\.rawValue).joined(separator: ", ")
            deleteURL = "/webhooks/\(id)/delete\(query)"
            self.deliveries = try deliveries.map { delivery in
                Delivery(
                    event: delivery.event, state: delivery.state.rawValue, attempts: delivery.attempts,
                    result: delivery.lastStatus.map { "HTTP \($0)" } ?? delivery.lastError ?? "not sent yet",
                    createdAt: String(ISO8601DateFormatter().string(from: delivery.createdAt).prefix(19)).replacingOccurrences(of: "T", with: " "),
                    redeliverURL: "/webhooks/\(id)/deliveries/\(try delivery.requireID().uuidString.lowercased())/redeliver\(query)")
            }
        }
    }

    var layout: LayoutContext
    var organization: String
    var action: String
    var events: [String]
    /// The new endpoint's signing secret, shown this once.
    var secret: String?
    var endpoints: [Endpoint]
}
