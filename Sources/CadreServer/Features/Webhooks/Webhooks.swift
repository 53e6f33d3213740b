import CadreCore
import Fluent
import SQLKit
import Vapor

/// Queuing events for an organization's endpoints and sending them.
///
/// Emitting only writes delivery rows (in the caller's transaction when there is one), so no
/// request ever waits for a client's server. The sender posts due deliveries with an
/// HMAC-SHA256 signature over the timestamp and the body, and retries failures with
/// exponential backoff: 10 s, 20 s, 40 s … up to an hour apart, 8 attempts in all.
enum Webhooks {
    static let maximumAttempts = 8

    static func emit(_ event: WebhookEvent, organization: UUID, data: JSONValue, now: Date, on db: any Database) async throws {
        let endpoints = try await WebhookEndpoint.query(on: db).filter(\.$organizationID == organization).filter(\.$active == true).all()
        try await queue(event, to: endpoints, data: data, now: now, on: db)
    }

    /// Queues a delivery of `event` to each of `endpoints` that listens for it.
    private static func queue(_ event: WebhookEvent, to endpoints: [WebhookEndpoint], data: JSONValue, now: Date, on db: any Database) async throws {
        for endpoint in endpoints where endpoint.eventList.contains(event) {
            let delivery = WebhookDelivery()
            delivery.id = .timeOrdered(at: now)
            delivery.endpointID = try endpoint.requireID()
            delivery.event = event.rawValue
            delivery.payload = (["id": .string(delivery.id!.uuidString.lowercased()), "event": .string(event.rawValue),
                                 "created_at": .string(ISO8601DateFormatter().string(from: now)), "data": data] as JSONValue).jsonText
            delivery.state = .pending
            delivery.attempts = 0
            delivery.createdAt = now
            delivery.nextAttemptAt = now
            try await delivery.create(on: db)
        }
    }

    /// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>`.
    static func signature(secret: String, timestamp: Int, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The pause before attempt `attempts + 1`.
    static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(3600, 10 * pow(2, Double(max(0, attempts - 1))))
    }

    /// How long a claimed delivery is this instance's alone to send. Another instance takes it
    /// up after that only if this one stopped before recording the attempt.
    static let claimSeconds: TimeInterval = 60

    /// Announces tasks that completed since the last round, then sends what is due.
    static func run(app: Application, now: Date) async throws {
        try await announceCompletedTasks(now: now, writer: app.writer, on: app.db)
        let claimed = try await claimDue(now: now, limit: 50, writer: app.writer, on: app.db)
        guard !claimed.isEmpty else { return }
        for delivery in try await WebhookDelivery.query(on: app.db).filter(\.$id ~~ claimed).sort(\.$id).all() {
            try await send(delivery, app: app, now: now)
        }
    }

    /// Takes up to `limit` due deliveries for this instance to send, in one statement: each
    /// is due again only `claimSeconds` later, so instances sharing a database (or two rounds
    /// of one) never post the same delivery at once.
    static func claimDue(now: Date, limit: Int, writer: DatabaseWriter, on database: any Database) async throws -> [UUID] {
        try await writer.transaction(on: database) { db in
            let lock: SQLQueryString = db.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
            return try await db.sql.raw("""
                UPDATE webhook_deliveries SET next_attempt_at = \(bind: now.addingTimeInterval(claimSeconds))
                WHERE id IN (
                  SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= \(bind: now)
                  ORDER BY next_attempt_at LIMIT \(bind: limit)\(lock))
                RETURNING id
                """).all().map { try $0.decode(column: "id", as: UUID.self) }
        }
    }

