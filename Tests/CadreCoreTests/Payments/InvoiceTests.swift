@testable import CadreCore
import XCTest

final class InvoiceTests: XCTestCase {
    typealias F = Fixture
    let november = try! PayPeriod(parsing: "2026-11")

    /// A week of work on two Acme projects and one Globex project, posted from real pay rules.
    func ledger() throws -> Ledger {
        let translation = try ProjectPayRules(projectID: F.translation, organizationID: F.acme, currency: .usd,
                                              hourly: HourlyRates(standard: F.usd(4500)),
                                              qualityBonus: QualityBonus(rateBasisPoints: 1000, barBasisPoints: 8000))
        let labelling = try ProjectPayRules(projectID: F.labelling, organizationID: F.acme, currency: .usd,
                                            perAcceptedAnswer: F.usd(333), hourlyFloor: F.usd(2000))
        let other = try ProjectPayRules(projectID: F.id(202), organizationID: F.globex, currency: .usd, perAcceptedAnswer: F.usd(100))
        let records = [
            F.record(F.ada, F.translation, seconds: 5401, n: 1), F.record(F.ben, F.translation, seconds: 1799, .rejected, n: 2),
            F.record(F.ada, F.labelling, seconds: 600, n: 3), F.record(F.ada, F.labelling, seconds: 900, n: 4),
            F.record(F.cleo, F.labelling, seconds: 3600, .rejectedAsFraud, n: 5), F.record(F.cleo, F.id(202), seconds: 60, n: 6),
        ]
        let standings = [ExpertProject(expertID: F.ada, projectID: F.translation): ExpertPayStanding(standingBasisPoints: 9500)]
        let lines = try PayCalculator(rules: [translation, labelling, other]).earnings(for: F.week48, records: records, standings: standings)
        var ledger = Ledger()
        try ledger.post(.clientFunding(id: "fund-acme", organization: F.acme, amount: F.usd(500_000), at: F.day(-7)))
        try ledger.post(.clientFunding(id: "fund-globex", organization: F.globex, amount: F.usd(500_000), at: F.day(-7)))
        for line in lines { try ledger.post(line.posting()) }
        return ledger
    }

    func testLinesPerProjectComeFromTheLedger() throws {
        let invoice = try Invoice.compute(organization: F.acme, month: november, currency: .usd, feeBasisPoints: 1500, ledger: ledger())
        XCTAssertEqual(invoice.lines.map(\.projectID), [F.translation, F.labelling])
        let translation = invoice.lines[0]
        // Ada 5401 s at 45.00 = 6751.25 → 6751 (half even), bonus 10 % = 675.1 → 675; Ben 1799 s = 2248.75 → 2249.
        XCTAssertEqual(translation.expertCost, F.usd(6751 + 675 + 2249))
        XCTAssertEqual(translation.usage, WorkUsage(activeSeconds: 7200, acceptedAnswers: 1))
        XCTAssertEqual(translation.platformFee, F.usd(1451))  // 15 % of 96.75 = 14.5125
        XCTAssertEqual(translation.total, F.usd(11_126))
        // Ada: 2 answers × 3.33 = 6.66 in 25 min; the 20.00/h floor makes it 8.33. Cleo's fraud hour earns nothing.
        XCTAssertEqual(invoice.lines[1].expertCost, F.usd(833))
        XCTAssertEqual(invoice.lines[1].usage, WorkUsage(activeSeconds: 1500, acceptedAnswers: 2))
        XCTAssertEqual(invoice.lines[1].platformFee, F.usd(125))  // 124.95 → 125
        XCTAssertEqual(invoice.total, F.usd(11_126 + 958))
        XCTAssertEqual(invoice.id, "invoice-\(F.acme.uuidString)-2026-11-USD")
    }

