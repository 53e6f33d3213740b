@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// Webhooks against a real local HTTP receiver: signed deliveries, retries with backoff,
/// the delivery log, redelivery, and each event announced once.
final class WebhookTests: XCTestCase {
    var t: TestApp!
    var receiver: FakeChatServer!
    var organization: Organization!
    var client: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        receiver = try await FakeChatServer.start(replying: .status(.internalServerError, "{}"))
        organization = try await t.makeOrganization()
        client = try await t.token(for: try await t.makeUser(.client, organization: organization))
    }

    override func tearDown() async throws {
        try await receiver.shutdown()
        try await t.shutdown()
    }

    private func register(_ events: [String]) async throws -> (id: String, secret: String) {
        let created = try await t.send(.POST, "/api/v1/organizations/\(organization.id!)/webhooks", token: client,
                                       json: ["url": receiver.baseURL + "/hooks", "events": events])
        XCTAssertEqual(created.status, .created, created.body.string)
        return (try XCTUnwrap(created.json["id"] as? String), try XCTUnwrap(created.json["secret"] as? String))
    }

    func testDeliveriesAreSignedRetriedWithBackoffLoggedAndRedelivered() async throws {
        let (webhook, secret) = try await register(["project.completed", "snapshot.ready"])
        XCTAssertTrue(secret.hasPrefix("whsec_"))
        let listed = try await t.send(.GET, "/api/v1/organizations/\(organization.id!)/webhooks", token: client)
        XCTAssertFalse(listed.body.string.contains(secret), "the secret is shown once")

        let project = try await t.makeProject(in: organization, state: .active)
        let completed = try await t.send(.POST, "/api/v1/projects/\(project.id!)/complete", token: client)
        XCTAssertEqual(completed.status, .ok, completed.body.string)
        try await Webhooks.run(app: t.app, now: t.clock.now)

        // The receiver was down: one attempt, logged, the next one 10 s later.
        XCTAssertEqual(receiver.received.count, 1)
        let first = try XCTUnwrap(receiver.received.first)
        XCTAssertEqual(first.headers.first(name: "Cadre-Event"), "project.completed")
        XCTAssertEqual(first.body["data"]?["project_id"]?.stringValue, project.id!.uuidString.lowercased())
        let delivery = try await XCTUnwrapAsync(try await WebhookDelivery.query(on: t.app.db).first())
        XCTAssertEqual(first.headers.first(name: "Cadre-Signature"),
                       Webhooks.signature(secret: secret, timestamp: Int(t.clock.now.timeIntervalSince1970), body: delivery.payload))
        XCTAssertEqual(delivery.attempts, 1)
        XCTAssertEqual(delivery.lastStatus, 500)
        try await Webhooks.run(app: t.app, now: t.clock.now)
        XCTAssertEqual(receiver.received.count, 1, "not due again before the backoff")

        receiver.script(.status(.ok, "{}"))
        t.clock.advance(by: 11)
        try await Webhooks.run(app: t.app, now: t.clock.now)
        XCTAssertEqual(receiver.received.count, 2)
        let log = try await t.send(.GET, "/api/v1/organizations/\(organization.id!)/webhooks/\(webhook)/deliveries", token: client)
        let entry = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(buffer: log.body)) as? [[String: Any]])?.first)
        XCTAssertEqual(entry["state"] as? String, "delivered")
        XCTAssertEqual(entry["attempts"] as? Int, 2)
        XCTAssertEqual(entry["last_status"] as? Int, 200)

        let again = try await t.send(
            .POST, "/api/v1/organizations/\(organization.id!)/webhooks/\(webhook)/deliveries/\(entry["id"] as! String)/redeliver", token: client)
        XCTAssertEqual(again.json["attempts"] as? Int, 3)
        XCTAssertEqual(receiver.received.count, 3)
        XCTAssertEqual(receiver.received[2].body, receiver.received[0].body, "a redelivery sends the same event")

        let outsider = try await t.token(for: try await t.makeUser(.client, organization: try await t.makeOrganization()))
        let hidden = try await t.send(.GET, "/api/v1/organizations/\(organization.id!)/webhooks/\(webhook)/deliveries", token: outsider)
        XCTAssertEqual(hidden.status, .notFound)
    }

    func testAFailingEndpointIsGivenUpAfterEightAttempts() async throws {
        _ = try await register(["project.completed"])
        let project = try await t.makeProject(in: organization, state: .active)
        _ = try await t.send(.POST, "/api/v1/projects/\(project.id!)/complete", token: client)
        for _ in 0..<10 {
            try await Webhooks.run(app: t.app, now: t.clock.now)
            t.clock.advance(by: 3601)
        }
        let delivery = try await XCTUnwrapAsync(try await WebhookDelivery.query(on: t.app.db).first())
        XCTAssertEqual(delivery.state, .failed)
        XCTAssertEqual(delivery.attempts, 8)
        XCTAssertEqual(receiver.received.count, 8)
        XCTAssertEqual(Webhooks.backoff(afterAttempts: 1), 10)
        XCTAssertEqual(Webhooks.backoff(afterAttempts: 3), 40)
        XCTAssertEqual(Webhooks.backoff(afterAttempts: 12), 3600)
    }

    /// Rounds running at once — on two instances sharing PostgreSQL, and twice on each — post
    /// every due delivery once: each round claims what it sends.
    func testRoundsRunningAtOnceSendEachDeliveryOnce() async throws {
        receiver.script(.status(.ok, "{}"))
        _ = try await register(["project.completed"])
        for number in 0..<30 {
            try await Webhooks.emit(.projectCompleted, organization: organization.id!, data: ["number": .integer(number)], now: t.clock.now, on: t.app.db)
        }
        let second = TestApp.postgresURL == nil ? nil : try await TestApp.make(migrate: false)
        let instances: [Application] = [t.app, second?.app ?? t.app]
        let now = t.clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for app in instances + instances { group.addTask { try await Webhooks.run(app: app, now: now) } }
            try await group.waitForAll()
        }
        try await second?.shutdown()
        let sent = receiver.received.compactMap { $0.headers.first(name: "Cadre-Delivery") }
        XCTAssertEqual(sent.count, 30, "each delivery posted once, not once per round")
        XCTAssertEqual(Set(sent).count, 30)
        let deliveries = try await WebhookDelivery.query(on: t.app.db).all()
        XCTAssertEqual(deliveries.map(\.state), Array(repeating: .delivered, count: 30))
        XCTAssertEqual(deliveries.map(\.attempts), Array(repeating: 1, count: 30))
    }

    func testCompletedTasksAreAnnouncedOnceAndBadSettingsAreNamed() async throws {
        let bad = try await t.send(.POST, "/api/v1/organizations/\(organization.id!)/webhooks", token: client,
                                   json: ["url": "ftp://example.com", "events": ["task.completed", "nope"]])
        XCTAssertEqual(Set(try bad.problem().errors.map(\.field)), ["url", "events[1]"])
        _ = try await register(["task.completed"])
        receiver.script(.status(.noContent, ""))
        let project = try await t.makeProject(in: organization, state: .active)
        try await t.makeTask(in: project, externalID: "ticket-7")
        let expert = try await t.token(for: try await t.makeUser(.expert))
        let leased = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: expert)
        let id = try XCTUnwrap(leased.json["id"] as? String)
        _ = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: expert, json: ["answer": ["label": "positive"]],
                             headers: ["Idempotency-Key": "k-\(id)"])
        try await Webhooks.run(app: t.app, now: t.clock.now)
        try await Webhooks.run(app: t.app, now: t.clock.now)
        XCTAssertEqual(receiver.received.map { $0.body["data"]?["external_id"]?.stringValue }, ["ticket-7"])
    }

    func testAnEndpointHearsOfTasksCompletedAfterItWasRegisteredOnly() async throws {
        receiver.script(.status(.noContent, ""))
        let project = try await t.makeProject(in: organization, state: .active)
        let expert = try await t.token(for: try await t.makeUser(.expert))
        let answer: (String) async throws -> Void = { externalID in
            try await self.t.makeTask(in: project, externalID: externalID)
            self.t.clock.advance(by: 1)
            let leased = try await self.t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: expert)
            let id = try XCTUnwrap(leased.json["id"] as? String)
            let submitted = try await self.t.send(.POST, "/api/v1/assignments/\(id)/submit", token: expert,
                                                  json: ["answer": ["label": "positive"]], headers: ["Idempotency-Key": "k-\(id)"])
            XCTAssertEqual(submitted.status, .created, submitted.body.string)
        }
        try await answer("before")
        try await Webhooks.run(app: t.app, now: t.clock.now)
        _ = try await register(["task.completed"])
        try await answer("after")
        try await Webhooks.run(app: t.app, now: t.clock.now)
        XCTAssertEqual(receiver.received.map { $0.body["data"]?["external_id"]?.stringValue }, ["after"])
        _ = try await register(["task.completed"])  // A second listener does not hide what the first has yet to hear.
        try await answer("later")
        try await Webhooks.run(app: t.app, now: t.clock.now)
        XCTAssertEqual(receiver.received.compactMap { $0.body["data"]?["external_id"]?.stringValue }.sorted(), ["after", "later", "later"])
    }
}

