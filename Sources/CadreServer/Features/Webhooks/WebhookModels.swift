import Fluent
import Foundation

/// What a client can be told about, by webhook.
enum WebhookEvent: String, Codable, Sendable, CaseIterable {
    case taskCompleted = "task.completed"
    case projectCompleted = "project.completed"
    case snapshotReady = "snapshot.ready"
    case expertPaused = "expert.paused"
}

/// A client's URL for some events, and the secret its deliveries are signed with.
final class WebhookEndpoint: Model, @unchecked Sendable {
    static let schema = "webhook_endpoints"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "url") var url: String
    /// Event names, comma-separated.
    @Field(key: "events") var events: String
    @Field(key: "secret") var secret: String
    @Field(key: "active") var active: Bool

    init() {}

    var eventList: [WebhookEvent] { events.split(separator: ",").compactMap { WebhookEvent(rawValue: String($0)) } }
}

/// One event on its way to one endpoint: retried with growing pauses until the endpoint
/// answers 2xx, and kept as the delivery log.
final class WebhookDelivery: Model, @unchecked Sendable {
    static let schema = "webhook_deliveries"

    enum State: String, Codable, Sendable { case pending, delivered, failed }

    @ID(key: .id) var id: UUID?
    @Field(key: "endpoint_id") var endpointID: UUID
    @Field(key: "event") var event: String
    /// The exact body sent (and signed), so a redelivery sends the same bytes.
    @Field(key: "payload") var payload: String
    @Field(key: "state") var state: State
    @Field(key: "attempts") var attempts: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_status") var lastStatus: Int?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "delivered_at") var deliveredAt: Date?

    init() {}
}

struct CreateWebhooks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WebhookEndpoint.schema)
            .id()
            .field("created_at", .datetime)
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("url", .string, .required)
            .field("events", .string, .required)
            .field("secret", .string, .required)
            .field("active", .bool, .required)
            .create()
        try await database.schema(WebhookDelivery.schema)
            .id()
            .field("endpoint_id", .uuid, .required, .references(WebhookEndpoint.schema, .id, onDelete: .cascade))
            .field("event", .string, .required)
            .field("payload", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("created_at", .datetime, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_status", .int)
            .field("last_error", .string)
            .field("delivered_at", .datetime)
            .create()
        // Completed tasks are announced once: the sender claims them by this flag.
        try await database.schema(WorkTask.schema).field("completion_announced", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkTask.schema).deleteField("completion_announced").update()
        try await database.schema(WebhookDelivery.schema).delete()
        try await database.schema(WebhookEndpoint.schema).delete()
    }
}