    func testAPostedInvoiceReconcilesToTheCent() throws {
        var ledger = try ledger()
        let invoice = try Invoice.compute(organization: F.acme, month: november, currency: .usd, feeBasisPoints: 1500, ledger: ledger)
        XCTAssertThrowsError(try invoice.reconcile(with: ledger)) {
            XCTAssertEqual($0 as? InvoiceError, .doesNotReconcile(["fee posting \(invoice.id) is not in the ledger"]))
        }
        let revenueBefore = ledger.balance(of: .platformRevenue, in: .usd)
        try ledger.post(XCTUnwrap(invoice.posting()))
        XCTAssertNoThrow(try invoice.reconcile(with: ledger))
        XCTAssertEqual(try ledger.balance(of: .platformRevenue, in: .usd).subtracting(revenueBefore), invoice.platformFee)
        let drawn = try F.usd(500_000).subtracting(ledger.balance(of: .clientFunds(F.acme), in: .usd))
        XCTAssertEqual(drawn, invoice.total, "what left the client's funds is exactly the invoice total")
        XCTAssertEqual(try Invoice.compute(organization: F.acme, month: november, currency: .usd, feeBasisPoints: 1500, ledger: ledger), invoice,
                       "computing it again gives the same invoice")
    }

    func testALateCorrectionInTheMonthBreaksReconciliationLoudly() throws {
        var ledger = try ledger()
        let invoice = try Invoice.compute(organization: F.acme, month: november, currency: .usd, feeBasisPoints: 1500, ledger: ledger)
        try ledger.post(XCTUnwrap(invoice.posting()))
        let hourly = try XCTUnwrap(ledger.postings.first { $0.projectID == F.translation && $0.kind == .earningAccrued })
        try ledger.reverse(hourly.id, reversalID: "rev", at: F.day(3))
        XCTAssertThrowsError(try invoice.reconcile(with: ledger))
        let corrected = try Invoice.compute(organization: F.acme, month: november, currency: .usd, feeBasisPoints: 1500, ledger: ledger)
        XCTAssertEqual(try corrected.expertCost.adding(hourly.entries[0].amount), invoice.expertCost)
    }

    func testOtherOrganizationsAndMonthsAreNotBilled() throws {
        let ledger = try ledger()
        let globex = try Invoice.compute(organization: F.globex, month: november, currency: .usd, feeBasisPoints: 1000, ledger: ledger)
        XCTAssertEqual(globex.lines.map(\.projectID), [F.id(202)])
        XCTAssertEqual(globex.total, F.usd(110))
        let december = try Invoice.compute(organization: F.acme, month: PayPeriod(parsing: "2026-12"), currency: .usd, feeBasisPoints: 1000, ledger: ledger)
        XCTAssertEqual(december.lines, [])
        XCTAssertNil(try december.posting())
        XCTAssertThrowsError(try Invoice.compute(organization: F.acme, month: F.week48, currency: .usd, feeBasisPoints: 1000, ledger: ledger)) {
            XCTAssertEqual($0 as? InvoiceError, .notAMonth(F.week48))
        }
    }

    func testCSVHasOneRowPerProjectAndATotal() throws {
        let invoice = try Invoice.compute(organization: F.globex, month: november, currency: .usd, feeBasisPoints: 1000, ledger: ledger())
        let org = F.globex.uuidString
        XCTAssertEqual(invoice.csv, """
            invoice_id,organization_id,month,project_id,expert_hours,accepted_answers,expert_cost,platform_fee,total,currency
            invoice-\(org)-2026-11-USD,\(org),2026-11,00000000-0000-0000-0000-000000000202,0.02,1,1.00,0.10,1.10,USD
            invoice-\(org)-2026-11-USD,\(org),2026-11,TOTAL,0.02,1,1.00,0.10,1.10,USD

            """)
        XCTAssertEqual(CSVText.row(["a,b", "say \"hi\"", "plain"]), "\"a,b\",\"say \"\"hi\"\"\",plain")
    }
}
