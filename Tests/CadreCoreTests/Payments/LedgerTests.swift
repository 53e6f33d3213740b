@testable import CadreCore
import XCTest

final class LedgerTests: XCTestCase {
    typealias F = Fixture

    func funded(_ amount: Int64 = 100_000) throws -> Ledger {
        var ledger = Ledger()
        try ledger.post(.clientFunding(id: "fund-1", organization: F.acme, amount: F.usd(amount), at: F.day(0)))
        return ledger
    }

    func earning(_ id: String, _ expert: UUID, _ amount: Int64, kind: Posting.Kind = .earningAccrued) throws -> Posting {
        try Posting(id: id, kind: kind, at: F.day(1),
                    entries: [.debit(.clientFunds(F.acme), F.usd(amount)), .credit(.expertPayable(expert), F.usd(amount))],
                    projectID: F.translation)
    }

    func testPostingsMustBalanceInOneCurrency() {
        XCTAssertThrowsError(try Posting(id: "p", kind: .clientFunding, at: F.day(0), entries: [.debit(.platformCash, F.usd(5)), .credit(.clientFunds(F.acme), F.usd(4))])) {
            XCTAssertEqual($0 as? LedgerError, .unbalanced("p", debits: F.usd(5), credits: F.usd(4)))
        }
        XCTAssertThrowsError(try Posting(id: "p", kind: .clientFunding, at: F.day(0), entries: [.debit(.platformCash, F.usd(5))])) {
            XCTAssertEqual($0 as? LedgerError, .tooFewEntries("p"))
        }
        XCTAssertThrowsError(try Posting(id: "p", kind: .clientFunding, at: F.day(0),
                                         entries: [.debit(.platformCash, F.usd(5)), .credit(.platformRevenue, Money(minorUnits: 5, currency: .eur))])) {
            XCTAssertEqual($0 as? LedgerError, .mixedCurrencies("p"))
        }
        XCTAssertThrowsError(try Posting(id: "p", kind: .clientFunding, at: F.day(0), entries: [.debit(.platformCash, F.usd(0)), .credit(.platformRevenue, F.usd(0))]))
        XCTAssertThrowsError(try Posting(id: "", kind: .clientFunding, at: F.day(0), entries: [.debit(.platformCash, F.usd(1)), .credit(.platformRevenue, F.usd(1))]))
        XCTAssertThrowsError(try Posting(id: "b", kind: .bonus, at: F.day(0), entries: [.debit(.clientFunds(F.acme), F.usd(1)), .credit(.expertPayable(F.ada), F.usd(1))])) {
            XCTAssertEqual($0 as? LedgerError, .expertCostWithoutProject("b"))
        }
        XCTAssertThrowsError(try Posting(id: "r", kind: .reversal, at: F.day(0), entries: [.debit(.platformCash, F.usd(1)), .credit(.platformRevenue, F.usd(1))]))
    }

    func testBalancesAreDerivedFromEntriesOnEachAccountsNormalSide() throws {
        var ledger = try funded()
        try ledger.post(earning("e1", F.ada, 4002))
        try ledger.post(earning("e2", F.ben, 2000, kind: .topUp))
        XCTAssertEqual(ledger.balance(of: .platformCash, in: .usd), F.usd(100_000))
        XCTAssertEqual(ledger.balance(of: .clientFunds(F.acme), in: .usd), F.usd(93_998))
        XCTAssertEqual(ledger.balance(of: .expertPayable(F.ada), in: .usd), F.usd(4002))
        XCTAssertEqual(ledger.balance(of: .expertPayable(F.ada), in: .eur), Money.zero(.eur))
        XCTAssertNoThrow(try ledger.checkInvariants())
        XCTAssertEqual(try Ledger(replaying: ledger.postings).balances, ledger.balances)
    }

