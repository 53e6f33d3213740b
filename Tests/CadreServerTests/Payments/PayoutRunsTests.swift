@testable import CadreServer
import CadreCore
import Fluent
import XCTest

/// Weekly payout batches over the stored ledger, through the API and the service the
/// `cadre payouts run` command calls. Runs on SQLite, and on PostgreSQL when configured.
final class PayoutRunsTests: XCTestCase {
    var t: TestApp!
    var admin = ""
    var organization: Organization!
    var project: Project!
    // Fixed ids so the batch's order (by expert id) and its CSV are known in advance.
    let alice = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
    let bob = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
    let carol = UUID(uuidString: "00000000-0000-0000-0000-00000000000C")!

    override func setUp() async throws {
        t = try await TestApp.make()
        admin = try await t.token(for: try await t.makeUser(.admin))
        organization = try await t.makeOrganization()
        project = try await t.makeProject(in: organization, state: .active)
        try await t.fund(organization, 100_000)
        try await t.earn(5_000, expert: alice, project: project)
        try await t.earn(3_000, expert: bob, project: project)
        try await t.earn(500, expert: bob, project: project, kind: .bonus)
        // Under the minimum: rolls over to a later batch.
        try await t.earn(800, expert: carol, project: project)
    }

    override func tearDown() async throws { try await t.shutdown() }

    private func runWeek(_ period: String = "2026-11-W48", minimum: Int64 = 1_000, token: String? = nil) async throws -> TestResponse {
        try await t.send(.POST, "/api/v1/payouts/runs", token: token ?? admin,
                         json: ["period": period, "minimum_minor": minimum, "currency": "USD"])
    }

    private func postingCount() async throws -> Int { try await LedgerPostingRow.query(on: t.app.db).count() }

