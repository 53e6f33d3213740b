@testable import CadreServer
import CadreCore
import XCTest
import XCTVapor

/// Walks every route with every kind of caller and checks the access decision.
///
/// Later features add their rows here; `testTheMatrixCoversEveryRoute` fails when a route
/// exists that the table does not mention.
final class AccessMatrixTests: XCTestCase {
    enum Actor: String, CaseIterable { case anonymous, candidate, expert, clientA, clientB, admin }

    enum Outcome: Equatable {
        /// Past the access check: a 2xx or 3xx, or a business-rule refusal (409) that only
        /// someone allowed to act could reach.
        case allow, unauthenticated, forbidden, hidden
        /// Web pages send a signed-out visitor to the sign-in page.
        case redirectToSignIn
    }

    struct Row: Sendable {
        var method: HTTPMethod
        var path: String
        var expected: [Actor: Outcome]
        var body: (@Sendable (Fixture) -> [String: Any])? = nil
        /// Web actions posted as JSON by page scripts (CSRF token in a header), not as forms.
        var json = false
        /// A plain-text body (resume uploads).
        var rawText: String? = nil
        /// Extra headers (tus uploads); `{assignment64}` stands for the assignment id in Base64.
        var headers: [String: String] = [:]
    }

    struct Fixture: Sendable {
        var organizationA: UUID
        var uniqueEmail: String
        var spareEmail: String
        var actor: Actor
    }

    static func everyone(_ outcome: Outcome) -> [Actor: Outcome] {
        Dictionary(uniqueKeysWithValues: Actor.allCases.map { ($0, outcome) })
    }

    static let signedIn: [Actor: Outcome] = everyone(.allow).merging([.anonymous: .unauthenticated]) { $1 }
    static let adminOnly: [Actor: Outcome] = [
        .anonymous: .unauthenticated, .candidate: .forbidden, .expert: .forbidden,
        .clientA: .forbidden, .clientB: .forbidden, .admin: .allow,
    ]
    static let organizationA: [Actor: Outcome] = [
        .anonymous: .unauthenticated, .candidate: .forbidden, .expert: .forbidden,
        .clientA: .allow, .clientB: .hidden, .admin: .allow,
    ]
    static let adminPage: [Actor: Outcome] = adminOnly.merging([.anonymous: .redirectToSignIn]) { $1 }
    static let anyProjectUser: [Actor: Outcome] = signedIn.merging([.candidate: .forbidden]) { $1 }
    static let manageProjectA: [Actor: Outcome] = organizationA
    static let readProjectA: [Actor: Outcome] = organizationA.merging([.expert: .allow]) { $1 }
    /// Expert work: the assignment rows use one held by the expert caller.
    static let work: [Actor: Outcome] = adminOnly.merging([.expert: .allow]) { $1 }
    /// The fixture's upload belongs to the expert.
    static let uploader = work
    /// Its contributor, the project's client and admins; others as if it did not exist.
    static let clipViewers: [Actor: Outcome] = [
        .anonymous: .unauthenticated, .candidate: .hidden, .expert: .allow, .clientA: .allow, .clientB: .hidden, .admin: .allow,
    ]
    /// Reviews: the expert caller holds the project's reviewer qualification and the review
    /// lease of a submission by another expert.
    static let review: [Actor: Outcome] = adminOnly.merging([.expert: .allow]) { $1 }
    static let ownQualifications: [Actor: Outcome] = adminOnly.merging([.expert: .allow]) { $1 }
    /// The candidate caller owns the application, its interviews and its decision.
    static let ownApplication: [Actor: Outcome] = adminOnly.merging([.candidate: .allow, .expert: .hidden]) { $1 }
    /// Anyone who may hold an application: candidates, experts applying for more domains, admins.
    static let applicant: [Actor: Outcome] = adminOnly.merging([.candidate: .allow, .expert: .allow]) { $1 }
    static let searchExperts: [Actor: Outcome] = adminOnly.merging([.clientA: .allow, .clientB: .allow]) { $1 }
    /// Web pages answer a signed-out visitor with the sign-in page, and otherwise as the API.
    static func page(_ outcomes: [Actor: Outcome]) -> [Actor: Outcome] {
        outcomes.merging([.anonymous: .redirectToSignIn]) { $1 }
    }
    /// Billing pages show the caller's own organization (an admin chooses one), so both clients pass.
    static let billing: [Actor: Outcome] = adminOnly.merging([.clientA: .allow, .clientB: .allow]) { $1 }
    /// Each client manages its own organization's webhooks; an admin must name one (422, allowed).
    static let webhookPages = billing
    static let createProjectPage: [Actor: Outcome] = page(anyProjectUser.merging([.expert: .forbidden]) { $1 })