    func testAPostedIdIsANoOpThatReturnsTheOriginal() throws {
        var ledger = try funded()
        let first = try earning("e1", F.ada, 500)
        XCTAssertEqual(try ledger.post(first), .applied(first))
        let retry = try Posting(id: "e1", kind: .earningAccrued, at: F.day(3), entries: first.entries, projectID: F.translation, memo: "retried later")
        XCTAssertEqual(try ledger.post(retry), .duplicate(original: first))
        XCTAssertEqual(ledger.postings.count, 2)
        XCTAssertEqual(ledger.balance(of: .expertPayable(F.ada), in: .usd), F.usd(500))
        XCTAssertThrowsError(try ledger.post(try earning("e1", F.ada, 501))) { XCTAssertEqual($0 as? LedgerError, .conflictingPosting("e1")) }
    }

    func testCorrectionsAreReversalsNeverEdits() throws {
        var ledger = try funded()
        try ledger.post(earning("e1", F.ada, 700))
        let outcome = try ledger.reverse("e1", reversalID: "rev-e1", at: F.day(2), memo: "answer was fraud")
        XCTAssertEqual(outcome.posting.reverses, "e1")
        XCTAssertEqual(outcome.posting.effectiveKind, .earningAccrued)
        XCTAssertEqual(ledger.balance(of: .expertPayable(F.ada), in: .usd), Money.zero(.usd))
        XCTAssertEqual(ledger.balance(of: .clientFunds(F.acme), in: .usd), F.usd(100_000))
        XCTAssertEqual(ledger.postings.map(\.id), ["fund-1", "e1", "rev-e1"], "history is kept")
        XCTAssertEqual(try ledger.reverse("e1", reversalID: "rev-e1", at: F.day(3)), .duplicate(original: outcome.posting))
        XCTAssertThrowsError(try ledger.reverse("e1", reversalID: "rev-e1-again", at: F.day(3))) {
            XCTAssertEqual($0 as? LedgerError, .alreadyReversed("e1", by: "rev-e1"))
        }
        XCTAssertThrowsError(try ledger.reverse("nope", reversalID: "x", at: F.day(3))) { XCTAssertEqual($0 as? LedgerError, .unknownPosting("nope")) }
        XCTAssertThrowsError(try ledger.reverse("fund-1", reversalID: "rev-e1", at: F.day(3))) { XCTAssertEqual($0 as? LedgerError, .conflictingPosting("rev-e1")) }
        XCTAssertThrowsError(try ledger.reverse("rev-e1", reversalID: "x", at: F.day(3))) { XCTAssertEqual($0 as? LedgerError, .cannotReverseReversal("rev-e1")) }
        XCTAssertNoThrow(try ledger.checkInvariants())
    }

    func testGuardedAccountsNeverGoNegativeAndARefusedPostingChangesNothing() throws {
        var ledger = try funded(1000)
        XCTAssertThrowsError(try ledger.post(earning("too-much", F.ada, 1001))) {
            XCTAssertEqual($0 as? LedgerError, .wouldGoNegative(.clientFunds(F.acme), balance: F.usd(-1), posting: "too-much"))
        }
        XCTAssertEqual(ledger.postings.count, 1)
        XCTAssertEqual(ledger.balance(of: .clientFunds(F.acme), in: .usd), F.usd(1000))
        XCTAssertNil(ledger.posting(id: "too-much"))
        // An earning already paid out cannot be reversed: the expert's payable would go negative.
        try ledger.post(earning("e1", F.ada, 800))
        let batch = try PayoutBatch.compute(period: F.week48, minimum: F.usd(100), ledger: ledger)
        try ledger.post(XCTUnwrap(batch.posting()))
        XCTAssertThrowsError(try ledger.reverse("e1", reversalID: "rev-e1", at: F.day(9))) {
            guard case .wouldGoNegative(.expertPayable(F.ada), _, _) = $0 as? LedgerError else { return XCTFail("\($0)") }
        }
    }
}
