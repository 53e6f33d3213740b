@testable import CadreServer
import CadreCore
import Fluent
import XCTest

/// Active time from heartbeats, pay rules, and the weekly accrual onto the ledger, through
/// the API on SQLite and PostgreSQL.
final class PayAccrualTests: XCTestCase {
    var t: TestApp!

    override func setUp() async throws { t = try await TestApp.make() }
    override func tearDown() async throws { try await t.shutdown() }

    func testHeartbeatsCountActiveTimeSkipIdleGapsAndStopAtTheCap() async throws {
        let pay = try await PayFixture(t) { $0.pay = PayTerms(model: .hourly, amountMinor: 3600, currency: "USD"); $0.timeBudgetSeconds = 120 }
        try await t.makeTask(in: pay.project)
        let (_, token) = try await pay.expert()
        let leased = try await t.send(.POST, "/api/v1/projects/\(pay.project.id!)/assignments/next", token: token)
        let path = "/api/v1/assignments/\(try XCTUnwrap(leased.json["id"] as? String))/heartbeat"
        func beat(after seconds: TimeInterval) async throws -> Int? {
            t.clock.advance(by: seconds)
            return try await t.send(.POST, path, token: token).json["active_seconds"] as? Int
        }
        let first = try await beat(after: 30)
        XCTAssertEqual(first, 30, "the time since the lease counts")
        let afterIdle = try await beat(after: 76)
        XCTAssertEqual(afterIdle, 30, "a gap longer than 75 s is idle and unpaid")
        let resumed = try await beat(after: 75)
        XCTAssertEqual(resumed, 105)
        let repeated = try await beat(after: 0)
        XCTAssertEqual(repeated, 105, "a repeated beat adds nothing")
        var last: Int?
        for _ in 0..<5 { last = try await beat(after: 30) }
        XCTAssertEqual(last, 180, "capped at 1.5 × the 120 s time budget")
    }

    func testPerTaskPayWithAnHourlyFloorIsToppedUpAndPostedOnce() async throws {
        let pay = try await PayFixture(t) {
            $0.pay = PayTerms(model: .perTask, amountMinor: 150, currency: "USD", options: PayOptions(hourlyFloorMinor: 3000))
        }
        for _ in 0..<2 { try await t.makeTask(in: pay.project) }
        let (expert, token) = try await pay.expert()
        try await pay.answer(token, workSeconds: 600)
        try await pay.answer(token, workSeconds: 600)

        let report = try await pay.accrueThisWeek()
        // 2 accepted × 1.50 = 3.00 base; the floor of 30.00/h over 20 min is 10.00: 7.00 top-up.
        XCTAssertEqual(report.linesPosted, 2)
        XCTAssertEqual(report.postedMinor, ["USD": 1000])
        let payable = try await pay.payable(expert)
        XCTAssertEqual(payable, 1000)
        let funds = try await pay.funds()
        XCTAssertEqual(funds, 1_000_000 - 1000)
        let kinds = try await LedgerPostingRow.query(on: t.app.db).filter(\.$projectID == pay.project.id!).all().map(\.kind).sorted()
        XCTAssertEqual(kinds, ["earning_accrued", "top_up"])

        let again = try await PayAccrual.accrue(try PayPeriod(parsing: report.period), now: t.clock.now, writer: t.app.writer, on: t.app.db)
        XCTAssertEqual(again.linesPosted, 0, "a week is paid once")
        let unchanged = try await pay.payable(expert)
        XCTAssertEqual(unchanged, 1000)
        let open = try await Assignment.query(on: t.app.db).filter(\.$costPosted == false).count()
        XCTAssertEqual(open, 0, "accrued turns no longer hold budget")
        let problems = try await LedgerStore.verify(on: t.app.db)
        XCTAssertEqual(problems, [])
    }

    func testFraudRejectionsAreUnpaidOtherRejectionsPaidAndReviewTimeCounts() async throws {
        let pay = try await PayFixture(t) {
            $0.pay = PayTerms(model: .hourly, amountMinor: 3600, currency: "USD")  // one cent a second
            $0.reviewPolicy = .all
        }
        for _ in 0..<3 { try await t.makeTask(in: pay.project) }
        let (expert, token) = try await pay.expert()
        let (reviewer, reviewerToken) = try await pay.expert()
        try await t.grantReviewer(reviewer, for: pay.project)
        for _ in 0..<3 { try await pay.answer(token, workSeconds: 300) }

        let decisions: [[String: Any]] = [
            ["decision": "reject", "feedback": "Copied from a search engine.", "fraud": true],
            ["decision": "reject", "feedback": "The label is wrong."],
            ["decision": "accept"],
        ]
        for decision in decisions {
            let leased = try await t.send(.POST, "/api/v1/projects/\(pay.project.id!)/reviews/next", token: reviewerToken)
            let id = try XCTUnwrap(leased.json["assignment_id"] as? String, leased.body.string)
            try await pay.beat("/api/v1/reviews/\(id)/heartbeat", reviewerToken, seconds: 60)
            if decision["decision"] as? String == "accept" {
                let fraudOnAccept = try await t.send(.POST, "/api/v1/reviews/\(id)/decision", token: reviewerToken, json: ["decision": "accept", "fraud": true])
                XCTAssertEqual(try fraudOnAccept.problem().errors.map(\.field), ["fraud"])
            }
            let decided = try await t.send(.POST, "/api/v1/reviews/\(id)/decision", token: reviewerToken, json: decision)
            XCTAssertEqual(decided.status, .ok, decided.body.string)
        }

        _ = try await pay.accrueThisWeek()
        let expertPay = try await pay.payable(expert)
        XCTAssertEqual(expertPay, 600, "two answers' 300 s are paid; the fraudulent one's are not")
        let reviewerPay = try await pay.payable(reviewer)
        XCTAssertEqual(reviewerPay, 180, "three reviews of 60 s each")
    }

