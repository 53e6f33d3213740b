@testable import CadreCore
import XCTest

final class ExpertStatementTests: XCTestCase {
    typealias F = Fixture

    func testPendingInPayoutAndPaidFollowTheBatches() throws {
        var ledger = Ledger()
        try ledger.post(.clientFunding(id: "fund", organization: F.acme, amount: F.usd(100_000), at: F.day(-7)))
        let lines = [
            EarningsLine(period: F.week48, expertID: F.ada, projectID: F.translation, organizationID: F.acme, kind: .hourly,
                         amount: F.usd(6000), usage: WorkUsage(activeSeconds: 5400, acceptedAnswers: 3), explanation: ""),
            EarningsLine(period: F.week48, expertID: F.ada, projectID: F.translation, organizationID: F.acme, kind: .bonus,
                         amount: F.usd(600), explanation: ""),
        ]
        for line in lines { try ledger.post(line.posting()) }
        let batch = try PayoutBatch.compute(period: F.week48, minimum: F.usd(100), ledger: ledger)
        try ledger.post(XCTUnwrap(batch.posting()))
        let week49 = try PayPeriod(parsing: "2026-W49")
        try ledger.post(Posting(id: "next", kind: .topUp, at: week49.start.addingTimeInterval(60),
                                entries: [.debit(.clientFunds(F.acme), F.usd(250)), .credit(.expertPayable(F.ada), F.usd(250))], projectID: F.translation))

        var statement = try ExpertStatement.compute(expert: F.ada, currency: .usd, ledger: ledger)
        XCTAssertEqual([statement.pending, statement.inPayout, statement.paid], [F.usd(250), F.usd(6600), F.usd(0)])
        XCTAssertEqual(statement.periods.map(\.period), [F.week48, week49])
        XCTAssertEqual(statement.periods[0].earnings, F.usd(6000))
        XCTAssertEqual(statement.periods[0].bonuses, F.usd(600))
        XCTAssertEqual(statement.periods[0].usage, WorkUsage(activeSeconds: 5400, acceptedAnswers: 3))
        XCTAssertEqual(statement.periods[1].topUps, F.usd(250))

        try ledger.post(XCTUnwrap(batch.settlement(at: F.day(9), in: ledger)))
        statement = try ExpertStatement.compute(expert: F.ada, currency: .usd, ledger: ledger)
        XCTAssertEqual([statement.pending, statement.inPayout, statement.paid], [F.usd(250), F.usd(0), F.usd(6600)])
        XCTAssertEqual(try ExpertStatement.compute(expert: F.ben, currency: .usd, ledger: ledger).periods, [])
    }
}