    func testARunPaysExpertsAboveTheMinimumAndARerunCreatesNothing() async throws {
        let first = try await runWeek()
        XCTAssertEqual(first.status, .created, first.body.string)
        XCTAssertEqual(first.json["id"] as? String, "payout-2026-W48-USD")
        XCTAssertEqual(first.json["status"] as? String, "posted")
        XCTAssertEqual(first.json["total_minor"] as? Int, 8_500)
        let lines = try XCTUnwrap(first.json["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { $0["expert_id"] as? String }, [alice.uuidString, bob.uuidString])
        XCTAssertEqual(lines.map { $0["amount_minor"] as? Int }, [5_000, 3_500])
        let payable = try await LedgerStore.balance(of: .expertPayable(carol), in: .usd, on: t.app.db)
        XCTAssertEqual(payable, t.usd(800), "carol's balance waits for a later batch")

        let postings = try await postingCount()
        let again = try await runWeek(minimum: 100)
        XCTAssertEqual(again.status, .ok, "a rerun is not a new batch")
        XCTAssertEqual(again.jsonObject, first.jsonObject, "a rerun returns the batch as posted, whatever the minimum")
        let after = try await postingCount()
        XCTAssertEqual(after, postings)

        let shown = try await t.send(.GET, "/api/v1/payouts/runs/payout-2026-W48-USD", token: admin)
        XCTAssertEqual(shown.jsonObject, first.jsonObject)
        let problems = try await LedgerStore.verify(on: t.app.db)
        XCTAssertEqual(problems, [])
    }

    func testTheCSVIsExactlyWhatTheProcessorGets() async throws {
        _ = try await runWeek()
        let csv = try await t.send(.GET, "/api/v1/payouts/runs/payout-2026-W48-USD/csv", token: admin)
        XCTAssertEqual(csv.status, .ok)
        XCTAssertEqual(csv.headers.contentType?.subType, "csv")
        XCTAssertEqual(csv.body.string, """
            batch_id,period,expert_id,amount,currency
            payout-2026-W48-USD,2026-W48,\(alice.uuidString),50.00,USD
            payout-2026-W48-USD,2026-W48,\(bob.uuidString),35.00,USD

            """)
    }

    func testMarkingPaidTwiceSettlesOnce() async throws {
        _ = try await runWeek()
        let paid = try await t.send(.POST, "/api/v1/payouts/runs/payout-2026-W48-USD/paid", token: admin)
        XCTAssertEqual(paid.status, .ok, paid.body.string)
        XCTAssertEqual(paid.json["status"] as? String, "paid")
        let postings = try await postingCount()
        t.clock.advance(by: 3600)
        let again = try await t.send(.POST, "/api/v1/payouts/runs/payout-2026-W48-USD/paid", token: admin)
        XCTAssertEqual(again.json["status"] as? String, "paid")
        XCTAssertEqual(again.json["paid_at"] as? String, paid.json["paid_at"] as? String, "the first settlement stands")
        let after = try await postingCount()
        XCTAssertEqual(after, postings)
        let clearing = try await LedgerStore.balance(of: .payoutClearing, in: .usd, on: t.app.db)
        let cash = try await LedgerStore.balance(of: .platformCash, in: .usd, on: t.app.db)
        XCTAssertEqual(clearing, t.usd(0))
        XCTAssertEqual(cash, t.usd(100_000 - 8_500))
    }

    func testAnOpenWeekIsRefusedWithWhenItCloses() async throws {
        // The test clock stands on Friday 15 January 2027, in 2027-W02.
        let open = try await runWeek("2027-W02")
        XCTAssertEqual(open.status, .conflict)
        let problem = try open.problem()
        XCTAssertEqual(problem.code, "period_open")
        XCTAssertTrue(problem.detail.contains("2027-01-18T00:00:00Z"), problem.detail)
        let postings = try await postingCount()
        XCTAssertEqual(postings, 5, "nothing was posted")
    }

    func testBadInputNamesTheFieldAndOnlyAdminsRunPayouts() async throws {
        let cases: [([String: Any], String)] = [
            (["period": "2026-W99"], "period"), (["period": "2026-11"], "period"), (["period": "next week"], "period"),
            (["period": "2026-W48", "minimum_minor": 0], "minimum_minor"), (["period": "2026-W48", "currency": "XYZ"], "currency"),
        ]
        for (body, field) in cases {
            let response = try await t.send(.POST, "/api/v1/payouts/runs", token: admin, json: body)
            XCTAssertEqual(response.status, .unprocessableEntity, "\(body): \(response.body.string)")
            XCTAssertEqual(try response.problem().errors.first?.field, field, "\(body)")
        }
        let client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        let expert = try await t.token(for: try await t.makeUser(.expert))
        for token in [client, expert] {
            let refused = try await runWeek(token: token)
            XCTAssertEqual(refused.status, .forbidden)
            let listing = try await t.send(.GET, "/api/v1/payouts/runs", token: token)
            XCTAssertEqual(listing.status, .forbidden)
        }
        let missing = try await t.send(.GET, "/api/v1/payouts/runs/payout-2026-W01-USD", token: admin)
        XCTAssertEqual(missing.status, .notFound)
    }

    func testBatchesAreListedNewestFirstAPageAtATime() async throws {
        let earlier = try PayPeriod(parsing: "2026-W47")
        try await t.earn(2_000, expert: carol, project: project, period: earlier)
        let week47 = try await runWeek("2026-W47")
        XCTAssertEqual(week47.json["total_minor"] as? Int, 2_000)
        let later = try await runWeek()
        XCTAssertEqual(later.json["total_minor"] as? Int, 8_500, "carol was paid for W47 and her 8.00 of W48 is still under the minimum")
        let first = try await t.send(.GET, "/api/v1/payouts/runs?limit=1", token: admin)
        XCTAssertEqual((first.json["items"] as? [[String: Any]])?.map { $0["id"] as? String }, ["payout-2026-W48-USD"])
        let cursor = try XCTUnwrap(first.json["next_cursor"] as? String)
        let second = try await t.send(.GET, "/api/v1/payouts/runs?limit=1&cursor=\(cursor)", token: admin)
        XCTAssertEqual((second.json["items"] as? [[String: Any]])?.map { $0["id"] as? String }, ["payout-2026-W47-USD"])
        XCTAssertNil(second.json["next_cursor"] as? String)
        let bad = try await t.send(.GET, "/api/v1/payouts/runs?limit=0", token: admin)
        XCTAssertEqual(try bad.problem().errors.first?.field, "limit")
    }

    /// What `cadre payouts run` does, without a process: the same service, and its report.
    func testTheCommandsServiceRunsOnceAndReportsWhatHappened() async throws {
        let minimum = t.usd(1_000)
        let first = try await PayoutRuns.run(period: TestApp.pastWeek, minimum: minimum, now: t.clock.now, writer: t.app.writer, on: t.app.db)
        XCTAssertTrue(first.created)
        XCTAssertEqual(first.summary(minimum: minimum), """
            Payout batch payout-2026-W48-USD for 2026-11-W48: posted now
              2 expert(s), total 85.00 USD
              \(alice.uuidString)  50.00 USD
              \(bob.uuidString)  35.00 USD

            """)
        let second = try await PayoutRuns.run(period: TestApp.pastWeek, minimum: minimum, now: t.clock.now, writer: t.app.writer, on: t.app.db)
        XCTAssertFalse(second.created)
        XCTAssertEqual(second.batch, first.batch)
        XCTAssertTrue(second.summary(minimum: minimum).contains("nothing new was created"))

        let quiet = try await PayoutRuns.run(period: try PayPeriod(parsing: "2026-W40"), minimum: minimum, now: t.clock.now, writer: t.app.writer, on: t.app.db)
        XCTAssertEqual(quiet.status, .empty)
        XCTAssertTrue(quiet.summary(minimum: minimum).contains("nothing was posted"))
    }
}
