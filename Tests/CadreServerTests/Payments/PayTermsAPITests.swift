@testable import CadreServer
import CadreCore
import FluentKit
import XCTest
import XCTVapor

/// A project's pay as clients write it: every option round-trips, every bad one is named.
final class PayTermsAPITests: XCTestCase {
    var t: TestApp!
    var client: String!

    override func setUp() async throws {
        t = try await TestApp.make()
        client = try await t.token(for: try await t.makeUser(.client, organization: try await t.makeOrganization()))
    }
    override func tearDown() async throws { try await t.shutdown() }

    private func project(pay: [String: Any]) -> [String: Any] {
        ["name": "Grading", "template": "classification", "configuration": ["labels": ["good", "bad"]], "pay": pay]
    }

    func testEveryPayOptionIsStoredAndShown() async throws {
        let pay: [String: Any] = [
            "model": "hourly_and_per_task", "amount_minor": 4000, "currency": "USD", "per_task_minor": 50,
            "hourly_rates_by_level": ["senior": 9000], "bonus": ["rate_bp": 1000, "bar_bp": 9000],
            "hourly_floor_minor": 2500, "rejected_time": "always_paid", "active_time_cap_seconds": 1200,
        ]
        let created = try await t.send(.POST, "/api/v1/projects", token: client, json: project(pay: pay))
        XCTAssertEqual(created.status, .created, created.body.string)
        let shown = try XCTUnwrap(created.json["pay"] as? [String: Any])
        XCTAssertEqual(shown["model"] as? String, "hourly_and_per_task")
        XCTAssertEqual(shown["per_task_minor"] as? Int, 50)
        XCTAssertEqual(shown["hourly_rates_by_level"] as? [String: Int], ["senior": 9000])
        XCTAssertEqual(shown["bonus"] as? [String: Int], ["rate_bp": 1000, "bar_bp": 9000])
        XCTAssertEqual(shown["hourly_floor_minor"] as? Int, 2500)
        XCTAssertEqual(shown["rejected_time"] as? String, "always_paid")
        XCTAssertEqual(shown["active_time_cap_seconds"] as? Int, 1200)

        let stored = try await Project.query(on: t.app.db).first()
        let rules = try XCTUnwrap(stored).payRules
        XCTAssertEqual(rules.hourly?.rate(forLevel: "senior").minorUnits, 9000)
        XCTAssertEqual(rules.hourly?.rate(forLevel: "junior").minorUnits, 4000)
        XCTAssertEqual(rules.perAcceptedAnswer?.minorUnits, 50)
        XCTAssertEqual(rules.rejectedTime, .alwaysPaid)
    }

    func testTheDefaultCapIsOneAndAHalfTimeBudgets() async throws {
        var body = project(pay: ["model": "hourly", "amount_minor": 4000, "currency": "USD"])
        body["time_budget_seconds"] = 600
        let created = try await t.send(.POST, "/api/v1/projects", token: client, json: body)
        XCTAssertEqual((created.json["pay"] as? [String: Any])?["active_time_cap_seconds"] as? Int, 900)
        XCTAssertEqual((created.json["pay"] as? [String: Any])?["rejected_time"] as? String, "paid_unless_fraud")
    }

    func testBadPayOptionsAreNamedAndNothingIsStored() async throws {
        let pay: [String: Any] = [
            "model": "hourly_and_per_task", "amount_minor": 4000, "currency": "USD",
            "hourly_rates_by_level": ["Senior Staff": 9000, "junior": -1], "bonus": ["rate_bp": 1000],
            "hourly_floor_minor": "lots", "rejected_time": "never", "active_time_cap_seconds": 5, "tip": 1,
        ]
        let response = try await t.send(.POST, "/api/v1/projects", token: client, json: project(pay: pay))
        XCTAssertEqual(response.status, .unprocessableEntity)
        XCTAssertEqual(Set(try response.problem().errors.map(\.field)), [
            "pay.tip", "pay.per_task_minor", "pay.hourly_rates_by_level.Senior Staff", "pay.hourly_rates_by_level.junior",
            "pay.bonus.bar_bp", "pay.hourly_floor_minor", "pay.rejected_time", "pay.active_time_cap_seconds",
        ])
        let perTaskWithExtra = try await t.send(.POST, "/api/v1/projects", token: client, json: project(pay: [
            "model": "per_task", "amount_minor": 100, "currency": "USD", "per_task_minor": 50, "hourly_rates_by_level": ["senior": 1],
        ]))
        XCTAssertEqual(Set(try perTaskWithExtra.problem().errors.map(\.field)), ["pay.per_task_minor", "pay.hourly_rates_by_level"])
        let count = try await Project.query(on: t.app.db).count()
        XCTAssertEqual(count, 0)
    }
}