    static let projectForm: @Sendable (Fixture) -> [String: Any] = { fixture in
        var form: [String: Any] = [
            "name": "Matrix", "template": "classification", "configuration": #"{"labels":["positive","negative","neutral"]}"#,
            "answers_per_task": "1", "review_policy": "none", "pay_model": "per_task", "pay_amount": "1.00", "currency": "USD",
            "time_budget_minutes": "10", "lease_minutes": "15", "priority": "0",
        ]
        if fixture.actor == .admin { form["organization_id"] = fixture.organizationA.uuidString }
        return form
    }

    static let newProject: @Sendable (Fixture) -> [String: Any] = { fixture in
        var body: [String: Any] = [
            "name": "Matrix", "template": "classification", "configuration": ["labels": ["yes", "no"]],
            "pay": ["model": "per_task", "amount_minor": 100, "currency": "USD"],
        ]
        if fixture.actor == .admin { body["organization_id"] = fixture.organizationA.uuidString }
        return body
    }

    static func newUser(role: String) -> @Sendable (Fixture) -> [String: Any] {
        { ["email": $0.uniqueEmail, "password": "long-enough-pw", "name": "New", "role": role] }
    }


    var t: TestApp!
    var tokens: [UUID: String] = [:]

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    /// Each placeholder of the table and the route parameter it stands for.
    static let routeParameters: [(placeholder: String, parameter: String)] = [
        ("{orgA}", ":organizationID"), ("{projA}", ":projectID"), ("{expert}", ":expertID"), ("{assignment}", ":assignmentID"),
        ("{review}", ":assignmentID"), ("{standing}", ":standingID"), ("{application}", ":applicationID"),
        ("{interview}", ":interviewID"), ("{decision}", ":decisionID"), ("{appeal}", ":appealID"), ("{domain}", ":domain"),
        ("{month}", ":month"), ("{batch}", ":batchID"), ("{upload}", ":uploadID"), ("{snapshot}", ":snapshotID"), ("{file}", ":name"),
        ("{webhook}", ":webhookID"), ("{delivery}", ":deliveryID"),
    ]

