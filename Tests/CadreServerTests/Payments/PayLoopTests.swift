@testable import CadreServer
import CadreCore
import Fluent
import XCTest
import XCTVapor

/// The whole money loop over HTTP: experts work, the week closes, the payout run accrues and
/// batches it, the batch is marked paid, and the client's invoice reconciles with the ledger.
final class PayLoopTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testWorkIsAccruedBatchedPaidAndInvoicedToTheCent() async throws {
        let pay = try await PayFixture(t) { $0.pay = PayTerms(model: .hourly, amountMinor: 3600, currency: "USD") }
        for _ in 0..<3 { try await t.makeTask(in: pay.project) }
        let admin = try await t.token(for: try await t.makeUser(.admin))
        let (expert, token) = try await pay.expert()
        let first = try await pay.answer(token, workSeconds: 600)
        try await pay.answer(token, workSeconds: 300)
        // A retried submit is the same submission: it adds no answer and no money.
        let retry = try await t.send(
            .POST, "/api/v1/assignments/\(first)/submit", token: token, json: ["answer": ["label": "positive"]], headers: ["Idempotency-Key": "submit-\(first)"])
        XCTAssertEqual(retry.status, .ok, retry.body.string)

        let week = PayPeriod.isoWeek(containing: t.clock.now)
        t.clock.advance(by: week.end.timeIntervalSince(t.clock.now) + 3600)
        let run = try await t.send(.POST, "/api/v1/payouts/runs", token: admin,
                                   json: ["period": week.description, "minimum_minor": 100, "currency": "USD"])
        XCTAssertEqual(run.status, .created, run.body.string)
        let lines = try XCTUnwrap(run.json["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.count, 1)
        XCTAssertEqual(lines.first?["expert_id"] as? String, expert.id!.uuidString)
        XCTAssertEqual(lines.first?["amount_minor"] as? Int, 900, "15 minutes at 36.00/h, accrued by the run itself")
        let batch = try XCTUnwrap(run.json["id"] as? String)

        let again = try await t.send(.POST, "/api/v1/payouts/runs", token: admin,
                                     json: ["period": week.description, "minimum_minor": 100, "currency": "USD"])
        XCTAssertEqual(again.status, .ok, "running the week again creates nothing: \(again.body.string)")
        XCTAssertEqual(again.json["total_minor"] as? Int, 900)

        var earnings = try await t.send(.GET, "/api/v1/me/earnings", token: try await t.token(for: expert))
        XCTAssertEqual(earnings.json["in_payout_minor"] as? Int, 900)
        XCTAssertEqual(earnings.json["pending_minor"] as? Int, 0)
        for _ in 0..<2 {
            let paid = try await t.send(.POST, "/api/v1/payouts/runs/\(batch)/paid", token: admin)
            XCTAssertEqual(paid.status, .ok, paid.body.string)
        }
        earnings = try await t.send(.GET, "/api/v1/me/earnings", token: try await t.token(for: expert))
        XCTAssertEqual(earnings.json["paid_minor"] as? Int, 900, "marked paid twice, paid once")
        XCTAssertEqual(earnings.json["in_payout_minor"] as? Int, 0)

        let month = PayPeriod.month(containing: week.end.addingTimeInterval(-1))
        let invoice = try await t.send(.GET, "/api/v1/organizations/\(pay.organization.id!)/invoices/\(month)", token: admin)
        XCTAssertEqual(invoice.status, .ok, invoice.body.string)
        XCTAssertEqual(invoice.json["expert_cost_minor"] as? Int, 900)
        XCTAssertEqual(invoice.json["platform_fee_minor"] as? Int, 180)
        XCTAssertEqual(invoice.json["total_minor"] as? Int, 1080)
        let invoiceLines = try XCTUnwrap(invoice.json["lines"] as? [[String: Any]])
        XCTAssertEqual(invoiceLines.first?["active_seconds"] as? Int, 900)
        XCTAssertEqual(invoiceLines.first?["accepted_answers"] as? Int, 2)

        let problems = try await LedgerStore.verify(on: t.app.db)
        XCTAssertEqual(problems, [])
        let ledger = try await LedgerStore.load(on: t.app.db)
        try ledger.checkInvariants()
    }
}
