@testable import CadreServer
import CadreCore
import Fluent
import XCTest

/// Monthly client invoices over the stored ledger: figures that reconcile to the cent, an
/// idempotent issue at a rate that then stays fixed, and other organizations kept out.
final class InvoicesTests: XCTestCase {
    var t: TestApp!
    var admin = ""
    var client = ""
    var organization: Organization!
    var radiology: Project!
    var contracts: Project!

    override func setUp() async throws {
        t = try await TestApp.make()
        admin = try await t.token(for: try await t.makeUser(.admin))
        organization = try await t.makeOrganization("Acme Labs")
        client = try await t.token(for: try await t.makeUser(.client, organization: organization))
        radiology = try await t.makeProject(in: organization, state: .active) { $0.name = "Radiology labels" }
        contracts = try await t.makeProject(in: organization, state: .active) { $0.name = "Contract review" }
        let fee = try await t.send(.PATCH, "/api/v1/organizations/\(organization.id!)", token: admin, json: ["fee_basis_points": 1500])
        XCTAssertEqual(fee.json["fee_basis_points"] as? Int, 1500, fee.body.string)
        try await t.fund(organization, 100_000)
        let alice = UUID(), bob = UUID()
        try await t.earn(4_000, expert: alice, project: radiology, seconds: 7_200, answers: 3)
        try await t.earn(1_234, expert: bob, project: radiology, kind: .perTask, seconds: 1_800, answers: 2)
        try await t.earn(3_333, expert: bob, project: contracts, seconds: 5_400, answers: 1)
        // 2026-W49 ends on 6 December: its earnings belong to December's invoice.
        try await t.earn(1_000, expert: alice, project: radiology, period: try PayPeriod(parsing: "2026-W49"))
    }

    override func tearDown() async throws { try await t.shutdown() }

    private var base: String { "/api/v1/organizations/\(organization.id!)" }

    /// What the ledger says the organization's funds paid experts in November.
    private func novemberExpertCost() async throws -> Int64 {
        let ledger = try await LedgerStore.load(on: t.app.db)
        return ledger.postings.filter { $0.effectiveKind.isExpertCost && TestApp.pastMonth.contains($0.at) }
            .flatMap(\.entries).filter { $0.account == .clientFunds(organization.id!) && $0.side == .debit }
            .reduce(0) { $0 + $1.amount.minorUnits }
    }

