@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// The expert's earnings and the client's spend over the API, from real work and the ledger.
final class PayReportsTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    private func flooredPerTask() async throws -> PayFixture {
        try await PayFixture(t) {
            $0.name = "Sentiment"
            $0.pay = PayTerms(model: .perTask, amountMinor: 150, currency: "USD", options: PayOptions(hourlyFloorMinor: 3000))
            $0.budgetCapMinor = 100_000
        }
    }

    func testEarningsShowThisWeekBeforeAccrualAndTheLedgerAfter() async throws {
        let pay = try await flooredPerTask()
        for _ in 0..<3 { try await t.makeTask(in: pay.project) }
        let (_, token) = try await pay.expert()
        try await pay.answer(token, workSeconds: 600)
        try await pay.answer(token, workSeconds: 600)

        let before = try await t.send(.GET, "/api/v1/me/earnings", token: token)
        XCTAssertEqual(before.status, .ok, before.body.string)
        let current = try XCTUnwrap(before.json["current_period"] as? [String: Any])
        XCTAssertEqual(current["active_seconds"] as? Int, 1200)
        XCTAssertEqual(current["tasks"] as? Int, 2)
        XCTAssertEqual(current["estimated_minor"] as? Int, 1000)
        let lines = try XCTUnwrap(current["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { $0["kind"] as? String }, ["per_task", "floor_top_up"])
        XCTAssertEqual(lines.first?["project_name"] as? String, "Sentiment")
        XCTAssertEqual(before.json["pending_minor"] as? Int, 0)

        _ = try await pay.accrueThisWeek()
        let after = try await t.send(.GET, "/api/v1/me/earnings", token: token)
        XCTAssertEqual((after.json["current_period"] as? [String: Any])?["estimated_minor"] as? Int, 0, "the new week has no work yet")
        XCTAssertEqual(after.json["pending_minor"] as? Int, 1000)
        let week = try XCTUnwrap((after.json["history"] as? [[String: Any]])?.first)
        XCTAssertEqual(week["earnings_minor"] as? Int, 300)
        XCTAssertEqual(week["top_ups_minor"] as? Int, 700)
        XCTAssertEqual(week["accepted_answers"] as? Int, 2)
        XCTAssertEqual(week["active_seconds"] as? Int, 1200)

        let badCurrency = try await t.send(.GET, "/api/v1/me/earnings?currency=dollars", token: token)
        XCTAssertEqual(try badCurrency.problem().errors.map(\.field), ["currency"])
    }

    func testSpendShowsPostedEstimatedCommittedBurnAndProjection() async throws {
        let pay = try await flooredPerTask()
        for _ in 0..<4 { try await t.makeTask(in: pay.project) }
        let client = try await t.token(for: try await t.makeUser(.client, organization: pay.organization))
        let (_, token) = try await pay.expert()
        try await pay.answer(token, workSeconds: 600)
        try await pay.answer(token, workSeconds: 600)

        let spend = try await t.send(.GET, "/api/v1/projects/\(pay.project.id!)/spend", token: client)
        XCTAssertEqual(spend.status, .ok, spend.body.string)
        XCTAssertEqual(spend.json["posted_expert_cost_minor"] as? Int, 0)
        XCTAssertEqual(spend.json["unposted_estimate_minor"] as? Int, 300, "two accepted answers at 1.50, before the floor")
        XCTAssertEqual(spend.json["accepted_answers"] as? Int, 2)
        XCTAssertEqual(spend.json["remaining_answers"] as? Int, 2)
        XCTAssertEqual(spend.json["projected_cost_to_finish_minor"] as? Int, 300)
        let burn = try XCTUnwrap(spend.json["burn"] as? [[String: Any]])
        XCTAssertEqual(burn.count, 30)
        XCTAssertEqual(burn.last?["estimated_cost_minor"] as? Int, 300)
        let budget = try XCTUnwrap(spend.json["budget"] as? [String: Any])
        XCTAssertEqual(budget["status"] as? String, "open")
        // Two turns held at their maximum: 15 min at the 30.00/h floor = 7.50 each, 18.00 with the fee.
        XCTAssertEqual(budget["committed_charge_minor"] as? Int, 1800)

        _ = try await pay.accrueThisWeek()
        let accrued = try await t.send(.GET, "/api/v1/projects/\(pay.project.id!)/spend", token: client)
        XCTAssertEqual(accrued.json["posted_expert_cost_minor"] as? Int, 1000)
        XCTAssertEqual(accrued.json["posted_charge_minor"] as? Int, 1200)
        XCTAssertEqual(accrued.json["unposted_estimate_minor"] as? Int, 0)
        XCTAssertEqual((accrued.json["budget"] as? [String: Any])?["committed_charge_minor"] as? Int, 1200)

        let outsider = try await t.token(for: try await t.makeUser(.client, organization: try await t.makeOrganization()))
        let hidden = try await t.send(.GET, "/api/v1/projects/\(pay.project.id!)/spend", token: outsider)
        XCTAssertEqual(hidden.status, .notFound)
    }

    func testAnExhaustedBudgetTellsTheClientWhy() async throws {
        let pay = try await PayFixture(t) { $0.pay = PayTerms(model: .hourly, amountMinor: 3600, currency: "USD"); $0.budgetCapMinor = 1000 }
        try await t.makeTask(in: pay.project)
        let client = try await t.token(for: try await t.makeUser(.client, organization: pay.organization))
        let spend = try await t.send(.GET, "/api/v1/projects/\(pay.project.id!)/spend", token: client)
        let budget = try XCTUnwrap(spend.json["budget"] as? [String: Any])
        XCTAssertEqual(budget["status"] as? String, "committed")
        XCTAssertTrue((budget["reason"] as? String ?? "").contains("raise the budget cap"), "\(budget)")
    }

    func testAdminsSetPayLevelsThatPickTheRate() async throws {
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let expert = try await t.makeUser(.expert)
        let set = try await t.send(.PUT, "/api/v1/experts/\(expert.id!)/pay-level", token: admin, json: ["pay_level": "senior"])
        XCTAssertEqual(set.json["pay_level"] as? String, "senior")
        let stored = try await User.find(expert.id!, on: t.app.db)
        XCTAssertEqual(stored?.payLevel, "senior")
        let bad = try await t.send(.PUT, "/api/v1/experts/\(expert.id!)/pay-level", token: admin, json: ["pay_level": "Very Senior"])
        XCTAssertEqual(try bad.problem().errors.map(\.field), ["pay_level"])
        let cleared = try await t.send(.PUT, "/api/v1/experts/\(expert.id!)/pay-level", token: admin, json: ["pay_level": NSNull()])
        XCTAssertEqual(cleared.status, .ok)
        let clearedLevel = try await User.find(expert.id!, on: t.app.db)?.payLevel
        XCTAssertNil(clearedLevel)
    }
}

/// The earnings and spend pages show the same figures as the API.
final class PayPagesTests: XCTestCase {
    var t: TestApp!

    private func cookie(_ user: User) async throws -> String {
        "cadre_csrf=\(WebSupport.csrf); cadre_session=\(try await WebSupport.session(for: user, in: t))"
    }

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testEarningsAndSpendPagesShowTheFigures() async throws {
        let pay = try await PayFixture(t) {
            $0.name = "Sentiment"
            $0.pay = PayTerms(model: .perTask, amountMinor: 150, currency: "USD", options: PayOptions(hourlyFloorMinor: 3000))
            $0.budgetCapMinor = 100_000
        }
        for _ in 0..<3 { try await t.makeTask(in: pay.project) }
        let (expert, token) = try await pay.expert()
        try await pay.answer(token, workSeconds: 600)
        try await pay.answer(token, workSeconds: 600)
        let expertCookie = try await cookie(expert)
        let earnings = try await t.send(.GET, "/earnings", headers: ["Cookie": expertCookie])
        XCTAssertEqual(earnings.status, .ok)
        XCTAssertTrue(earnings.body.string.contains("10.00 USD"), "this week's estimate")
        XCTAssertTrue(earnings.body.string.contains("floor 30.00 USD/h"), "the top-up's explanation")

        _ = try await pay.accrueThisWeek()
        // A new session: the first one lapsed while the week closed.
        let after = try await t.send(.GET, "/earnings", headers: ["Cookie": try await cookie(expert)])
        XCTAssertTrue(after.body.string.contains("data-testid=\"pending\">10.00 USD"), after.body.string)
        XCTAssertTrue(after.body.string.contains("data-testid=\"history\""))

        let client = try await t.makeUser(.client, organization: pay.organization)
        let spend = try await t.send(.GET, "/projects/\(pay.project.id!)/spend", headers: ["Cookie": try await cookie(client)])
        XCTAssertEqual(spend.status, .ok)
        XCTAssertTrue(spend.body.string.contains("data-testid=\"posted-charge\">12.00 USD"), "10.00 cost + 20 % fee")
        XCTAssertTrue(spend.body.string.contains("data-testid=\"burn-chart\""))
        let outsider = try await t.makeUser(.client, organization: try await t.makeOrganization())
        let hidden = try await t.send(.GET, "/projects/\(pay.project.id!)/spend", headers: ["Cookie": try await cookie(outsider)])
        XCTAssertEqual(hidden.status, .notFound)
    }
}
