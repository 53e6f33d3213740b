@testable import CadreCore
import XCTest

final class PayoutBatchTests: XCTestCase {
    typealias F = Fixture

    /// Ada earned 120.50, Ben 9.99 (below a 10.00 minimum), Cleo 10.00, all in week 48.
    func ledger() throws -> Ledger {
        var ledger = Ledger()
        try ledger.post(.clientFunding(id: "fund", organization: F.acme, amount: F.usd(1_000_000), at: F.day(-3)))
        for (expert, cents) in [(F.ada, Int64(12_050)), (F.ben, 999), (F.cleo, 1000)] {
            let line = EarningsLine(period: F.week48, expertID: expert, projectID: F.translation, organizationID: F.acme,
                                    kind: .perTask, amount: F.usd(cents), explanation: "")
            try ledger.post(line.posting())
        }
        return ledger
    }

    func testEveryExpertOwedAtLeastTheMinimumIsPaid() throws {
        let batch = try PayoutBatch.compute(period: F.week48, minimum: F.usd(1000), ledger: ledger())
        XCTAssertEqual(batch.id, "payout-2026-W48-USD")
        XCTAssertEqual(batch.lines, [PayoutLine(expertID: F.ada, amount: F.usd(12_050)), PayoutLine(expertID: F.cleo, amount: F.usd(1000))])
        XCTAssertEqual(batch.total, F.usd(13_050))
        XCTAssertEqual(batch.csv, """
            batch_id,period,expert_id,amount,currency
            payout-2026-W48-USD,2026-W48,00000000-0000-0000-0000-000000000001,120.50,USD
            payout-2026-W48-USD,2026-W48,00000000-0000-0000-0000-000000000003,10.00,USD

            """)
    }

    func testRunningTheSamePeriodTwiceCreatesNothingNew() throws {
        var ledger = try ledger()
        let first = try PayoutBatch.compute(period: F.week48, minimum: F.usd(1000), ledger: ledger)
        try ledger.post(XCTUnwrap(first.posting()))
        let second = try PayoutBatch.compute(period: F.week48, minimum: F.usd(1000), ledger: ledger)
        XCTAssertEqual(second, first)
        XCTAssertEqual(try ledger.post(XCTUnwrap(second.posting())), .duplicate(original: try XCTUnwrap(first.posting())))
        XCTAssertEqual(ledger.balance(of: .expertPayable(F.ada), in: .usd), Money.zero(.usd))
        XCTAssertEqual(ledger.balance(of: .expertPayable(F.ben), in: .usd), F.usd(999), "below the minimum rolls over")
        XCTAssertEqual(ledger.balance(of: .payoutClearing, in: .usd), F.usd(13_050))

        // Marking it paid is idempotent too.
        try ledger.post(XCTUnwrap(first.settlement(at: F.day(9), in: ledger)))
        XCTAssertEqual(try ledger.post(XCTUnwrap(first.settlement(at: F.day(10), in: ledger))).posting.at, F.day(9))
        XCTAssertEqual(ledger.balance(of: .payoutClearing, in: .usd), Money.zero(.usd))
        XCTAssertEqual(ledger.balance(of: .platformCash, in: .usd), F.usd(1_000_000 - 13_050))
        XCTAssertNoThrow(try ledger.checkInvariants())
    }

    func testTheNextPeriodPaysWhatRolledOverAndWhatWasEarnedLate() throws {
        var ledger = try ledger()
        try ledger.post(XCTUnwrap(PayoutBatch.compute(period: F.week48, minimum: F.usd(1000), ledger: ledger).posting()))
        let week49 = try PayPeriod(parsing: "2026-W49")
        try ledger.post(Posting(id: "late", kind: .bonus, at: week49.start.addingTimeInterval(60),
                                entries: [.debit(.clientFunds(F.acme), F.usd(1)), .credit(.expertPayable(F.ben), F.usd(1))], projectID: F.translation))
        let next = try PayoutBatch.compute(period: week49, minimum: F.usd(1000), ledger: ledger)
        XCTAssertEqual(next.lines, [PayoutLine(expertID: F.ben, amount: F.usd(1000))])
        XCTAssertEqual(try PayoutBatch.compute(period: F.week48, minimum: F.usd(1000), ledger: ledger).lines.count, 2, "week 48 still reads the same")
    }

    func testAnEmptyBatchPostsNothingAndTheMinimumMustBePositive() throws {
        let batch = try PayoutBatch.compute(period: F.week48, minimum: F.usd(1_000_000), ledger: ledger())
        XCTAssertEqual(batch.lines, [])
        XCTAssertNil(try batch.posting())
        XCTAssertEqual(batch.csv, "batch_id,period,expert_id,amount,currency\n")
        XCTAssertThrowsError(try PayoutBatch.compute(period: F.week48, minimum: F.usd(0), ledger: ledger()))
    }
}

extension PayoutBatchTests {
    func testACorrectionAfterThePeriodLowersTheLineInsteadOfOverpaying() throws {
        var ledger = try ledger()
        let ada = try XCTUnwrap(ledger.postings.first { $0.entries.contains { $0.account == .expertPayable(F.ada) } })
        // A partial correction after the period: 20.50 of Ada's earnings go back to the client.
        try ledger.post(Posting(id: "fix", kind: .earningAccrued, at: F.week48.end.addingTimeInterval(3600),
                                entries: [.debit(.expertPayable(F.ada), F.usd(2050)), .credit(.clientFunds(F.acme), F.usd(2050))],
                                projectID: F.translation))
        XCTAssertEqual(ada.entries[1].amount, F.usd(12_050))
        let batch = try PayoutBatch.compute(period: F.week48, minimum: F.usd(1000), ledger: ledger)
        XCTAssertEqual(batch.lines.first, PayoutLine(expertID: F.ada, amount: F.usd(10_000)))
        try ledger.post(XCTUnwrap(batch.posting()))
        XCTAssertNoThrow(try ledger.checkInvariants())
    }
}

extension PayoutBatchTests {
    func testOnlyAPostedBatchThatStandsCanBeMarkedPaid() throws {
        var ledger = try ledger()
        let batch = try PayoutBatch.compute(period: F.week48, minimum: F.usd(1000), ledger: ledger)
        XCTAssertThrowsError(try batch.settlement(at: F.day(9), in: ledger)) { XCTAssertEqual($0 as? LedgerError, .unknownPosting(batch.id)) }
        try ledger.post(XCTUnwrap(batch.posting()))
        try ledger.reverse(batch.id, reversalID: "withdrawn", at: F.day(8))
        XCTAssertThrowsError(try batch.settlement(at: F.day(9), in: ledger)) { XCTAssertEqual($0 as? LedgerError, .alreadyReversed(batch.id, by: "withdrawn")) }
    }
}
