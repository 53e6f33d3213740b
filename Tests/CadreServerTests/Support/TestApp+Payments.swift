@testable import CadreServer
import CadreCore
import Foundation

/// Ledger fixtures: money posted through the store, as the accrual run and funding do.
extension TestApp {
    /// 23–29 November 2026: closed at the test clock's start (15 January 2027).
    static let pastWeek = try! PayPeriod(parsing: "2026-W48")
    static let pastMonth = try! PayPeriod(parsing: "2026-11")

    func usd(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .usd) }

    @discardableResult
    func fund(_ organization: Organization, _ minor: Int64, id: String = "funding-\(UUID().uuidString)") async throws -> Posting {
        let posting = try Posting.clientFunding(
            id: id, organization: organization.id!, amount: usd(minor), at: Self.pastMonth.start, memo: "wire")
        _ = try await LedgerStore.post(posting, on: app.db)
        return posting
    }

    /// An earning in `period`, posted as the accrual run posts it: dated at the period's last second.
    @discardableResult
    func earn(
        _ minor: Int64, expert: UUID, project: Project, period: PayPeriod = TestApp.pastWeek,
        kind: EarningsLine.Kind = .hourly, seconds: Int64 = 3600, answers: Int = 0
    ) async throws -> Posting {
        let line = EarningsLine(
            period: period, expertID: expert, projectID: project.id!, organizationID: project.$organization.id, kind: kind,
            amount: usd(minor), usage: WorkUsage(activeSeconds: seconds, acceptedAnswers: answers), explanation: "test earning")
        let posting = try line.posting()
        _ = try await LedgerStore.post(posting, on: app.db)
        return posting
    }

    /// A funded organization whose expert earned in the past week, and that week's batch posted.
    func seedPayoutBatch(for organization: Organization) async throws -> String {
        let project = try await makeProject(in: organization, state: .active)
        try await fund(organization, 100_000)
        try await earn(5_000, expert: UUID(), project: project)
        let run = try await PayoutRuns.run(period: Self.pastWeek, minimum: usd(1_000), now: clock.now, writer: app.writer, on: app.db)
        return run.batch.id
    }
}

extension TestResponse {
    /// The JSON body for comparing whole responses: key order is not part of JSON.
    var jsonObject: NSDictionary { NSDictionary(dictionary: json) }
}