/// The webhooks page: register with the secret shown once, read the log, redeliver.
final class WebhookPageTests: XCTestCase {
    func testTheLogPageRegistersShowsDeliveriesAndRedelivers() async throws {
        let t = try await TestApp.make()
        // A receiver that refuses at once: an unreachable address would hold each attempt for the whole timeout.
        let receiver = try await FakeChatServer.start(replying: .status(.internalServerError, "{}"))
        let organization = try await t.makeOrganization()
        let client = try await t.makeUser(.client, organization: organization)
        let cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: client, in: t))"
        let form = WebSupport.urlEncoded(["csrf": WebSupport.csrf, "url": receiver.baseURL + "/hooks", "events[]": "project.completed"])
        let created = try await t.send(.POST, "/webhooks", rawBody: form, headers: WebSupport.headers(cookies: cookies, form: true))
        XCTAssertEqual(created.status, .created, created.body.string)
        XCTAssertTrue(created.body.string.contains("whsec_"), "the secret is shown once")
        let project = try await t.makeProject(in: organization, state: .active)
        try await ProjectsController.move(project, to: .completed, on: t.app.db)
        try await Webhooks.run(app: t.app, now: t.clock.now)
        let page = try await t.send(.GET, "/webhooks", headers: WebSupport.headers(cookies: cookies, form: false))
        XCTAssertFalse(page.body.string.contains("whsec_"))
        XCTAssertTrue(page.body.string.contains("project.completed"))
        let delivery = try await XCTUnwrapAsync(try await WebhookDelivery.query(on: t.app.db).first())
        let redeliver = try await t.send(.POST, "/webhooks/\(delivery.endpointID.uuidString.lowercased())/deliveries/\(delivery.id!.uuidString.lowercased())/redeliver",
                                         rawBody: WebSupport.urlEncoded(["csrf": WebSupport.csrf]), headers: WebSupport.headers(cookies: cookies, form: true))
        XCTAssertEqual(redeliver.status, .seeOther)
        let attempts = try await WebhookDelivery.find(delivery.id!, on: t.app.db)?.attempts
        XCTAssertEqual(attempts, 2)
        try await receiver.shutdown()
        try await t.shutdown()
    }
}

extension TestApp {
    /// An endpoint of `organization` at `receiver` (a server that answers at once, so a
    /// redelivery does not wait out the timeout), with one pending delivery.
    func makeWebhookDelivery(for organization: Organization, receiver: String) async throws -> (endpoint: UUID, delivery: UUID) {
        let endpoint = try await WebhookSettings.create(
            from: ["url": .string(receiver + "/hooks"), "events": ["snapshot.ready"]], organization: organization, on: app.db)
        try await Webhooks.emit(.snapshotReady, organization: organization.id!, data: ["snapshot_id": "none"], now: clock.now, on: app.db)
        let delivery = try await WebhookDelivery.query(on: app.db).filter(\.$endpointID == endpoint.id!).first()
        return (endpoint.id!, delivery!.id!)
    }
}
