@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

final class QualityPageTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testTheClientSeesChartsAndPseudonymsAndCanReinstate() async throws {
        // setup: two experts answered, one of them paused
        let organization = try await t.makeOrganization()
        let project = try await t.makeProject(in: organization, state: .active) { $0.answersPerTask = 2 }
        try await t.makeTask(in: project)
        var experts: [User] = []
        for _ in 0..<2 {
            let expert = try await t.makeUser(.expert)
            experts.append(expert)
            let token = try await t.token(for: expert)
            let lease = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
            let id = try XCTUnwrap(lease.json["id"] as? String)
            _ = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: token, json: ["answer": ["label": "positive"]],
                                 headers: ["Idempotency-Key": id])
        }
        // Two recomputations make the first stretch of the agreement line.
        for _ in 0..<2 {
            try await QualityJobs.enqueue(projectID: project.id!, now: t.clock.now, on: t.app.db)
            t.clock.advance(by: QualityJobs.debounce + 1)
            try await QualityJobs.runDue(t.app)
        }
        let standing = try await ExpertStanding.find(project: project.id!, expert: experts[0].id!, now: t.clock.now, on: t.app.db)
        standing.paused = true
        standing.pauseReason = "Below the bar"
        standing.goldAnswered = 5
        try await standing.save(on: t.app.db)
        let client = try await t.makeUser(.client, organization: organization)
        let cookies = "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: client, in: t))"

        // MUT
        let page = try await t.send(.GET, "/projects/\(project.id!)/quality", headers: WebSupport.headers(cookies: cookies, form: false))

        // validation
        XCTAssertEqual(page.status, .ok)
        let html = page.body.string
        XCTAssertTrue(html.contains("data-testid=\"confidence-chart\""))
        XCTAssertTrue(html.contains("data-testid=\"agreement-chart\""))
        XCTAssertTrue(html.contains("data-testid=\"standing-table\""))
        XCTAssertTrue(html.contains(Pseudonym.of(experts[1].id!, in: project.id!)))
        for expert in experts { XCTAssertFalse(html.contains(expert.id!.uuidString), "expert identities stay hidden") }
        XCTAssertTrue(html.contains("data-testid=\"reinstate\""))

        let reinstate = try await t.send(
            .POST, "/projects/\(project.id!)/quality/\(standing.id!)/reinstate", rawBody: "csrf=\(WebSupport.csrf)",
            headers: WebSupport.headers(cookies: cookies, form: true))
        XCTAssertEqual(reinstate.status, .seeOther)
        let cleared = try await ExpertStanding.find(standing.id, on: t.app.db)
        XCTAssertEqual(cleared?.paused, false)
        XCTAssertEqual(cleared?.goldAnswered, 0)
    }
}
