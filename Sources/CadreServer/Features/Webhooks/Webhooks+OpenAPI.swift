import CadreCore

enum WebhooksAPI {
    static let schemas: [String: JSONSchema] = [
        "WebhookEndpoint": .object([
            "id": .string(format: "uuid"), "url": .string(), "events": .array(.string(oneOf: WebhookEvent.allCases.map(\.rawValue))),
            "secret": .string(description: "The signing secret in full when created, its start afterwards"),
            "created_at": .nullable(.string(format: "date-time")),
        ], required: ["id", "url", "events", "secret"]),
        "WebhookDelivery": .object([
            "id": .string(format: "uuid"), "event": .string(), "state": .string(oneOf: ["pending", "delivered", "failed"]),
            "attempts": .integer(minimum: 0), "last_status": .nullable(.integer()), "last_error": .nullable(.string()),
            "created_at": .string(format: "date-time"), "next_attempt_at": .nullable(.string(format: "date-time")),
            "delivered_at": .nullable(.string(format: "date-time")),
        ], required: ["id", "event", "state", "attempts", "created_at"]),
    ]

    static let operations: [APIOperation] = [
        APIOperation(method: "POST", path: "/api/v1/organizations/:organizationID/webhooks",
                     summary: "Register a URL for events; the answer holds the signing secret", tag: "webhooks", auth: .bearer,
                     request: .object(["url": .string(), "events": .array(.string(oneOf: WebhookEvent.allCases.map(\.rawValue)))],
                                      required: ["url", "events"]),
                     responses: [201: .ref("WebhookEndpoint")]),
        APIOperation(method: "GET", path: "/api/v1/organizations/:organizationID/webhooks", summary: "The organization's webhook endpoints",
                     tag: "webhooks", auth: .bearer, request: nil, responses: [200: .array(.ref("WebhookEndpoint"))]),
        APIOperation(method: "DELETE", path: "/api/v1/organizations/:organizationID/webhooks/:webhookID", summary: "Remove an endpoint",
                     tag: "webhooks", auth: .bearer, request: nil, responses: [204: nil]),
        APIOperation(method: "GET", path: "/api/v1/organizations/:organizationID/webhooks/:webhookID/deliveries",
                     summary: "The endpoint's last 100 deliveries, newest first", tag: "webhooks", auth: .bearer, request: nil,
                     responses: [200: .array(.ref("WebhookDelivery"))]),
        APIOperation(method: "POST", path: "/api/v1/organizations/:organizationID/webhooks/:webhookID/deliveries/:deliveryID/redeliver",
                     summary: "Send a delivery again now", tag: "webhooks", auth: .bearer, request: nil,
                     responses: [200: .ref("WebhookDelivery")]),
    ]
}
