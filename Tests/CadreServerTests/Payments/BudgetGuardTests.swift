@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// A capped project stops handing out work before its committed cost (posted pay plus the
/// most every unposted turn can cost, with the platform fee) could pass the cap — also with
/// many experts asking at once, on SQLite and PostgreSQL.
final class BudgetGuardTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    /// 36.00/h with time capped at 1.5 × 600 s: a lease can cost 9.00, 10.80 with the 20 %
    /// fee; a cap of 50.00 admits four (43.20) and refuses the fifth (54.00).
    private func cappedProject() async throws -> PayFixture {
        try await PayFixture(t) {
            $0.pay = PayTerms(model: .hourly, amountMinor: 3600, currency: "USD")
            $0.timeBudgetSeconds = 600
            $0.budgetCapMinor = 5000
        }
    }

    func testConcurrentExpertsNeverCommitPastTheCap() async throws {
        let pay = try await cappedProject()
        for _ in 0..<12 { try await t.makeTask(in: pay.project) }
        var tokens: [String] = []
        for _ in 0..<12 { tokens.append(try await pay.expert().1) }
        let path = "/api/v1/projects/\(pay.project.id!)/assignments/next"
        let t: TestApp = self.t
        let statuses = try await withThrowingTaskGroup(of: (UInt, String).self) { group in
            for token in tokens {
                group.addTask {
                    let response = try await t.send(.POST, path, token: token)
                    return (response.status.code, response.status == .conflict ? try response.problem().code : "")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(statuses.filter { $0.0 == 201 }.count, 4, "\(statuses)")
        XCTAssertEqual(Set(statuses.filter { $0.0 != 201 }.map(\.1)), ["budget_committed"])
        let open = try await ProjectCost.openTurnMaximum(projectID: pay.project.id!, on: t.app.db)
        XCTAssertEqual(open, 4 * 900)
        let decision = try await BudgetGuard.decide(project: pay.project, newTurn: .zero(pay.usd), now: t.clock.now, on: t.app.db)
        XCTAssertEqual(decision, .admitted(committedCharge: Money(minorUnits: 4320, currency: pay.usd), remaining: Money(minorUnits: 680, currency: pay.usd)))
    }

    /// Two instances on one PostgreSQL, experts asking each of them at once: the project row
    /// lock makes the instances take turns, so the cap holds across them.
    func testTwoInstancesOnOnePostgreSQLNeverCommitPastTheCap() async throws {
        guard TestApp.postgresURL != nil else { throw XCTSkip("two instances share a database only on PostgreSQL") }
        let pay = try await cappedProject()
        for _ in 0..<12 { try await t.makeTask(in: pay.project) }
        var tokens: [String] = []
        for _ in 0..<12 { tokens.append(try await pay.expert().1) }
        let second = try await TestApp.make(migrate: false)
        let instances: [TestApp] = [t, second]
        let path = "/api/v1/projects/\(pay.project.id!)/assignments/next"
        let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
            for (index, token) in tokens.enumerated() {
                let instance = instances[index % 2]
                group.addTask { try await instance.send(.POST, path, token: token).status.code }
            }
            return try await group.reduce(into: [UInt]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses.filter { $0 == 201 }.count, 4, "\(statuses)")
        XCTAssertEqual(statuses.filter { $0 == 409 }.count, 8, "\(statuses)")
        let open = try await ProjectCost.openTurnMaximum(projectID: pay.project.id!, on: t.app.db)
        XCTAssertEqual(open, 4 * 900)
        try await second.shutdown()
    }

    func testFinishedWorkReleasesItsHeldMaximumOnceAccrued() async throws {
        let pay = try await cappedProject()
        for _ in 0..<8 { try await t.makeTask(in: pay.project) }
        var experts: [String] = []
        for _ in 0..<5 { experts.append(try await pay.expert().1) }
        for token in experts.prefix(4) { try await pay.answer(token, workSeconds: 60) }
        let refused = try await t.send(.POST, "/api/v1/projects/\(pay.project.id!)/assignments/next", token: experts[4])
        XCTAssertEqual(refused.status, .conflict)
        XCTAssertEqual(try refused.problem().code, "budget_committed", "answered but unposted work still holds its maximum")

        let report = try await pay.accrueThisWeek()
        XCTAssertEqual(report.postedMinor, ["USD": 240], "four minutes at 36.00/h")
        let admitted = try await t.send(.POST, "/api/v1/projects/\(pay.project.id!)/assignments/next", token: experts[4])
        XCTAssertEqual(admitted.status, .created, "posted cost 2.40 leaves room: \(admitted.body.string)")
    }

    func testSkippedAndLapsedLeasesGiveTheirBudgetBack() async throws {
        let pay = try await cappedProject()
        for _ in 0..<8 { try await t.makeTask(in: pay.project) }
        var experts: [String] = []
        for _ in 0..<5 { experts.append(try await pay.expert().1) }
        var leased: [String] = []
        for token in experts.prefix(4) {
            let response = try await t.send(.POST, "/api/v1/projects/\(pay.project.id!)/assignments/next", token: token)
            leased.append(try XCTUnwrap(response.json["id"] as? String))
        }
        let skipped = try await t.send(.POST, "/api/v1/assignments/\(leased[0])/skip", token: experts[0], json: ["reason": "not my field"])
        XCTAssertEqual(skipped.status, .ok)
        let afterSkip = try await t.send(.POST, "/api/v1/projects/\(pay.project.id!)/assignments/next", token: experts[4])
        XCTAssertEqual(afterSkip.status, .created, afterSkip.body.string)
    }

    func testUncappedProjectsAreNotHeld() async throws {
        let pay = try await PayFixture(t) { $0.pay = PayTerms(model: .hourly, amountMinor: 3600, currency: "USD") }
        for _ in 0..<3 { try await t.makeTask(in: pay.project) }
        for _ in 0..<3 {
            let response = try await t.send(.POST, "/api/v1/projects/\(pay.project.id!)/assignments/next", token: try await pay.expert().1)
            XCTAssertEqual(response.status, .created)
        }
        let open = try await ProjectCost.openTurnMaximum(projectID: pay.project.id!, on: t.app.db)
        XCTAssertEqual(open, 0)
    }
}