    /// One attempt: 2xx delivers; anything else (or no answer in 10 s) schedules the next.
    static func send(_ delivery: WebhookDelivery, app: Application, now: Date) async throws {
        guard let endpoint = try await WebhookEndpoint.find(delivery.endpointID, on: app.db) else { return }
        var headers: HTTPHeaders = ["Content-Type": "application/json", "User-Agent": "Cadre-Webhooks/1"]
        headers.add(name: "Cadre-Event", value: delivery.event)
        headers.add(name: "Cadre-Delivery", value: delivery.id!.uuidString.lowercased())
        headers.add(name: "Cadre-Signature", value: signature(secret: endpoint.secret, timestamp: Int(now.timeIntervalSince1970), body: delivery.payload))
        delivery.attempts += 1
        do {
            let payload = delivery.payload
            let response = try await app.client.post(URI(string: endpoint.url), headers: headers) { request in
                request.body = ByteBuffer(string: payload)
                request.timeout = .seconds(10)
            }
            delivery.lastStatus = Int(response.status.code)
            delivery.lastError = (200..<300).contains(response.status.code) ? nil : "HTTP \(response.status.code)"
        } catch {
            delivery.lastStatus = nil
            delivery.lastError = String(String(describing: error).prefix(300))
        }
        if delivery.lastError == nil {
            delivery.state = .delivered
            delivery.deliveredAt = now
        } else if delivery.attempts >= maximumAttempts {
            delivery.state = .failed
        } else {
            delivery.nextAttemptAt = now.addingTimeInterval(backoff(afterAttempts: delivery.attempts))
        }
        try await delivery.save(on: app.db)
    }

    /// Sends a delivery again now, whatever became of it (the same body, signed afresh),
    /// claimed for this request first so that no round sends it meanwhile.
    static func redeliver(_ delivery: WebhookDelivery, app: Application, now: Date) async throws {
        delivery.state = .pending
        delivery.nextAttemptAt = now.addingTimeInterval(claimSeconds)
        try await delivery.save(on: app.db)
        try await send(delivery, app: app, now: now)
    }

    /// Claims completed tasks not yet announced and queues `task.completed`, in one transaction
    /// (so two instances never announce a task twice, and a failed queueing leaves the tasks to
    /// announce again). Only organizations with an endpoint that listens are looked at: the
    /// others' tasks are never announced (an endpoint hears of tasks completed after it was
    /// registered, `WebhookSettings.create`), and cost nothing here.
    static func announceCompletedTasks(now: Date, writer: DatabaseWriter, on database: any Database) async throws {
        struct Row: Decodable { var id: UUID; var external_id: String; var project_id: UUID }
        let listeners = try await WebhookEndpoint.query(on: database).filter(\.$active == true).all().filter { $0.eventList.contains(.taskCompleted) }
        guard !listeners.isEmpty else { return }
        let listening = Dictionary(grouping: listeners, by: \.organizationID)
        let projects = try await Project.query(on: database).filter(\.$organization.$id ~~ Array(listening.keys)).all()
        let organizations = Dictionary(uniqueKeysWithValues: projects.map { ($0.id!, $0.$organization.id) })
        guard !organizations.isEmpty else { return }
        try await writer.transaction(on: database) { db in
            let rows = try await db.sql.raw(markAnnounced(projects: "\(SQLBind.group(Array(organizations.keys)))", returning: true))
                .all(decoding: Row.self)
            for row in rows {
                guard let organization = organizations[row.project_id], let targets = listening[organization] else { continue }
                try await queue(.taskCompleted, to: targets, data: [
                    "task_id": .string(row.id.uuidString.lowercased()), "external_id": .string(row.external_id),
                    "project_id": .string(row.project_id.uuidString.lowercased()),
                ], now: now, on: db)
            }
        }
    }

    /// Marks the organization's completed tasks announced, when the first endpoint that
    /// listens for `task.completed` is registered: it hears of tasks completed from now on.
    static func startAnnouncing(for organizationID: UUID, on db: any Database) async throws {
        let listening = try await WebhookEndpoint.query(on: db).filter(\.$organizationID == organizationID).filter(\.$active == true).all()
        guard !listening.contains(where: { $0.eventList.contains(.taskCompleted) }) else { return }
        try await db.sql.raw(markAnnounced(projects: "(SELECT id FROM projects WHERE organization_id = \(bind: organizationID))", returning: false))
            .run()
    }

    /// Marks the completed, unannounced tasks of `projects` (a parenthesised list or subquery)
    /// announced; with `returning`, yields each one's id, external id and project.
    private static func markAnnounced(projects: SQLQueryString, returning: Bool) -> SQLQueryString {
        """
        UPDATE tasks SET completion_announced = \(bind: true)
        WHERE state = 'complete' AND completion_announced = \(bind: false) AND project_id IN \(projects)
        \(unsafeRaw: returning ? "RETURNING id, external_id, project_id" : "")
        """
    }
}