    func testLevelRatesAndTheQualityBonusFollowTheExpert() async throws {
        let pay = try await PayFixture(t) {
            $0.pay = PayTerms(model: .hourly, amountMinor: 3600, currency: "USD", options: PayOptions(
                hourlyRatesByLevel: ["senior": 7200], bonus: BonusTerms(rateBasisPoints: 1000, barBasisPoints: 9000)))
        }
        for _ in 0..<2 { try await t.makeTask(in: pay.project) }
        let (senior, seniorToken) = try await pay.expert(level: "senior")
        let (standard, standardToken) = try await pay.expert()
        try await pay.answer(seniorToken, workSeconds: 600)
        try await pay.answer(standardToken, workSeconds: 600)
        let standing = ExpertStanding(projectID: pay.project.id!, expertID: senior.id!, at: t.clock.now)
        standing.goldAnswered = 10
        standing.goldCorrect = 9
        try await standing.create(on: t.app.db)

        _ = try await pay.accrueThisWeek()
        let seniorPay = try await pay.payable(senior)
        XCTAssertEqual(seniorPay, 1200 + 120, "72.00/h for 10 min, and 10 % for 90 % gold accuracy")
        let standardPay = try await pay.payable(standard)
        XCTAssertEqual(standardPay, 600)
    }

    func testAnOrganizationWithoutFundsIsHeldBackAndReported() async throws {
        let pay = try await PayFixture(t, fundsMinor: 0) { $0.pay = PayTerms(model: .perTask, amountMinor: 500, currency: "USD") }
        try await t.makeTask(in: pay.project)
        let (expert, token) = try await pay.expert()
        try await pay.answer(token, workSeconds: 60)
        let report = try await pay.accrueThisWeek()
        XCTAssertEqual(report.linesPosted, 0)
        XCTAssertEqual(report.heldBack.count, 1)
        XCTAssertTrue(report.heldBack[0].contains(pay.organization.id!.uuidString), report.heldBack[0])
        let payable = try await pay.payable(expert)
        XCTAssertEqual(payable, 0)

        let funding = try Posting.clientFunding(id: "late-funding", organization: pay.organization.id!, amount: Money(minorUnits: 10_000, currency: pay.usd), at: t.clock.now)
        _ = try await LedgerStore.post(funding, on: t.app.db)
        let reports = try await PayAccrual.accrueClosedWeeks(now: t.clock.now, writer: t.app.writer, on: t.app.db)
        XCTAssertEqual(reports.map(\.linesPosted), [1], "the held-back week is paid once the client has funds")
        let paid = try await pay.payable(expert)
        XCTAssertEqual(paid, 500)
    }

    func testAnOpenWeekIsNotAccrued() async throws {
        let week = PayPeriod.isoWeek(containing: t.clock.now)
        do {
            _ = try await PayAccrual.accrue(week, now: t.clock.now, writer: t.app.writer, on: t.app.db)
            XCTFail("an open week was accrued")
        } catch let problem as Problem {
            XCTAssertEqual(problem.code, "period_open")
        }
    }
}

extension PayAccrualTests {
    /// An organization with two projects worked in one week: both are posted, and both marked so.
    func testAnOrganizationsProjectsAreAccruedTogether() async throws {
        let pay = try await PayFixture(t) { $0.pay = PayTerms(model: .perTask, amountMinor: 150, currency: "USD") }
        let second = try await t.makeProject(in: pay.organization, state: .active) {
            $0.pay = PayTerms(model: .perTask, amountMinor: 250, currency: "USD")
        }
        try await t.makeTask(in: pay.project)
        try await t.makeTask(in: second)
        let (expert, token) = try await pay.expert()
        try await pay.answer(token, workSeconds: 60)
        let leased = try await t.send(.POST, "/api/v1/projects/\(second.id!)/assignments/next", token: token)
        let id = try XCTUnwrap(leased.json["id"] as? String)
        let submitted = try await t.send(.POST, "/api/v1/assignments/\(id)/submit", token: token,
                                         json: ["answer": ["label": "negative"]], headers: ["Idempotency-Key": id])
        XCTAssertEqual(submitted.status, .created)

        let report = try await pay.accrueThisWeek()
        XCTAssertEqual(report.heldBack, [])
        XCTAssertEqual(report.postedMinor, ["USD": 400])
        let payable = try await pay.payable(expert)
        XCTAssertEqual(payable, 400)
        let open = try await Assignment.query(on: t.app.db).filter(\.$costPosted == false).count()
        XCTAssertEqual(open, 0, "the turns of both projects are marked posted")
    }
}