    func testTheInvoiceShowsCostPerProjectAndReconcilesWithTheLedger() async throws {
        let response = try await t.send(.GET, "\(base)/invoices/2026-11", token: client)
        XCTAssertEqual(response.status, .ok, response.body.string)
        let invoice = response.json
        XCTAssertEqual(invoice["status"] as? String, "draft")
        XCTAssertEqual(invoice["month_closed"] as? Bool, true)
        XCTAssertEqual(invoice["fee_basis_points"] as? Int, 1500)
        let lines = try XCTUnwrap(invoice["lines"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: lines.map { ($0["project_name"] as? String ?? "", $0) })
        // 15 % of 52.34 is 7.851 → 7.85; of 33.33 is 4.9995 → 5.00.
        XCTAssertEqual(byName["Radiology labels"]?["expert_cost_minor"] as? Int, 5_234)
        XCTAssertEqual(byName["Radiology labels"]?["platform_fee_minor"] as? Int, 785)
        XCTAssertEqual(byName["Radiology labels"]?["total_minor"] as? Int, 6_019)
        XCTAssertEqual(byName["Radiology labels"]?["expert_hours"] as? String, "2.50")
        XCTAssertEqual(byName["Radiology labels"]?["accepted_answers"] as? Int, 5)
        XCTAssertEqual(byName["Contract review"]?["platform_fee_minor"] as? Int, 500)
        XCTAssertEqual(invoice["expert_cost_minor"] as? Int, 8_567)
        XCTAssertEqual(invoice["platform_fee_minor"] as? Int, 1_285)
        XCTAssertEqual(invoice["total_minor"] as? Int, 9_852)
        let fromLedger = try await novemberExpertCost()
        XCTAssertEqual(Int64(invoice["expert_cost_minor"] as? Int ?? 0), fromLedger, "expert cost is what the ledger drew, to the cent")

        let december = try await t.send(.GET, "\(base)/invoices/2026-12", token: client)
        XCTAssertEqual(december.json["expert_cost_minor"] as? Int, 1_000)
        let months = try await t.send(.GET, "\(base)/invoices", token: client)
        XCTAssertEqual((months.json["items"] as? [[String: Any]])?.map { $0["month"] as? String }, ["2026-12", "2026-11"])
    }

    func testTheCSVHasOneRowPerProjectAndTheTotals() async throws {
        let csv = try await t.send(.GET, "\(base)/invoices/2026-11/csv", token: client)
        XCTAssertEqual(csv.status, .ok)
        XCTAssertEqual(csv.headers.contentType?.subType, "csv")
        let id = "invoice-\(organization.id!.uuidString)-2026-11-USD"
        let rows = [
            (radiology.id!, "\(radiology.id!.uuidString),2.50,5,52.34,7.85,60.19"),
            (contracts.id!, "\(contracts.id!.uuidString),1.50,1,33.33,5.00,38.33"),
        ].sorted { $0.0.uuidString < $1.0.uuidString }.map { "\(id),\(organization.id!.uuidString),2026-11,\($0.1),USD" }
        XCTAssertEqual(csv.body.string, (
            ["invoice_id,organization_id,month,project_id,expert_hours,accepted_answers,expert_cost,platform_fee,total,currency"]
            + rows + ["\(id),\(organization.id!.uuidString),2026-11,TOTAL,4.00,6,85.67,12.85,98.52,USD"]
        ).joined(separator: "\n") + "\n")
    }

    func testIssuingPostsTheFeeOnceAndFixesTheRate() async throws {
        let issued = try await t.send(.POST, "\(base)/invoices/2026-11/issue", token: admin)
        XCTAssertEqual(issued.status, .ok, issued.body.string)
        XCTAssertEqual(issued.json["status"] as? String, "issued")
        XCTAssertEqual(issued.json["discrepancies"] as? [String], [])
        let funds = try await LedgerStore.balance(of: .clientFunds(organization.id!), in: .usd, on: t.app.db)
        XCTAssertEqual(funds, t.usd(100_000 - 8_567 - 1_000 - 1_285))
        let revenue = try await LedgerStore.balance(of: .platformRevenue, in: .usd, on: t.app.db)
        XCTAssertEqual(revenue, t.usd(1_285))

        let postings = try await LedgerPostingRow.query(on: t.app.db).count()
        let again = try await t.send(.POST, "\(base)/invoices/2026-11/issue", token: admin)
        XCTAssertEqual(again.jsonObject, issued.jsonObject, "issuing again changes nothing")
        let after = try await LedgerPostingRow.query(on: t.app.db).count()
        XCTAssertEqual(after, postings)

        // A new rate applies to invoices not yet issued.
        _ = try await t.send(.PATCH, base, token: admin, json: ["fee_basis_points": 3000])
        let november = try await t.send(.GET, "\(base)/invoices/2026-11", token: client)
        XCTAssertEqual(november.json["fee_basis_points"] as? Int, 1500)
        XCTAssertEqual(november.json["platform_fee_minor"] as? Int, 1_285)
        let december = try await t.send(.GET, "\(base)/invoices/2026-12", token: client)
        XCTAssertEqual(december.json["fee_basis_points"] as? Int, 3000)
        XCTAssertEqual(december.json["status"] as? String, "draft")
        let problems = try await LedgerStore.verify(on: t.app.db)
        XCTAssertEqual(problems, [])
    }

    func testAnOpenMonthOrAnUnfundedFeeIsNotIssued() async throws {
        let open = try await t.send(.POST, "\(base)/invoices/2027-01/issue", token: admin)
        XCTAssertEqual(open.status, .conflict)
        XCTAssertEqual(try open.problem().code, "month_open")

        let thin = try await t.makeOrganization("Thin Corp")
        let project = try await t.makeProject(in: thin, state: .active)
        try await t.fund(thin, 1_000)
        try await t.earn(1_000, expert: UUID(), project: project)
        let refused = try await t.send(.POST, "/api/v1/organizations/\(thin.id!)/invoices/2026-11/issue", token: admin)
        XCTAssertEqual(refused.status, .conflict, refused.body.string)
        let problem = try refused.problem()
        XCTAssertEqual(problem.code, "insufficient_funds")
        XCTAssertTrue(problem.detail.contains("the funds of organization \(thin.id!.uuidString)"), problem.detail)
        let stillDraft = try await t.send(.GET, "/api/v1/organizations/\(thin.id!)/invoices/2026-11", token: admin)
        XCTAssertEqual(stillDraft.json["status"] as? String, "draft", "a refused issue leaves nothing behind")
    }

    func testAnotherOrganizationsInvoiceIsNotFound() async throws {
        let other = try await t.makeOrganization("Other Inc")
        let outsider = try await t.token(for: try await t.makeUser(.client, organization: other))
        for path in ["\(base)/invoices/2026-11", "\(base)/invoices/2026-11/csv", "\(base)/invoices", "\(base)/balance"] {
            let hidden = try await t.send(.GET, path, token: outsider)
            XCTAssertEqual(hidden.status, .notFound, path)
        }
        let issue = try await t.send(.POST, "\(base)/invoices/2026-11/issue", token: client)
        XCTAssertEqual(issue.status, .forbidden)
        for (month, field) in [("2026-W48", "month"), ("2026-13", "month"), ("2026-11?currency=ABC", "currency")] {
            let bad = try await t.send(.GET, "\(base)/invoices/\(month)", token: client)
            XCTAssertEqual(bad.status, .unprocessableEntity, month)
            XCTAssertEqual(try bad.problem().errors.first?.field, field, month)
        }
    }

    func testAdminsSetTheFeeRateWithinBounds() async throws {
        for bad: [String: Any] in [["fee_basis_points": -1], ["fee_basis_points": 10_001], [:]] {
            let response = try await t.send(.PATCH, base, token: admin, json: bad)
            XCTAssertEqual(response.status, .unprocessableEntity, "\(bad)")
        }
        let refused = try await t.send(.PATCH, base, token: client, json: ["fee_basis_points": 0])
        XCTAssertEqual(refused.status, .forbidden)
        let shown = try await t.send(.GET, base, token: client)
        XCTAssertEqual(shown.json["fee_basis_points"] as? Int, 1500)
    }
}