    func testTheMatrixCoversEveryRoute() {
        let registered = Set(t.app.routes.all.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") })
        let tabled = Set(Self.rows.map { row in
            Self.routeParameters.reduce("\(row.method.rawValue) \(row.path)") { path, pair in
                path.replacingOccurrences(of: pair.placeholder, with: pair.parameter)
            }
        })
        XCTAssertEqual(registered.subtracting(tabled).sorted(), [], "routes missing from the access matrix")
        XCTAssertEqual(tabled.subtracting(registered).sorted(), [], "matrix rows for routes that do not exist")
    }

    func testEveryRouteWithEveryRole() async throws {
        let organizationA = try await t.makeOrganization("Org A")
        let organizationB = try await t.makeOrganization("Org B")
        let spare = try await t.makeUser(.expert)
        var users: [Actor: User] = [:]
        users[.candidate] = try await t.makeUser(.candidate)
        users[.expert] = try await t.makeUser(.expert)
        users[.clientA] = try await t.makeUser(.client, organization: organizationA)
        users[.clientB] = try await t.makeUser(.client, organization: organizationB)
        users[.admin] = try await t.makeUser(.admin)
        let batchID = try await t.seedPayoutBatch(for: organizationA)
        try await LeakScan.plantInOtherOrganization(organizationB, t)
        let receiver = try await FakeChatServer.start(replying: .status(.internalServerError, "{}"))

        for row in Self.rows {
            for actor in Actor.allCases {
                let fixture = Fixture(
                    organizationA: organizationA.id!, uniqueEmail: "u\(UUID().uuidString.prefix(8).lowercased())@example.com",
                    spareEmail: spare.email, actor: actor)
                // A fresh active project each time, so one caller's state change does not decide the next one's answer.
                let project = try await t.makeProject(in: organizationA, state: .active)
                let assignment = try await t.makeAssignment(in: project, for: users[.expert]!)
                // The API's own description names the secret fields; it holds no data.
                if LeakScan.scanned.contains(actor), row.path != "/openapi.json" { try await LeakScan.plant(in: project, peer: spare, t) }
                let review = try await t.makeReview(in: project, by: spare, reviewer: actor == .admin ? users[.admin]! : users[.expert]!)
                // Only the recruiting rows need recruiting rows.
                let needsRecruiting = ["{application}", "{interview}", "{decision}", "{appeal}"].contains { row.path.contains($0) }
                let recruiting = needsRecruiting ? try await t.makeRecruitingFixture(for: users[.candidate]!) : nil
                let snapshot = row.path.contains("{snapshot}")
                    ? try await Snapshots.take(try SnapshotSpec.validate(["format": "labels"], kind: project.template), of: project,
                                               now: t.clock.now, dataDirectory: t.app.cadreConfiguration.dataDirectory, blobs: t.app.blobs, writer: t.app.writer, on: t.app.db)
                    : nil
                let path = row.path.replacingOccurrences(of: "{orgA}", with: organizationA.id!.uuidString)
                    .replacingOccurrences(of: "{projA}", with: project.id!.uuidString)
                    .replacingOccurrences(of: "{expert}", with: users[.expert]!.id!.uuidString)
                    .replacingOccurrences(of: "{standing}", with: users[.expert]!.id!.uuidString)
                    .replacingOccurrences(of: "{assignment}", with: assignment.id!.uuidString)
                    .replacingOccurrences(of: "{review}", with: review.id!.uuidString)
                    .replacingOccurrences(of: "{application}", with: recruiting?.application.uuidString ?? "")
                    .replacingOccurrences(of: "{interview}", with: recruiting?.interview.uuidString ?? "")
                    .replacingOccurrences(of: "{decision}", with: recruiting?.decision.uuidString ?? "")
                    .replacingOccurrences(of: "{appeal}", with: recruiting?.appeal.uuidString ?? "")
                    .replacingOccurrences(of: "{domain}", with: "mathematics")
                    .replacingOccurrences(of: "{month}", with: "2026-11").replacingOccurrences(of: "{batch}", with: batchID)
                    .replacingOccurrences(of: "{snapshot}", with: snapshot?.id?.uuidString ?? "").replacingOccurrences(of: "{file}", with: "labels.jsonl")
                let upload = row.path.contains("{upload}") ? try await t.makeClipUpload(for: assignment) : nil
                let hook = row.path.contains("{webhook}") ? try await t.makeWebhookDelivery(for: organizationA, receiver: receiver.baseURL) : nil
                let routed = path.replacingOccurrences(of: "{upload}", with: upload?.id?.uuidString ?? "")
                    .replacingOccurrences(of: "{webhook}", with: hook?.endpoint.uuidString ?? "")
                    .replacingOccurrences(of: "{delivery}", with: hook?.delivery.uuidString ?? "")
                var fixtureHeaders = row.headers
                for (name, value) in fixtureHeaders {
                    fixtureHeaders[name] = value.replacingOccurrences(of: "{assignment64}", with: Data(assignment.id!.uuidString.utf8).base64EncodedString())
                }
                var sent = row
                sent.headers = fixtureHeaders
                let response = try await send(sent, path: routed, as: users[actor], fixture: fixture)
                let outcome = classify(response)
                XCTAssertEqual(outcome, row.expected[actor], "\(row.method) \(row.path) as \(actor): HTTP \(response.status.code) \(response.body.string.prefix(200))")
                // The API's own description names the secret fields; it holds no data.
                if LeakScan.scanned.contains(actor), row.path != "/openapi.json" {
                    let leaked = LeakScan.findings(in: response.body.string)
                    XCTAssertEqual(leaked, [], "\(row.method) \(row.path) as \(actor) shows what it must not: \(response.body.string.prefix(300))")
                }
            }
        }
        try await receiver.shutdown()
    }

    private func send(_ row: Row, path: String, as user: User?, fixture: Fixture) async throws -> TestResponse {
        let isWeb = !path.hasPrefix("/api/")
        guard isWeb else {
            var token: String?
            if let user {
                if let cached = tokens[user.id!] { token = cached } else { token = try await t.token(for: user) }
                // Signing out revokes the token; every other row reuses one sign-in per caller.
                tokens[user.id!] = row.path == "/api/v1/sessions/current" ? nil : token
            }
            if let text = row.rawText {
                return try await t.send(row.method, path, token: token, rawBody: text, headers: ["Content-Type": "text/plain"])
            }
            var extra = HTTPHeaders()
            for (name, value) in row.headers { extra.add(name: name, value: value) }
            return try await t.send(row.method, path, token: token, json: row.body?(fixture), headers: extra)
        }
        // Web routes: a session cookie and the CSRF pair, as a browser would send them.
        var cookies = "cadre_csrf=\(WebSupport.csrf)"
        if let user { cookies += "; cadre_session=\(try await WebSupport.session(for: user, in: t))" }
        if row.json {
            var headers: HTTPHeaders = ["Cookie": cookies, "Accept": "application/json", "X-CSRF-Token": WebSupport.csrf, "Idempotency-Key": fixture.uniqueEmail]
            for (name, value) in row.headers { headers.replaceOrAdd(name: name, value: value) }
            return try await t.send(row.method, path, json: row.body?(fixture) ?? [:], headers: headers)
        }
        var form = row.body?(fixture) ?? [:]
        form["csrf"] = WebSupport.csrf
        return try await t.send(row.method, path, rawBody: row.method == .POST ? WebSupport.urlEncoded(form) : nil,
                                headers: WebSupport.headers(cookies: cookies, form: row.method == .POST))
    }

    private func classify(_ response: TestResponse) -> Outcome {
        switch response.status {
        case .unauthorized: return .unauthenticated
        case .forbidden: return .forbidden
        case .notFound: return .hidden
        case .seeOther where response.headers.first(name: .location) == "/signin": return .redirectToSignIn
        // Refusals that only someone past the access check can reach: a business rule (409) or
        // a bad body (400, 422). Handlers check access first, so a denied caller never gets these.
        case .conflict, .badRequest, .unprocessableEntity: return .allow
        default: return response.status.code < 400 ? .allow : .forbidden
        }
    }
}
