@testable import CadreServer
import CadreCore
import XCTest

/// An organization with funds, an active project paid as the test says, and experts who
/// work it through the API while the test moves the clock.
struct PayFixture {
    let t: TestApp
    let organization: Organization
    let project: Project
    let usd = try! Currency(code: "USD")

    init(_ t: TestApp, fundsMinor: Int64 = 1_000_000, adjust: (inout ProjectSettings) -> Void) async throws {
        self.t = t
        organization = try await t.makeOrganization()
        project = try await t.makeProject(in: organization, state: .active) { adjust(&$0) }
        if fundsMinor > 0 {
            let funding = try Posting.clientFunding(
                id: "funding-\(organization.id!)", organization: organization.id!, amount: Money(minorUnits: fundsMinor, currency: usd), at: t.clock.now)
            _ = try await LedgerStore.post(funding, on: t.app.db)
        }
    }

    func expert(level: String? = nil) async throws -> (User, String) {
        let user = try await t.makeUser(.expert)
        if let level {
            user.payLevel = level
            try await user.save(on: t.app.db)
        }
        return (user, try await t.token(for: user))
    }

    /// Leases a task, works on it with a heartbeat every 30 s for `seconds`, and submits.
    @discardableResult
    func answer(_ token: String, workSeconds seconds: Int, label: String = "positive", file: StaticString = #filePath, line: UInt = #line) async throws -> String {
        let leased = try await t.send(.POST, "/api/v1/projects/\(project.id!)/assignments/next", token: token)
        XCTAssertEqual(leased.status, .created, leased.body.string, file: file, line: line)
        let id = try XCTUnwrap(leased.json["id"] as? String, file: file, line: line)
        try await beat("/api/v1/assignments/\(id)/heartbeat", token, seconds: seconds)
        let submitted = try await t.send(
            .POST, "/api/v1/assignments/\(id)/submit", token: token, json: ["answer": ["label": label]], headers: ["Idempotency-Key": "submit-\(id)"])
        XCTAssertEqual(submitted.status, .created, submitted.body.string, file: file, line: line)
        return id
    }

    /// Heartbeats every 30 s (and a last shorter gap) over `seconds`.
    func beat(_ path: String, _ token: String, seconds: Int) async throws {
        var left = seconds
        while left > 0 {
            let step = min(30, left)
            t.clock.advance(by: TimeInterval(step))
            left -= step
            let response = try await t.send(.POST, path, token: token)
            XCTAssertEqual(response.status, .ok, response.body.string)
        }
    }

    /// Moves past the end of the current week and accrues it.
    func accrueThisWeek() async throws -> PayAccrual.Report {
        let week = PayPeriod.isoWeek(containing: t.clock.now)
        t.clock.advance(by: week.end.timeIntervalSince(t.clock.now) + 60)
        return try await PayAccrual.accrue(week, now: t.clock.now, writer: t.app.writer, on: t.app.db)
    }

    func payable(_ user: User) async throws -> Int64 {
        try await LedgerStore.balance(of: .expertPayable(user.id!), in: usd, on: t.app.db).minorUnits
    }

    func funds() async throws -> Int64 {
        try await LedgerStore.balance(of: .clientFunds(organization.id!), in: usd, on: t.app.db).minorUnits
    }
}
