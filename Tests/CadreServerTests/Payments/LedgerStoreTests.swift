@testable import CadreServer
import CadreCore
import Fluent
import SQLKit
import XCTest

/// The stored ledger on SQLite and PostgreSQL: balanced postings, idempotent retries,
/// reversals, guarded accounts that never go negative, also under concurrent postings.
final class LedgerStoreTests: XCTestCase {
    var t: TestApp!
    let usd = try! Currency(code: "USD")
    let organization = UUID()
    let expert = UUID()
    let project = UUID()

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    private func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: usd) }

    private func funding(_ id: String, _ minor: Int64) throws -> Posting {
        try Posting(id: id, kind: .clientFunding, at: t.clock.now,
                    entries: [.debit(.platformCash, money(minor)), .credit(.clientFunds(organization), money(minor))])
    }

    private func earning(_ id: String, _ minor: Int64, seconds: Int64 = 600) throws -> Posting {
        try Posting(id: id, kind: .earningAccrued, at: t.clock.now,
                    entries: [.debit(.clientFunds(organization), money(minor)), .credit(.expertPayable(expert), money(minor))],
                    projectID: project, usage: WorkUsage(activeSeconds: seconds, acceptedAnswers: 1))
    }

    private func expectPost(_ posting: Posting, _ expected: LedgerStore.Outcome, line: UInt = #line) async throws {
        let outcome = try await LedgerStore.post(posting, on: t.app.db)
        XCTAssertEqual(outcome, expected, line: line)
    }

    private func expectBalance(_ account: LedgerAccount, _ minor: Int64, line: UInt = #line) async throws {
        let balance = try await LedgerStore.balance(of: account, in: usd, on: t.app.db)
        XCTAssertEqual(balance, money(minor), line: line)
    }

    private func count<M: Model>(_ type: M.Type) async throws -> Int { try await M.query(on: t.app.db).count() }

    func testPostingsMoveBalancesAndRetriesAreNoOps() async throws {
        let db = t.app.db
        try await expectPost(try funding("fund-1", 100_000), .applied)
        try await expectPost(try earning("earn-1", 2_500), .applied)
        try await expectBalance(.clientFunds(organization), 97_500)
        try await expectBalance(.expertPayable(expert), 2_500)
        try await expectBalance(.platformCash, 100_000)

        // The same event again, later and with another memo: nothing new.
        t.clock.advance(by: 60)
        try await expectPost(try earning("earn-1", 2_500), .duplicate)
        let entries = try await count(LedgerEntryRow.self)
        XCTAssertEqual(entries, 4)
        try await expectBalance(.expertPayable(expert), 2_500)
        // The same id for different money is refused.
        do {
            _ = try await LedgerStore.post(try earning("earn-1", 9_999), on: db)
            XCTFail("a conflicting posting was accepted")
        } catch let error as LedgerError {
            XCTAssertEqual(error, .conflictingPosting("earn-1"))
        }
        let problems = try await LedgerStore.verify(on: db)
        XCTAssertEqual(problems, [])
    }

    func testAGuardedAccountNeverGoesNegativeAndARefusalChangesNothing() async throws {
        let db = t.app.db
        _ = try await LedgerStore.post(try funding("fund-1", 1_000), on: db)
        do {
            _ = try await LedgerStore.post(try earning("earn-big", 1_001), on: db)
            XCTFail("an overdraft was accepted")
        } catch let error as LedgerError {
            guard case .wouldGoNegative(let account, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(account, .clientFunds(organization))
        }
        let postings = try await count(LedgerPostingRow.self)
        XCTAssertEqual(postings, 1, "the refused posting left nothing behind")
        try await expectBalance(.clientFunds(organization), 1_000)
        let problems = try await LedgerStore.verify(on: db)
        XCTAssertEqual(problems, [])
    }

    func testReversalsUndoOnceAndOnlyOnce() async throws {
        let db = t.app.db
        _ = try await LedgerStore.post(try funding("fund-1", 5_000), on: db)
        let earning = try earning("earn-1", 1_200)
        _ = try await LedgerStore.post(earning, on: db)
        let reversal = try earning.reversal(id: "rev-1", at: t.clock.now, memo: "answer judged fraudulent")
        try await expectPost(reversal, .applied)
        try await expectPost(reversal, .duplicate)
        try await expectBalance(.expertPayable(expert), 0)
        try await expectBalance(.clientFunds(organization), 5_000)
        do {
            _ = try await LedgerStore.post(try earning.reversal(id: "rev-2", at: t.clock.now), on: db)
            XCTFail("a second reversal was accepted")
        } catch let error as LedgerError {
            XCTAssertEqual(error, .alreadyReversed("earn-1", by: "rev-1"))
        }
        let problems = try await LedgerStore.verify(on: db)
        XCTAssertEqual(problems, [])
    }

    func testConcurrentPostingsNeverOverdrawAnAccount() async throws {
        let db = t.app.db
        _ = try await LedgerStore.post(try funding("fund-1", 1_000), on: db)
        let postings = try (0..<40).map { try earning("earn-\($0)", 30) }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for posting in postings {
                group.addTask { (try? await LedgerStore.post(posting, on: db)) == .applied }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(outcomes.filter { $0 }.count, 33, "1,000 covers exactly 33 earnings of 30")
        try await expectBalance(.clientFunds(organization), 10)
        try await expectBalance(.expertPayable(expert), 990)
        let problems = try await LedgerStore.verify(on: db)
        XCTAssertEqual(problems, [])
    }

    func testVerifyFindsACachedBalanceThatDisagreesWithTheEntries() async throws {
        let db = t.app.db
        _ = try await LedgerStore.post(try funding("fund-1", 1_000), on: db)
        try await (db as! any SQLDatabase).raw("UPDATE account_balances SET net_debit_minor = net_debit_minor + 1 WHERE account_kind = 'platform_cash'").run()
        let problems = try await LedgerStore.verify(on: db)
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssertEqual(problems.first, "cached balance of platform_cash||USD is 1001, the entries say 1000")
    }

    func testAPaidPayoutBatchCannotBeWithdrawn() async throws {
        try await expectPost(try funding("fund", 10_000), .applied)
        try await expectPost(try earning("earn", 4000), .applied)
        let payout = try Posting(id: "payout-x", kind: .payout, at: t.clock.now,
                                 entries: [.debit(.expertPayable(expert), money(4000)), .credit(.payoutClearing, money(4000))])
        let settled = try Posting(id: PayoutBatch.settlementID(ofBatch: "payout-x"), kind: .payoutSettled, at: t.clock.now,
                                  entries: [.debit(.payoutClearing, money(4000)), .credit(.platformCash, money(4000))])
        try await expectPost(payout, .applied)
        try await expectPost(settled, .applied)
        do {
            _ = try await LedgerStore.post(try payout.reversal(id: "withdraw", at: t.clock.now), on: t.app.db)
            XCTFail("a paid batch was withdrawn")
        } catch let error as LedgerError {
            XCTAssertEqual(error, .payoutAlreadySettled("payout-x"))
        }
        try await expectBalance(.expertPayable(expert), 0)
        try await expectPost(try settled.reversal(id: "processor-returned", at: t.clock.now), .applied)
        try await expectPost(try payout.reversal(id: "withdraw", at: t.clock.now), .applied)
        try await expectBalance(.expertPayable(expert), 4000)
    }
}
